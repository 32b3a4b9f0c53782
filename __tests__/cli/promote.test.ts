import * as fs from 'node:fs';
import * as path from 'node:path';
import { runPromote } from '../../lib/cli/promote';
import { createRepo, TestRepo } from '../helpers/git-repo';
import { CATALOGUE_FILE, pinIn, pinnedProject, promoteIn, snapshotOf } from './promote-project';

// Tests promote inside a temporary copy of the project that is its own git repository. The copy
// is built once; after each test git puts its files and tags back.
jest.setTimeout(30_000);

const PROD_GITREPOSITORY = path.join('dist', 'prod', 'bootstrap', 'gitrepository-infra-prod.yaml');

// Committer times: T0 README (v0.9.0), T1 the project (v1.2.3), T2 a fix (v1.2.4), T3 a review
// of lib/environments.ts, T4 a feature (v1.3.0 and tags Flux ignores). HEAD is T4: dev's ~1.2.0
// runs v1.2.4 while staging's range runs v1.3.0. Tests add commits from T5 on.
const T0 = 1_767_225_600;
const [T1, T2, T3, T4, T5] = [T0 + 1000, T0 + 2000, T0 + 2500, T0 + 3000, T0 + 4000];

let repo: TestRepo;
let commits: { project: string; fix: string; review: string; feature: string };
let tags: string[];

beforeAll(() => {
  const project = pinnedProject();
  repo = createRepo();
  repo.commit('readme', { date: T0, files: { 'README.md': 'infra\n' } });
  repo.tag('v0.9.0');
  fs.cpSync(project, repo.dir, { recursive: true, verbatimSymlinks: true });
  fs.rmSync(project, { recursive: true, force: true });
  const project_ = repo.commit('project', { date: T1 });
  repo.tag('v1.2.3', { annotated: true });
  const fix = repo.commit('fix', { date: T2, files: { 'CHANGELOG.md': '1.2.4\n' } });
  repo.tag('v1.2.4');
  fs.appendFileSync(path.join(repo.dir, CATALOGUE_FILE), '// reviewed\n');
  const review = repo.commit('review the catalogue', { date: T3 });
  const feature = repo.commit('feature', { date: T4, files: { 'CHANGELOG.md': '1.3.0\n' } });
  repo.tag('v1.3.0', { annotated: true });
  for (const ignored of ['V1.4.0', 'release-1.4.0', 'v1.4', 'v1.2.3.4', 'v2025.07.03']) repo.tag(ignored);
  commits = { project: project_, fix, review, feature };
  tags = repo.git('tag').split('\n').filter((t) => t !== '');
});
afterAll(() => repo.cleanup());

afterEach(() => {
  repo.git('reset', '-q', '--hard', commits.feature);
  repo.git('clean', '-q', '-fd');
  for (const tag of repo.git('tag').split('\n')) if (tag !== '' && !tags.includes(tag)) repo.git('tag', '-d', tag);
  // the copy's catalogue module is loaded by promote; load it afresh for the next test
  jest.resetModules();
});

const promote = (...argv: string[]) => promoteIn(repo.dir, argv);
const snapshot = () => snapshotOf(repo.dir);
const read = (file: string) => fs.readFileSync(path.join(repo.dir, file), 'utf8');
const changedFiles = () => repo.git('status', '--porcelain').split('\n').filter((l) => l !== '').sort();

const pinOf = (env: string) => pinIn(repo.dir, env);

/** Dev promoted to v1.3.0 and merged, so that every environment before prod runs v1.3.0. */
function devRunsV130(): void {
  expect(promote('dev', '1.3.0', '--pin').code).toBe(0);
  repo.commit('promote dev to 1.3.0', { date: T5 });
  // promote loaded the copy's catalogue module; load it afresh for edits the test makes next
  jest.resetModules();
}

