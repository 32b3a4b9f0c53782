/**
 * `npm run promote -- <env> <version> [--repo DIR] [--project DIR] [--allow-earlier] [--dry-run]`
 *
 * Moves one environment to a released version: checks that the tag exists, that the environment
 * before it in PROMOTION_ORDER runs (or, with --allow-earlier, once ran) that same tag, rewrites
 * the environment's `semver` string in lib/environments.ts, re-synthesizes dist/ and shows what
 * changed there. The result is a change to review and merge; Flux moves when it lands on main.
 *
 * Exit codes: 0 promoted (or already there, or a dry run), 1 refused with nothing changed, 2 the
 * command line itself is wrong.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import * as ts from 'typescript';
import { Catalogue } from '../catalogue';
import { EnvironmentSpec } from '../environment';
import { GitError, GitTag, readTags } from '../git/tags';
import {
  InvalidVersionError, SemverParseError, SemverRange, Version, compareVersions, parseTag, selectTag, tryParseTag,
} from '../semver';
import { render, RenderedFiles, RenderResult } from '../synth/render';
import { writeOutput } from '../synth/write-output';
import { formatProblem, ValidationError } from '../validation/diagnostics';
import { foldersExist, git, gitBuffer, payloadPaths, repositoryRoot, stdoutColor } from './plan';

/** Where output goes; tests pass their own to run the command in-process. */
export interface PromoteIO {
  /** one line to stdout */
  out(line: string): void;
  /** one line to stderr */
  err(line: string): void;
  /** colour the output */
  readonly color: boolean;
}

const USAGE = 'usage: npm run promote -- <env> <version> [--repo DIR] [--project DIR] [--allow-earlier] [--dry-run]';

/** The folder holding main.ts: the project whose catalogue and dist/ are changed. */
const DEFAULT_PROJECT = path.resolve(__dirname, '..', '..');

/** The catalogue file, relative to the project: the single place pins live. */
const CATALOGUE_FILE = path.join('lib', 'environments.ts');

/** The array literal in the catalogue file that holds one object per environment. */
const ENVIRONMENTS_ARRAY = 'ENVIRONMENTS';

/** The command line is wrong; nothing was looked at. */
class UsageError extends Error {}

/** A promotion that must not happen; the message says why, in one line. */
class Refusal extends Error {}

// ---------------------------------------------------------------------------------------------
// The catalogue file, read and edited through the TypeScript compiler API

/** Where one environment's `semver` value sits in the catalogue source. */
interface PinSite {
  readonly environment: string;
  /** the string, when the value is a plain string literal */
  readonly value?: string;
  /** why the value cannot be edited, when it is not a plain string literal */
  readonly problem?: string;
  /** offsets of the literal, quotes included (of the whole property when it is not a literal) */
  readonly start: number;
  readonly end: number;
}

function unwrap(node: ts.Expression): ts.Expression {
  let n = node;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isTypeAssertionExpression(n)) {
    n = n.expression;
  }
  return n;
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

function isPlainString(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/**
 * Finds the `semver` value of every environment in the `ENVIRONMENTS` array literal of a catalogue
 * source, keyed by the entry's `name`. Entries whose `name` is not a string literal are skipped.
 *
 * @throws Refusal when the file has no such array
 */
function findPins(source: string, fileName: string): Map<string, PinSite> {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let array: ts.ArrayLiteralExpression | undefined;
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === ENVIRONMENTS_ARRAY && declaration.initializer) {
        const initializer = unwrap(declaration.initializer);
        if (ts.isArrayLiteralExpression(initializer)) array = initializer;
      }
    }
  }
  if (!array) throw new Refusal(`${fileName} declares no \`${ENVIRONMENTS_ARRAY}\` array literal to edit`);

  const pins = new Map<string, PinSite>();
  for (const element of array.elements) {
    const entry = unwrap(element as ts.Expression);
    if (!ts.isObjectLiteralExpression(entry)) continue;
    let environment: string | undefined;
    let semver: ts.ObjectLiteralElementLike | undefined;
    for (const property of entry.properties) {
      const key = property.name && propertyName(property.name);
      if (key === 'name' && ts.isPropertyAssignment(property) && isPlainString(property.initializer)) {
        environment = property.initializer.text;
      }
      if (key === 'semver') semver = property;
    }
    if (environment === undefined) continue;

    if (semver && ts.isPropertyAssignment(semver) && isPlainString(semver.initializer)) {
      const literal = semver.initializer;
      pins.set(environment, { environment, value: literal.text, start: literal.getStart(file), end: literal.getEnd() });
    } else {
      const node = semver ?? entry;
      const written = semver && ts.isPropertyAssignment(semver) ? semver.initializer : semver;
      const problem = written
        ? `its semver is \`${written.getText(file).replace(/\s+/g, ' ')}\`, not a plain string literal that can be rewritten in place`
        : 'it has no `semver` property of its own';
      pins.set(environment, {
        environment,
        problem,
        start: node.getStart(file),
        end: node.getEnd(),
      });
    }
  }
  return pins;
}

