/**
 * Errors of the semver engine. The two Flux-facing messages are worded exactly as
 * source-controller words them on a GitRepository condition, so a user can search for the text
 * they see in the cluster and find it here, and CI output can be compared with `kubectl describe`.
 */

/**
 * Go's `%q` renders a string in double quotes with escapes. JSON quoting is the same for every
 * printable character and for `\n`, `\t`, `\r`, `"` and `\\`.
 */
function quote(value: string): string {
  // TODO: Go writes rare control characters as `\a`, `\v` or `\x1b` where JSON writes `\u0007`
  // (constraints holding raw control characters are not seen in practice).
  return JSON.stringify(value);
}

/**
 * The constraint is not valid in Masterminds/semver's dialect. Flux reports this before it even
 * contacts the git server, so the GitRepository never becomes Ready.
 */
export class SemverParseError extends Error {
  /**
   * @param constraint the constraint as written by the user
   * @param reason what exactly is wrong, for callers that want more than Flux's words
   */
  constructor(
    readonly constraint: string,
    readonly reason: string,
  ) {
    // TODO: Flux quotes only the failing `||` alternative (after hyphen ranges are rewritten),
    // e.g. `" foo"` for `1.x || foo`; this quotes the whole constraint, which is identical for
    // constraints without `||` and is what the callers of this engine agreed on.
    super(`semver parse error: improper constraint: ${quote(constraint)}`);
    this.name = 'SemverParseError';
  }
}

/** No tag both parses as a Flux tag and satisfies the constraint. */
export class NoMatchError extends Error {
  constructor(readonly constraint: string) {
    super(`no match found for semver: ${constraint}`);
    this.name = 'NoMatchError';
  }
}

/**
 * A string that Masterminds' lenient parser, or Flux's stricter tag filter on top of it, rejects.
 * Flux drops such tags silently; this error carries the reason so tools can explain the drop.
 */
export class InvalidVersionError extends Error {
  constructor(
    readonly value: string,
    readonly reason: string,
  ) {
    super(`invalid version ${quote(value)}: ${reason}`);
    this.name = 'InvalidVersionError';
  }
}