test('promotes prod to the version dev and staging run: the pin, and dist/ re-synthesized', () => {
  // GIVEN
  devRunsV130();
  const before = read(CATALOGUE_FILE);

  // WHEN
  const { code, out, err } = promote('prod', '1.3.0');

  // THEN
  expect(err).toStrictEqual([]);
  expect(code).toBe(0);
  expect(read(CATALOGUE_FILE)).toBe(before.replace("semver: '1.2.3'", "semver: '1.3.0'"));
  expect([pinOf('dev'), pinOf('staging'), pinOf('prod')]).toStrictEqual(["'1.3.0'", "'>=1.0.0 <2.0.0'", "'1.3.0'"]);
  expect(read(PROD_GITREPOSITORY)).toMatch(/^ {4}semver: 1\.3\.0$/m);
  expect(changedFiles()).toStrictEqual([' M dist/prod/bootstrap/gitrepository-infra-prod.yaml', ' M lib/environments.ts']);
  expect(out[0]).toBe(
    `prod: semver "1.2.3" -> "1.3.0" (tag v1.3.0, commit ${commits.feature.slice(0, 7)}); dev runs v1.3.0 now; staging runs v1.3.0 now`,
  );
  expect(out).toContain(' dist/prod/bootstrap/gitrepository-infra-prod.yaml | 2 +-');
  expect(out).toContain('-    semver: 1.2.3');
  expect(out).toContain('+    semver: 1.3.0');
});

test('a version written like its tag (v1.3.0) pins the bare version', () => {
  devRunsV130();

  expect(promote('prod', 'v1.3.0').code).toBe(0);

  expect(pinOf('prod')).toBe("'1.3.0'");
});

test('keeps the quote character and everything else of the edited line', () => {
  // GIVEN
  devRunsV130();
  const file = path.join(repo.dir, CATALOGUE_FILE);
  const source = fs.readFileSync(file, 'utf8').replace("semver: '1.2.3',", 'semver:   "1.2.3" ,');
  fs.writeFileSync(file, source);

  // WHEN
  const { code } = promote('prod', '1.3.0');

  // THEN
  expect(code).toBe(0);
  expect(fs.readFileSync(file, 'utf8')).toBe(source.replace('semver:   "1.2.3" ,', 'semver:   "1.3.0" ,'));
});

test('a second promotion to the same version changes nothing', () => {
  devRunsV130();
  expect(promote('prod', '1.3.0').code).toBe(0);
  const after = snapshot();

  const { code, out } = promote('prod', '1.3.0');

  expect(code).toBe(0);
  expect(out).toStrictEqual(['prod already pins 1.3.0 (v1.3.0); nothing changed']);
  expect(snapshot()).toStrictEqual(after);
});

test('--pin replaces a range with a pin; the first environment of the order may take any tag', () => {
  const { code } = promote('dev', '1.2.3', '--pin');

  expect(code).toBe(0);
  expect(pinOf('dev')).toBe("'1.2.3'");
  expect(read(path.join('dist', 'dev', 'bootstrap', 'gitrepository-infra-dev.yaml'))).toMatch(/^ {4}semver: 1\.2\.3$/m);
});

test('--dry-run shows the change and writes nothing', () => {
  devRunsV130();
  const before = snapshot();

  const { code, out } = promote('prod', '1.3.0', '--dry-run');

  expect(code).toBe(0);
  expect(snapshot()).toStrictEqual(before);
  expect(out).toStrictEqual([
    `prod: semver "1.2.3" -> "1.3.0" (tag v1.3.0, commit ${commits.feature.slice(0, 7)}); dev runs v1.3.0 now; staging runs v1.3.0 now`,
    'would change 1 file in dist/:',
    '  M dist/prod/bootstrap/gitrepository-infra-prod.yaml',
    '--- dist/prod/bootstrap/gitrepository-infra-prod.yaml',
    '+++ dist/prod/bootstrap/gitrepository-infra-prod.yaml',
    '-    semver: 1.2.3',
    '+    semver: 1.3.0',
    'dry run: nothing was written',
  ]);
});

describe('--allow-earlier', () => {
  test('accepts a version the lower environment selected at an earlier commit of the catalogue', () => {
    // WHEN: staging runs v1.3.0 now; at the review commit only v0.9.0, v1.2.3 and v1.2.4 existed
    const { code, out } = promote('prod', '1.2.4', '--allow-earlier');

    // THEN
    expect(code).toBe(0);
    expect(out[0]).toBe(
      `prod: semver "1.2.3" -> "1.2.4" (tag v1.2.4, commit ${commits.fix.slice(0, 7)}); dev runs v1.2.4 now; ` +
        `staging ran v1.2.4 as of commit ${commits.review.slice(0, 7)} (${new Date(T3 * 1000).toISOString()})`,
    );
    expect(pinOf('prod')).toBe("'1.2.4'");
  });

  test('counts only the tags whose commit existed at that point', () => {
    // dev's ~1.2.0 selected v1.2.3 when the project was first committed, before v1.2.4 existed
    const { code, out } = promote('staging', '1.2.3', '--allow-earlier', '--pin');

    expect(code).toBe(0);
    expect(out[0]).toContain(`dev ran v1.2.3 as of commit ${commits.project.slice(0, 7)}`);
  });

  test('refuses a version the lower environment never selected', () => {
    const before = snapshot();

    const { code, err } = promote('staging', '1.3.0', '--allow-earlier', '--pin');

    expect(code).toBe(1);
    expect(err).toStrictEqual([
      'refused: promote staging to 1.3.0: dev runs v1.2.4 and never selected v1.3.0 in the history of lib/environments.ts on HEAD',
    ]);
    expect(snapshot()).toStrictEqual(before);
  });
});

