/**
 * Whether an environment ran a tag before: the history of the catalogue file, replayed against
 * the tags that existed at each moment. This is the evidence `promote --allow-earlier` accepts
 * when the lower environment has moved on since.
 */
import { commitsChanging } from '../git/history';
import { GitTag } from '../git/tags';
import { readFiles } from '../git/tree';
import { NoMatchError, SemverParseError, SemverRange, selectTag } from '../semver';
import { findPins } from './pins';
import { Refusal } from './refusal';

/** When the lower environment selected the tag, and under which `semver` value. */
export interface EarlierRun {
  /** the commit of the catalogue file whose `semver` value was in force then */
  readonly commit: string;
  /** unix seconds of that commit's committer date */
  readonly committerTime: number;
  /** the `semver` value of that commit */
  readonly value: string;
  /**
   * Unix seconds of the first moment that value selected the tag: the commit's own time, or the
   * time the tag appeared after it (its commit's committer time).
   */
  readonly since: number;
}

/**
 * Walks the history of the catalogue file on HEAD, newest first, and returns the latest interval in
 * which `environment`'s `semver` selected `tag`. Each commit's value was in force from its
 * committer time until the next commit of the file (the newest one until now); within that
 * interval Flux selected among the tags that existed at each moment, so the value is evaluated at
 * the interval's start and again whenever a tag appeared inside it. Two git calls however long the
 * history is.
 */
export function findEarlierRun(
  repo: string, catalogueInRepo: string, environment: string, tag: GitTag, tags: readonly GitTag[],
): EarlierRun | undefined {
  // TODO: HEAD's history is taken as the main branch's; run from a feature branch, its own
  // commits of the catalogue count too (they never ran anywhere unless merged).
  const commits = commitsChanging(repo, 'HEAD', catalogueInRepo);
  const sources = readFiles(repo, commits.map((c) => ({ commit: c.commit, path: catalogueInRepo })));
  for (const [i, at] of commits.entries()) {
    const until = i === 0 ? Infinity : commits[i - 1].committerTime;
    const value = semverAt(sources[i], catalogueInRepo, environment);
    // TODO: a `semver` that was not a plain string literal at some commit is skipped (the file
    // would have to be evaluated with its imports as of that commit).
    if (value === undefined) continue;
    let range: SemverRange;
    try {
      range = SemverRange.parse(value);
    } catch (e) {
      // Flux selected nothing while the value did not parse
      if (e instanceof SemverParseError) continue;
      throw e;
    }

    // TODO: git keeps no creation time for lightweight tags, so a tag counts as existing from its
    // commit's committer time; a tag added later to an old commit is dated too early (the
    // repository cannot tell better, and such retro-tags are rare in a release flow).
    const appearances = tags.map((t) => t.committerTime).filter((time) => time > at.committerTime && time < until);
    const moments = [...new Set([at.committerTime, ...appearances])].sort((a, b) => a - b);
    for (const moment of moments) {
      if (selectedAt(range, tags, moment) === tag.name) {
        return { commit: at.commit, committerTime: at.committerTime, value, since: moment };
      }
    }
  }
  return undefined;
}

/** The environment's `semver` string in one past version of the catalogue file, if it can be read. */
function semverAt(source: string | undefined, fileName: string, environment: string): string | undefined {
  if (source === undefined) return undefined;
  try {
    return findPins(source, fileName).get(environment)?.value;
  } catch (e) {
    if (e instanceof Refusal) return undefined;
    throw e;
  }
}

/** The name of the tag Flux selected at `moment`, among the tags that existed by then. */
function selectedAt(range: SemverRange, tags: readonly GitTag[], moment: number): string | undefined {
  try {
    return selectTag(range, tags.filter((t) => t.committerTime <= moment)).tag.name;
  } catch (e) {
    if (e instanceof NoMatchError) return undefined;
    throw e;
  }
}
