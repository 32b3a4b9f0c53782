import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { copyProject, readTree } from './helpers/project-copy';

// Runs the real commands in a copy of the project: these are the paths CI and engineers take.
jest.setTimeout(60_000);

const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', FORCE_COLOR: '0' };
let project: string;

beforeEach(() => {
  project = copyProject();
});
afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

function run(command: string, args: string[]) {
  return spawnSync(command, args, { cwd: project, env, encoding: 'utf8' });
}

test('`cdk8s synth` and `npm run synth` write the same dist/', () => {
  // GIVEN
  fs.rmSync(path.join(project, 'dist'), { recursive: true });

  // WHEN
  const cli = run(path.join('node_modules', '.bin', 'cdk8s'), ['synth']);
  const viaCli = readTree(path.join(project, 'dist'));
  fs.rmSync(path.join(project, 'dist'), { recursive: true });
  const npm = run('npm', ['run', '--silent', 'synth']);

  // THEN
  expect(cli.status).toBe(0);
  expect(npm.status).toBe(0);
  expect(viaCli.size).toBeGreaterThan(40);
  expect(readTree(path.join(project, 'dist'))).toStrictEqual(viaCli);
});

test('a refused synth through `cdk8s synth` exits non-zero and leaves dist/ byte-identical', () => {
  // GIVEN: a catalogue with a duration Flux would refuse
  const catalogue = path.join(project, 'lib', 'environments.ts');
  const source = fs.readFileSync(catalogue, 'utf8');
  fs.writeFileSync(catalogue, source.replace("source: { interval: '2m' }", "source: { interval: '5 minutes' }"));
  const before = readTree(path.join(project, 'dist'));

  // WHEN
  const result = run(path.join('node_modules', '.bin', 'cdk8s'), ['synth']);

  // THEN
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain('environment "dev" (dev/flux): GitRepository spec.interval "5 minutes" is not a Go duration');
  expect(readTree(path.join(project, 'dist'))).toStrictEqual(before);
});

test('an app that crashes outright also leaves dist/ byte-identical', () => {
  // GIVEN
  const catalogue = path.join(project, 'lib', 'environments.ts');
  fs.appendFileSync(catalogue, "\nthrow new Error('boom from the catalogue');\n");
  const before = readTree(path.join(project, 'dist'));

  // WHEN
  const result = run('npm', ['run', '--silent', 'synth']);

  // THEN
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain('boom from the catalogue');
  expect(readTree(path.join(project, 'dist'))).toStrictEqual(before);
});

test('`cdk8s synth --stdout` prints one valid YAML stream and leaves dist/ alone', () => {
  // GIVEN
  const before = readTree(path.join(project, 'dist'));
  fs.writeFileSync(path.join(project, 'dist', 'prod', 'azure', 'resourcegroup-production-rg.yaml'), 'stale: true\n');

  // WHEN
  const result = run(path.join('node_modules', '.bin', 'cdk8s'), ['synth', '--stdout']);

  // THEN
  expect(result.status).toBe(0);
  const printed = parseAllDocuments(result.stdout).map((d) => d.toJS());
  const committed = [...before].filter(([f]) => !f.endsWith('/kustomization.yaml')).map(([, text]) => parseAllDocuments(text)[0].toJS());
  expect(printed).toStrictEqual(committed);
  expect(readTree(path.join(project, 'dist')).get('prod/azure/resourcegroup-production-rg.yaml')).toBe('stale: true\n');
});

test('`cdk8s synth -o dist/prod` writes all of dist/ back instead of leaving the CLI\'s emptied folder', () => {
  // GIVEN
  const before = readTree(path.join(project, 'dist'));

  // WHEN
  const result = run(path.join('node_modules', '.bin', 'cdk8s'), ['synth', '-o', 'dist/prod']);

  // THEN
  expect(result.status).toBe(0);
  expect(readTree(path.join(project, 'dist'))).toStrictEqual(before);
});
