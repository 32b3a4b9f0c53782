/**
 * The tag Flux picks, for every selection scenario of flux-semver.md (sections 3, 4, 5 and the
 * npm comparison tables), checked three ways: through the public API, through `runResolve --tags`
 * and through `runResolve --repo` on a real git repository with one commit per tag.
 */
import { runResolve } from '../../lib/cli/resolve';
import { SemverRange, prereleaseWarnings, selectTag } from '../../lib/semver';
import { createRepo } from '../helpers/git-repo';

interface Scenario {
  readonly constraint: string;
  /** tag names, oldest commit first */
  readonly tags: readonly string[];
  /** the tag Flux checks out, or Flux's error message */
  readonly expected: { readonly tag: string } | { readonly error: string };
  /** a warning Flux users need to see, if any */
  readonly warning?: RegExp;
}

/** `expected` is the tag Flux picks, or `{ error }` with the message it reports. */
function pick(constraint: string, tags: string[], expected: Scenario['expected'] | string, warning?: RegExp): Scenario {
  return { constraint, tags, expected: typeof expected === 'string' ? { tag: expected } : expected, warning };
}
const noMatch = (c: string) => ({ error: `no match found for semver: ${c}` });
const improper = (c: string) => ({ error: `semver parse error: improper constraint: ${JSON.stringify(c)}` });
const SKIPPED = ['v1.0', 'v1', 'V1.3.0', 'release-1.4.0', 'v1.2.3.4'];

const SCENARIOS: Record<string, Scenario> = {
  'a -0 upper bound lets release candidates in':
    pick('>=1.0.0-0 <2.0.0-0', ['v1.0.0', 'v1.1.0-rc.1'], 'v1.1.0-rc.1'),
  'a -0 lower bound opens prereleases for the whole group':
    pick('>=1.0.0-0 <2.0.0', ['v1.0.0', 'v1.1.0-rc.1'], 'v1.1.0-rc.1'),
  'a prerelease of a later version wins over releases':
    pick('>=1.2.0-0', ['v1.2.3', 'v1.3.0-rc.1', 'v1.2.4'], 'v1.3.0-rc.1'),
  'comma means AND': pick('>=1.0.0, <2.0.0', ['v1.5.0', 'v2.0.0'], 'v1.5.0'),
  'comma with spaces around it': pick('>=1.2.0 , <2', ['v1.1.0', 'v1.5.0', 'v2.0.0'], 'v1.5.0'),
  '!= excludes one version': pick('!=1.2.3', ['v1.2.3', 'v1.2.2'], 'v1.2.2'),
  '!=4.x excludes all of 4.*': pick('!=4.x', ['v3.9.0', 'v4.2.0'], 'v3.9.0'),
  'undotted counters: rc9 ranks above rc10': pick(
    '>=0.0.1-0',
    ['v1.0.1-rc9', 'v1.0.1-rc10'],
    'v1.0.1-rc9',
    /v1\.0\.1-rc9 ranks above v1\.0\.1-rc10.*-rc\.9 and -rc\.10/,
  ),
  'dotted counters order numerically': pick('>=0.0.1-0', ['v1.0.1-rc.9', 'v1.0.1-rc.10'], 'v1.0.1-rc.10'),
  'tags that are not Flux semver tags are skipped': pick('>=1.0.0', [...SKIPPED, 'v1.1.0'], 'v1.1.0'),
  'only skipped tags: no match': pick('>=1.0.0', SKIPPED, noMatch('>=1.0.0')),
  'prefixed tags are skipped': pick('>=1.0.0', ['release/v2.0.0', 'app-v2.0.0', 'v1.0.0'], 'v1.0.0'),
  'build metadata: the newer commit wins':
    pick('>=1.0.0', ['v1.2.3+build.2', 'v1.2.3+build.1'], 'v1.2.3+build.1'),
  'v1.2.3 and 1.2.3 tie: the newer commit wins (v1.2.3)': pick('1.2.3', ['1.2.3', 'v1.2.3'], 'v1.2.3'),
  'v1.2.3 and 1.2.3 tie: the newer commit wins (1.2.3)': pick('1.2.3', ['v1.2.3', '1.2.3'], '1.2.3'),
  'v1.02.3 equals v1.2.3: the newer commit wins': pick('>=1.0.0', ['v1.2.3', 'v1.02.3'], 'v1.02.3'),
  'leading zeros are coerced (calendar versions)':
    pick('>=2025.0.0', ['v2025.06.30', 'v2025.07.03', 'v2025.7.1'], 'v2025.07.03'),
  'v1.2-rc.1 is a candidate': pick('>=1.2.0-0', ['v1.1.0', 'v1.2-rc.1'], 'v1.2-rc.1'),
  'a range without a prerelease never picks one': pick('>=1.0.0', ['v1.0.0', 'v1.1.0-rc.1'], 'v1.0.0'),
  '* never picks a prerelease': pick('*', ['v1.0.0', 'v1.1.0-rc.1'], 'v1.0.0'),
  '<2.0.0 does not admit 2.0.0-rc.1': pick('<2.0.0', ['v1.0.0', 'v2.0.0-rc.1'], 'v1.0.0'),
  '<2.0.0 in a prerelease group admits 2.0.0-rc.1':
    pick('>=1.0.0-0 <2.0.0', ['v1.0.0', 'v1.1.0-rc.1', 'v2.0.0-rc.1'], 'v2.0.0-rc.1'),
  '2.0.0-rc.1 is not < 2.0.0-0': pick('>=1.0.0-0 <2.0.0-0', ['v1.1.0-rc.1', 'v2.0.0-rc.1'], 'v1.1.0-rc.1'),
  'a -0 on the upper bound alone lets prereleases in':
    pick('>=1.0.0 <2.0.0-0', ['v1.0.0', 'v1.1.0-rc.1'], 'v1.1.0-rc.1'),
  '^1.0.0-0 stays in major 1': pick('^1.0.0-0', ['v1.5.0-rc.1', 'v2.0.0-rc.1'], 'v1.5.0-rc.1'),
  'the first alternative has a prerelease': pick('>=1.0.0-0 || >=5.0.0', ['v1.5.0-rc.1'], 'v1.5.0-rc.1'),
  'hyphen range plus a comparator':
    pick('1.0.0 - 2.0.0 <=1.5.0', ['v1.4.0', 'v1.5.0', 'v1.6.0', 'v2.0.0'], 'v1.5.0'),
  '~0.0.0 matches anything': pick('~0.0.0', ['v0.1.0', 'v1.2.3'], 'v1.2.3'),
  '^* matches only 0.0.0': pick('^*', ['v0.0.0', 'v0.0.1', 'v1.0.0'], 'v0.0.0'),
  '>* matches anything above 0.0.0': pick('>*', ['v0.0.1', 'v0.0.0'], 'v0.0.1'),
  '<=* matches only 0.0.x': pick('<=*', ['v0.0.5', 'v0.1.0', 'v1.0.0'], 'v0.0.5'),
  'a word is not a constraint': pick('foo', ['v1.0.0'], improper('foo')),
  'an empty constraint is an error': pick('', ['v1.0.0'], improper('')),
  'an empty alternative is an error': pick('1.x ||', ['v1.0.0'], improper('1.x ||')),
  'no space after the hyphen is an error': pick('1.2.3 -2.3.4', ['v1.2.3'], improper('1.2.3 -2.3.4')),
};