describe('refuses and leaves every file byte-identical', () => {
  let before: Map<string, string>;
  beforeEach(() => {
    before = snapshot();
  });

  function expectRefused(result: ReturnType<typeof promote>, message: string) {
    expect(result.code).toBe(1);
    expect(result.out).toStrictEqual([]);
    expect(result.err).toStrictEqual([`refused: ${message}`]);
    expect(snapshot()).toStrictEqual(before);
  }

  test('fails when the environment is unknown', () => {
    expectRefused(promote('qa', '1.3.0'), 'promote qa to 1.3.0: "qa" is not an environment of the catalogue (expected one of dev, staging, prod)');
  });

  test('fails when no tag has that version', () => {
    expectRefused(promote('prod', '1.5.0'), 'promote prod to 1.5.0: no tag in the repository is version 1.5.0 ' +
      '(Flux reads tags such as v1.2.4 or 1.2.4; V1.2.4, v1.2 and release-1.2.4 are ignored)');
  });

  test('fails when the version only exists as tags Flux ignores', () => {
    expectRefused(promote('prod', '1.4.0'), 'promote prod to 1.4.0: no tag in the repository is version 1.4.0 ' +
      '(Flux reads tags such as v1.2.4 or 1.2.4; V1.2.4, v1.2 and release-1.2.4 are ignored)');
  });

  test('fails when the version is not one Flux can pin', () => {
    expectRefused(promote('prod', 'V1.3.0'), 'promote prod to V1.3.0: "V1.3.0" is not a version Flux can pin: ' +
      'not a semantic version (expected e.g. "1.2.3", "v1.2.3-rc.1")');
  });

  test('fails when an environment earlier than the one before runs another version, though a range carried the tag past it', () => {
    // dev's ~1.2.0 never admits v1.3.0, but staging's >=1.0.0 <2.0.0 took it without dev
    expectRefused(promote('prod', '1.3.0'), 'promote prod to 1.3.0: dev runs v1.2.4, not v1.3.0: ' +
      'promote dev first, or pass --allow-earlier if it ran v1.3.0 before');
  });

  test('fails when the lower environment runs another version', () => {
    expectRefused(promote('prod', '1.2.4'), 'promote prod to 1.2.4: staging runs v1.3.0, not v1.2.4: ' +
      'promote staging first, or pass --allow-earlier if it ran v1.2.4 before');
  });

  test('fails when the environment follows a range and --pin is not given', () => {
    expectRefused(promote('dev', '1.2.3'), 'promote dev to 1.2.3: dev follows the range "~1.2.0" and a pin would stop it ' +
      'following new tags: pass --pin to replace the range with a pin on purpose');
  });

  test('fails when several tags have the precedence of the version', () => {
    // GIVEN
    repo.tag('v1.3.0+build.7', { commit: commits.fix });
    before = snapshot();

    // THEN
    expectRefused(promote('prod', '1.3.0'), `promote prod to 1.3.0: tags v1.3.0 (${commits.feature.slice(0, 7)}), ` +
      `v1.3.0+build.7 (${commits.fix.slice(0, 7)}) all have the precedence of 1.3.0, so a pin cannot say which one is meant; delete all but one`);
  });

  test('fails when the payload folder does not exist at the tag', () => {
    expectRefused(promote('dev', '0.9.0', '--pin'), 'promote dev to 0.9.0: dist/dev/azure does not exist at v0.9.0 ' +
      `(commit ${repo.revParse('v0.9.0').slice(0, 7)}); Flux would fail with "path not found"`);
  });

  test('fails when the pin is not a plain string literal', () => {
    // GIVEN
    const file = path.join(repo.dir, CATALOGUE_FILE);
    const source = fs.readFileSync(file, 'utf8').replace("semver: '1.2.3'", 'semver: PROD_PIN');
    fs.writeFileSync(file, `const PROD_PIN = '1.2.3';\n${source}`);
    before = snapshot();

    // THEN
    expectRefused(promote('prod', '1.3.0'), 'promote prod to 1.3.0: lib/environments.ts: the entry of "prod" cannot be edited: ' +
      'its semver is `PROD_PIN`, not a plain string literal that can be rewritten in place');
  });

  test('restores the catalogue when synth refuses the result', () => {
    // GIVEN: staging's network overlaps dev's, which synth refuses
    devRunsV130();
    const file = path.join(repo.dir, CATALOGUE_FILE);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("addressPrefixes: ['10.20.0.0/16']", "addressPrefixes: ['10.10.0.0/16']"));
    before = snapshot();

    // WHEN
    const result = promote('prod', '1.3.0');

    // THEN
    expect(result.code).toBe(1);
    expect(result.out).toStrictEqual([]);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(/^refused: promote prod to 1\.3\.0: synth refused the result: .*overlaps "10\.10\.0\.0\/16" of environment "dev"/);
    expect(snapshot()).toStrictEqual(before);
  });

  test('prints the warnings of the synth it refuses before the refusal', () => {
    // GIVEN: staging's network overlaps dev's (refused) and it shares dev's resource group (a warning)
    devRunsV130();
    const file = path.join(repo.dir, CATALOGUE_FILE);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8')
      .replace("addressPrefixes: ['10.20.0.0/16']", "addressPrefixes: ['10.10.0.0/16']")
      .replace("resourceGroup: 'staging-rg'", "resourceGroup: 'dev-rg'"));
    before = snapshot();

    // WHEN
    const result = promote('prod', '1.3.0');

    // THEN
    expect(result.code).toBe(1);
    expect(result.out).toStrictEqual([]);
    expect(result.err).toStrictEqual([
      'warning: environment "staging" (staging/network): resource group "dev-rg" is also used by environment "dev" ' +
        '(Azure names are case-insensitive); in one subscription both would own it',
      // synth's problems in its own words, as in the test above
      expect.stringMatching(/^refused: promote prod to 1\.3\.0: synth refused the result: .*overlaps "10\.10\.0\.0\/16" of environment "dev"/),
    ]);
    expect(snapshot()).toStrictEqual(before);
  });
});

