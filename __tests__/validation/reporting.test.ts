import { render } from '../../lib/synth/render';
import { ValidationError } from '../../lib/validation/diagnostics';
import { catalogueOf, smallEnvironment, withChange } from '../helpers/catalogue';
import { refusalOf } from './refusals';

test('reports every problem of one synth together, from the catalogue, the constructs and the rendered objects', () => {
  // GIVEN two environments with mistakes in different places
  const dev = withChange(smallEnvironment('dev', 1), (d) => {
    d.source.interval = '5 minutes';
    d.azure.location = 'East US';
    d.azure.securityGroups[0].rules[0].priority = 99;
    d.kustomization = { dependsOn: ['azure-service-operator'] };
  });
  const prod = withChange(smallEnvironment('prod', 2), (d) => {
    d.azure.virtualNetwork.addressPrefixes = ['10.0.0.0/8'];
    d.azure.subnets[0].addressPrefix = '10.2.1.0/30';
    d.azure.reconcilePolicy = 'Detach-On-Delete';
  });

  // WHEN
  const catalogue = { ...catalogueOf(dev, prod), repositoryUrl: 'https://user:pass@github.com/example-org/infrastructure' };
  let error: unknown;
  try {
    render(catalogue);
  } catch (thrown) {
    error = thrown;
  }

  // THEN one ValidationError carries all ten, and its message lists each on its own line
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).problems).toHaveLength(10);
  expect((error as ValidationError).message.split('\n')[0]).toBe('10 problems found; nothing was written:');
  expect(refusalOf(catalogue).map((line) => line.replace(/; expected .*$/, ''))).toStrictEqual([
    'catalogue: repositoryUrl "https://user:pass@github.com/example-org/infrastructure" carries credentials',
    'environment "dev" (dev/network): location "East US" is not a programmatic region name',
    'environment "dev" (dev/network): securityGroups[nsg-app].rules[allow-https].priority 99 is outside 100-4096',
    'environment "dev" (dev/flux): GitRepository spec.url "https://user:pass@github.com/example-org/infrastructure" carries credentials',
    'environment "dev" (dev/flux): GitRepository spec.interval "5 minutes" is not a Go duration',
    'environment "prod" (prod/network): reconcilePolicy "Detach-On-Delete" is not an ASO reconcile policy',
    'environment "prod" (prod/network): subnets[snet-app].addressPrefix "10.2.1.0/30" is smaller than Azure allows for a subnet',
    'environment "prod" (prod/flux): GitRepository spec.url "https://user:pass@github.com/example-org/infrastructure" carries credentials',
    'environment "prod" (prod/network): virtualNetwork.addressPrefixes "10.0.0.0/8" overlaps "10.1.0.0/16" of environment "dev"',
    'environment "dev" (dev/flux/Kustomization): Kustomization spec.dependsOn "azure-service-operator" is not a known Kustomization',
  ]);
});
