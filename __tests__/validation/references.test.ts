import { checkReferences, RenderedObject } from '../../lib/synth/references';
import { render } from '../../lib/synth/render';
import { formatProblem } from '../../lib/validation/diagnostics';
import { catalogueOf, smallEnvironment, withChange } from '../helpers/catalogue';
import { refusalOf, refusalOfChange } from './refusals';

describe('duplicates through the catalogue', () => {
  test('fails when two environments have one name', () => {
    expect(refusalOf(catalogueOf(smallEnvironment('dev', 1), smallEnvironment('dev', 2)))).toStrictEqual([
      'catalogue: environments[].name "dev" names two environments; expected one entry per environment name',
    ]);
  });

  test('fails when promotionOrder names an environment the catalogue does not have', () => {
    expect(refusalOf({ ...catalogueOf(smallEnvironment('dev', 1)), promotionOrder: ['dev', 'prod'] })).toStrictEqual([
      'catalogue: promotionOrder "prod" is not an environment of the catalogue; expected one of "dev"',
    ]);
  });

  test('fails when two environments emit objects of one kind, namespace and name', () => {
    // GIVEN a second environment that reuses the first one's namespace, resource group and Flux name
    const first = smallEnvironment('a', 1);
    const second = withChange(smallEnvironment('b', 2), (d) => {
      d.azure.namespace = 'azure-a';
      d.azure.resourceGroup = 'a-rg';
      d.source.name = 'infra-a';
    });

    // WHEN / THEN: every colliding object is named, with the object it collides with
    const expected = 'expected names unique across environments, e.g. a namespace of its own per environment';
    expect(refusalOf(catalogueOf(first, second))).toStrictEqual([
      `environment "b" (b/network/ResourceGroup): ResourceGroup metadata.name "a-rg" is also used by a ResourceGroup of environment "a" in namespace "azure-a" (a/network/ResourceGroup); ${expected}`,
      `environment "b" (b/network/NetworkSecurityGroup-nsg-app): NetworkSecurityGroup metadata.name "nsg-app" is also used by a NetworkSecurityGroup of environment "a" in namespace "azure-a" (a/network/NetworkSecurityGroup-nsg-app); ${expected}`,
      `environment "b" (b/network/NetworkSecurityGroupsSecurityRule-nsg-app:allow-https): NetworkSecurityGroupsSecurityRule metadata.name "nsg-app-allow-https" is also used by a NetworkSecurityGroupsSecurityRule of environment "a" in namespace "azure-a" (a/network/NetworkSecurityGroupsSecurityRule-nsg-app:allow-https); ${expected}`,
      `environment "b" (b/flux/GitRepository): GitRepository metadata.name "infra-a" is also used by a GitRepository of environment "a" in namespace "flux-system" (a/flux/GitRepository); ${expected}`,
      `environment "b" (b/flux/Kustomization): Kustomization metadata.name "infra-a" is also used by a Kustomization of environment "a" in namespace "flux-system" (a/flux/Kustomization); ${expected}`,
    ]);
  });

  test('fails when two subnets with different Azure names derive one metadata.name', () => {
    expect(refusalOfChange((d) => { d.azure.subnets.push({ name: 'snet_app', addressPrefix: '10.50.2.0/24' }); })).toStrictEqual([
      'environment "test" (test/network/VirtualNetworksSubnet-snet_app): VirtualNetworksSubnet metadata.name "test-vnet-snet-app" is used by another VirtualNetworksSubnet in namespace "azure-test" (test/network/VirtualNetworksSubnet-snet-app); expected one object per kind, namespace and name (names of Azure objects are derived from their Azure names and owners: rename one of the two)',
    ]);
  });

  test('fails, instead of crashing, when rules of two NSGs join to one construct id and one metadata.name', () => {
    // "nsg" + "app-allow" and "nsg-app" + "allow" both read "nsg-app-allow"
    expect(refusalOfChange((d) => {
      const rule = d.azure.securityGroups[0].rules[0];
      d.azure.securityGroups = [
        { name: 'nsg', rules: [{ ...rule, name: 'app-allow' }] },
        { name: 'nsg-app', rules: [{ ...rule, name: 'allow' }] },
      ];
    })).toStrictEqual([
      'environment "test" (test/network/NetworkSecurityGroupsSecurityRule-nsg-app:allow): NetworkSecurityGroupsSecurityRule metadata.name "nsg-app-allow" is used by another NetworkSecurityGroupsSecurityRule in namespace "azure-test" (test/network/NetworkSecurityGroupsSecurityRule-nsg:app-allow); expected one object per kind, namespace and name (names of Azure objects are derived from their Azure names and owners: rename one of the two)',
    ]);
  });
});

