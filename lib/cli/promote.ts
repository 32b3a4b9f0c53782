/**
 * `npm run promote -- <env> <version> [--repo DIR] [--project DIR] [--allow-earlier] [--pin] [--dry-run]`
 *
 * Moves one environment to a released version: checks that the tag exists, that every environment
 * before it in PROMOTION_ORDER runs (or, with --allow-earlier, once ran) that same tag, rewrites
 * the environment's `semver` string in lib/environments.ts, re-synthesizes dist/ and shows what
 * changed there. The result is a change to review and merge; Flux moves when it lands on main.
 * An environment that follows a range keeps following it unless --pin says to replace it. Objects
 * that leave the payload on the move but keep their Azure resource are warned about.
 *
 * Exit codes: 0 promoted (or already there, or a dry run), 1 refused with nothing changed, 2 the
 * command line itself is wrong.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import pc from 'picocolors';
import { Catalogue } from '../catalogue';
import { repositoryRoot } from '../git/repository';
import { git, GitError, lines } from '../git/run';
import { readTags } from '../git/tags';
import { foldersExist } from '../git/tree';
import { detachedObjects, detachedWarning } from '../promotion/detached';
import { earlierEnvironments, missingAt, vouch } from '../promotion/earlier-environments';
import { ENVIRONMENTS_ARRAY, findPins, PinSite, replacePin, withPins } from '../promotion/pins';
import { payloadPaths } from '../promotion/plan';
import { Refusal } from '../promotion/refusal';
import { findTag, resolveTag } from '../promotion/tags';
import { InvalidVersionError, SemverParseError, SemverRange, Version, parseTag } from '../semver';
import { isRenderedPath, render, RenderedFiles, RenderResult } from '../synth/render';
import { writeOutput } from '../synth/write-output';
import { formatProblem, ValidationError } from '../validation/diagnostics';
import {
  CliIO, explainFolders, FolderOption, folderOption, invocationFolder, parseOptions, processIO, readCommandLine, UsageError,
} from './io';

/** Where output goes; tests pass their own to run the command in-process. */
export interface PromoteIO extends CliIO {
  /**
   * The folder the command was run from; a relative --repo or --project resolves from it.
   *
   * @default - npm's INIT_CWD, else the process's working folder
   */
  readonly cwd?: string;
}

const USAGE = 'usage: npm run promote -- <env> <version> [--repo DIR] [--project DIR] [--allow-earlier] [--pin] [--dry-run]';

/** The folder holding main.ts: the project whose catalogue and dist/ are changed. */
const DEFAULT_PROJECT = path.resolve(__dirname, '..', '..');

/** The catalogue file, relative to the project: the single place pins live. */
const CATALOGUE_FILE = path.join('lib', 'environments.ts');

interface Args {
  readonly environment: string;
  readonly version: string;
  /** the repository whose tags and history are read */
  readonly repo?: FolderOption;
  /** the project whose catalogue and dist/ change */
  readonly project: FolderOption;
  readonly allowEarlier: boolean;
  /** replace a range with a pin on purpose */
  readonly pin: boolean;
  readonly dryRun: boolean;
  readonly help: boolean;
}

/** Runs the command; returns the exit code instead of exiting so tests can call it in-process. */
export function runPromote(argv: string[], io: PromoteIO = processIO()): number {
  const args = readCommandLine(() => parse(argv, io.cwd ?? invocationFolder()), USAGE, io);
  if (typeof args === 'number') return args;

  try {
    return promote(args, io);
  } catch (e) {
    if (e instanceof Refusal || e instanceof GitError || e instanceof SemverParseError) {
      const message = explainFolders(e.message, [args.repo, args.project]);
      io.err(`${pc.createColors(io.color).red('refused:')} promote ${args.environment} to ${args.version}: ${message}`);
      return 1;
    }
    throw e;
  }
}

