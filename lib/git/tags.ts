/**
 * Reads a repository's tags the way Flux's source-controller sees them after its clone: every
 * `refs/tags/*`, lightweight or annotated, peeled to its commit, with that commit's committer time.
 *
 * A fixed number of git processes however many tags there are: one to list the refs, one to peel
 * them all, one to read all committer times.
 */
import { assertRepository } from './repository';
import { git, GitError, lines } from './run';

// kept importable from here, where the tag readers first defined it
export { GitError } from './run';

export type HashAlgorithm = 'sha1' | 'sha256';

export interface GitTag {
  /** the short name under `refs/tags/`, e.g. `v1.2.3` or `release/v1.2.3` */
  readonly name: string;
  /** hash of the commit the tag peels to (never the annotated tag object) */
  readonly commit: string;
  /** unix seconds of that commit's committer date, which is what Flux compares */
  readonly committerTime: number;
  /** true for a tag object (`git tag -a`), false for a lightweight tag */
  readonly annotated: boolean;
}

/** The object format of the repository; Flux prints it in revisions (`v1.2.3@sha1:…`). */
export function hashAlgorithm(repoDir: string): HashAlgorithm {
  assertRepository(repoDir);
  const format = git(repoDir, ['rev-parse', '--show-object-format']).trim();
  if (format !== 'sha1' && format !== 'sha256') {
    throw new GitError(`unknown object format "${format}" in "${repoDir}" (expected sha1 or sha256)`);
  }
  return format;
}

/** Flux's revision string for a tag checkout, as shown in `status.artifact.revision`. */
export function revision(tagName: string, commit: string, algo: HashAlgorithm): string {
  return `${tagName}@${algo}:${commit}`;
}

/**
 * All tags of the repository in ref order.
 *
 * @throws GitError when the folder is not a repository, or when a tag points at something other
 *   than a commit (Flux then fails the whole reconcile rather than skipping the tag)
 */
export function readTags(repoDir: string): GitTag[] {
  assertRepository(repoDir);
  const refs = lines(git(repoDir, ['for-each-ref', '--format=%(refname)%09%(objecttype)', 'refs/tags'])).map(
    (line) => {
      const [ref, type] = line.split('\t');
      return { ref, name: ref.slice('refs/tags/'.length), annotated: type === 'tag' };
    },
  );
  if (refs.length === 0) return [];

  // `^{commit}` peels any chain of tag objects; one batch answers for every tag
  const peeled = lines(
    git(
      repoDir,
      ['cat-file', '--batch-check=%(objectname) %(objecttype)'],
      refs.map((r) => `${r.ref}^{commit}\n`).join(''),
    ),
  );
  const commits = refs.map((r, i) => {
    const [hash, type] = peeled[i]?.split(' ') ?? [];
    if (type !== 'commit') {
      throw new GitError(`tag "${r.name}" does not point to a commit; Flux fails the whole reconcile on such a tag`);
    }
    return hash;
  });

  const times = new Map<string, number>();
  const log = git(
    repoDir,
    ['log', '--no-walk=unsorted', '--stdin', '--format=%H %ct'],
    [...new Set(commits)].map((c) => `${c}\n`).join(''),
  );
  for (const line of lines(log)) {
    const [hash, seconds] = line.split(' ');
    times.set(hash, Number(seconds));
  }

  return refs.map((r, i) => {
    const committerTime = times.get(commits[i]);
    if (committerTime === undefined) {
      throw new GitError(`git log did not report commit ${commits[i]} of tag "${r.name}"`);
    }
    return { name: r.name, commit: commits[i], committerTime, annotated: r.annotated };
  });
}
