/**
 * Which git tag Flux checks out for a semver ref (fluxcd/pkg `git/gogit/clone.go`,
 * `cloneSemVer`), plus the warnings a human needs when that choice is fragile.
 */
import { NoMatchError } from './errors';
import { SemverRange } from './range';
import { type Version, compareVersions, tryParseTag } from './version';

/** A tag as Flux sees it after cloning: its name and the committer time of the commit it peels to. */
export interface TagCandidate {
  readonly name: string;
  /** the commit hash the tag peels to, when known */
  readonly commit?: string;
  /**
   * Unix seconds of the peeled commit's committer date (never the tagger or author date);
   * larger is newer. Only compared between tags of equal precedence.
   */
  readonly committerTime: number;
}

export interface Selection {
  /** the tag Flux checks out */
  readonly tag: TagCandidate;
  readonly version: Version;
  /**
   * Other matching tags of equal precedence and the same committer time. Flux iterates a Go map,
   * so it picks among these and {@link tag} at random on every reconcile: the commit may stay the
   * same while `status.artifact.revision` flips between tag names.
   */
  readonly ambiguousWith: TagCandidate[];
  /** All other matching tags of equal precedence (e.g. `1.2.3` next to `v1.2.3`, or `+build` variants). */
  readonly equalPrecedence: TagCandidate[];
}

/**
 * Picks the tag Flux would pick: tags that are not Flux semver tags are skipped silently, the
 * rest are filtered by the range, sorted by precedence and then by commit time (a stable sort, as
 * in Flux), and the last one wins.
 *
 * @throws NoMatchError when nothing matches
 */
export function selectTag(range: SemverRange, tags: readonly TagCandidate[]): Selection {
  const matched: Array<{ tag: TagCandidate; version: Version }> = [];
  for (const tag of tags) {
    const version = tryParseTag(tag.name);
    if (version && range.check(version)) matched.push({ tag, version });
  }
  if (matched.length === 0) throw new NoMatchError(range.expression);

  matched.sort(
    (a, b) => compareVersions(a.version, b.version) || Math.sign(a.tag.committerTime - b.tag.committerTime),
  );
  const picked = matched[matched.length - 1];

  const equal = matched.filter((m) => m !== picked && compareVersions(m.version, picked.version) === 0);
  return {
    tag: picked.tag,
    version: picked.version,
    ambiguousWith: equal.filter((m) => m.tag.committerTime === picked.tag.committerTime).map((m) => m.tag),
    equalPrecedence: equal.map((m) => m.tag),
  };
}

/** An identifier such as `rc9` or `beta10`: text followed by an undotted counter. */
const UNDOTTED_COUNTER = /^(.*[^0-9])([0-9]+)$/;

interface Counted {
  readonly tag: string;
  readonly identifier: string;
  /** the text before the digits, e.g. `rc` */
  readonly prefix: string;
  readonly counter: bigint;
}

/**
 * Finds prerelease counters written without a dot (`v1.0.1-rc9`, `v1.0.1-rc10`) whose order Flux
 * gets wrong: an identifier holding letters compares as text, so `rc9` ranks above `rc10` and
 * Flux keeps deploying rc9. Only families where this actually inverts the order are reported, one
 * message per family, naming the pair nearest the top.
 */
export function prereleaseWarnings(tags: readonly string[]): string[] {
  const families = new Map<string, Counted[]>();
  for (const tag of tags) {
    const v = tryParseTag(tag);
    if (!v) continue;
    v.prerelease.forEach((identifier, i) => {
      const m = UNDOTTED_COUNTER.exec(identifier);
      if (!m) return;
      // same version core, same identifiers before this one, same text before the digits
      const key = [v.major, v.minor, v.patch, ...v.prerelease.slice(0, i), m[1]].join('\u0000');
      const family = families.get(key) ?? [];
      if (!family.some((c) => c.identifier === identifier)) {
        family.push({ tag, identifier, prefix: m[1], counter: BigInt(m[2]) });
      }
      families.set(key, family);
    });
  }

  const warnings: string[] = [];
  for (const family of families.values()) {
    family.sort((a, b) => (a.counter < b.counter ? -1 : a.counter > b.counter ? 1 : 0));
    for (let j = family.length - 1; j > 0; j--) {
      const [lower, higher] = [family[j - 1], family[j]];
      if (lower.identifier > higher.identifier) {
        const p = lower.prefix;
        warnings.push(
          `${lower.tag} ranks above ${higher.tag}: prerelease identifiers that mix letters and digits ` +
            `compare as text ("${lower.identifier}" > "${higher.identifier}"), so Flux prefers ${lower.tag}; ` +
            `use dotted counters such as -${p}.${lower.counter} and -${p}.${higher.counter}`,
        );
        break;
      }
    }
  }
  return warnings;
}
