/**
 * `npm run plan [-- --repo DIR] [--json]`
 *
 * Answers "what does every environment run right now, and would Flux manage to apply it?" from
 * the catalogue and the repository's tags: the tag and commit each `semver` range selects (Flux's
 * rules), the revision Flux will report, whether the environment's payload folder exists in that
 * tag's tree, and how many commits on the current branch changed that folder since the tag.
 *
 * Exit codes: 0 every environment resolves to a tag that holds its payload folder (warnings do not
 * count), 1 some environment would fail in Flux or the repository cannot be read, 2 the command
 * line itself is wrong.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { buildApp, Catalogue } from '../catalogue';
import { CATALOGUE } from '../environments';
import { GitError, GitTag, hashAlgorithm, readTags, revision } from '../git/tags';
import { NoMatchError, SemverParseError, SemverRange, prereleaseWarnings, selectTag, tryParseTag } from '../semver';

/** Where output goes; tests pass their own to run the command in-process. */
export interface PlanIO {
  /** one line to stdout */
  out(line: string): void;
  /** one line to stderr */
  err(line: string): void;
  /** the folder whose repository is read when --repo is not given */
  readonly cwd: string;
  /** colour the human output (never the JSON) */
  readonly color: boolean;
  /**
   * The environments to plan.
   *
   * @default - the project's catalogue (lib/environments.ts)
   */
  readonly catalogue?: Catalogue;
}

/** One environment as `--json` prints it; `null` where a value does not apply. */
export interface EnvironmentPlan {
  readonly name: string;
  /** the `semver` string of the catalogue entry */
  readonly constraint: string;
  /** the tag Flux checks out, or null when the range selects nothing */
  readonly tag: string | null;
  /** the commit that tag peels to */
  readonly commit: string | null;
  /** what Flux reports in `status.artifact.revision`, e.g. `v1.2.3@sha1:<hex>` */
  readonly revision: string | null;
  /** the Kustomization's payload folder, relative to the repository root */
  readonly path: string;
  /** whether `path` exists in the tag's tree; Flux fails with "path not found" otherwise */
  readonly pathExists: boolean | null;
  /** commits on HEAD since the tag that touch `path`: changes no environment on this tag runs yet */
  readonly unreleasedCommits: number | null;
  readonly warnings: string[];
  /** why Flux would fail for this environment */
  readonly error: string | null;
}

const USAGE = 'usage: npm run plan [-- --repo DIR] [--json]';

/** The command line is wrong; nothing was looked at. */
class UsageError extends Error {}

/**
 * The environment for git without the variables that point it at a repository: inside a git hook
 * `GIT_DIR` would win over `-C` and silently read another repository.
 */
function gitEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY']) {
    delete env[name];
  }
  return env;
}

/**
 * Runs one git command in `repoDir` (no shell) and returns its stdout.
 *
 * @throws GitError with git's first line of complaint
 */
// TODO: belongs next to readTags in lib/git/ (kept with its first user while lib/git/tags.ts is
// owned by the resolve command; promote imports it from here).
export function git(repoDir: string, args: string[], input?: string): string {
  return gitBuffer(repoDir, args, input).toString('utf8');
}