const rows = Object.entries(SCENARIOS).map(([title, s]) => ({ title, ...s }));

function capture(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: process.cwd(), color: false };
  const code = runResolve(argv, io);
  return { code, out, err };
}

describe('public API', () => {
  test.each(rows)('$title: $constraint over $tags', ({ constraint, tags, expected, warning }) => {
    const candidates = tags.map((name, i) => ({ name, committerTime: 1_700_000_000 + i }));
    if ('error' in expected) {
      expect(() => selectTag(SemverRange.parse(constraint), candidates)).toThrow(expected.error);
      return;
    }
    expect(selectTag(SemverRange.parse(constraint), candidates).tag.name).toBe(expected.tag);
    const warnings = prereleaseWarnings(tags);
    if (warning) expect(warnings).toEqual([expect.stringMatching(warning)]);
    else expect(warnings).toEqual([]);
  });
});

describe('runResolve --tags (what-if, list order = commit order)', () => {
  test.each(rows)('$title: $constraint over $tags', ({ constraint, tags, expected, warning }) => {
    const { code, out, err } = capture([constraint, '--tags', tags.join(','), '--json']);
    expect(out).toHaveLength(1);
    const result = JSON.parse(out[0]);
    if ('error' in expected) {
      expect([code, result]).toEqual([1, { constraint, error: expected.error }]);
      return;
    }
    expect([code, result]).toEqual([0, { constraint, tag: expected.tag, commit: null, revision: null }]);
    expect(err.some((l) => warning?.test(l))).toBe(warning !== undefined);
  });
});

describe('runResolve --repo (real git; odd-numbered tags annotated with an old tagger date)', () => {
  test.each(rows)('$title: $constraint over $tags', ({ constraint, tags, expected, warning }) => {
    const repo = createRepo();
    try {
      const commits = tags.map((name, i) => {
        const date = 1_700_000_000 + 3600 * i;
        const commit = repo.commit(`release ${name}`, { date, authorDate: 1_800_000_000 - i });
        // the tagger date is older than every commit and falls as the commit time rises, so any
        // reader that used it instead of the commit's committer date would break the ties
        repo.tag(name, { annotated: i % 2 === 1, date: 1_600_000_000 - 3600 * i });
        return commit;
      });

      const { code, out, err } = capture([constraint, '--repo', repo.dir, '--json']);
      const result = JSON.parse(out[0]);
      if ('error' in expected) {
        expect([code, result]).toEqual([1, { constraint, error: expected.error }]);
        return;
      }
      const commit = commits[tags.indexOf(expected.tag)];
      expect(repo.revParse(`refs/tags/${expected.tag}^{commit}`)).toBe(commit);
      const revision = `${expected.tag}@sha1:${commit}`;
      expect([code, result]).toEqual([0, { constraint, tag: expected.tag, commit, revision }]);
      expect(err.some((l) => warning?.test(l))).toBe(warning !== undefined);
    } finally {
      repo.cleanup();
    }
  });
});
