/**
 * Version constraints in the dialect of Masterminds/semver v3, the library Flux's
 * source-controller uses for `GitRepository.spec.ref.semver` (Flux 2.7+, `IncludePrerelease` off).
 *
 * The dialect differs from npm's ranges in syntax (`,` as AND, `!=`, `=>`, hyphen ranges mixed
 * with comparators) and in meaning (prereleases, wildcards after operators, `~0.0.0`), so npm
 * `semver` is never used here: every difference would be a wrong prediction of what Flux deploys.
 */
import { InvalidVersionError, SemverParseError } from './errors';
import { type Version, comparePrerelease, compareVersions, parseVersion } from './version';

/** Go's regexp `\s`: ASCII whitespace without `\v`, unlike JavaScript's `\s`. */
const SPACE = '[\\t\\n\\f\\r ]';
const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\f' || ch === '\r';
const isOperatorChar = (ch: string): boolean => '=!<>~^'.includes(ch);

/**
 * A version as written inside a constraint. A part may be a wildcard (`x`, `X`, `*`); the part
 * pattern also admits `|` and mixes such as `1x`, which pass the syntax check and only fail when
 * the version is built, exactly as in Masterminds.
 */
const PART = '[0-9xX*|]+';
const IDENTIFIERS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const CONSTRAINT_VERSION = `v?(?:${PART})(?:\\.${PART})?(?:\\.${PART})?(?:-${IDENTIFIERS})?(?:\\+${IDENTIFIERS})?`;
const CONSTRAINT_VERSION_PARTS = new RegExp(
  `^v?(${PART})(?:\\.(${PART}))?(?:\\.(${PART}))?(-${IDENTIFIERS})?(?:\\+${IDENTIFIERS})?$`,
);

/** `A - B` with whitespace on both sides of the dash; `1.2.3 -2.3.4` is not a range. */
const HYPHEN_RANGE = new RegExp(
  `${SPACE}*(${CONSTRAINT_VERSION})${SPACE}+-${SPACE}+(${CONSTRAINT_VERSION})${SPACE}*`,
  'g',
);

type Operator = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';
const OPERATORS = new Set<string>(['', '=', '!=', '>', '<', '>=', '=>', '<=', '=<', '~', '~>', '^']);

/** One comparator such as `>=1.2` after its version has been filled up to three parts. */
interface Comparator {
  readonly operator: Operator;
  readonly bound: Version;
  /**
   * How many of major.minor.patch were written as numbers: `*` → 0, `1` and `1.x` → 1,
   * `1.2` → 2, `1.2.3` → 3. Each operator reads partial versions in its own way.
   */
  readonly fixed: 0 | 1 | 2 | 3;
}

/** The comparators joined by AND between two `||`. */
interface Group {
  readonly comparators: readonly Comparator[];
  /** true when any comparator names a prerelease; see {@link SemverRange.check} */
  readonly admitsPrerelease: boolean;
}

/**
 * Rewrites every `A - B` into `>= A, <= B ` the way Masterminds does, before anything else is
 * parsed, which is why a hyphen range can be combined with further comparators.
 */
function rewriteHyphenRanges(expr: string): string {
  let out = expr;
  for (const m of expr.matchAll(HYPHEN_RANGE)) {
    out = out.replace(m[0], () => `>= ${m[1]}, <= ${m[2]} `);
  }
  return out;
}

const isWildcard = (part: string | undefined): boolean => part === 'x' || part === 'X' || part === '*';

function comparator(operator: Operator, text: string): Comparator | undefined {
  const m = CONSTRAINT_VERSION_PARTS.exec(text);
  if (!m) return undefined;
  const [, major, minor, patch, prerelease = ''] = m;
  let fixed: Comparator['fixed'] = 3;
  let filled = text; // a full version keeps its `v` and build metadata
  if (isWildcard(major)) {
    fixed = 0;
    filled = `0.0.0${prerelease}`;
  } else if (minor === undefined || isWildcard(minor)) {
    fixed = 1;
    filled = `${major}.0.0${prerelease}`;
  } else if (patch === undefined || isWildcard(patch)) {
    fixed = 2;
    filled = `${major}.${minor}.0${prerelease}`;
  }
  try {
    return { operator, bound: parseVersion(filled), fixed };
  } catch (e) {
    // e.g. `1|2`, `1x.2.3` or `1.2.3-rc.01`: the syntax check lets them through, the version
    // parser does not, and Flux refuses the constraint
    // TODO: Flux words this refusal `semver parse error: constraint parser error`, not `improper
    // constraint` (the callers agreed on one message; the constraint is rejected either way).
    if (e instanceof InvalidVersionError) return undefined;
    throw e;
  }
}

/**
 * Reads the comparators of one `||` alternative. Accepts exactly what Masterminds' validation
 * pattern accepts: comparators separated by whitespace or by one comma, an operator optionally
 * followed by whitespace, nothing else. A hand-written scanner instead of that pattern keeps the
 * cost linear; a backtracking regex on `1  1  1 … !` would take exponential time.
 */
function scanGroup(segment: string): Comparator[] | undefined {
  const found: Comparator[] = [];
  const skip = (from: number, pred: (ch: string) => boolean): number => {
    let i = from;
    while (i < segment.length && pred(segment[i])) i++;
    return i;
  };
  let i = skip(0, isSpace);
  for (;;) {
    const operatorEnd = skip(i, isOperatorChar);
    const operator = segment.slice(i, operatorEnd);
    const versionStart = skip(operatorEnd, isSpace);
    const versionEnd = skip(versionStart, (ch) => !isSpace(ch) && ch !== ',');
    if (!OPERATORS.has(operator)) return undefined;
    const c = comparator(operator as Operator, segment.slice(versionStart, versionEnd));
    if (!c) return undefined;
    found.push(c);
    i = skip(versionEnd, isSpace);
    if (i === segment.length) return found;
    if (segment[i] === ',') i = skip(i + 1, isSpace);
  }
}

