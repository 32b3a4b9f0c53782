/**
 * Real git repositories for tests, in a fresh temporary folder each. No mocks: what Flux sees
 * depends on git's own peeling of tags and on committer dates, so tests must drive real git.
 *
 * The machine's git configuration is shut out (no system or global config, repo-local identity,
 * signing and hooks off), so a developer's `commit.gpgsign=true` cannot break or slow the suite.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Unix seconds, a `Date`, or any date string git understands (e.g. `2024-05-01T12:00:00Z`). */
export type GitDate = number | Date | string;

export interface CommitOptions {
  /** the committer date, the one Flux compares */
  readonly date: GitDate;
  /**
   * The author date, to prove a reader ignores it.
   *
   * @default - same as `date`
   */
  readonly authorDate?: GitDate;
  /**
   * Files to write (path relative to the repository → content) before committing.
   *
   * @default - none; the commit is empty
   */
  readonly files?: Record<string, string>;
}

export interface TagOptions {
  /**
   * Create a tag object (`git tag -a`) instead of a lightweight tag.
   *
   * @default false
   */
  readonly annotated?: boolean;
  /**
   * Message of an annotated tag.
   *
   * @default - the tag name
   */
  readonly message?: string;
  /**
   * What to tag: a commit hash, another tag's name, or any revision.
   *
   * @default 'HEAD'
   */
  readonly commit?: string;
  /**
   * Tagger date of an annotated tag, to prove a reader ignores it.
   *
   * @default - the current time
   */
  readonly date?: GitDate;
}

export interface TestRepo {
  /** absolute path of the work tree */
  readonly dir: string;
  /** runs git in the repository and returns its stdout */
  git(...args: string[]): string;
  /** commits and returns the new commit's full hash */
  commit(message: string, options: CommitOptions): string;
  tag(name: string, options?: TagOptions): void;
  /** `git rev-parse <rev>`, e.g. `v1.2.3^{commit}` */
  revParse(rev: string): string;
  /** deletes the folder */
  cleanup(): void;
}

export interface CreateRepoOptions {
  /**
   * Object format of the new repository.
   *
   * @default 'sha1'
   */
  readonly objectFormat?: 'sha1' | 'sha256';
}

function toGitDate(d: GitDate): string {
  if (typeof d === 'number') return `@${d} +0000`;
  if (d instanceof Date) return `@${Math.floor(d.getTime() / 1000)} +0000`;
  return d;
}

/** The caller's environment minus anything GIT_* (a hook's GIT_DIR would redirect every call). */
function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, ...extra };
}

/** Creates an empty repository on branch `main` in a new temporary folder. */
export function createRepo(options: CreateRepoOptions = {}): TestRepo {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'semver-repo-')));
  const run = (args: string[], extraEnv?: Record<string, string>): string =>
    execFileSync('git', args, {
      cwd: dir,
      env: isolatedEnv(extraEnv),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  run(['init', '-q', '-b', 'main', `--object-format=${options.objectFormat ?? 'sha1'}`]);
  const local: Array<[string, string]> = [
    ['user.name', 'Test Author'],
    ['user.email', 'test@example.com'],
    ['commit.gpgsign', 'false'],
    ['tag.gpgsign', 'false'],
    ['core.hooksPath', path.join(dir, '.git', 'no-hooks')],
  ];
  for (const [key, value] of local) run(['config', key, value]);

  const repo: TestRepo = {
    dir,
    git: (...args) => run(args),
    commit(message, { date, authorDate, files = {} }) {
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
      }
      run(['add', '-A']);
      run(['commit', '-q', '--allow-empty', '-m', message], {
        GIT_COMMITTER_DATE: toGitDate(date),
        GIT_AUTHOR_DATE: toGitDate(authorDate ?? date),
      });
      return repo.revParse('HEAD');
    },
    tag(name, { annotated = false, message, commit = 'HEAD', date } = {}) {
      if (!annotated) {
        run(['tag', name, commit]);
        return;
      }
      // git takes the tagger date from GIT_COMMITTER_DATE
      const taggerDate: Record<string, string> = date === undefined ? {} : { GIT_COMMITTER_DATE: toGitDate(date) };
      run(['tag', '-a', '-m', message ?? name, name, commit], taggerDate);
    },
    revParse: (rev) => run(['rev-parse', rev]).trim(),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  return repo;
}
