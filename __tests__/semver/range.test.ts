/**
 * Constraint syntax and meaning in Masterminds' dialect: the "Masterminds constraints vs npm
 * semver ranges" tables of flux-semver.md, row by row, with the answer Flux gives.
 */
import { SemverParseError, SemverRange, formatVersion, parseVersion } from '../../lib/semver';

const check = (range: string, version: string): boolean => SemverRange.parse(range).check(parseVersion(version));

/** Asserts the versions a range admits and refuses, so a "valid" row is also proven to mean what it says. */
function expectRange(range: string, admits: string[], refuses: string[]): void {
  for (const v of admits) expect([v, check(range, v)]).toEqual([v, true]);
  for (const v of refuses) expect([v, check(range, v)]).toEqual([v, false]);
}

describe('syntax Flux accepts and npm does not', () => {
  test.each(['>=1.2.0, <2.0.0', '>=1.2.0,<2', '>=1.2.0 , <2'])('%s: comma means AND', (range) => {
    expectRange(range, ['1.2.0', '1.9.9'], ['1.1.9', '2.0.0']);
  });

  test('>=1.2.0 <2.0.0: space means AND', () => {
    expectRange('>=1.2.0 <2.0.0', ['1.2.0', '1.9.9'], ['1.1.9', '2.0.0']);
  });

  test('!=1.2.3 means "not equal"', () => {
    expectRange('!=1.2.3', ['1.2.2', '1.2.4'], ['1.2.3']);
  });

  test('!=4.x excludes all of 4.*', () => {
    expectRange('!=4.x', ['3.9.9', '5.0.0'], ['4.0.0', '4.9.9']);
  });

  test('=>1.2.3 is >=1.2.3 and =<1.2.3 is <=1.2.3', () => {
    expectRange('=>1.2.3', ['1.2.3', '2.0.0'], ['1.2.2']);
    expectRange('=<1.2.3', ['1.2.3', '0.1.0'], ['1.2.4']);
  });

  test.each(['~>1.2', '~> 1.2', '~1.2'])('%s is ~1.2: 1.2.x', (range) => {
    expectRange(range, ['1.2.0', '1.2.9'], ['1.1.9', '1.3.0']);
  });

  test('1.0.0 - 2.0.0 <=1.5.0: a hyphen range combines with comparators', () => {
    expectRange('1.0.0 - 2.0.0 <=1.5.0', ['1.0.0', '1.5.0'], ['0.9.9', '1.5.1', '2.0.0']);
  });

  test('1.1-3 is 1.1.x with prerelease -3, not a range', () => {
    expectRange('1.1-3', ['1.1.0-3', '1.1.0', '1.1.7'], ['1.1.0-2', '2.0.0', '3.0.0', '1.2.0']);
  });

  test('~1.1-alpha and <=1.1-a: partial versions with a prerelease are valid', () => {
    expectRange('~1.1-alpha', ['1.1.0-alpha', '1.1.0', '1.1.5-beta'], ['1.0.9', '1.2.0']);
    expectRange('<=1.1-a', ['0.1.0-alpha', '1.1.9'], ['1.2.0']);
  });

  test('*-0 and >=0-0 are valid and admit prereleases', () => {
    expectRange('*-0', ['0.0.1-rc.1', '3.0.0-rc.1', '3.0.0'], []);
    expectRange('>=0-0', ['0.0.0-0', '9.9.9-rc.1'], []);
  });

  test('>= 01.2.3 is coerced to >=1.2.3', () => {
    expectRange('>= 01.2.3', ['1.2.3'], ['1.2.2']);
  });
});

