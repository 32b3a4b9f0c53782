/**
 * Every row of the Masterminds/semver and fluxcd/pkg test tables in the fixture, one test each.
 * The fixture is a verbatim copy of the shared cases; a row failing here means the engine would
 * predict a different tag than Flux deploys.
 */
import cases from '../fixtures/semver-cases.json';
import { SemverRange, parseTag, parseVersion } from '../../lib/semver';

const accepts = (fn: () => unknown): boolean => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};

describe('checks: does the version satisfy the constraint (IncludePrerelease off)', () => {
  test.each(cases.checks)('$constraint vs $version → $matches', ({ constraint, version, matches }) => {
    expect(SemverRange.parse(constraint).check(parseVersion(version))).toBe(matches);
  });
});

describe('constraints: does the constraint parse', () => {
  test.each(cases.constraints)('$constraint → valid $valid', ({ constraint, valid }) => {
    expect(accepts(() => SemverRange.parse(constraint))).toBe(valid);
  });
});

describe('versions: does the lenient parser accept it', () => {
  test.each(cases.versions)('$version → valid $valid', ({ version, valid }) => {
    expect(accepts(() => parseVersion(version))).toBe(valid);
  });
});

describe('tags: does Flux consider the git tag at all', () => {
  test.each(cases.tags)('$tag → valid $valid', ({ tag, valid }) => {
    expect(accepts(() => parseTag(tag))).toBe(valid);
  });
});

test('the fixture is not empty (a broken copy would make every table above vacuous)', () => {
  expect(cases.checks.length).toBeGreaterThanOrEqual(80);
  expect(cases.constraints.length + cases.versions.length + cases.tags.length).toBeGreaterThanOrEqual(38);
});
