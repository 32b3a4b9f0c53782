/**
 * `npm run resolve -- "<constraint>" [--repo DIR | --tags t1,t2,...] [--json]`
 *
 * Answers "which tag would Flux deploy for this `spec.ref.semver`?" before a cluster finds out:
 * from a real repository (tag, commit and the revision string Flux would report), or as a what-if
 * from a list of tag names given oldest first.
 *
 * Exit codes: 0 a tag was picked, 1 Flux would fail (bad constraint, no match, unreadable
 * repository), 2 the command line itself is wrong.
 */
import pc from 'picocolors';
import { GitError } from '../git/run';
import { hashAlgorithm, readTags, revision } from '../git/tags';
import { admittedPrereleaseWarnings, tieWarning } from '../promotion/tags';
import { NoMatchError, SemverParseError, SemverRange, TagCandidate, selectTag } from '../semver';
import { CliIO, explainFolders, FolderOption, folderOption, parseOptions, processIO, UsageError } from './io';

/** Where output goes; tests pass their own to run the command in-process. */
export interface ResolveIO extends CliIO {
  /**
   * The folder the command was run from: a relative --repo resolves from it, and its repository is
   * read when neither --repo nor --tags is given.
   */
  readonly cwd: string;
}

const USAGE = 'usage: npm run resolve -- "<constraint>" [--repo DIR | --tags t1,t2,...] [--json]';

interface Resolved {
  readonly tag: string;
  readonly commit: string | null;
  readonly revision: string | null;
  /** fragile outcomes a human should fix */
  readonly warnings: string[];
  /** facts that explain the pick */
  readonly notes: string[];
}

interface Args {
  readonly constraint: string;
  /** the repository to read, an absolute path; undefined for a what-if list */
  readonly repo?: string;
  /** --repo as given, to explain a failure about the folder it resolved to */
  readonly repoOption?: FolderOption;
  /** the comma-separated what-if list */
  readonly tags?: string;
  readonly help: boolean;
}

/** `--tags` names are oldest first, so each gets a later committer time than the one before. */
function whatIfTags(list: string): TagCandidate[] {
  const names = list.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw new UsageError(`tag "${duplicate}" is listed twice in --tags (git tag names are unique)`);
  }
  return names.map((name, i) => ({ name, committerTime: i + 1 }));
}

function resolve(args: Args): Resolved {
  // parsed before the repository is read, as Flux parses it before cloning
  const range = SemverRange.parse(args.constraint);
  const tags = args.repo !== undefined ? readTags(args.repo) : whatIfTags(args.tags ?? '');
  const picked = selectTag(range, tags);

  const warnings = admittedPrereleaseWarnings(range, tags);
  const notes: string[] = [];
  const name = picked.tag.name;
  const tie = tieWarning(picked);
  if (tie !== undefined) warnings.push(tie);
  const older = picked.equalPrecedence.filter((t) => !picked.ambiguousWith.includes(t));
  if (older.length > 0) {
    const names = older.map((t) => t.name).join(', ');
    notes.push(`${names} ranks equal to ${name}; Flux picks ${name} because its commit is newer`);
  }

  if (args.repo === undefined) return { tag: name, commit: null, revision: null, warnings, notes };
  const commit = picked.tag.commit!; // readTags always knows the commit
  return { tag: name, commit, revision: revision(name, commit, hashAlgorithm(args.repo)), warnings, notes };
}

function parse(argv: string[], cwd: string): Args {
  const { values, positionals } = parseOptions({
    args: argv,
    allowPositionals: true,
    options: {
      repo: { type: 'string' },
      tags: { type: 'string' },
      json: { type: 'boolean', default: false }, // read before parsing, see runResolve
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { constraint: '', help: true };
  if (positionals.length !== 1) {
    const got = positionals.length;
    throw new UsageError(`expected exactly one constraint, got ${got} (quote it, e.g. ">=1.0.0 <2.0.0")`);
  }
  if (values.repo !== undefined && values.tags !== undefined) {
    throw new UsageError('--repo and --tags exclude each other (a what-if list has no repository)');
  }
  const repoOption = values.repo === undefined ? undefined : folderOption('--repo', values.repo, cwd);
  const repo = values.tags === undefined ? (repoOption?.path ?? cwd) : undefined;
  return { constraint: positionals[0], repo, repoOption, tags: values.tags, help: false };
}

/**
 * Runs the command; returns the exit code instead of exiting so tests can call it in-process.
 */
export function runResolve(argv: string[], io: ResolveIO = processIO()): number {
  const c = pc.createColors(io.color);
  // known before parsing, so that even a usage error is reported as JSON
  const json = argv.includes('--json');
  let constraint: string | null = null;
  let repoOption: FolderOption | undefined;
  const fail = (message: string, code: number): number => {
    if (json) io.out(JSON.stringify({ constraint, error: message }));
    else io.err(`${c.red('error:')} ${message}`);
    if (code === 2 && !json) io.err(USAGE);
    return code;
  };

  try {
    const args = parse(argv, io.cwd);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    constraint = args.constraint;
    repoOption = args.repoOption;
    const r = resolve(args);
    r.warnings.forEach((w) => io.err(`${c.yellow('warning:')} ${w}`));
    r.notes.forEach((n) => io.err(`${c.dim('note:')} ${n}`));
    if (json) {
      io.out(JSON.stringify({ constraint: args.constraint, tag: r.tag, commit: r.commit, revision: r.revision }));
      return 0;
    }
    io.out(`constraint  ${args.constraint}`);
    io.out(`tag         ${c.bold(r.tag)}`);
    if (r.commit !== null) io.out(`commit      ${r.commit}`);
    if (r.revision !== null) io.out(`revision    ${r.revision}`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return fail(e.message, 2);
    if (e instanceof SemverParseError || e instanceof NoMatchError || e instanceof GitError) {
      return fail(explainFolders(e.message, [repoOption]), 1);
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = runResolve(process.argv.slice(2));
}
