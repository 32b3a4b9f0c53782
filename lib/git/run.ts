/**
 * The one way this project runs git: the `git` CLI without a shell, pointed at a folder with `-C`,
 * failing with a {@link GitError} that carries git's own first line of complaint.
 */
import { execFileSync } from 'node:child_process';

/** A git failure, with git's own first line of complaint. */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** Variables that point git at a repository, whatever `-C` says. */
const REPOSITORY_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY'];

/**
 * The environment for git without the variables that point it at a repository: inside a git hook
 * `GIT_DIR` is set and would win over `-C`, silently reading the wrong repository.
 */
function gitEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of REPOSITORY_VARIABLES) delete env[name];
  return env;
}

/**
 * Runs one git command in `repoDir` and returns its stdout as text.
 *
 * @throws GitError with git's first line of complaint
 */
export function git(repoDir: string, args: string[], input?: string): string {
  return gitBuffer(repoDir, args, input).toString('utf8');
}

/**
 * Settings that change what git prints and so break parsing: a user's `log.showSignature` puts
 * signature lines into `git log` output, colour and pagers add escape codes.
 */
const PARSEABLE_OUTPUT = ['-c', 'log.showSignature=false', '-c', 'color.ui=false', '-c', 'core.pager=cat', '--no-pager'];

/** {@link git} for output that must be measured in bytes, such as `cat-file --batch`. */
export function gitBuffer(repoDir: string, args: string[], input?: string): Buffer {
  try {
    return execFileSync('git', [...PARSEABLE_OUTPUT, '-C', repoDir, ...args], {
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

/** True for the failure that no folder can fix: git itself is missing. */
export function isGitMissing(e: unknown): boolean {
  return e instanceof GitError && e.message.startsWith('git executable');
}

/** The non-empty lines of git's output. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}
