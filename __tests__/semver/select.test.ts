/**
 * selectTag and prereleaseWarnings details beyond the scenario table: how ties are reported and
 * which prerelease counters are flagged.
 */
import { NoMatchError, SemverRange, prereleaseWarnings, selectTag } from '../../lib/semver';

const range = (c: string) => SemverRange.parse(c);

describe('selectTag', () => {
  test('equal precedence with the same commit time is ambiguous; with an older commit it is not', () => {
    const tags = [
      { name: 'v1.2.3+old', commit: 'a', committerTime: 10 },
      { name: '1.2.3', commit: 'b', committerTime: 20 },
      { name: 'v1.2.3', commit: 'b', committerTime: 20 },
      { name: 'v1.2.2', commit: 'c', committerTime: 30 },
    ];
    const picked = selectTag(range('>=1.0.0'), tags);

    // Flux's map order makes the pick among the two random; this engine keeps input order
    expect(picked.tag).toBe(tags[2]);
    expect(picked.version.original).toBe('v1.2.3');
    expect(picked.ambiguousWith).toEqual([tags[1]]);
    expect(picked.equalPrecedence).toEqual([tags[0], tags[1]]);
  });

  test('a unique winner has no ambiguity and no equals', () => {
    const picked = selectTag(range('>=1.0.0'), [
      { name: 'v1.0.0', committerTime: 2 },
      { name: 'v1.1.0', committerTime: 1 },
    ]);
    expect([picked.tag.name, picked.ambiguousWith, picked.equalPrecedence]).toEqual(['v1.1.0', [], []]);
  });

  test('a higher version wins even on an older commit', () => {
    const picked = selectTag(range('*'), [
      { name: 'v2.0.0', committerTime: 1 },
      { name: 'v1.9.0', committerTime: 99 },
    ]);
    expect(picked.tag.name).toBe('v2.0.0');
  });

  test('fails with NoMatchError carrying the constraint as written', () => {
    try {
      selectTag(range('>= 2.0'), [{ name: 'v1.2', committerTime: 1 }, { name: 'v1.9.9', committerTime: 2 }]);
      throw new Error('expected no match');
    } catch (e) {
      expect(e).toBeInstanceOf(NoMatchError);
      expect((e as NoMatchError).constraint).toBe('>= 2.0');
      expect((e as Error).message).toBe('no match found for semver: >= 2.0');
    }
  });

  test('no tags at all is no match', () => {
    expect(() => selectTag(range('*'), [])).toThrow('no match found for semver: *');
  });
});

describe('prereleaseWarnings', () => {
  test('flags an undotted counter family whose text order inverts the numeric order', () => {
    expect(prereleaseWarnings(['v1.0.1-rc9', 'v1.0.1-rc10', 'v1.0.1-rc8'])).toEqual([
      'v1.0.1-rc9 ranks above v1.0.1-rc10: prerelease identifiers that mix letters and digits compare as ' +
        'text ("rc9" > "rc10"), so Flux prefers v1.0.1-rc9; use dotted counters such as -rc.9 and -rc.10',
    ]);
  });

  test('reports one warning per family, naming the pair nearest the top', () => {
    const betas = ['v2.0.0-beta2', 'v2.0.0-beta11', 'v2.0.0-beta12'];
    const warnings = prereleaseWarnings([...betas, 'v3.0.0-rc9.x', 'v3.0.0-rc10.x', 'v3.0.0-rc1.x']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^v2\.0\.0-beta2 ranks above v2\.0\.0-beta11:/);
    expect(warnings[1]).toMatch(/^v3\.0\.0-rc9\.x ranks above v3\.0\.0-rc10\.x:/);
  });

  test.each([
    [['v1.0.1-rc.9', 'v1.0.1-rc.10'], 'dotted counters'],
    [['v1.0.1-rc9'], 'a single undotted counter'],
    [['v1.0.1-rc1', 'v1.0.1-rc2', 'v1.0.1-rc3'], 'counters of one digit, which still order correctly'],
    [['v1.0.1-rc9', 'v1.0.2-rc10'], 'different versions'],
    [['v1.0.1-beta9', 'v1.0.1-rc10'], 'different words'],
    [['V1.0.1-rc9', 'V1.0.1-rc10'], 'tags Flux skips'],
  ])('stays quiet for %j (%s)', (tags) => {
    expect(prereleaseWarnings(tags)).toEqual([]);
  });
});
