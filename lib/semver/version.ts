/**
 * Versions as Flux's source-controller (2.7 and later) reads git tags: Masterminds/semver v3's
 * lenient `NewVersion`, behind fluxcd/pkg's rule that a tag has three dot-separated parts.
 *
 * npm `semver` is deliberately not used to parse: it rejects leading zeros (`v2025.07.03`) and
 * partial prereleases (`v1.2-rc.1`) that Flux accepts, so it would hide tags Flux can pick.
 */
import { InvalidVersionError } from './errors';

/** A parsed version. Build metadata is kept for display but never affects precedence. */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** dot-separated prerelease identifiers; empty for a release */
  readonly prerelease: string[];
  /** build metadata after `+`, without the `+`; empty when absent */
  readonly build: string;
  /** the string that was parsed, e.g. the tag name `v1.2.3` */
  readonly original: string;
}

const IDENTIFIERS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';

/**
 * The shape Masterminds accepts with coercion on (its default, which Flux keeps): lowercase `v`,
 * one to three numeric parts with any leading zeros, then optional prerelease and build.
 */
const LENIENT = new RegExp(
  `^v?([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?(?:-(${IDENTIFIERS}))?(?:\\+(${IDENTIFIERS}))?$`,
);

/** Go parses version parts as uint64 and fails above this. */
const UINT64_MAX = (1n << 64n) - 1n;

function parseNumber(value: string, digits: string | undefined): number {
  if (digits === undefined) return 0;
  if (BigInt(digits) > UINT64_MAX) {
    throw new InvalidVersionError(value, `part "${digits}" does not fit in 64 bits`);
  }
  // TODO: parts above 2^53 lose precision here (no real tag scheme comes near that).
  return Number(digits);
}

/**
 * Parses like Masterminds' `NewVersion`: `1`, `1.2`, `v1.2.3`, `01.02.03` and `1.2-rc.1` are all
 * accepted; `V1.2.3`, `1.2.3.4` and `1.2.3-rc.01` are not.
 *
 * @throws InvalidVersionError with the reason
 */
export function parseVersion(value: string): Version {
  const m = LENIENT.exec(value);
  if (!m) {
    throw new InvalidVersionError(value, 'not a semantic version (expected e.g. "1.2.3", "v1.2.3-rc.1")');
  }
  const [, major, minor, patch, prerelease, build] = m;
  const identifiers = prerelease === undefined ? [] : prerelease.split('.');
  // Leading zeros are coerced in major.minor.patch but not in prerelease numbers, which the
  // semver spec forbids and which Masterminds still rejects.
  const padded = identifiers.find((id) => /^0[0-9]+$/.test(id));
  if (padded !== undefined) {
    const unpadded = padded.replace(/^0+(?=.)/, '');
    throw new InvalidVersionError(
      value,
      `numeric prerelease identifier "${padded}" starts with 0 (expected e.g. "${unpadded}")`,
    );
  }
  return {
    major: parseNumber(value, major),
    minor: parseNumber(value, minor),
    patch: parseNumber(value, patch),
    prerelease: identifiers,
    build: build ?? '',
    original: value,
  };
}

/**
 * Parses a git tag name the way Flux decides whether a tag is a candidate at all
 * (fluxcd/pkg `version.ParseVersion`): splitting on "." into at most three pieces must give three,
 * so `v1.2` and `v1` are skipped although Masterminds alone would accept them. The check counts
 * dots anywhere, which is why `v1.2-rc.1` passes.
 *
 * @throws InvalidVersionError when Flux would skip the tag
 */
export function parseTag(tag: string): Version {
  if (tag.split('.').length < 3) {
    throw new InvalidVersionError(tag, 'Flux needs three dot-separated parts (expected e.g. "v1.2.0")');
  }
  return parseVersion(tag);
}

/** Like {@link parseTag}, for callers that only need to know whether Flux considers the tag. */
export function tryParseTag(tag: string): Version | undefined {
  try {
    return parseTag(tag);
  } catch (e) {
    if (e instanceof InvalidVersionError) return undefined;
    throw e;
  }
}

function sign(n: number | bigint): -1 | 0 | 1 {
  return n > 0 ? 1 : n < 0 ? -1 : 0;
}

const NUMERIC = /^[0-9]+$/;

/**
 * Compares one prerelease identifier pair: numbers numerically and below text, text by ASCII.
 * This is why `rc9` ranks above `rc10` while `rc.9` ranks below `rc.10`.
 */
function compareIdentifier(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  // Go tests "is a number" with ParseUint, which fails above 64 bits; such parts are text.
  const aNum = NUMERIC.test(a) && BigInt(a) <= UINT64_MAX;
  const bNum = NUMERIC.test(b) && BigInt(b) <= UINT64_MAX;
  if (aNum && bNum) return sign(BigInt(a) - BigInt(b));
  if (aNum !== bNum) return aNum ? -1 : 1;
  return a < b ? -1 : 1;
}

/**
 * Semver precedence of two prerelease lists. An empty list means "no prerelease" only to
 * {@link compareVersions}; here a shorter list that is a prefix of the other ranks lower.
 */
export function comparePrerelease(a: readonly string[], b: readonly string[]): -1 | 0 | 1 {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const d = compareIdentifier(a[i], b[i]);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Semver precedence: -1, 0 or 1. Build metadata is ignored, so `v1.2.3+b1` and `1.2.3+b2` are
 * equal; Flux then breaks the tie by commit time (see select.ts).
 */
export function compareVersions(a: Version, b: Version): -1 | 0 | 1 {
  const core = sign(a.major - b.major) || sign(a.minor - b.minor) || sign(a.patch - b.patch);
  if (core !== 0) return core;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    // a release ranks above any of its prereleases
    return sign(b.prerelease.length - a.prerelease.length);
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}

/** Canonical form without the `v`, e.g. `1.2.0-rc.1+build.5` for the tag `v1.2-rc.1+build.5`. */
export function formatVersion(v: Version): string {
  const pre = v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : '';
  const build = v.build !== '' ? `+${v.build}` : '';
  return `${v.major}.${v.minor}.${v.patch}${pre}${build}`;
}