describe('constraints Flux rejects', () => {
  test.each([
    ['', 'empty (in a GitRepository, an empty semver means "not set")'],
    ['1.x ||', 'empty alternative at the end'],
    ['|| 1.x', 'empty alternative at the start'],
    ['> = 1.2.3', 'a space inside the operator'],
    ['latest', 'a word'],
    ['foo', 'a word'],
    ['1.2.3 -2.3.4', 'no space after the hyphen'],
    ['BAR >= 1.2.3', 'a word before a comparator'],
    ['1.2.3.4', 'four parts'],
    ['>=1.0.0<2.0.0', 'comparators without a separator'],
    ['>=1.0.0,,<2.0.0', 'two commas'],
    ['>=1.0.0,', 'a trailing comma'],
    ['1|2', 'a single pipe inside a version (passes the syntax check, fails the version parser)'],
    ['1.x ||| 2', 'three pipes'],
    ['1.2.3-rc.01', 'a zero-padded prerelease number'],
    ['1x.2.3', 'a wildcard glued to a number'],
    ['>=1.0.0\v<2.0.0', 'vertical tab, which is not whitespace to Go'],
  ])('%j is rejected: %s', (range) => {
    expect(() => SemverRange.parse(range)).toThrow(SemverParseError);
  });

  test('the message is Flux\'s, with the constraint quoted', () => {
    expect(() => SemverRange.parse('foo')).toThrow(new SemverParseError('foo', '').message);
    expect(() => SemverRange.parse('foo')).toThrow('semver parse error: improper constraint: "foo"');
    expect(() => SemverRange.parse('')).toThrow('semver parse error: improper constraint: ""');
  });

  test('the error keeps the constraint as written', () => {
    try {
      SemverRange.parse('1.x ||');
      throw new Error('expected a parse error');
    } catch (e) {
      expect(e).toBeInstanceOf(SemverParseError);
      expect((e as SemverParseError).constraint).toBe('1.x ||');
    }
  });

  // Masterminds' validation regex backtracks exponentially in JavaScript on this input; the
  // scanner must reject it (a backtracking one would never return within jest's timeout).
  test('a pathological constraint is rejected', () => {
    expect(() => SemverRange.parse(`${'1  '.repeat(5000)}!`)).toThrow(SemverParseError);
  });
});

describe('syntax both dialects accept', () => {
  test.each(['>= 1.2.3', '^ 1.2.3', '  >=1.2.3  ', '>=v1.0.0'])('%j parses', (range) => {
    expect(SemverRange.parse(range).check(parseVersion('1.5.0'))).toBe(true);
  });

  test.each(['1.x || 2.x', '1.x||2.x'])('%s: OR with or without spaces', (range) => {
    expectRange(range, ['1.0.0', '2.9.9'], ['0.9.9', '3.0.0']);
  });

  test('hyphen ranges are inclusive: 1.2.3 - 2.3 covers all of 2.3.x', () => {
    expectRange('1.2.3 - 2.3', ['1.2.3', '2.3.0', '2.3.99'], ['1.2.2', '2.4.0']);
  });
});

describe('semantic differences: prereleases follow the AND-group rule', () => {
  test.each([
    ['>=1.0.0-0', '2.0.0-rc.1', true],
    ['>=1.2.3-alpha', '1.2.4-beta', true],
    ['^1.2.3-beta.1', '1.3.0-alpha', true],
    ['~1.2.3-beta.2', '1.2.4-beta.2', true],
    ['>=1.0.0-rc.1 <2.0.0', '1.5.0-beta.1', true],
    ['>= 1.0.0 <= 2.0.0-beta', '1.0.1-beta', true],
    ['>=1.0.0 <2.0.0-0', '1.1.0-rc.1', true],
    ['^1.0.0', '1.1.0-rc.1', false],
    ['*', '1.0.0-rc.1', false],
    ['<2.0.0', '2.0.0-rc.1', false],
  ])('%s vs %s → %s', (range, version, expected) => {
    expect(check(range, version)).toBe(expected);
  });

  test('a prerelease in one alternative does not open the other', () => {
    expect(check('>=1.0.0-0 || >=5.0.0', '1.5.0-rc.1')).toBe(true);
    expect(check('>=5.0.0-0 || >=1.0.0', '1.5.0-rc.1')).toBe(false);
  });
});

