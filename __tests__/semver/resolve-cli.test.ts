/**
 * `npm run resolve` as a user meets it: human output, warnings, exit codes and JSON shapes.
 * Which tag is picked is covered scenario by scenario in scenarios.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processIO } from '../../lib/cli/io';
import { runResolve } from '../../lib/cli/resolve';
import { TestRepo, createRepo } from '../helpers/git-repo';

const T0 = 1_700_000_000;

function capture(argv: string[], { cwd = process.cwd(), color = false } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runResolve(argv, { out: (l) => out.push(l), err: (l) => err.push(l), cwd, color });
  return { code, out, err };
}

describe('human output', () => {
  let repo: TestRepo;
  afterEach(() => repo?.cleanup());

  test('reads the current directory\'s repository when neither --repo nor --tags is given', () => {
    repo = createRepo();
    repo.commit('one', { date: T0 });
    repo.tag('v1.0.0');
    const commit = repo.commit('two', { date: T0 + 60 });
    repo.tag('v1.1.0', { annotated: true });

    expect(capture(['>=1.0.0'], { cwd: repo.dir })).toEqual({
      code: 0,
      out: [
        'constraint  >=1.0.0',
        'tag         v1.1.0',
        `commit      ${commit}`,
        `revision    v1.1.0@sha1:${commit}`,
      ],
      err: [],
    });
  });

  test('a relative --repo resolves from where npm was run (INIT_CWD), not from the package root', () => {
    // GIVEN: `npm run resolve -- ">=1.0.0" --repo ..` typed in a subfolder of the repository
    repo = createRepo();
    const commit = repo.commit('one', { date: T0, files: { 'sub/README.md': 'sub\n' } });
    repo.tag('v1.0.0');
    const saved = process.env.INIT_CWD;
    process.env.INIT_CWD = path.join(repo.dir, 'sub');
    try {
      // WHEN
      const out: string[] = [];
      const err: string[] = [];
      const code = runResolve(['>=1.0.0', '--repo', '..'], { ...processIO(), out: (l) => out.push(l), err: (l) => err.push(l), color: false });

      // THEN
      expect({ code, out, err }).toEqual({
        code: 0,
        out: ['constraint  >=1.0.0', 'tag         v1.0.0', `commit      ${commit}`, `revision    v1.0.0@sha1:${commit}`],
        err: [],
      });
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
  });

  test('a what-if list prints the tag only', () => {
    expect(capture(['^1.0.0', '--tags', 'v1.0.0, v1.4.2 ,v2.0.0'])).toEqual({
      code: 0,
      out: ['constraint  ^1.0.0', 'tag         v1.4.2'],
      err: [],
    });
  });

  test('two equal tags on the same commit are reported as a tie, in the words plan uses', () => {
    repo = createRepo();
    const commit = repo.commit('release', { date: T0 });
    repo.tag('v1.2.3');
    repo.tag('1.2.3', { annotated: true, date: T0 + 500 });

    const { code, out, err } = capture(['>=1.0.0', '--repo', repo.dir]);
    expect(code).toBe(0);
    const tag = out[1].replace(/^tag +/, '');
    expect(['v1.2.3', '1.2.3']).toContain(tag);
    expect(out[2]).toBe(`commit      ${commit}`);
    const other = tag === 'v1.2.3' ? '1.2.3' : 'v1.2.3';
    expect(err).toEqual([
      `warning: ${tag} ties with ${other}: equal precedence and the same commit time, so Flux picks one of them at random ` +
        'on each reconcile and the reported revision flips between the names; delete all but one',
    ]);
  });

  test('an equal tag on an older commit is explained in a note', () => {
    const { code, err } = capture(['>=1.0.0', '--tags', 'v1.2.3+build.2,v1.2.3+build.1']);
    expect(code).toBe(0);
    expect(err).toEqual([
      'note: v1.2.3+build.2 ranks equal to v1.2.3+build.1; Flux picks v1.2.3+build.1 because its commit is newer',
    ]);
  });

  test('undotted prerelease counters are warned about on stderr', () => {
    const { out, err } = capture(['>=0.0.1-0', '--tags', 'v1.0.1-rc9,v1.0.1-rc10']);
    expect(out[1]).toBe('tag         v1.0.1-rc9');
    const advice = /^warning: v1\.0\.1-rc9 ranks above v1\.0\.1-rc10: .* use dotted counters such as -rc\.9 and -rc\.10/;
    expect(err).toEqual([expect.stringMatching(advice)]);
  });

  test('undotted prerelease counters among tags the range never admits are not warned about', () => {
    expect(capture(['>=1.0.0', '--tags', 'v1.0.0,v1.0.1-rc9,v1.0.1-rc10'])).toEqual({
      code: 0,
      out: ['constraint  >=1.0.0', 'tag         v1.0.0'],
      err: [],
    });
  });

  test('colour is used only when asked for', () => {
    expect(capture(['1.x', '--tags', 'v1.0.0'], { color: true }).out[1]).toContain('\u001b[');
    expect(capture(['1.x', '--tags', 'v1.0.0', '--json'], { color: true }).out).toEqual([
      '{"constraint":"1.x","tag":"v1.0.0","commit":null,"revision":null}',
    ]);
  });
});

describe('failures use Flux\'s words', () => {
  test('no match', () => {
    expect(capture(['>=9.0.0', '--tags', 'v1.0.0'])).toEqual({
      code: 1,
      out: [],
      err: ['error: no match found for semver: >=9.0.0'],
    });
  });

  test('an invalid constraint is reported before the repository is read, as Flux parses before cloning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-repo-'));
    try {
      expect(capture(['foo', '--repo', dir])).toEqual({
        code: 1,
        out: [],
        err: ['error: semver parse error: improper constraint: "foo"'],
      });
      expect(capture(['>=1.0.0', '--repo', dir, '--json'])).toEqual({
        code: 1,
        out: [
          JSON.stringify({
            constraint: '>=1.0.0',
            error: `"${dir}" is not a git repository (expected a folder inside a git work tree)`,
          }),
        ],
        err: [],
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('a relative --repo that is no repository is named as given and as resolved', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-repo-'));
  try {
    expect(capture(['>=1.0.0', '--repo', 'nope'], { cwd: base })).toEqual({
      code: 1,
      out: [],
      err: [`error: repository folder "${path.join(base, 'nope')}" does not exist; --repo "nope" was resolved from ${base}`],
    });
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

describe('command-line mistakes exit with 2', () => {
  test.each([
    [['>=1.0.0', '--repo', '.', '--tags', 'v1.0.0'], /--repo and --tags exclude each other/],
    [[], /expected exactly one constraint, got 0/],
    [['>=1.0.0', '<2.0.0'], /expected exactly one constraint, got 2/],
    [['>=1.0.0', '--bogus'], /invalid arguments: Unknown option '--bogus'/],
    [['>=1.0.0', '--tags', 'v1.0.0,v1.0.0'], /tag "v1.0.0" is listed twice in --tags/],
  ])('%j', (argv, message) => {
    const { code, out, err } = capture(argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([expect.stringMatching(message), expect.stringMatching(/^usage: npm run resolve -- /)]);
  });

  test('with --json the mistake is still one JSON object', () => {
    const { code, out, err } = capture(['--json']);
    expect(code).toBe(2);
    expect(err).toEqual([]);
    expect(JSON.parse(out[0])).toEqual({
      constraint: null,
      error: 'expected exactly one constraint, got 0 (quote it, e.g. ">=1.0.0 <2.0.0")',
    });
  });

  test('--help prints the usage and succeeds', () => {
    expect(capture(['--help'])).toEqual({ code: 0, out: [expect.stringMatching(/^usage: /)], err: [] });
  });
});