/** True when `v` is at least `b` and shares what `fixed` pins: the `~` operator. */
function tilde(v: Version, c: Comparator): boolean {
  const b = c.bound;
  if (compareVersions(v, b) < 0) return false;
  // `~0.0.0` (and `~*`) match everything, a special case npm does not have
  if (b.major === 0 && b.minor === 0 && b.patch === 0 && c.fixed !== 1 && c.fixed !== 2) return true;
  if (v.major !== b.major) return false;
  return c.fixed === 1 || v.minor === b.minor;
}

/** `^`: same major, or for 0.x the same minor, or for 0.0.x the same patch. */
function caret(v: Version, c: Comparator): boolean {
  const b = c.bound;
  if (compareVersions(v, b) < 0) return false;
  if (b.major > 0 || c.fixed === 1) return v.major === b.major;
  if (v.major > 0) return false;
  if (b.minor > 0 || c.fixed === 2) return v.minor === b.minor;
  if (v.minor > 0) return false;
  return v.patch === b.patch;
}

function notEqual(v: Version, c: Comparator): boolean {
  const b = c.bound;
  if (c.fixed < 3) {
    if (v.major !== b.major) return true;
    if (c.fixed === 1) return false; // `!=4.x` excludes all of 4.*
    if (v.minor !== b.minor) return true;
    if (c.fixed === 2) {
      // `!=4.1` excludes 4.1.x, yet admits a 4.1.x whose prerelease differs from the bound's
      const anyPrerelease = v.prerelease.length > 0 || b.prerelease.length > 0;
      return anyPrerelease && comparePrerelease(v.prerelease, b.prerelease) !== 0;
    }
    if (v.patch !== b.patch) return true;
  }
  return compareVersions(v, b) !== 0;
}

function greaterThan(v: Version, c: Comparator): boolean {
  const b = c.bound;
  if (c.fixed === 3 || c.fixed === 0) return compareVersions(v, b) > 0;
  if (v.major !== b.major) return v.major > b.major;
  return c.fixed === 2 && v.minor > b.minor; // `>1` needs 2.x, `>1.1` needs 1.2.x
}

function lessThanOrEqual(v: Version, c: Comparator): boolean {
  const b = c.bound;
  if (c.fixed === 3) return compareVersions(v, b) <= 0;
  if (v.major > b.major) return false;
  // `<=1.1` admits all of 1.1.x; `<=*` therefore admits only 0.0.x
  return !(v.major === b.major && v.minor > b.minor && c.fixed !== 1);
}

function matches(v: Version, c: Comparator): boolean {
  switch (c.operator) {
    case '':
    case '=':
      return c.fixed < 3 ? tilde(v, c) : compareVersions(v, c.bound) === 0;
    case '!=':
      return notEqual(v, c);
    case '>':
      return greaterThan(v, c);
    case '<':
      return compareVersions(v, c.bound) < 0; // partial bounds are filled with zeros: `<1.1` = `<1.1.0`
    case '>=':
    case '=>':
      return compareVersions(v, c.bound) >= 0;
    case '<=':
    case '=<':
      return lessThanOrEqual(v, c);
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      return caret(v, c);
  }
}

/** A parsed `spec.ref.semver` value that answers "would Flux accept this version?". */
export class SemverRange {
  /**
   * Parses a constraint; rejects exactly what Flux rejects, including the empty string and
   * empty `||` alternatives, which npm would read as `*`.
   *
   * @throws SemverParseError
   */
  static parse(expression: string): SemverRange {
    // TODO: Masterminds after v3.4 caps constraints at 512 bytes and 32 `||` groups; whether the
    // v3.5.0 that Flux 2.9 pins does is unverified, so no cap is applied here.
    const groups = rewriteHyphenRanges(expression)
      .split('||')
      .map((segment): Group => {
        const comparators = scanGroup(segment);
        if (!comparators) {
          throw new SemverParseError(expression, `${JSON.stringify(segment)} is not a valid comparator list`);
        }
        return { comparators, admitsPrerelease: comparators.some((c) => c.bound.prerelease.length > 0) };
      });
    return new SemverRange(expression, groups);
  }

  private constructor(
    /** the constraint as written */
    readonly expression: string,
    private readonly groups: readonly Group[],
  ) {}

  /**
   * Whether Flux would accept `v`. A prerelease version is admitted only by an AND group that
   * names a prerelease somewhere; inside such a group it is then judged by plain precedence for
   * every comparator, so `>=1.0.0-0 <2.0.0` admits `2.0.0-rc.1`.
   */
  check(v: Version): boolean {
    return this.groups.some(
      (g) => (v.prerelease.length === 0 || g.admitsPrerelease) && g.comparators.every((c) => matches(v, c)),
    );
  }

  /**
   * The one version the range pins, for `1.2.3`, `=1.2.3` or `v1.2.3`; undefined for anything
   * wider (partial versions such as `1.2` mean 1.2.x). Build metadata does not narrow a pin:
   * `1.2.3+a` also matches `1.2.3+b`.
   */
  pinnedVersion(): Version | undefined {
    if (this.groups.length !== 1 || this.groups[0].comparators.length !== 1) return undefined;
    const [c] = this.groups[0].comparators;
    return (c.operator === '' || c.operator === '=') && c.fixed === 3 ? c.bound : undefined;
  }

  /** True when some `||` alternative names a prerelease, so Flux may select prerelease tags. */
  get admitsPrereleases(): boolean {
    return this.groups.some((g) => g.admitsPrerelease);
  }

  toString(): string {
    return this.expression;
  }
}