/** The source with one literal replaced, keeping its quote character and everything around it. */
function replacePin(source: string, site: PinSite, value: string): string {
  const quote = source[site.start];
  return `${source.slice(0, site.start)}${quote}${value}${quote}${source.slice(site.end)}`;
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
 * The catalogue with the `semver` strings as the file says now. A module is loaded once per
 * process, so the text, not the loaded module, is trusted for the values promote edits.
 */
function withPins(catalogue: Catalogue, pins: Map<string, PinSite>): Catalogue {
  const environments = catalogue.environments.map((spec): EnvironmentSpec => {
    const value = pins.get(spec.name)?.value;
    return value === undefined ? spec : { ...spec, semver: value };
  });
  return { ...catalogue, environments };
}

// ---------------------------------------------------------------------------------------------
// Checks against the repository

/** The tag Flux would check out for `constraint` among `tags`, or the reason there is none. */
function resolveTag(constraint: string, tags: readonly GitTag[]): { tag?: GitTag; reason?: string } {
  try {
    return { tag: selectTag(SemverRange.parse(constraint), tags).tag as GitTag };
  } catch (e) {
    return { reason: (e as Error).message };
  }
}

/** The one tag that stands for `version`, matched as Flux parses tags (`1.2.4` finds `v1.2.4`). */
function findTag(version: Version, tags: readonly GitTag[]): GitTag {
  const matches = tags.filter((t) => {
    const v = tryParseTag(t.name);
    return v !== undefined && compareVersions(v, version) === 0;
  });
  if (matches.length === 0) {
    throw new Refusal(`no tag in the repository is version ${version.original} ` +
      '(Flux reads tags such as v1.2.4 or 1.2.4; V1.2.4, v1.2 and release-1.2.4 are ignored)');
  }
  if (matches.length > 1) {
    const names = matches.map((t) => `${t.name} (${t.commit.slice(0, 7)})`).join(', ');
    throw new Refusal(
      `tags ${names} all have the precedence of ${version.original}, so a pin cannot say which one is meant; delete all but one`,
    );
  }
  return matches[0];
}

/** Splits `git cat-file --batch` output into the content of each requested object (undefined when missing). */
function parseBatch(output: Buffer, count: number): Array<string | undefined> {
  const contents: Array<string | undefined> = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const newline = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, newline).toString('utf8');
    offset = newline + 1;
    if (header.endsWith(' missing')) {
      contents.push(undefined);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    contents.push(output.subarray(offset, offset + size).toString('utf8'));
    offset += size + 1;
  }
  return contents;
}

interface EarlierRun {
  /** the commit of the catalogue file at which the lower environment selected the tag */
  readonly commit: string;
  readonly committerTime: number;
}

/**
 * Walks the history of the catalogue file on HEAD, newest first, and returns the latest commit at
 * which `environment`'s `semver` selected `tag` among the tags that existed then. Two git calls
 * however long the history is.
 */
