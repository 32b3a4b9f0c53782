/**
 * Whether an environment ran a tag before: the history of the catalogue file, replayed against
 * the tags that existed at each commit. This is the evidence `promote --allow-earlier` accepts
 * when the lower environment has moved on since.
 */
import { commitsChanging, DatedCommit } from '../git/history';
import { GitTag } from '../git/tags';
import { readFiles } from '../git/tree';
import { findPins } from './pins';
import { Refusal } from './refusal';
import { resolveTag } from './tags';

/** The commit of the catalogue file at which the lower environment selected the tag. */
export type EarlierRun = DatedCommit;

/**
 * Walks the history of the catalogue file on HEAD, newest first, and returns the latest commit at
 * which `environment`'s `semver` selected `tag` among the tags that existed then. Two git calls
 * however long the history is.
 */
export function findEarlierRun(
  repo: string, catalogueInRepo: string, environment: string, tag: GitTag, tags: readonly GitTag[],
): EarlierRun | undefined {
  // TODO: HEAD's history is taken as the main branch's; run from a feature branch, its own
  // commits of the catalogue count too (they never ran anywhere unless merged).
  const commits = commitsChanging(repo, 'HEAD', catalogueInRepo);
  const sources = readFiles(repo, commits.map((c) => ({ commit: c.commit, path: catalogueInRepo })));
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
