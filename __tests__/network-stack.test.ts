import { Testing } from 'cdk8s';
import { AzureNetworkStack } from '../lib/azure/network-stack';
import { Access, Direction, Protocol } from '../lib/azure/security-rule';
import { Diagnostics } from '../lib/validation/diagnostics';
import { testChart } from './helpers/chart';

const annotations = { 'serviceoperator.azure.com/reconcile-policy': 'detach-on-delete' };
const tags = { 'environment': 'prod', 'managed-by': 'flux' };

function smallStack(chart = testChart()) {
  const stack = new AzureNetworkStack(chart, 'network', {
    environment: 'prod',
    namespace: 'azure-prod',
    location: 'eastus',
    resourceGroup: 'production-rg',
    virtualNetwork: { name: 'production-vnet', addressPrefixes: ['10.0.0.0/16'] },
    subnets: [
      { name: 'snet-app', addressPrefix: '10.0.1.0/24', securityGroup: 'nsg-app' },
      { name: 'GatewaySubnet', addressPrefix: '10.0.255.0/27' },
    ],
    securityGroups: [{
      name: 'nsg-app',
      rules: [{
        name: 'allow-https',
        priority: 100,
        direction: Direction.INBOUND,
        access: Access.ALLOW,
        protocol: Protocol.TCP,
        sourceAddressPrefixes: ['Internet'],
        destinationAddressPrefixes: ['VirtualNetwork'],
        destinationPortRanges: ['443', '8443'],
      }],
    }],
  });
  return { chart, stack };
}

test('emits the resource group, VNet, NSG, rule and subnets as separate owned objects', () => {
  // GIVEN / WHEN
  const { chart } = smallStack();

  // THEN
  expect(Diagnostics.of(chart).problems).toEqual([]);
  expect(Testing.synth(chart)).toStrictEqual([
    {
      apiVersion: 'resources.azure.com/v1api20200601',
      kind: 'ResourceGroup',
      metadata: {
        name: 'production-rg',
        namespace: 'azure-prod',
        annotations: { ...annotations, 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
      },
      spec: { azureName: 'production-rg', location: 'eastus', tags },
    },
    {
      apiVersion: 'network.azure.com/v1api20240301',
      kind: 'VirtualNetwork',
      metadata: { name: 'production-vnet', namespace: 'azure-prod', annotations },
      spec: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        azureName: 'production-vnet',
        location: 'eastus',
        owner: { name: 'production-rg' },
        tags,
      },
    },
    {
      apiVersion: 'network.azure.com/v1api20240301',
      kind: 'NetworkSecurityGroup',
      metadata: { name: 'nsg-app', namespace: 'azure-prod', annotations },
      spec: { azureName: 'nsg-app', location: 'eastus', owner: { name: 'production-rg' }, tags },
    },
    {
      apiVersion: 'network.azure.com/v1api20240301',
      kind: 'NetworkSecurityGroupsSecurityRule',
      metadata: { name: 'nsg-app-allow-https', namespace: 'azure-prod', annotations },
      spec: {
        access: 'Allow',
        azureName: 'allow-https',
        destinationAddressPrefix: 'VirtualNetwork',
        destinationPortRanges: ['443', '8443'],
        direction: 'Inbound',
        owner: { name: 'nsg-app' },
        priority: 100,
        protocol: 'Tcp',
        sourceAddressPrefix: 'Internet',
        sourcePortRange: '*',
      },
    },
    {
      apiVersion: 'network.azure.com/v1api20240301',
      kind: 'VirtualNetworksSubnet',
      metadata: { name: 'production-vnet-snet-app', namespace: 'azure-prod', annotations },
      spec: {
        addressPrefix: '10.0.1.0/24',
        azureName: 'snet-app',
        networkSecurityGroup: { reference: { group: 'network.azure.com', kind: 'NetworkSecurityGroup', name: 'nsg-app' } },
        owner: { name: 'production-vnet' },
      },
    },
    {
      apiVersion: 'network.azure.com/v1api20240301',
      kind: 'VirtualNetworksSubnet',
      metadata: { name: 'production-vnet-gatewaysubnet', namespace: 'azure-prod', annotations },
      spec: { addressPrefix: '10.0.255.0/27', azureName: 'GatewaySubnet', owner: { name: 'production-vnet' } },
    },
  ]);
});

test('exposes what it contains, and the apiVersions the health rules must cover', () => {
  const { stack } = smallStack();
  expect(stack.resources.map((r) => `${r.kind}/${r.name}`)).toStrictEqual([
    'ResourceGroup/production-rg',
    'VirtualNetwork/production-vnet',
    'NetworkSecurityGroup/nsg-app',
    'NetworkSecurityGroupsSecurityRule/nsg-app-allow-https',
    'VirtualNetworksSubnet/production-vnet-snet-app',
    'VirtualNetworksSubnet/production-vnet-gatewaysubnet',
  ]);
  expect(new Set(stack.resources.map((r) => r.metadata.namespace))).toStrictEqual(new Set(['azure-prod']));
  expect(stack.apiVersions.sort()).toStrictEqual(['network.azure.com/v1api20240301', 'resources.azure.com/v1api20200601']);
});

test('writes the credential annotation on every object when credentialFrom is set', () => {
  const chart = testChart();
  new AzureNetworkStack(chart, 'network', {
    environment: 'dev', namespace: 'azure-dev', location: 'eastus', resourceGroup: 'dev-rg',
    reconcilePolicy: 'manage', credentialFrom: 'aso-credential-dev',
    virtualNetwork: { name: 'dev-vnet', addressPrefixes: ['10.10.0.0/16'] },
    subnets: [{ name: 'snet-app', addressPrefix: '10.10.1.0/24' }],
  });
  const objects = Testing.synth(chart);
  expect(objects).toHaveLength(3);
  for (const object of objects) {
    expect(object.metadata.annotations['serviceoperator.azure.com/credential-from']).toBe('aso-credential-dev');
    expect(object.metadata.annotations['serviceoperator.azure.com/reconcile-policy']).toBe('manage');
  }
});

test('gives NSG rules their own reconcile policy when securityRuleReconcilePolicy is set', () => {
  const chart = testChart();
  new AzureNetworkStack(chart, 'network', {
    environment: 'prod', namespace: 'azure-prod', location: 'eastus', resourceGroup: 'production-rg',
    reconcilePolicy: 'detach-on-delete', securityRuleReconcilePolicy: 'manage',
    virtualNetwork: { name: 'production-vnet', addressPrefixes: ['10.0.0.0/16'] },
    subnets: [{ name: 'snet-app', addressPrefix: '10.0.1.0/24', securityGroup: 'nsg-app' }],
    securityGroups: [{ name: 'nsg-app', rules: [{
      name: 'allow-https', priority: 100, direction: Direction.INBOUND, access: Access.ALLOW, protocol: Protocol.TCP,
      sourceAddressPrefixes: ['Internet'], destinationAddressPrefixes: ['VirtualNetwork'], destinationPortRanges: ['443'],
    }] }],
  });
  const policies = Testing.synth(chart).map((o) => `${o.kind}: ${o.metadata.annotations['serviceoperator.azure.com/reconcile-policy']}`);
  expect(policies).toStrictEqual([
    'ResourceGroup: detach-on-delete',
    'VirtualNetwork: detach-on-delete',
    'NetworkSecurityGroup: detach-on-delete',
    'NetworkSecurityGroupsSecurityRule: manage',
    'VirtualNetworksSubnet: detach-on-delete',
  ]);
});
