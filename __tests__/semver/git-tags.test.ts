/**
 * Reading tags from real repositories: peeling, committer dates, hash formats and the errors a
 * user sees when the folder is wrong.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitError, hashAlgorithm, readTags, revision } from '../../lib/git/tags';
import { TestRepo, createRepo } from '../helpers/git-repo';

const T0 = 1_700_000_000;
let repo: TestRepo;

afterEach(() => repo?.cleanup());

test('lightweight and annotated tags peel to the commit and carry its committer date', () => {
  repo = createRepo();
  const first = repo.commit('first', { date: T0, authorDate: T0 - 50_000 });
  const second = repo.commit('second', { date: T0 + 100, authorDate: T0 + 90_000 });
  repo.tag('v1.0.0', { commit: first });
  // the tag object is made a day after the commit; Flux still uses the commit's date
  repo.tag('v1.1.0', { annotated: true, commit: second, date: T0 + 86_400 });

  expect(readTags(repo.dir)).toEqual([
    { name: 'v1.0.0', commit: first, committerTime: T0, annotated: false },
    { name: 'v1.1.0', commit: second, committerTime: T0 + 100, annotated: true },
  ]);
  expect(repo.revParse('v1.1.0')).not.toBe(second); // the tag object has a hash of its own
});

test('a nested annotated tag peels through both tag objects', () => {
  repo = createRepo();
  const commit = repo.commit('only', { date: T0 });
  repo.tag('inner', { annotated: true });
  repo.tag('v2.0.0', { annotated: true, commit: 'inner' });

  expect(readTags(repo.dir).find((t) => t.name === 'v2.0.0')).toEqual({
    name: 'v2.0.0',
    commit,
    committerTime: T0,
    annotated: true,
  });
});

test('every refs/tags name is read as it is, including the ones Flux will skip', () => {
  repo = createRepo();
  repo.commit('c', { date: T0 });
  const names = ['V1.3.0', 'release-1.4.0', 'release/v1.2.3', 'v1.0', 'v1.2.3+build.1', 'v1.2.3.4', 'v2025.07.03'];
  names.forEach((name, i) => repo.tag(name, { annotated: i % 2 === 0 }));

  expect(readTags(repo.dir).map((t) => t.name).sort()).toEqual([...names].sort());
});

test('an annotated tag made later than a lightweight one on an older commit does not win a tie', () => {
  repo = createRepo();
  const older = repo.commit('older', { date: T0 });
  const newer = repo.commit('newer', { date: T0 + 60 });
  repo.tag('1.2.3', { commit: newer });
  repo.tag('v1.2.3', { annotated: true, commit: older, date: T0 + 999_999 });

  const byName = Object.fromEntries(readTags(repo.dir).map((t) => [t.name, t.committerTime]));
  expect(byName).toEqual({ '1.2.3': T0 + 60, 'v1.2.3': T0 });
});

test('a repository without tags has none', () => {
  repo = createRepo();
  repo.commit('c', { date: T0 });
  expect(readTags(repo.dir)).toEqual([]);
});

test('a tag on a tree fails the read, as it fails Flux\'s reconcile', () => {
  repo = createRepo();
  repo.commit('c', { date: T0, files: { 'a.txt': 'a' } });
  repo.tag('v1.0.0-tree', { commit: 'HEAD^{tree}' });
  expect(() => readTags(repo.dir)).toThrow('tag "v1.0.0-tree" does not point to a commit');
});

test('the number of git processes does not grow with the number of tags', () => {
  const spawned = (tagCount: number): number => {
    repo?.cleanup();
    repo = createRepo();
    for (let i = 0; i < tagCount; i++) {
      repo.commit(`c${i}`, { date: T0 + i });
      repo.tag(`v1.0.${i}`, { annotated: i % 2 === 0 });
    }
    // the module object itself (an `import * as` copy would not see the reader's calls)
    const spy = jest.spyOn(require('node:child_process') as typeof import('node:child_process'), 'execFileSync');
    try {
      expect(readTags(repo.dir)).toHaveLength(tagCount);
      return spy.mock.calls.filter(([file]) => file === 'git').length;
    } finally {
      spy.mockRestore();
    }
  };
  const few = spawned(2);
  expect(spawned(25)).toBe(few);
  expect(few).toBe(4); // rev-parse, for-each-ref, cat-file, log
});

describe('hash algorithm and revision', () => {
  test('a sha1 repository gives Flux\'s sha1 revision', () => {
    repo = createRepo();
    const commit = repo.commit('c', { date: T0 });
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(hashAlgorithm(repo.dir)).toBe('sha1');
    expect(revision('v1.2.3', commit, 'sha1')).toBe(`v1.2.3@sha1:${commit}`);
  });

  test('a sha256 repository has 64-hex commits and a sha256 revision', () => {
    repo = createRepo({ objectFormat: 'sha256' });
    const commit = repo.commit('c', { date: T0 });
    repo.tag('v1.2.3', { annotated: true });
    expect(commit).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAlgorithm(repo.dir)).toBe('sha256');
    expect(readTags(repo.dir)).toEqual([{ name: 'v1.2.3', commit, committerTime: T0, annotated: true }]);
  });
});

describe('a folder that is not a repository', () => {
  test('fails with the folder named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-repo-'));
    try {
      expect(() => readTags(dir)).toThrow(GitError);
      expect(() => readTags(dir)).toThrow(`"${dir}" is not a git repository`);
      expect(() => hashAlgorithm(dir)).toThrow(`"${dir}" is not a git repository`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails when the folder does not exist', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'semver-missing-'));
    const dir = path.join(parent, 'missing');
    try {
      expect(() => readTags(dir)).toThrow(`repository folder "${dir}" does not exist`);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
