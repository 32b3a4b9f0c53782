import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Catalogue } from '../../lib/catalogue';
import { processIO } from '../../lib/cli/io';
import { EnvironmentPlan, PlanIO, runPlan } from '../../lib/cli/plan';
import { CATALOGUE, ENVIRONMENTS } from '../../lib/environments';
import { smallEnvironment } from '../helpers/catalogue';
import { createRepo, TestRepo } from '../helpers/git-repo';

// Committer times of the history below; Flux compares these, never author or tagger dates.
const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const yaml = (text: string) => `# ${text}\n`;

let repo: TestRepo;

/** The project's environments with other `semver` strings, so promotions of the real catalogue cannot break these tests. */
function catalogue(pins: Record<string, string>): Catalogue {
  return { ...CATALOGUE, environments: ENVIRONMENTS.map((e) => ({ ...e, semver: pins[e.name] ?? e.semver })) };
}

function run(argv: string[], pins: Record<string, string>, options: { color?: boolean; cwd?: string; catalogue?: Catalogue } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: PlanIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    cwd: options.cwd ?? repo.dir,
    color: options.color ?? false,
    catalogue: options.catalogue ?? catalogue(pins),
  };
  const code = runPlan(argv, io);
  return { code, out, err };
}

function json(argv: string[], pins: Record<string, string>, cwd?: string): { code: number; plans: EnvironmentPlan[] } {
  const { code, out } = run([...argv, '--json'], pins, { cwd });
  return { code, plans: JSON.parse(out.join('\n')).environments };
}

const byName = (plans: EnvironmentPlan[], name: string) => plans.find((p) => p.name === name)!;

/**
 * c0 README only (v1.0.0, v1.0) → c1 dev and staging payloads (v1.2.3 annotated, V1.3.0) → c2 prod
 * payload, dev changed (v1.2.4, release-1.4.0, v1.2.3.4) → c3 dev changed (v2025.07.03 annotated)
 * → c4 dev changed → c5 staging changed. HEAD is c5.
 */
function history(r: TestRepo) {
  const c0 = r.commit('readme', { date: T, files: { 'README.md': 'infra\n' } });
  r.tag('v1.0.0');
  r.tag('v1.0');
  const c1 = r.commit('dev and staging', {
    date: T + 100,
    files: { 'dist/dev/azure/rg.yaml': yaml('dev 1'), 'dist/staging/azure/rg.yaml': yaml('staging 1') },
  });
  r.tag('v1.2.3', { annotated: true, date: T + 9000 });
  r.tag('V1.3.0');
  const c2 = r.commit('prod', {
    date: T + 200,
    files: { 'dist/prod/azure/rg.yaml': yaml('prod 1'), 'dist/dev/azure/rg.yaml': yaml('dev 2') },
  });
  r.tag('v1.2.4');
  r.tag('release-1.4.0');
  r.tag('v1.2.3.4');
  const c3 = r.commit('dev 3', { date: T + 300, files: { 'dist/dev/azure/rg.yaml': yaml('dev 3') } });
  r.tag('v2025.07.03', { annotated: true });
  r.commit('dev 4', { date: T + 400, files: { 'dist/dev/azure/vnet.yaml': yaml('dev 4') } });
  r.commit('staging 2', { date: T + 500, files: { 'dist/staging/azure/rg.yaml': yaml('staging 2'), 'README.md': 'more\n' } });
  return { c0, c1, c2, c3 };
}