function findEarlierRun(
  repo: string, catalogueInRepo: string, environment: string, tag: GitTag, tags: readonly GitTag[],
): EarlierRun | undefined {
  // TODO: HEAD's history is taken as the main branch's; run from a feature branch, its own
  // commits of the catalogue count too (they never ran anywhere unless merged).
  const log = git(repo, ['log', '--format=%H %ct', 'HEAD', '--', catalogueInRepo]).split('\n').filter((l) => l !== '');
  const commits = log.map((line) => {
    const [commit, seconds] = line.split(' ');
    return { commit, committerTime: Number(seconds) };
  });
  if (commits.length === 0) return undefined;

  const queries = commits.map((c) => `${c.commit}:${catalogueInRepo}\n`).join('');
  const sources = parseBatch(gitBuffer(repo, ['cat-file', '--batch'], queries), commits.length);
  for (const [i, at] of commits.entries()) {
    const source = sources[i];
    if (source === undefined) continue;
    let value;
    try {
      value = findPins(source, catalogueInRepo).get(environment)?.value;
    } catch (e) {
      if (e instanceof Refusal) continue;
      throw e;
    }
    // TODO: a `semver` that was not a plain string literal at some commit is skipped (the file
    // would have to be evaluated with its imports as of that commit).
    if (value === undefined) continue;
    // TODO: git keeps no creation time for lightweight tags, so a tag counts as existing from its
    // commit's committer time; a tag added later to an old commit is dated too early (the
    // repository cannot tell better, and such retro-tags are rare in a release flow).
    const existing = tags.filter((t) => t.committerTime <= at.committerTime);
    if (resolveTag(value, existing).tag?.name === tag.name) return at;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Showing the change

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

// ---------------------------------------------------------------------------------------------
// The command

interface Args {
  readonly environment: string;
  readonly version: string;
  readonly repo?: string;
  readonly project: string;
  readonly allowEarlier: boolean;
  readonly dryRun: boolean;
  readonly help: boolean;
}

function parse(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        repo: { type: 'string' },
        project: { type: 'string' },
        'allow-earlier': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError(`invalid arguments: ${(e as Error).message}`);
  }
  const { values, positionals } = parsed;
  const common = {
    repo: values.repo,
    project: path.resolve(values.project ?? DEFAULT_PROJECT),
    allowEarlier: values['allow-earlier'] === true,
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
  const catalogueFile = path.join(args.project, CATALOGUE_FILE);
  const loaded = loadCatalogue(args.project);
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

  // TODO: uncommitted changes to the catalogue or dist/ are not refused; they end up in the diff
  // shown below and in the pull request (a clean-tree check would also block dry runs mid-edit).
  const repo = args.repo === undefined ? repositoryRoot(args.project) : path.resolve(args.repo);
  const tags = readTags(repo);
  const tag = findTag(version, tags);
  const payload = payloadPaths(catalogue).get(environment)!;
  if (!foldersExist(repo, [{ commit: tag.commit, path: payload }])[0]) {
    throw new Refusal(`${payload} does not exist at ${tag.name} (commit ${tag.commit.slice(0, 7)}); Flux would fail with "path not found"`);
  }

  const evidence = checkLowerEnvironment(args, catalogue, repo, tag, tags);

  const site = pins.get(environment);
  if (!site || site.problem !== undefined) {
    const problem = site?.problem ?? `it was not found in the ${ENVIRONMENTS_ARRAY} array literal`;
    throw new Refusal(`${CATALOGUE_FILE}: the entry of "${environment}" cannot be edited: ${problem}`);
  }
  if (site.value === pin) {
    io.out(`${environment} already pins ${pin} (${tag.name}); nothing changed`);
    return 0;
  }

  const edited = replacePin(source, site, pin);
  // TODO: synth runs on the loaded catalogue with the edited literals applied, not on a fresh
  // evaluation of the edited file (a module loads once per process); the two agree because the
  // edit changes one plain string literal and nothing else.
  const next = withPins(loaded, findPins(edited, CATALOGUE_FILE));
  const dist = path.join(args.project, catalogue.outputFolder ?? 'dist');
  const report = (rendered: RenderResult) => {
    const because = evidence ? `; ${evidence}` : '';
    io.out(`${c.bold(environment)}: semver "${site.value}" -> "${pin}" (tag ${tag.name}, commit ${tag.commit.slice(0, 7)})${because}`);
    for (const warning of rendered.warnings) io.err(`${c.yellow('warning:')} ${warning}`);
  };

  if (args.dryRun) {
    const rendered = renderOrRefuse(next);
    report(rendered);
    showPlannedChange(rendered.files, dist, environment, io);
    io.out(c.dim('dry run: nothing was written'));
    return 0;
  }

  fs.writeFileSync(catalogueFile, edited);
  let rendered: RenderResult;
  try {
    rendered = renderOrRefuse(next);
    writeOutput(rendered.files, dist);
  } catch (e) {
    // restore the exact bytes: a refused promotion leaves the catalogue as it was (writeOutput
    // is all or nothing, so dist/ is untouched too)
    fs.writeFileSync(catalogueFile, original);
    throw e;
  }
  report(rendered);
  showWrittenChange(args.project, path.relative(args.project, dist), gitRepositoryFile(rendered.files, environment), io);
  io.out(`next: commit ${CATALOGUE_FILE} and dist/, open a pull request; Flux on the ${environment} cluster moves when it merges`);
  return 0;
}

/**
 * The lower environment's evidence, or a refusal. The first environment of the order has no
 * lower one and may take any tag.
 */
function checkLowerEnvironment(args: Args, catalogue: Catalogue, repo: string, tag: GitTag, tags: readonly GitTag[]): string | undefined {
  const order = catalogue.promotionOrder;
  const position = order.indexOf(args.environment);
  if (position < 0) {
    throw new Refusal(
      `"${args.environment}" is not in PROMOTION_ORDER (${order.join(', ')}), so no lower environment can vouch for ${tag.name}`,
    );
  }
  if (position === 0) return undefined;

  const lower = catalogue.environments.find((e) => e.name === order[position - 1])!;
  // TODO: "now" is the catalogue in this working tree, not what the lower cluster reports; a
  // lower environment promoted in the same unmerged change vouches before it ever ran the tag
  // (asking the cluster needs cluster access this command does not have).
  const now = resolveTag(lower.semver, tags);
  if (now.tag?.name === tag.name) return `${lower.name} runs ${tag.name} now`;
  const current = now.tag ? `runs ${now.tag.name}` : `resolves to nothing (${now.reason})`;
  if (!args.allowEarlier) {
    throw new Refusal(
      `${lower.name} ${current}, not ${tag.name}: promote ${lower.name} first, or pass --allow-earlier if it ran ${tag.name} before`,
    );
  }

  const root = repositoryRoot(repo);
  const inRepo = path.relative(root, path.join(fs.realpathSync(args.project), CATALOGUE_FILE)).split(path.sep).join('/');
  // a project outside the repository: look for the catalogue at the usual place
  const catalogueInRepo = inRepo.startsWith('..') ? CATALOGUE_FILE.split(path.sep).join('/') : inRepo;
  const earlier = findEarlierRun(repo, catalogueInRepo, lower.name, tag, tags);
  if (!earlier) {
    throw new Refusal(`${lower.name} ${current} and never selected ${tag.name} in the history of ${catalogueInRepo} on HEAD`);
  }
  const when = new Date(earlier.committerTime * 1000).toISOString();
  return `${lower.name} ran ${tag.name} as of commit ${earlier.commit.slice(0, 7)} (${when})`;
}

function renderOrRefuse(catalogue: Catalogue): RenderResult {
  try {
    return render(catalogue);
  } catch (e) {
    if (e instanceof ValidationError) throw new Refusal(`synth refused the result: ${e.problems.map(formatProblem).join('; ')}`);
    throw e;
  }
}

/** After writing: git's own view of dist/ and the full diff of the GitRepository that moved. */
function showWrittenChange(project: string, distFolder: string, gitRepository: string | undefined, io: PromoteIO): void {
  const colour = `--color=${io.color ? 'always' : 'never'}`;
  const out = (text: string) => text.split('\n').filter((l) => l !== '').forEach((l) => io.out(l));
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

/** Runs the command; returns the exit code instead of exiting so tests can call it in-process. */
export function runPromote(argv: string[], io: PromoteIO = processIO()): number {
  const c = pc.createColors(io.color);
  let args: Args;
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

  try {
    return promote(args, io);
  } catch (e) {
    if (e instanceof Refusal || e instanceof GitError || e instanceof SemverParseError) {
      io.err(`${c.red('refused:')} promote ${args.environment} to ${args.version}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

function processIO(): PromoteIO {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    color: stdoutColor(),
  };
}

if (require.main === module) {
  process.exitCode = runPromote(process.argv.slice(2));
}
