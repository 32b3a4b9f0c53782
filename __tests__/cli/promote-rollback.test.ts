import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRepo, TestRepo } from '../helpers/git-repo';
import { CATALOGUE_FILE, pinIn, pinnedProject, promoteIn, snapshotOf } from './promote-project';

// The release flow of a real repository: the catalogue is committed once, releases are tagged on
// later commits that do not touch it, and prod is promoted and rolled back. Built once; after each
// test git puts the history, files and tags back.
jest.setTimeout(30_000);

// Committer times: T0 the project, T1 a fix (v1.2.3), T2 another fix (v1.2.4). HEAD is T2; tests
// add commits from T3 on.
const T0 = 1_767_225_600;
const [T1, T2, T3, T4] = [T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000];
const PROD_PAYLOAD = path.join('dist', 'prod', 'azure');
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const short = (commit: string) => commit.slice(0, 7);
const STAGING_PAYLOAD = path.join('dist', 'staging', 'azure');

let repo: TestRepo;
let commits: { project: string; v123: string; v124: string };
let tags: string[];

beforeAll(() => {
  const project = pinnedProject();
  repo = createRepo();
  fs.cpSync(project, repo.dir, { recursive: true, verbatimSymlinks: true });
  fs.rmSync(project, { recursive: true, force: true });
  const project_ = repo.commit('project', { date: T0 });
  const v123 = repo.commit('fix', { date: T1, files: { 'CHANGELOG.md': '1.2.3\n' } });
  repo.tag('v1.2.3', { annotated: true });
  const v124 = repo.commit('another fix', { date: T2, files: { 'CHANGELOG.md': '1.2.4\n' } });
  repo.tag('v1.2.4');
  commits = { project: project_, v123, v124 };
  tags = repo.git('tag').split('\n').filter((t) => t !== '');
});
afterAll(() => repo.cleanup());

afterEach(() => {
  repo.git('reset', '-q', '--hard', commits.v124);
  repo.git('clean', '-q', '-fd');
  for (const tag of repo.git('tag').split('\n')) if (tag !== '' && !tags.includes(tag)) repo.git('tag', '-d', tag);
  // the copy's catalogue module is loaded by promote; load it afresh for the next test
  jest.resetModules();
});

const promote = (...argv: string[]) => promoteIn(repo.dir, argv);

/** A release whose tree lacks staging's payload folder, as when staging was added after it. */
function releaseWithoutStaging(tag: string, date: number): string {
  fs.rmSync(path.join(repo.dir, STAGING_PAYLOAD), { recursive: true });
  const commit = repo.commit(`${tag} without staging`, { date });
  repo.tag(tag);
  return commit;
}

/**
 * v1.2.5, whose prod NSG rules have each reconcile policy, then v1.2.6, which drops those three
 * rules and moves the NSG to another file. Prod runs v1.2.5. Returns the commit of v1.2.6.
 */
function releaseDroppingRules(): string {
  const file = (name: string) => path.join(repo.dir, PROD_PAYLOAD, name);
  const setPolicy = (name: string, policy: string) =>
    fs.writeFileSync(file(name), fs.readFileSync(file(name), 'utf8').replace(/reconcile-policy: \S+/, `reconcile-policy: ${policy}`));
  setPolicy('networksecuritygroupssecurityrule-nsg-app-allow-https-inbound.yaml', 'detach-on-delete');
  setPolicy('networksecuritygroupssecurityrule-nsg-app-allow-lb-probes.yaml', 'skip');
  setPolicy('networksecuritygroupssecurityrule-nsg-app-deny-all-inbound.yaml', 'manage');
  repo.commit('one rule per policy', { date: T3 });
  repo.tag('v1.2.5');

  const dropped = ['allow-https-inbound', 'allow-lb-probes', 'deny-all-inbound'].map((r) => `networksecuritygroupssecurityrule-nsg-app-${r}.yaml`);
  for (const name of dropped) fs.rmSync(file(name));
  fs.renameSync(file('networksecuritygroup-nsg-app.yaml'), file('nsg-app.yaml'));
  const kustomization = fs.readFileSync(file('kustomization.yaml'), 'utf8').split('\n')
    .filter((l) => !dropped.some((name) => l.endsWith(name)))
    .map((l) => l.replace('networksecuritygroup-nsg-app.yaml', 'nsg-app.yaml'));
  fs.writeFileSync(file('kustomization.yaml'), kustomization.join('\n'));
  const commit = repo.commit('drop the app rules', { date: T4 });
  repo.tag('v1.2.6');

  const catalogue = path.join(repo.dir, CATALOGUE_FILE);
  fs.writeFileSync(catalogue, fs.readFileSync(catalogue, 'utf8').replace("semver: '1.2.3'", "semver: '1.2.5'"));
  return commit;
}

const DETACHED = [
  'warning: NetworkSecurityGroupsSecurityRule nsg-app-allow-https-inbound (azure-prod) leaves the payload but is detach-on-delete: ' +
    'the Azure resource stays (delete it in Azure, or set its policy to manage in a release before removing it)',
  'warning: NetworkSecurityGroupsSecurityRule nsg-app-allow-lb-probes (azure-prod) leaves the payload but is skip: ' +
    'the Azure resource stays (delete it in Azure, or set its policy to manage in a release before removing it)',
];