describe('references through the catalogue', () => {
  test.each([
    ['nsg-missing', ''],
    ['test-vnet', ' (that is the VirtualNetwork)'],
    ['test-rg', ' (that is the ResourceGroup)'],
  ])('fails when a subnet securityGroup is %j', (securityGroup, which) => {
    expect(refusalOfChange((d) => { d.azure.subnets[0].securityGroup = securityGroup; })).toStrictEqual([
      `environment "test" (test/network): subnets[snet-app].securityGroup ${JSON.stringify(securityGroup)} is not a NetworkSecurityGroup of this stack${which}; expected the name of one of its NSGs: "nsg-app"`,
    ]);
  });

  test('fails when a subnet names an NSG and the stack has none', () => {
    expect(refusalOfChange((d) => { d.azure.securityGroups = []; })).toStrictEqual([
      'environment "test" (test/network): subnets[snet-app].securityGroup "nsg-app" is not a NetworkSecurityGroup of this stack; expected the name of one of its NSGs: none are declared',
    ]);
  });

  test('fails when dependsOn names a Kustomization nobody emits', () => {
    expect(refusalOfChange((d) => { d.kustomization = { dependsOn: ['azure-service-operator'] }; })).toStrictEqual([
      'environment "test" (test/flux/Kustomization): Kustomization spec.dependsOn "azure-service-operator" is not a known Kustomization; expected a Kustomization this catalogue emits or one listed in its externalKustomizations',
    ]);
  });

  test('passes dependsOn naming another environment or an external Kustomization', () => {
    const dev = smallEnvironment('dev', 1);
    const prod = withChange(smallEnvironment('prod', 2), (d) => { d.kustomization = { dependsOn: ['infra-dev', 'azure-service-operator'] }; });
    expect(() => render({ ...catalogueOf(dev, prod), externalKustomizations: ['flux-system/azure-service-operator'] })).not.toThrow();
  });
});

