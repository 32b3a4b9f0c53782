/**
 * Version and tag parsing: the tables of flux-semver.md section 3 ("Tag parsing rules") and
 * "Versions (tags) each side accepts", plus precedence.
 */
import {
  InvalidVersionError,
  compareVersions,
  formatVersion,
  parseTag,
  parseVersion,
  tryParseTag,
} from '../../lib/semver';

describe('Flux tag parsing (section 3)', () => {
  test.each([
    ['v1.2.3', '1.2.3'],
    ['1.2.3', '1.2.3'],
    ['v1.2-rc.1', '1.2.0-rc.1'],
    ['v2025.02.03', '2025.2.3'],
    ['01.5.0', '1.5.0'],
    ['v1.02.3', '1.2.3'],
    ['v2025.07.03', '2025.7.3'],
    ['v1.2.0-x.Y.0+metadata', '1.2.0-x.Y.0+metadata'],
    ['v1.2.3-rc1-with-hypen', '1.2.3-rc1-with-hypen'],
  ])('tag %s is considered, as %s', (tag, parsed) => {
    const v = parseTag(tag);
    expect(formatVersion(v)).toBe(parsed);
    expect(v.original).toBe(tag);
  });

  test.each([
    ['V1.2.3', /not a semantic version/],
    ['v1.2', /three dot-separated parts/],
    ['1.2', /three dot-separated parts/],
    ['v1', /three dot-separated parts/],
    ['v1.2-5', /three dot-separated parts/],
    ['v1.2-beta5', /three dot-separated parts/],
    ['v1.2.beta', /not a semantic version/],
    ['1.2.3.4', /not a semantic version/],
    ['v1.2.3.4', /not a semantic version/],
    ['v1.2.3-rc.01', /"01" starts with 0/],
    ['release/v1.2.3', /not a semantic version/],
    ['app-v1.2.3', /not a semantic version/],
    ['release-1.4.0', /not a semantic version/],
  ])('tag %s is skipped (%s)', (tag, reason) => {
    expect(() => parseTag(tag)).toThrow(InvalidVersionError);
    expect(() => parseTag(tag)).toThrow(reason);
    expect(tryParseTag(tag)).toBeUndefined();
  });

  test('the error names the tag and what is expected', () => {
    expect(() => parseTag('v1.2')).toThrow(
      'invalid version "v1.2": Flux needs three dot-separated parts (expected e.g. "v1.2.0")',
    );
  });
});

describe('Masterminds NewVersion versus the Flux tag filter ("Versions (tags) each side accepts")', () => {
  test.each([
    ['v1.2.3', '1.2.3', true],
    ['1.2', '1.2.0', false],
    ['1', '1.0.0', false],
    ['v1.2-rc.1', '1.2.0-rc.1', true],
    ['v2025.02.03', '2025.2.3', true],
    ['v1.02.3', '1.2.3', true],
  ])('%s parses as %s; Flux tag candidate: %s', (input, parsed, candidate) => {
    expect(formatVersion(parseVersion(input))).toBe(parsed);
    expect(tryParseTag(input) !== undefined).toBe(candidate);
  });

  test.each(['V1.2.3', '1.2.3.4', '1.2.3-rc.01'])('%s is rejected by NewVersion itself', (input) => {
    expect(() => parseVersion(input)).toThrow(InvalidVersionError);
  });

  test('parts above 64 bits are rejected as in Go', () => {
    expect(() => parseVersion('18446744073709551616.0.0')).toThrow(/does not fit in 64 bits/);
    expect(parseVersion('2147483648.3.0').major).toBe(2147483648);
  });

  test('a prerelease identifier may be a lone 0 or contain a leading hyphen', () => {
    expect(parseVersion('1.2.3-0').prerelease).toEqual(['0']);
    expect(parseVersion('1.2.3-alpha.-1').prerelease).toEqual(['alpha', '-1']);
  });
});

describe('precedence', () => {
  const cmp = (a: string, b: string) => compareVersions(parseVersion(a), parseVersion(b));

  test.each([
    ['v1.2.3', '1.2.3'],
    ['v1.2.3+b1', 'v1.2.3+b2'],
    ['v1.02.3', 'v1.2.3'],
  ])('%s and %s compare Equal (section 5)', (a, b) => {
    expect(cmp(a, b)).toBe(0);
  });

  test('undotted counters compare as text: rc9 ranks above rc10', () => {
    expect(cmp('1.0.1-rc9', '1.0.1-rc10')).toBe(1);
  });

  test('dotted counters compare as numbers: rc.10 ranks above rc.9', () => {
    expect(cmp('1.0.1-rc.10', '1.0.1-rc.9')).toBe(1);
  });

  test.each([
    ['1.0.0-alpha', '1.0.0-alpha.1'],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta'],
    ['1.0.0-alpha.beta', '1.0.0-beta'],
    ['1.0.0-beta.2', '1.0.0-beta.11'],
    ['1.0.0-rc.1', '1.0.0'],
    ['1.0.0', '1.0.1-0'],
    ['1.9.0', '1.10.0'],
    ['1.2.3-18446744073709551615', '1.2.3-18446744073709551616'],
  ])('%s ranks below %s', (lower, higher) => {
    expect(cmp(lower, higher)).toBe(-1);
    expect(cmp(higher, lower)).toBe(1);
  });
});