test('warns about objects that leave the payload but keep their Azure resource, and promotes anyway', () => {
  // GIVEN
  const release = releaseDroppingRules();

  // WHEN
  const { code, out, err } = promote('prod', '1.2.6');

  // THEN: the manage rule is deleted in Azure and the moved NSG stays, so neither is named
  expect(code).toBe(0);
  expect(out[0]).toBe(`prod: semver "1.2.5" -> "1.2.6" (tag v1.2.6, commit ${short(release)}); dev runs v1.2.6 now; staging runs v1.2.6 now`);
  expect(err).toStrictEqual(DETACHED);
  expect(pinIn(repo.dir, 'prod')).toBe("'1.2.6'");
});

test('--dry-run lists the objects that keep their Azure resource too', () => {
  // GIVEN
  releaseDroppingRules();
  const before = snapshotOf(repo.dir);

  // WHEN
  const { code, out, err } = promote('prod', '1.2.6', '--dry-run');

  // THEN
  expect(code).toBe(0);
  expect(err).toStrictEqual(DETACHED);
  expect(out[out.length - 1]).toBe('dry run: nothing was written');
  expect(snapshotOf(repo.dir)).toStrictEqual(before);
});

test('--allow-earlier accepts a rollback to the version staging ran before the promotion', () => {
  // GIVEN: prod promoted to v1.2.4 and merged; staging's range has never been edited, and no
  // commit of the catalogue existed while it selected v1.2.3
  expect(promote('prod', '1.2.4').code).toBe(0);
  repo.commit('promote prod to 1.2.4', { date: T3 });

  // WHEN
  const { code, out, err } = promote('prod', '1.2.3', '--allow-earlier');

  // THEN
  expect(err).toStrictEqual([]);
  expect(code).toBe(0);
  expect(out[0]).toBe(
    `prod: semver "1.2.4" -> "1.2.3" (tag v1.2.3, commit ${short(commits.v123)}); ` +
      `dev ran v1.2.3 from ${iso(T1)} (the time of v1.2.3's commit) with the semver "~1.2.0" of commit ${short(commits.project)}; ` +
      `staging ran v1.2.3 from ${iso(T1)} (the time of v1.2.3's commit) with the semver ">=1.0.0 <2.0.0" ` +
      `of commit ${short(commits.project)}`,
  );
  expect(pinIn(repo.dir, 'prod')).toBe("'1.2.3'");
});

test('--allow-earlier counts a range only until the next commit of the catalogue', () => {
  // GIVEN: staging narrowed to 1.2.x before v1.3.0 was tagged (its earlier range would have taken
  // it), while dev moved on to 1.3.x
  const file = path.join(repo.dir, CATALOGUE_FILE);
  const source = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, source.replace("semver: '>=1.0.0 <2.0.0'", "semver: '>=1.2.0 <1.3.0'").replace("semver: '~1.2.0'", "semver: '~1.3.0'"));
  repo.commit('dev moves to 1.3.x, staging stays on 1.2.x', { date: T3 });
  repo.commit('feature', { date: T4, files: { 'CHANGELOG.md': '1.3.0\n' } });
  repo.tag('v1.3.0');
  const before = snapshotOf(repo.dir);

  // WHEN
  const { code, out, err } = promote('prod', '1.3.0', '--allow-earlier');

  // THEN
  expect(code).toBe(1);
  expect(out).toStrictEqual([]);
  expect(err).toStrictEqual([
    'refused: promote prod to 1.3.0: staging runs v1.2.4 and never selected v1.3.0 in the history of lib/environments.ts on HEAD',
  ]);
  expect(snapshotOf(repo.dir)).toStrictEqual(before);
});

test('fails when the lower environment selects the version but its payload folder is missing there', () => {
  // GIVEN
  const release = releaseWithoutStaging('v1.2.5', T3);
  const before = snapshotOf(repo.dir);

  // WHEN
  const { code, out, err } = promote('prod', '1.2.5');

  // THEN
  expect(code).toBe(1);
  expect(out).toStrictEqual([]);
  expect(err).toStrictEqual([
    `refused: promote prod to 1.2.5: staging selects v1.2.5 but does not run it: dist/staging/azure does not exist at v1.2.5 ` +
      `(commit ${short(release)}), so Flux fails with "path not found"`,
  ]);
  expect(snapshotOf(repo.dir)).toStrictEqual(before);
});

test('--allow-earlier fails when the lower environment selected the version but its payload folder was missing there', () => {
  // GIVEN: staging selected v1.2.5 until v1.2.6 appeared, and failed on it all that time
  const release = releaseWithoutStaging('v1.2.5', T3);
  repo.git('checkout', commits.v124, '--', STAGING_PAYLOAD);
  repo.commit('staging is back', { date: T4 });
  repo.tag('v1.2.6');
  const before = snapshotOf(repo.dir);

  // WHEN
  const { code, out, err } = promote('prod', '1.2.5', '--allow-earlier');

  // THEN
  expect(code).toBe(1);
  expect(out).toStrictEqual([]);
  expect(err).toStrictEqual([
    `refused: promote prod to 1.2.5: staging selected v1.2.5 from ${iso(T3)} (the time of v1.2.5's commit) with the semver ` +
      `">=1.0.0 <2.0.0" of commit ${short(commits.project)} but never ran it: dist/staging/azure does not exist at v1.2.5 ` +
      `(commit ${short(release)}), so Flux fails with "path not found"`,
  ]);
  expect(snapshotOf(repo.dir)).toStrictEqual(before);
});