describe('relative --repo and --project', () => {
  let saved: string | undefined;
  beforeEach(() => {
    // `npm run promote` typed in dist/ of the project: npm runs it from the package root
    saved = process.env.INIT_CWD;
    process.env.INIT_CWD = path.join(repo.dir, 'dist');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.INIT_CWD;
    else process.env.INIT_CWD = saved;
  });
  const run = (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runPromote(argv, { out: (l) => out.push(l), err: (l) => err.push(l), color: false });
    return { code, out, err };
  };

  test('resolve from where npm was run (INIT_CWD), not from the package root', () => {
    const { code, out, err } = run('dev', '1.2.4', '--pin', '--dry-run', '--project', '..', '--repo', '..');

    expect(err).toStrictEqual([]);
    expect(code).toBe(0);
    expect(out[0]).toBe(`dev: semver "~1.2.0" -> "1.2.4" (tag v1.2.4, commit ${commits.fix.slice(0, 7)})`);
  });

  test('fails naming a relative --project both as given and as resolved', () => {
    const { code, err } = run('prod', '1.3.0', '--project', '../nope');

    expect(code).toBe(1);
    expect(err).toStrictEqual([
      `refused: promote prod to 1.3.0: no catalogue at ${path.join(repo.dir, 'nope', CATALOGUE_FILE)} ` +
        `(pass --project DIR, the folder holding main.ts); --project "../nope" was resolved from ${path.join(repo.dir, 'dist')}`,
    ]);
  });
});

test('fails with exit code 2 when the version is missing', () => {
  const err: string[] = [];
  const code = runPromote(['prod'], { out: () => {}, err: (l) => err.push(l), color: false });

  expect(code).toBe(2);
  expect(err).toStrictEqual([
    'error: expected an environment and a version, got 1 argument',
    'usage: npm run promote -- <env> <version> [--repo DIR] [--project DIR] [--allow-earlier] [--pin] [--dry-run]',
  ]);
});