describe('with tags and commits in a real repository', () => {
  // read-only for every test here, so built once
  let commits: ReturnType<typeof history>;
  beforeAll(() => {
    repo = createRepo();
    commits = history(repo);
  });
  afterAll(() => repo.cleanup());

  test('resolves every environment to the tag, commit and revision Flux would report', () => {
    // WHEN
    const { code, plans } = json(['--repo', repo.dir], { dev: '~1.2.0', staging: '>=1.0.0 <2.0.0', prod: '1.2.4' });

    // THEN
    expect(code).toBe(0);
    expect(plans).toStrictEqual([
      {
        name: 'dev', constraint: '~1.2.0', tag: 'v1.2.4', commit: commits.c2, revision: `v1.2.4@sha1:${commits.c2}`,
        path: 'dist/dev/azure', pathExists: true, unreleasedCommits: 2, warnings: [], error: null,
      },
      {
        name: 'staging', constraint: '>=1.0.0 <2.0.0', tag: 'v1.2.4', commit: commits.c2, revision: `v1.2.4@sha1:${commits.c2}`,
        path: 'dist/staging/azure', pathExists: true, unreleasedCommits: 1, warnings: [], error: null,
      },
      {
        name: 'prod', constraint: '1.2.4', tag: 'v1.2.4', commit: commits.c2, revision: `v1.2.4@sha1:${commits.c2}`,
        path: 'dist/prod/azure', pathExists: true, unreleasedCommits: 0, warnings: [], error: null,
      },
    ]);
    expect(commits.c2).toBe(repo.revParse('v1.2.4'));
  });

  test('an annotated tag resolves to its commit, not to the tag object', () => {
    const { plans } = json(['--repo', repo.dir], { staging: '>=1.2.0 <1.2.4' });

    const staging = byName(plans, 'staging');
    expect(staging.tag).toBe('v1.2.3');
    expect(staging.commit).toBe(repo.revParse('v1.2.3^{commit}'));
    expect(staging.commit).not.toBe(repo.revParse('v1.2.3'));
    expect(staging.revision).toBe(`v1.2.3@sha1:${commits.c1}`);
  });

  test('tags Flux cannot parse are never selected, and leading zeros are coerced', () => {
    // v1.0, V1.3.0, release-1.4.0 and v1.2.3.4 would all win if they counted
    const { plans } = json(['--repo', repo.dir], { dev: '>=1.0.0 <1.1.0', staging: '>=1.2.4 <2.0.0', prod: '>=2025.7.3' });

    expect(byName(plans, 'dev').tag).toBe('v1.0.0');
    expect(byName(plans, 'staging').tag).toBe('v1.2.4');
    expect(byName(plans, 'prod').tag).toBe('v2025.07.03');
    expect(byName(plans, 'prod').commit).toBe(commits.c3);
  });

  test('fails when an environment is pinned to a tag made before its folder existed', () => {
    // WHEN: prod's payload arrived in c2, but v1.2.3 is c1
    const { code, plans } = json(['--repo', repo.dir], { prod: '1.2.3' });

    // THEN
    expect(code).toBe(1);
    const prod = byName(plans, 'prod');
    expect(prod).toMatchObject({ tag: 'v1.2.3', commit: commits.c1, pathExists: false, unreleasedCommits: 1 });
    expect(prod.error).toBe(
      `dist/prod/azure does not exist at v1.2.3 (commit ${commits.c1.slice(0, 7)}): Flux fails with "path not found"; ` +
        'tag a commit that contains it, or promote this environment to a later tag',
    );
  });

  test('fails with Flux\'s own message when a range selects nothing or does not parse', () => {
    const { code, plans } = json(['--repo', repo.dir], { dev: '~1.2.0', staging: '>=3.0.0 <4.0.0', prod: 'latest' });

    expect(code).toBe(1);
    expect(byName(plans, 'dev').error).toBeNull();
    expect(byName(plans, 'staging')).toMatchObject({
      tag: null, commit: null, revision: null, pathExists: null, unreleasedCommits: null, error: 'no match found for semver: >=3.0.0 <4.0.0',
    });
    expect(byName(plans, 'prod').error).toBe('semver parse error: improper constraint: "latest"');
  });

  test('warns when production follows a range instead of a pin', () => {
    const { code, plans } = json(['--repo', repo.dir], { prod: '>=1.2.4 <2.0.0' });

    expect(code).toBe(0);
    expect(byName(plans, 'prod').warnings).toStrictEqual([
      'production follows the range ">=1.2.4 <2.0.0" instead of a pin: any matching tag goes live without a promotion',
    ]);
    expect(byName(plans, 'staging').warnings).toStrictEqual([]);
  });

  test('prints an aligned table with warnings and errors below it, without colour when told so', () => {
    const { code, out, err } = run(['--repo', repo.dir], { dev: '~1.2.0', staging: '>=1.0.0 <2.0.0', prod: '1.2.3' });

    const short = (c: string) => c.slice(0, 7);
    expect(code).toBe(1);
    expect(err).toStrictEqual([]);
    expect(out).toStrictEqual([
      'env      range           tag     commit   path ok  unreleased',
      `dev      ~1.2.0          v1.2.4  ${short(commits.c2)}  yes      2`,
      `staging  >=1.0.0 <2.0.0  v1.2.4  ${short(commits.c2)}  yes      1`,
      `prod     1.2.3           v1.2.3  ${short(commits.c1)}  no       1`,
      `error: prod: dist/prod/azure does not exist at v1.2.3 (commit ${short(commits.c1)}): Flux fails with "path not found"; ` +
        'tag a commit that contains it, or promote this environment to a later tag',
    ]);
  });

  test('warns on an environment that runs a higher version than one earlier in the promotion order', () => {
    // WHEN: staging's range and prod's pin are ahead of dev, which stays on v1.2.3
    const pins = { dev: '>=1.2.0 <1.2.4', staging: '~1.2.0', prod: '1.2.4' };
    const { code, out } = run(['--repo', repo.dir], pins);
    const { plans } = json(['--repo', repo.dir], pins);

    // THEN: a warning, not a failure; prod names the first environment it is ahead of
    const short = (c: string) => c.slice(0, 7);
    expect(code).toBe(0);
    expect(out).toStrictEqual([
      'env      range           tag     commit   path ok  unreleased',
      `dev      >=1.2.0 <1.2.4  v1.2.3  ${short(commits.c1)}  yes      3`,
      `staging  ~1.2.0          v1.2.4  ${short(commits.c2)}  yes      1`,
      `prod     1.2.4           v1.2.4  ${short(commits.c2)}  yes      0`,
      'warning: staging: runs v1.2.4, which dev (earlier in the promotion order) does not run (dev runs v1.2.3)',
      'warning: prod: runs v1.2.4, which dev (earlier in the promotion order) does not run (dev runs v1.2.3)',
    ]);
    expect(plans.map((p) => p.warnings)).toStrictEqual([
      [],
      ['runs v1.2.4, which dev (earlier in the promotion order) does not run (dev runs v1.2.3)'],
      ['runs v1.2.4, which dev (earlier in the promotion order) does not run (dev runs v1.2.3)'],
    ]);
  });

  test('lists environments in PROMOTION_ORDER, then those missing from it with a warning', () => {
    // GIVEN: the catalogue lists them in another order, and qa is in no order at all
    const pinned = catalogue({ dev: '~1.2.0', staging: '>=1.0.0 <2.0.0', prod: '1.2.4' });
    const qa = { ...smallEnvironment('qa', 50), semver: '~1.2.0' };
    const shuffled: Catalogue = { ...pinned, environments: [qa, ...[...pinned.environments].reverse()] };
    expect(shuffled.promotionOrder).toStrictEqual(['dev', 'staging', 'prod']);

    // WHEN
    const { out } = run(['--repo', repo.dir], {}, { catalogue: shuffled });
    const plans: EnvironmentPlan[] = JSON.parse(run(['--repo', repo.dir, '--json'], {}, { catalogue: shuffled }).out.join('\n')).environments;

    // THEN
    expect(out.slice(1, 5).map((row) => row.split(' ')[0])).toStrictEqual(['dev', 'staging', 'prod', 'qa']);
    expect(out).toContain('warning: qa: not in PROMOTION_ORDER; promote cannot move it');
    expect(plans.map((p) => p.name)).toStrictEqual(['dev', 'staging', 'prod', 'qa']);
    expect(byName(plans, 'qa').warnings).toStrictEqual(['not in PROMOTION_ORDER; promote cannot move it']);
    expect(byName(plans, 'dev').warnings).toStrictEqual([]);
  });

  test('colours the table only when asked to', () => {
    const pins = { prod: '1.2.3' };
    const ansi = /\u001b\[/;

    expect(run(['--repo', repo.dir], pins, { color: true }).out.join('\n')).toMatch(ansi);
    expect(run(['--repo', repo.dir], pins, { color: false }).out.join('\n')).not.toMatch(ansi);
  });

  test('reads the repository of the working folder when --repo is not given', () => {
    const pins = { prod: '1.2.4' };

    const fromSubfolder = json([], pins, path.join(repo.dir, 'dist', 'dev'));
    const viaFlag = json(['--repo', repo.dir], pins, os.tmpdir());

    expect(fromSubfolder.code).toBe(0);
    expect(fromSubfolder.plans[0].commit).toBe(commits.c2);
    expect(fromSubfolder).toStrictEqual(viaFlag);
  });

  test('a relative --repo resolves from where npm was run (INIT_CWD), not from the package root', () => {
    // GIVEN: `npm run plan -- --repo ../.. --json` typed in dist/dev of the repository
    const saved = process.env.INIT_CWD;
    process.env.INIT_CWD = path.join(repo.dir, 'dist', 'dev');
    try {
      // WHEN
      const out: string[] = [];
      const io: PlanIO = { ...processIO(), out: (l) => out.push(l), err: () => {}, color: false, catalogue: catalogue({ prod: '1.2.4' }) };
      const code = runPlan(['--repo', '../..', '--json'], io);

      // THEN
      expect(code).toBe(0);
      expect(JSON.parse(out.join('\n')).environments.map((p: EnvironmentPlan) => p.commit)).toStrictEqual([commits.c2, commits.c2, commits.c2]);
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
  });

  test('fails naming a relative --repo both as given and as resolved', () => {
    const { code, out, err } = run(['--repo', '../nope'], {}, { cwd: path.join(repo.dir, 'dist') });

    expect(code).toBe(1);
    expect(out).toStrictEqual([]);
    expect(err).toStrictEqual([
      `error: repository folder "${path.join(repo.dir, 'nope')}" does not exist; --repo "../nope" was resolved from ${path.join(repo.dir, 'dist')}`,
    ]);
  });
});

describe('with a repository of its own', () => {
  afterEach(() => repo.cleanup());

  test('warns about equal versions on one commit, which make the reported revision flip', () => {
    // GIVEN
    repo = createRepo();
    const c = repo.commit('all', {
      date: T,
      files: { 'dist/dev/azure/a.yaml': yaml('a'), 'dist/staging/azure/a.yaml': yaml('a'), 'dist/prod/azure/a.yaml': yaml('a') },
    });
    repo.tag('v1.2.3');
    repo.tag('v1.2.3+build.1', { annotated: true });

    // WHEN
    const { code, plans } = json(['--repo', repo.dir], { dev: '~1.2.0', staging: '~1.2.0', prod: '1.2.3' });

    // THEN: a warning, not a failure; the commit is the same whichever name Flux reports
    expect(code).toBe(0);
    const prod = byName(plans, 'prod');
    expect(prod.commit).toBe(c);
    expect(['v1.2.3', 'v1.2.3+build.1']).toContain(prod.tag);
    const other = prod.tag === 'v1.2.3' ? 'v1.2.3+build.1' : 'v1.2.3';
    expect(prod.warnings).toStrictEqual([
      `${prod.tag} ties with ${other}: equal precedence and the same commit time, so Flux picks one of them at random ` +
        'on each reconcile and the reported revision flips between the names; delete all but one',
    ]);
  });

  test('equal versions on commits of different times are no tie: the newer commit wins', () => {
    repo = createRepo();
    const files = { 'dist/dev/azure/a.yaml': yaml('a'), 'dist/staging/azure/a.yaml': yaml('a'), 'dist/prod/azure/a.yaml': yaml('a') };
    repo.commit('first', { date: T + 50, files });
    repo.tag('v1.2.3+build.2');
    const newer = repo.commit('second', { date: T + 60 });
    repo.tag('v1.2.3+build.1');

    const prod = byName(json(['--repo', repo.dir], { prod: '1.2.3' }).plans, 'prod');

    expect(prod).toMatchObject({ tag: 'v1.2.3+build.1', commit: newer, warnings: [] });
  });

  test('warns about undotted prerelease counters only for environments whose range admits them', () => {
    // GIVEN
    repo = createRepo();
    const files = { 'dist/dev/azure/a.yaml': yaml('a'), 'dist/staging/azure/a.yaml': yaml('a'), 'dist/prod/azure/a.yaml': yaml('a') };
    repo.commit('ga', { date: T, files });
    repo.tag('v1.2.3');
    repo.commit('rc9', { date: T + 10 });
    repo.tag('v1.3.0-rc9');
    repo.commit('rc10', { date: T + 20 });
    repo.tag('v1.3.0-rc10');

    // WHEN
    const { plans } = json(['--repo', repo.dir], { dev: '>=1.2.0-0 <2.0.0-0', staging: '>=1.0.0 <2.0.0', prod: '1.2.3' });

    // THEN
    const dev = byName(plans, 'dev');
    expect(dev.tag).toBe('v1.3.0-rc9');
    expect(dev.warnings).toHaveLength(1);
    expect(dev.warnings[0]).toMatch(/^v1\.3\.0-rc9 ranks above v1\.3\.0-rc10: /);
    expect(byName(plans, 'staging')).toMatchObject({ tag: 'v1.2.3', warnings: [] });
  });

  test('prints the revision with sha256 in a SHA-256 repository', () => {
    repo = createRepo({ objectFormat: 'sha256' });
    const c = repo.commit('all', {
      date: T,
      files: { 'dist/dev/azure/a.yaml': yaml('a'), 'dist/staging/azure/a.yaml': yaml('a'), 'dist/prod/azure/a.yaml': yaml('a') },
    });
    repo.tag('v1.2.3');

    const prod = byName(json(['--repo', repo.dir], { prod: '1.2.3' }).plans, 'prod');

    expect(c).toHaveLength(64);
    expect(prod.revision).toBe(`v1.2.3@sha256:${c}`);
  });

});

test('fails with exit code 1 and the same JSON shape when the folder is not a repository', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-repo-'));
  try {
    const out: string[] = [];
    const code = runPlan(['--repo', folder, '--json'], { out: (l) => out.push(l), err: () => {}, cwd: folder, color: false });

    expect(code).toBe(1);
    const plans: EnvironmentPlan[] = JSON.parse(out.join('\n')).environments;
    expect(plans.map((p) => p.name)).toStrictEqual(CATALOGUE.environments.map((e) => e.name));
    expect(plans[0]).toStrictEqual({
      name: plans[0].name, constraint: CATALOGUE.environments[0].semver, tag: null, commit: null, revision: null,
      path: `dist/${plans[0].name}/azure`, pathExists: null, unreleasedCommits: null, warnings: [],
      error: `"${folder}" is not a git repository (expected a folder inside a git work tree)`,
    });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('fails with exit code 2 on an unknown option', () => {
  const err: string[] = [];
  const code = runPlan(['--bogus'], { out: () => {}, err: (l) => err.push(l), cwd: os.tmpdir(), color: false });

  expect(code).toBe(2);
  expect(err[0]).toMatch(/^error: invalid arguments: Unknown option '--bogus'/);
  expect(err[1]).toBe('usage: npm run plan [-- --repo DIR] [--json]');
});
