import { Testing } from 'cdk8s';
import { EnvironmentSource, EnvironmentSourceProps } from '../lib/flux/environment-source';
import { Diagnostics, formatProblem } from '../lib/validation/diagnostics';
import { testChart } from './helpers/chart';

const props: EnvironmentSourceProps = {
  name: 'infra-dev',
  url: 'https://github.com/example-org/infrastructure',
  semver: '~1.2.0',
  interval: '2m',
  path: 'dist/dev/azure',
  kustomizationInterval: '10m',
  retryInterval: '2m',
  kustomizationTimeout: '15m',
  healthChecks: [{ apiVersion: 'resources.azure.com/v1api20200601', kind: 'ResourceGroup', name: 'dev-rg', namespace: 'azure-dev' }],
};

test('emits a GitRepository following a semver range and a Kustomization applying its payload', () => {
  // GIVEN
  const chart = testChart();

  // WHEN
  new EnvironmentSource(chart, 'flux', props);

  // THEN
  expect(Diagnostics.of(chart).problems).toEqual([]);
  expect(Testing.synth(chart)).toStrictEqual([
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'infra-dev', namespace: 'flux-system' },
      spec: {
        ignore: '/*\n!/dist/\n',
        interval: '2m',
        ref: { semver: '~1.2.0' },
        url: 'https://github.com/example-org/infrastructure',
      },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'infra-dev', namespace: 'flux-system' },
      spec: {
        deletionPolicy: 'Orphan',
        healthChecks: [{ apiVersion: 'resources.azure.com/v1api20200601', kind: 'ResourceGroup', name: 'dev-rg', namespace: 'azure-dev' }],
        interval: '10m',
        path: './dist/dev/azure',
        prune: true,
        retryInterval: '2m',
        sourceRef: { kind: 'GitRepository', name: 'infra-dev' },
        timeout: '15m',
      },
    },
  ]);
});

test('writes secretRef, verify and dependsOn when given, with the documented HEAD spelling', () => {
  // GIVEN
  const chart = testChart();

  // WHEN
  new EnvironmentSource(chart, 'flux', {
    ...props,
    url: 'ssh://git@github.com/example-org/infrastructure',
    secretRef: 'git-credentials',
    verify: { mode: 'HEAD', secretRef: 'git-signing-keys' },
    dependsOn: ['azure-service-operator'],
  });

  // THEN
  const [repository, kustomization] = Testing.synth(chart);
  expect(repository.spec.secretRef).toStrictEqual({ name: 'git-credentials' });
  expect(repository.spec.verify).toStrictEqual({ mode: 'HEAD', secretRef: { name: 'git-signing-keys' } });
  expect(kustomization.spec.dependsOn).toStrictEqual([{ name: 'azure-service-operator' }]);
  expect(Diagnostics.of(chart).problems).toEqual([]);
});

test('sets neither wait nor force unless asked, so healthChecks are honoured and nothing is recreated', () => {
  const chart = testChart();
  new EnvironmentSource(chart, 'flux', props);
  const kustomization = Testing.synth(chart)[1];
  expect(kustomization.spec).not.toHaveProperty('wait');
  expect(kustomization.spec).not.toHaveProperty('force');
});

test('fails when wait: true is combined with a healthChecks list that Flux would ignore', () => {
  // GIVEN
  const chart = testChart();

  // WHEN
  new EnvironmentSource(chart, 'flux', { ...props, wait: true });

  // THEN
  expect(Diagnostics.of(chart).problems.map(formatProblem)).toStrictEqual([
    '(test/flux): Kustomization spec.healthChecks ["ResourceGroup/dev-rg"] is set together with wait: true, which makes Flux ignore it; expected either wait: true or a healthChecks list',
  ]);
});

test('writes wait: true and no healthChecks when asked to check everything it applies', () => {
  const chart = testChart();
  new EnvironmentSource(chart, 'flux', { ...props, healthChecks: [], wait: true });
  const kustomization = Testing.synth(chart)[1];
  expect(kustomization.spec.wait).toBe(true);
  expect(kustomization.spec).not.toHaveProperty('healthChecks');
  expect(Diagnostics.of(chart).problems).toEqual([]);
});
