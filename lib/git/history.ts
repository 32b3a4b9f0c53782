/**
 * The commits that changed a path, read from git's log in one call however long the history is.
 */
import { git, lines } from './run';

/** A commit with the time Flux compares tags by. */
export interface DatedCommit {
  readonly commit: string;
  /** unix seconds of the commit's committer date */
  readonly committerTime: number;
}

/** The commits reachable from `ref` that changed `file`, newest first. */
export function commitsChanging(repoDir: string, ref: string, file: string): DatedCommit[] {
  return lines(git(repoDir, ['log', '--format=%H %ct', ref, '--', file])).map((line) => {
    const [commit, seconds] = line.split(' ');
    return { commit, committerTime: Number(seconds) };
  });
}

/** How many commits reachable from `ref` but not from `since` changed `path`. */
export function countCommitsChanging(repoDir: string, since: string, ref: string, path: string): number {
  return Number(git(repoDir, ['rev-list', '--count', `${since}..${ref}`, '--', path]).trim());
}
