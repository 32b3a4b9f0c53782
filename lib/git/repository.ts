/**
 * Finding the repository a folder belongs to, with messages that say what to pass instead.
 */
import * as fs from 'node:fs';
import { git, GitError, isGitMissing } from './run';

/** Fails with a readable message unless `repoDir` is inside a git work tree or is a bare repository. */
export function assertRepository(repoDir: string): void {
  if (!fs.existsSync(repoDir)) {
    throw new GitError(`repository folder "${repoDir}" does not exist`);
  }
  try {
    git(repoDir, ['rev-parse', '--git-dir']);
  } catch (e) {
    if (isGitMissing(e)) throw e;
    throw new GitError(`"${repoDir}" is not a git repository (expected a folder inside a git work tree)`);
  }
}

/** The top folder of the work tree that holds `dir`. */
export function repositoryRoot(dir: string): string {
  try {
    return git(dir, ['rev-parse', '--show-toplevel']).trim();
  } catch (e) {
    if (isGitMissing(e)) throw e;
    throw new GitError(`"${dir}" is not inside a git work tree (pass --repo DIR)`);
  }
}