function parse(argv: string[], cwd: string): Args {
  const { values, positionals } = parseOptions({
    args: argv,
    allowPositionals: true,
    options: {
      repo: { type: 'string' },
      project: { type: 'string' },
      'allow-earlier': { type: 'boolean', default: false },
      pin: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const common = {
    repo: values.repo === undefined ? undefined : folderOption('--repo', values.repo, cwd),
    project: folderOption('--project', values.project ?? DEFAULT_PROJECT, cwd),
    allowEarlier: values['allow-earlier'] === true,
    pin: values.pin === true,
    dryRun: values['dry-run'] === true,
  };
  if (values.help) return { ...common, environment: '', version: '', help: true };
  if (positionals.length !== 2) {
    throw new UsageError(`expected an environment and a version, got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}`);
  }
  return { ...common, environment: positionals[0], version: positionals[1], help: false };
}

function promote(args: Args, io: PromoteIO): number {
  const c = pc.createColors(io.color);
  const project = args.project.path;
  const catalogueFile = path.join(project, CATALOGUE_FILE);
  const loaded = loadCatalogue(project);
  const original = fs.readFileSync(catalogueFile);
  const source = original.toString('utf8');
  const pins = findPins(source, CATALOGUE_FILE);
  const catalogue = withPins(loaded, pins);
  const { environment } = args;

  const spec = catalogue.environments.find((e) => e.name === environment);
  if (!spec) {
    const names = catalogue.environments.map((e) => e.name).join(', ');
    throw new Refusal(`"${environment}" is not an environment of the catalogue (expected one of ${names})`);
  }
  let version: Version;
  try {
    version = parseTag(args.version);
  } catch (e) {
    if (e instanceof InvalidVersionError) throw new Refusal(`"${args.version}" is not a version Flux can pin: ${e.reason}`);
    throw e;
  }
  // The pin names the version, not the tag: Masterminds matches `1.2.4` to `v1.2.4`, and build
  // metadata never takes part in matching.
  const pin = `${version.major}.${version.minor}.${version.patch}${version.prerelease.length ? `-${version.prerelease.join('.')}` : ''}`;
  const site = editableSite(pins, environment);
  if (!args.pin && followsRange(site.value)) {
    throw new Refusal(
      `${environment} follows the range "${site.value}" and a pin would stop it following new tags: ` +
        'pass --pin to replace the range with a pin on purpose',
    );
  }

  // TODO: uncommitted changes to the catalogue or dist/ are not refused; they end up in the diff
  // shown below and in the pull request (a clean-tree check would also block dry runs mid-edit).
  const repo = args.repo?.path ?? repositoryRoot(project);
  const tags = readTags(repo);
  const tag = findTag(version, tags);
  const earlier = earlierEnvironments(catalogue, environment, tag);
  const payloads = payloadPaths(catalogue);
  const folders = [environment, ...earlier.map((e) => e.name)].map((name) => payloads.get(name)!);
  // one cat-file call answers for this environment's folder and every earlier one's, all at the tag
  const [exists, ...earlierExist] = foldersExist(repo, folders.map((folder) => ({ commit: tag.commit, path: folder })));
  if (!exists) throw new Refusal(`${folders[0]} ${missingAt(tag)}; Flux would fail with "path not found"`);

  // in promotion order, so a refusal names the first environment that did not run the tag
  const context = {
    repo, tag, tags, allowEarlier: args.allowEarlier, catalogueInRepo: () => catalogueInRepository(repo, project),
  };
  const evidence = earlier.map((spec, i) => vouch(spec, { path: folders[i + 1], exists: earlierExist[i] }, context));

  if (site.value === pin) {
    io.out(`${environment} already pins ${pin} (${tag.name}); nothing changed`);
    return 0;
  }

  // objects that leave the payload on this move, read from the tag the environment runs now
  const current = resolveTag(site.value, tags).tag;
  const detached = current && current.name !== tag.name ? detachedObjects(repo, folders[0], current, tag) : [];

  const edited = replacePin(source, site, pin);
  // TODO: synth runs on the loaded catalogue with the edited literals applied, not on a fresh
  // evaluation of the edited file (a module loads once per process); the two agree because the
  // edit changes one plain string literal and nothing else.
  const next = withPins(loaded, findPins(edited, CATALOGUE_FILE));
  const dist = path.join(project, catalogue.outputFolder ?? 'dist');
  const report = (rendered: RenderResult) => {
    const because = evidence.map((e) => `; ${e}`).join('');
    io.out(`${c.bold(environment)}: semver "${site.value}" -> "${pin}" (tag ${tag.name}, commit ${tag.commit.slice(0, 7)})${because}`);
    for (const warning of [...detached.map(detachedWarning), ...rendered.warnings]) io.err(`${c.yellow('warning:')} ${warning}`);
  };

  if (args.dryRun) {
    const rendered = renderOrRefuse(next, io);
    report(rendered);
    showPlannedChange(rendered.files, dist, environment, io);
    io.out(c.dim('dry run: nothing was written'));
    return 0;
  }

  fs.writeFileSync(catalogueFile, edited);
  let rendered: RenderResult;
  try {
    rendered = renderOrRefuse(next, io);
    writeOutput(rendered.files, dist, isRenderedPath);
  } catch (e) {
    // restore the exact bytes: a refused promotion leaves the catalogue as it was (writeOutput
    // is all or nothing, so dist/ is untouched too)
    fs.writeFileSync(catalogueFile, original);
    throw e;
  }
  report(rendered);
  showWrittenChange(project, path.relative(project, dist), gitRepositoryFile(rendered.files, environment), io);
  io.out(`next: commit ${CATALOGUE_FILE} and dist/, open a pull request; Flux on the ${environment} cluster moves when it merges`);
  return 0;
}

/**
 * The `semver` literal of `environment`, or a refusal saying why the command cannot rewrite it.
 */
function editableSite(pins: Map<string, PinSite>, environment: string): PinSite & { readonly value: string } {
  const site = pins.get(environment);
  if (site?.value === undefined) {
    const problem = site?.problem ?? `it was not found in the ${ENVIRONMENTS_ARRAY} array literal`;
    throw new Refusal(`${CATALOGUE_FILE}: the entry of "${environment}" cannot be edited: ${problem}`);
  }
  return { ...site, value: site.value };
}

/**
 * Whether a `semver` value follows new tags by itself. A value Flux cannot parse follows nothing,
 * so replacing it with a pin takes nothing away.
 */
function followsRange(value: string): boolean {
  try {
    return SemverRange.parse(value).pinnedVersion() === undefined;
  } catch (e) {
    if (e instanceof SemverParseError) return false;
    throw e;
  }
}

/**
 * The catalogue file relative to the root of `repo`, as its history is recorded there. A project
 * outside the repository: the catalogue is looked for at the usual place.
 */
function catalogueInRepository(repo: string, project: string): string {
  const inRepo = path.relative(repositoryRoot(repo), path.join(fs.realpathSync(project), CATALOGUE_FILE)).split(path.sep).join('/');
  return inRepo.startsWith('..') ? CATALOGUE_FILE.split(path.sep).join('/') : inRepo;
}

/**
 * The catalogue module of a project. Loaded with `require` so that `--project` may point at
 * another copy; synth then runs on its data exactly as main.ts would.
 */
function loadCatalogue(project: string): Catalogue {
  const file = path.join(project, CATALOGUE_FILE);
  if (!fs.existsSync(file)) throw new Refusal(`no catalogue at ${file} (pass --project DIR, the folder holding main.ts)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(file) as typeof import('../environments')).CATALOGUE;
}

/**
 * The rendered files, or a refusal listing synth's problems. The warnings of a refused synth are
 * printed first: they often explain the problems, and a refusal must not hide them.
 */
function renderOrRefuse(catalogue: Catalogue, io: PromoteIO): RenderResult {
  try {
    return render(catalogue);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const warning of e.warnings) io.err(`${pc.createColors(io.color).yellow('warning:')} ${warning}`);
    throw new Refusal(`synth refused the result: ${e.problems.map(formatProblem).join('; ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Showing the change

/** For --dry-run: what synth would change in dist/, computed in memory. */
function showPlannedChange(files: RenderedFiles, dist: string, environment: string, io: PromoteIO): void {
  const current = readFolder(dist);
  const folder = path.basename(dist);
  const changed = [...new Set([...current.keys(), ...files.keys()])].sort().filter((f) => current.get(f) !== files.get(f));
  io.out(`would change ${changed.length} file${changed.length === 1 ? '' : 's'} in ${folder}/:`);
  for (const f of changed) io.out(`  ${!current.has(f) ? 'A' : !files.has(f) ? 'D' : 'M'} ${folder}/${f}`);

  const gitRepository = gitRepositoryFile(files, environment);
  if (gitRepository && changed.includes(gitRepository)) {
    io.out(`--- ${folder}/${gitRepository}`);
    io.out(`+++ ${folder}/${gitRepository}`);
    lineDiff(current.get(gitRepository) ?? '', files.get(gitRepository)!).forEach((l) => io.out(l));
  }
}

/** After writing: git's own view of dist/ and the full diff of the GitRepository that moved. */
function showWrittenChange(project: string, distFolder: string, gitRepository: string | undefined, io: PromoteIO): void {
  const colour = `--color=${io.color ? 'always' : 'never'}`;
  const out = (text: string) => lines(text).forEach((l) => io.out(l));
  try {
    out(git(project, ['diff', colour, '--stat=200', '--', distFolder]));
    if (gitRepository) out(git(project, ['diff', colour, '--', path.join(distFolder, gitRepository)]));
  } catch (e) {
    // the promotion is done by now; only the report of it is missing
    if (!(e instanceof GitError)) throw e;
    const warning = pc.createColors(io.color).yellow('warning:');
    io.err(`${warning} ${distFolder}/ was re-synthesized, but git cannot show the change: ${e.message}`);
  }
}

/** Every file below `dir` with its content, keyed by path relative to `dir`. */
function readFolder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
  }
  return files;
}

/** A minimal line diff: the lines between the common head and the common tail. */
function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return [...a.slice(head, a.length - tail).map((l) => `-${l}`), ...b.slice(head, b.length - tail).map((l) => `+${l}`)];
}

/** The file of `environment`'s GitRepository among the rendered files, e.g. `prod/bootstrap/gitrepository-infra-prod.yaml`. */
function gitRepositoryFile(files: RenderedFiles, environment: string): string | undefined {
  return [...files.keys()].find((f) => f.startsWith(`${environment}/`) && path.posix.basename(f).startsWith('gitrepository-'));
}

if (require.main === module) {
  process.exitCode = runPromote(process.argv.slice(2));
}