describe('~0.0.0 and 0.x carets', () => {
  test.each(['~0.0.0', '~>0.0.0'])('%s matches any version, e.g. 1.2.3', (range) => {
    expectRange(range, ['0.0.0', '1.2.3', '99.0.0'], []);
  });

  test('^0.2.3 is >=0.2.3 <0.3.0', () => expectRange('^0.2.3', ['0.2.3', '0.2.9'], ['0.2.2', '0.3.0']));
  test('^0.0.3 is =0.0.3', () => expectRange('^0.0.3', ['0.0.3'], ['0.0.2', '0.0.4', '0.1.0']));
  test('^0 is <1.0.0', () => expectRange('^0', ['0.0.0', '0.9.9'], ['1.0.0']));
});

describe('wildcards after operators', () => {
  test.each(['^*', '^x'])('%s matches only 0.0.0', (range) => {
    expectRange(range, ['0.0.0'], ['0.0.1', '0.1.0', '1.0.0']);
  });

  test.each(['>*', '>x'])('%s matches anything above 0.0.0', (range) => {
    expectRange(range, ['0.0.1', '5.0.0'], ['0.0.0']);
  });

  test.each(['<=*', '<=x'])('%s matches only 0.0.x', (range) => {
    expectRange(range, ['0.0.0', '0.0.9'], ['0.1.0', '1.0.0']);
  });

  test.each([
    ['*', ['0.0.0', '1.2.3', '9.0.0'], []],
    ['x', ['0.0.0', '1.2.3'], []],
    ['1.x', ['1.0.0', '1.9.9'], ['0.9.9', '2.0.0']],
    ['1.X', ['1.0.0', '1.9.9'], ['2.0.0']],
    ['1.2.*', ['1.2.0', '1.2.9'], ['1.3.0', '1.1.9']],
    ['~1.x', ['1.0.0', '1.9.9'], ['2.0.0']],
    ['^1.x', ['1.0.0', '1.9.9'], ['2.0.0']],
  ])('%s behaves as in npm for releases', (range, admits, refuses) => {
    expectRange(range, admits, refuses);
  });
});

describe('where both dialects agree', () => {
  test('1.2 means 1.2.x and =2.0 means 2.0.x', () => {
    expectRange('1.2', ['1.2.0', '1.2.9'], ['1.3.0', '1.1.0']);
    expectRange('=2.0', ['2.0.0', '2.0.9'], ['2.1.0']);
  });

  test('>1.2 is >=1.3.0 and <=1.2 is <1.3.0', () => {
    expectRange('>1.2', ['1.3.0', '2.0.0'], ['1.2.9']);
    expectRange('<=1.2', ['1.2.9', '0.1.0'], ['1.3.0']);
  });

  test('build metadata is ignored when matching', () => {
    expect(check('=1.2.3', '1.2.3+build.5')).toBe(true);
  });
});

describe('pinnedVersion', () => {
  test.each(['1.2.3', '=1.2.3', 'v1.2.3', ' = 1.2.3 '])('%j pins 1.2.3', (range) => {
    const pinned = SemverRange.parse(range).pinnedVersion();
    expect(pinned && formatVersion(pinned)).toBe('1.2.3');
  });

  test('a prerelease can be pinned', () => {
    const pinned = SemverRange.parse('1.2.3-rc.1').pinnedVersion();
    expect(pinned && formatVersion(pinned)).toBe('1.2.3-rc.1');
  });

  test.each(['1.2', '1.2.x', '~1.2.3', '>=1.2.3', '1.2.3 || 1.2.4', '1.2.3 1.2.3', '*'])('%j pins nothing', (range) => {
    expect(SemverRange.parse(range).pinnedVersion()).toBeUndefined();
  });
});

test('the range keeps its expression as written', () => {
  const range = SemverRange.parse(' >=1.0.0, <2 ');
  expect(range.expression).toBe(' >=1.0.0, <2 ');
  expect(String(range)).toBe(' >=1.0.0, <2 ');
});