describe('checkReferences on hand-made objects', () => {
  const NS = 'azure-test';
  const object = (path: string, apiVersion: string, kind: string, name: string, spec: object = {}, namespace = NS): RenderedObject => ({
    environment: 'test',
    path: `test/network/${path}`,
    folder: 'test/azure',
    json: { apiVersion, kind, metadata: { name, namespace }, spec },
  });
  const resourceGroup = object('ResourceGroup', 'resources.azure.com/v1api20200601', 'ResourceGroup', 'test-rg', { location: 'westeurope' });
  const vnet = object('VirtualNetwork', 'network.azure.com/v1api20240301', 'VirtualNetwork', 'test-vnet', { owner: { name: 'test-rg' } });
  const nsg = object('NetworkSecurityGroup', 'network.azure.com/v1api20240301', 'NetworkSecurityGroup', 'nsg-app', { owner: { name: 'test-rg' } });
  const subnet = (spec: object) => object('VirtualNetworksSubnet', 'network.azure.com/v1api20240301', 'VirtualNetworksSubnet', 'test-vnet-snet-app', spec);
  const kustomization = (spec: object) => ({
    ...object('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'infra-test', spec, 'flux-system'),
    path: 'test/flux/Kustomization',
    folder: 'test/bootstrap',
  });
  const gitRepository = { ...object('GitRepository', 'source.toolkit.fluxcd.io/v1', 'GitRepository', 'infra-test', {}, 'flux-system'), path: 'test/flux/GitRepository' };
  const check = (...objects: RenderedObject[]) => checkReferences(objects, new Set(['flux-system/infra-test'])).map(formatProblem);

  test('passes a consistent set', () => {
    expect(check(resourceGroup, vnet, nsg, subnet({
      owner: { name: 'test-vnet' },
      networkSecurityGroup: { reference: { group: 'network.azure.com', kind: 'NetworkSecurityGroup', name: 'nsg-app' } },
    }))).toStrictEqual([]);
  });

  test('fails when an owner points at nothing', () => {
    expect(check(resourceGroup, object('VirtualNetwork', 'network.azure.com/v1api20240301', 'VirtualNetwork', 'test-vnet', { owner: { name: 'missing-rg' } })))
      .toStrictEqual([
        'environment "test" (test/network/VirtualNetwork): VirtualNetwork spec.owner.name "missing-rg" is not a ResourceGroup in namespace "azure-test"; expected the name of a ResourceGroup emitted in the same namespace (a VirtualNetwork is owned by a ResourceGroup)',
      ]);
  });

  test('fails when an owner is of the wrong kind (a subnet owned by an NSG)', () => {
    expect(check(resourceGroup, vnet, nsg, subnet({ owner: { name: 'nsg-app' } }))).toStrictEqual([
      'environment "test" (test/network/VirtualNetworksSubnet): VirtualNetworksSubnet spec.owner.name "nsg-app" is not a VirtualNetwork in namespace "azure-test" (it names a NetworkSecurityGroup); expected the name of a VirtualNetwork emitted in the same namespace (a VirtualNetworksSubnet is owned by a VirtualNetwork)',
    ]);
  });

  test('fails when an owner lives in another namespace', () => {
    const otherVnet = object('VirtualNetwork', 'network.azure.com/v1api20240301', 'VirtualNetwork', 'test-vnet', {}, 'azure-other');
    expect(check(otherVnet, subnet({ owner: { name: 'test-vnet' } }))).toStrictEqual([
      'environment "test" (test/network/VirtualNetworksSubnet): VirtualNetworksSubnet spec.owner.name "test-vnet" is not a VirtualNetwork in namespace "azure-test"; expected the name of a VirtualNetwork emitted in the same namespace (a VirtualNetworksSubnet is owned by a VirtualNetwork)',
    ]);
  });

  test('fails when a reference points at nothing', () => {
    expect(check(resourceGroup, vnet, subnet({
      owner: { name: 'test-vnet' },
      networkSecurityGroup: { reference: { group: 'network.azure.com', kind: 'NetworkSecurityGroup', name: 'nsg-missing' } },
    }))).toStrictEqual([
      'environment "test" (test/network/VirtualNetworksSubnet): VirtualNetworksSubnet spec.networkSecurityGroup.reference "NetworkSecurityGroup/nsg-missing" points at nothing in namespace "azure-test"; expected an emitted network.azure.com NetworkSecurityGroup in the same namespace',
    ]);
  });

  test('fails when a reference names an object of another kind', () => {
    expect(check(resourceGroup, vnet, subnet({
      owner: { name: 'test-vnet' },
      networkSecurityGroup: { reference: { group: 'network.azure.com', kind: 'NetworkSecurityGroup', name: 'test-vnet' } },
    }))).toStrictEqual([
      'environment "test" (test/network/VirtualNetworksSubnet): VirtualNetworksSubnet spec.networkSecurityGroup.reference "NetworkSecurityGroup/test-vnet" points at nothing in namespace "azure-test" (it names a VirtualNetwork); expected an emitted network.azure.com NetworkSecurityGroup in the same namespace',
    ]);
  });

  test('passes a reference by armId, which points outside what is emitted', () => {
    expect(check(resourceGroup, vnet, subnet({
      owner: { name: 'test-vnet' },
      routeTable: { reference: { armId: '/subscriptions/sub/resourceGroups/hub/providers/Microsoft.Network/routeTables/rt-hub' } },
    }))).toStrictEqual([]);
  });

  test('fails when a health check points at nothing', () => {
    expect(check(resourceGroup, gitRepository, kustomization({
      sourceRef: { kind: 'GitRepository', name: 'infra-test' },
      healthChecks: [
        { apiVersion: 'resources.azure.com/v1api20200601', kind: 'ResourceGroup', name: 'test-rg', namespace: NS },
        { apiVersion: 'network.azure.com/v1api20240301', kind: 'VirtualNetwork', name: 'test-vnet', namespace: NS },
      ],
    }))).toStrictEqual([
      'environment "test" (test/flux/Kustomization): Kustomization spec.healthChecks "VirtualNetwork/azure-test/test-vnet" points at no object this environment applies; expected an object emitted in the environment\'s payload',
    ]);
  });

  test('fails when the sourceRef points at nothing', () => {
    expect(check(kustomization({ sourceRef: { kind: 'GitRepository', name: 'infra-other' } }))).toStrictEqual([
      'environment "test" (test/flux/Kustomization): Kustomization spec.sourceRef "GitRepository/infra-other" points at nothing; expected a GitRepository emitted in the same namespace',
    ]);
  });

  test('fails when dependsOn points at nothing', () => {
    expect(check(gitRepository, kustomization({ sourceRef: { kind: 'GitRepository', name: 'infra-test' }, dependsOn: [{ name: 'infra-missing' }] }))).toStrictEqual([
      'environment "test" (test/flux/Kustomization): Kustomization spec.dependsOn "infra-missing" is not a known Kustomization; expected a Kustomization this catalogue emits or one listed in its externalKustomizations',
    ]);
  });

  test('fails when two objects share kind, namespace and name', () => {
    const copy = { ...nsg, path: 'test/network/NetworkSecurityGroup-copy' };
    expect(check(resourceGroup, nsg, copy)).toStrictEqual([
      'environment "test" (test/network/NetworkSecurityGroup-copy): NetworkSecurityGroup metadata.name "nsg-app" is used by another NetworkSecurityGroup in namespace "azure-test" (test/network/NetworkSecurityGroup); expected one object per kind, namespace and name (names of Azure objects are derived from their Azure names and owners: rename one of the two)',
    ]);
  });
});
