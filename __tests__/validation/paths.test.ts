import { parse } from 'yaml';
import { EnvironmentSource } from '../../lib/flux/environment-source';
import { normalizeKustomizationPath } from '../../lib/flux/kustomization-path';
import { render } from '../../lib/synth/render';
import { Diagnostics, ENVIRONMENT_CONTEXT, formatProblem } from '../../lib/validation/diagnostics';
import { catalogueOf, smallEnvironment } from '../helpers/catalogue';
import { refusalOf } from './refusals';
import { testChart } from '../helpers/chart';

const PATH_EXPECTED = 'a relative folder inside the repository written with forward slashes, e.g. "./dist/prod/azure"';

describe('Kustomization spec.path of an EnvironmentSource', () => {
  function problemsOf(path: string): string[] {
    const chart = testChart();
    chart.node.setContext(ENVIRONMENT_CONTEXT, 'test');
    new EnvironmentSource(chart, 'flux', {
      name: 'infra-test',
      url: 'https://github.com/example-org/infrastructure',
      semver: '~1.2.0',
      interval: '2m',
      path,
      kustomizationInterval: '10m',
      retryInterval: '2m',
      kustomizationTimeout: '15m',
    });
    return Diagnostics.of(chart).problems.map(formatProblem);
  }

  test.each([
    ['dist\\test\\azure', 'uses backslashes'],
    ['.\\dist/test/azure', 'uses backslashes'],
    ['/dist/test/azure', 'is absolute'],
    ['../other-repo/dist', 'leaves the repository'],
    ['dist/../../outside', 'leaves the repository'],
    ['..', 'leaves the repository'],
    ['.', 'is the repository root'],
    ['./dist/..', 'is the repository root'],
    ['', 'is empty'],
    ['   ', 'is empty'],
  ])('fails when the path is %j', (path, problem) => {
    expect(problemsOf(path)).toStrictEqual([
      `environment "test" (test/flux): Kustomization spec.path ${JSON.stringify(path)} ${problem}; expected ${PATH_EXPECTED}`,
    ]);
  });
});

describe('normalizeKustomizationPath', () => {
  test.each([
    ['dist/prod/azure', './dist/prod/azure'],
    ['./dist/prod/azure/', './dist/prod/azure'],
    ['dist//prod/./azure', './dist/prod/azure'],
    ['dist/tmp/../prod', './dist/prod'],
    ['.gitops/prod', './.gitops/prod'],
    ['./.gitops/prod', './.gitops/prod'],
    ['.gitops/.hidden/prod/', './.gitops/.hidden/prod'],
  ])('normalizes %j to %j, keeping the leading dot of hidden folders', (path, normalized) => {
    expect(normalizeKustomizationPath(path)).toBe(normalized);
  });

  test('returns the problem and the expectation for a refused path', () => {
    expect(normalizeKustomizationPath('C:\\dist')).toStrictEqual(['uses backslashes', PATH_EXPECTED]);
    expect(normalizeKustomizationPath(undefined)).toStrictEqual(['is empty', PATH_EXPECTED]);
  });
});

describe('catalogue outputFolder, the start of every Kustomization path', () => {
  test.each([
    ['/srv/dist', 'is absolute', []],
    ['../dist', 'leaves the repository', ['./../dist/test/azure', 'leaves the repository']],
    ['out\\dist', 'uses backslashes', ['./out\\dist/test/azure', 'uses backslashes']],
    ['.', 'is the repository root', []],
  ])('fails when the output folder is %j', (outputFolder, problem, pathProblem) => {
    const lines = [`catalogue: outputFolder ${JSON.stringify(outputFolder)} ${problem}; expected ${PATH_EXPECTED}`];
    if (pathProblem.length) {
      lines.push(`environment "test" (test/flux): Kustomization spec.path ${JSON.stringify(pathProblem[0])} ${pathProblem[1]}; expected ${PATH_EXPECTED}`);
    }
    expect(refusalOf({ ...catalogueOf(smallEnvironment()), outputFolder })).toStrictEqual(lines);
  });

  test.each([
    ['dist', './dist/test/azure'],
    ['./dist', './dist/test/azure'],
    ['dist/', './dist/test/azure'],
    ['.gitops', './.gitops/test/azure'],
    ['./.gitops/clusters', './.gitops/clusters/test/azure'],
  ])('passes %j and points the Kustomization at %j, a folder synth writes', (outputFolder, path) => {
    const files = render({ ...catalogueOf(smallEnvironment()), outputFolder }).files;
    expect(parse(files.get('test/bootstrap/kustomization-infra-test.yaml')!).spec.path).toBe(path);
    expect(files.has('test/azure/kustomization.yaml')).toBe(true);
  });
});
