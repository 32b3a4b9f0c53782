/**
 * Which tag a pin or a range stands for, answered among tags already read, the way Flux would.
 */
import { GitTag } from '../git/tags';
import {
  Selection, SemverRange, TagCandidate, Version, compareVersions, prereleaseWarnings, selectTag, tryParseTag,
} from '../semver';
import { Refusal } from './refusal';

/** The tag Flux would check out for `constraint` among `tags`, or the reason there is none. */
export function resolveTag(constraint: string, tags: readonly GitTag[]): { tag?: GitTag; reason?: string } {
  try {
    return { tag: selectTag(SemverRange.parse(constraint), tags).tag as GitTag };
  } catch (e) {
    return { reason: (e as Error).message };
  }
}

/**
 * The warning about a selection that ties: tags of equal precedence on commits of the same time,
 * among which Flux picks at random on every reconcile, so the revision it reports flips between
 * their names. Undefined when the selection does not tie. The one wording of this warning.
 */
export function tieWarning(selection: Pick<Selection, 'tag' | 'ambiguousWith'>): string | undefined {
  if (selection.ambiguousWith.length === 0) return undefined;
  const others = selection.ambiguousWith.map((t) => t.name).join(', ');
  return `${selection.tag.name} ties with ${others}: equal precedence and the same commit time, so Flux picks one of them ` +
    'at random on each reconcile and the reported revision flips between the names; delete all but one';
}

/**
 * Prerelease counters whose order Flux gets wrong (`rc9` above `rc10`), among the tags `range`
 * admits: a trap only matters where the range can select one of the tags.
 */
export function admittedPrereleaseWarnings(range: SemverRange, tags: readonly TagCandidate[]): string[] {
  const admitted = tags.filter((t) => {
    const version = tryParseTag(t.name);
    return version !== undefined && range.check(version);
  });
  return prereleaseWarnings(admitted.map((t) => t.name));
}

/**
 * The one tag that stands for `version`, matched as Flux parses tags (`1.2.4` finds `v1.2.4`).
 *
 * @throws Refusal when no tag or more than one tag has that version
 */
export function findTag(version: Version, tags: readonly GitTag[]): GitTag {
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