/** {@link git} for output that must be measured in bytes, such as `cat-file --batch`. */
export function gitBuffer(repoDir: string, args: string[], input?: string): Buffer {
  try {
    return execFileSync('git', ['-C', repoDir, ...args], {
      env: gitEnv(),
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') throw new GitError('git executable not found on PATH (expected the git CLI)');
    const detail = (err.stderr?.toString('utf8') ?? '').trim().split('\n')[0] || String(err.message);
    throw new GitError(`git ${args[0]} failed in "${repoDir}": ${detail}`);
  }
}

/** The top folder of the work tree that holds `dir`. */
export function repositoryRoot(dir: string): string {
  try {
    return git(dir, ['rev-parse', '--show-toplevel']).trim();
  } catch (e) {
    if (e instanceof GitError && e.message.startsWith('git executable')) throw e;
    throw new GitError(`"${dir}" is not inside a git work tree (pass --repo DIR)`);
  }
}

/**
 * The folder each environment's Kustomization applies from the tag, relative to the repository
 * root (`dist/prod/azure`). Taken from the built charts, so it is exactly the `spec.path` synth
 * writes, whatever the output folder and layout.
 */
export function payloadPaths(catalogue: Catalogue): Map<string, string> {
  const { charts } = buildApp(catalogue);
  return new Map(charts.map((chart) => [chart.spec.name, (chart.source.path ?? chart.payloadPath).replace(/^\.\//, '')]));
}

/**
 * For each `commit:path` pair, whether the path exists in that commit's tree, in one git call.
 * A path that names a file rather than a folder does not count: Flux needs a folder.
 */
export function foldersExist(repoDir: string, pairs: ReadonlyArray<{ commit: string; path: string }>): boolean[] {
  if (pairs.length === 0) return [];
  const answers = git(repoDir, ['cat-file', '--batch-check=%(objecttype)'], pairs.map((p) => `${p.commit}:${p.path}\n`).join(''))
    .split('\n');
  // a missing object is reported as "<query> missing", so only an exact "tree" means present
  return pairs.map((_, i) => answers[i] === 'tree');
}

/** Names of the tags a range admits; prerelease ordering traps only matter among these. */
function admittedTagNames(range: SemverRange, tags: readonly GitTag[]): string[] {
  return tags.filter((t) => {
    const version = tryParseTag(t.name);
    return version !== undefined && range.check(version);
  }).map((t) => t.name);
}

/** Everything about one environment that needs no git call beyond the tags already read. */
function select(name: string, constraint: string, payload: string, production: boolean, tags: readonly GitTag[]): EnvironmentPlan {
  const empty = { name, constraint, tag: null, commit: null, revision: null, path: payload, pathExists: null, unreleasedCommits: null };
  let range: SemverRange;
  try {
    range = SemverRange.parse(constraint);
  } catch (e) {
    if (e instanceof SemverParseError) return { ...empty, warnings: [], error: e.message };
    throw e;
  }

  const warnings: string[] = [];
  if (production && range.pinnedVersion() === undefined) {
    warnings.push(`production follows the range "${constraint}" instead of a pin: any matching tag goes live without a promotion`);
  }
  warnings.push(...prereleaseWarnings(admittedTagNames(range, tags)));

  let picked;
  try {
    picked = selectTag(range, tags);
  } catch (e) {
    if (e instanceof NoMatchError) return { ...empty, warnings, error: e.message };
    throw e;
  }
  const tag = picked.tag as GitTag;
  if (picked.ambiguousWith.length > 0) {
    const others = picked.ambiguousWith.map((t) => t.name).join(', ');
    warnings.push(
      `${tag.name} ties with ${others}: equal precedence and the same commit time, so Flux picks one of them ` +
        'at random on each reconcile and the reported revision flips between the names; delete all but one',
    );
  }
  return { ...empty, tag: tag.name, commit: tag.commit, warnings, error: null };
}

/**
 * Plans every environment of `catalogue` against the repository in `repoDir`. Git work: the tags
 * are read once, folder existence is checked for all environments in one call, and one
 * `rev-list --count` runs per environment.
 *
 * @throws GitError when the repository cannot be read
 */
export function planEnvironments(catalogue: Catalogue, repoDir: string, paths = payloadPaths(catalogue)): EnvironmentPlan[] {
  // TODO: Flux lists the tags of the remote; these are the local clone's, so a tag not fetched
  // yet is missing and a tag not pushed yet is counted (run `git fetch --tags` first; fetching here
  // would need network access and credentials the command should not assume).
  const tags = readTags(repoDir);
  const algo = hashAlgorithm(repoDir);
  const production = catalogue.promotionOrder[catalogue.promotionOrder.length - 1];

  const selected = catalogue.environments.map((spec) =>
    select(spec.name, spec.semver, paths.get(spec.name)!, spec.name === production, tags));
  const withTag = selected.filter((p) => p.commit !== null);
  const exists = foldersExist(repoDir, withTag.map((p) => ({ commit: p.commit!, path: p.path })));

  return selected.map((plan) => {
    const i = withTag.indexOf(plan);
    if (i < 0) return plan;
    const unreleased = Number(git(repoDir, ['rev-list', '--count', `${plan.commit}..HEAD`, '--', plan.path]).trim());
    const error = exists[i]
      ? null
      : `${plan.path} does not exist at ${plan.tag} (commit ${plan.commit!.slice(0, 7)}): Flux fails with "path not found"; ` +
        'tag a commit that contains it, or promote this environment to a later tag';
    return {
      ...plan,
      revision: revision(plan.tag!, plan.commit!, algo),
      pathExists: exists[i],
      unreleasedCommits: unreleased,
      error,
    };
  });
}

function parse(argv: string[]): { repo?: string; json: boolean; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        repo: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError(`invalid arguments: ${(e as Error).message}`);
  }
  return { repo: parsed.values.repo, json: parsed.values.json === true, help: parsed.values.help === true };
}

/** Pads a cell to `width` and colours only its text, so colour codes never break alignment. */
function cell(text: string, width: number, colour: (s: string) => string = (s) => s): string {
  return colour(text) + ' '.repeat(Math.max(0, width - text.length));
}

function printTable(plans: readonly EnvironmentPlan[], io: PlanIO): void {
  const c = pc.createColors(io.color);
  const header = ['env', 'range', 'tag', 'commit', 'path ok', 'unreleased'];
  const rows = plans.map((p) => [
    p.name,
    p.constraint,
    p.tag ?? '-',
    p.commit?.slice(0, 7) ?? '-',
    p.pathExists === null ? '-' : p.pathExists ? 'yes' : 'no',
    p.unreleasedCommits === null ? '-' : String(p.unreleasedCommits),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.join('  ').trimEnd();

  io.out(line(header.map((h, i) => cell(h, widths[i], c.bold))));
  plans.forEach((p, r) => {
    const row = rows[r];
    const colours: Array<(s: string) => string> = [
      c.bold,
      (s) => s,
      p.tag === null ? c.red : (s) => s,
      c.dim,
      p.pathExists === false ? c.red : p.pathExists ? c.green : (s) => s,
      p.unreleasedCommits ? c.yellow : (s) => s,
    ];
    io.out(line(row.map((text, i) => cell(text, i === row.length - 1 ? 0 : widths[i], colours[i]))));
  });

  for (const p of plans) for (const w of p.warnings) io.out(`${c.yellow('warning:')} ${p.name}: ${w}`);
  for (const p of plans) if (p.error !== null) io.out(`${c.red('error:')} ${p.name}: ${p.error}`);
}

/** Runs the command; returns the exit code instead of exiting so tests can call it in-process. */
export function runPlan(argv: string[], io: PlanIO = processIO()): number {
  const c = pc.createColors(io.color);
  let args;
  try {
    args = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${c.red('error:')} ${e.message}`);
    io.err(USAGE);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }

  const catalogue = io.catalogue ?? CATALOGUE;
  const paths = payloadPaths(catalogue);
  let plans: EnvironmentPlan[];
  try {
    plans = planEnvironments(catalogue, args.repo === undefined ? repositoryRoot(io.cwd) : path.resolve(io.cwd, args.repo), paths);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    if (args.json) {
      // keep the shape machines expect: every environment carries the reason nothing is known
      const failed = catalogue.environments.map((spec) => ({
        name: spec.name, constraint: spec.semver, tag: null, commit: null, revision: null, path: paths.get(spec.name)!,
        pathExists: null, unreleasedCommits: null, warnings: [], error: e.message,
      }));
      io.out(JSON.stringify({ environments: failed }, null, 2));
    } else {
      io.err(`${c.red('error:')} ${e.message}`);
    }
    return 1;
  }

  if (args.json) io.out(JSON.stringify({ environments: plans }, null, 2));
  else printTable(plans, io);
  return plans.some((p) => p.error !== null) ? 1 : 0;
}

function processIO(): PlanIO {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    cwd: process.cwd(),
    color: stdoutColor(),
  };
}

/**
 * Colour for a terminal only: picocolors' verdict (NO_COLOR wins, FORCE_COLOR forces) without its
 * rule that a `CI` variable alone turns colour on for piped output.
 */
export function stdoutColor(): boolean {
  return pc.isColorSupported && (process.stdout.isTTY === true || !!process.env.FORCE_COLOR);
}

if (require.main === module) {
  process.exitCode = runPlan(process.argv.slice(2));
}
