/**
 * The environment catalogue: the file to edit. One entry per environment.
 *
 * - `semver` is what the environment runs. Ranges (`~1.2.0`) follow new tags by themselves; a pin
 *   (`1.2.3`) moves only when someone promotes. `npm run promote` edits these strings; nothing else
 *   holds them.
 * - Address spaces of different environments must not overlap: they are meant to be peerable.
 */
import { Access, Direction, Protocol, SecurityRuleProps } from './azure/security-rule';
import { SecurityGroupProps } from './azure/network-stack';
import { Catalogue } from './catalogue';
import { EnvironmentSpec } from './environment';

/** The repository Flux clones for every environment. */
export const REPOSITORY_URL = 'https://github.com/example-org/infrastructure';

/** Tags move through environments in this order; the last one is production and should be pinned. */
export const PROMOTION_ORDER = ['dev', 'staging', 'prod'];

/** Application tier: HTTPS from the internet and the Azure load balancer's probes, nothing else. */
function appSecurityGroup(name: string): SecurityGroupProps {
  return {
    name,
    rules: [
      rule('allow-https-inbound', 100, Direction.INBOUND, Access.ALLOW, Protocol.TCP, ['Internet'], ['VirtualNetwork'], ['443']),
      rule('allow-lb-probes', 110, Direction.INBOUND, Access.ALLOW, Protocol.VALUE_ASTERISK, ['AzureLoadBalancer'], ['*'], ['*']),
      rule('deny-all-inbound', 4096, Direction.INBOUND, Access.DENY, Protocol.VALUE_ASTERISK, ['*'], ['*'], ['*']),
    ],
  };
}

/** Data tier: PostgreSQL from the app subnet only, and no way out to the internet. */
function dataSecurityGroup(name: string, appSubnet: string, dataSubnet: string): SecurityGroupProps {
  return {
    name,
    rules: [
      rule('allow-postgres-from-app', 100, Direction.INBOUND, Access.ALLOW, Protocol.TCP, [appSubnet], [dataSubnet], ['5432']),
      rule('deny-all-inbound', 4096, Direction.INBOUND, Access.DENY, Protocol.VALUE_ASTERISK, ['*'], ['*'], ['*']),
      rule('deny-internet-outbound', 4000, Direction.OUTBOUND, Access.DENY, Protocol.VALUE_ASTERISK, ['*'], ['Internet'], ['*']),
    ],
  };
}

function rule(
  name: string, priority: number, direction: Direction, access: Access, protocol: Protocol,
  sourceAddressPrefixes: string[], destinationAddressPrefixes: string[], destinationPortRanges: string[],
): SecurityRuleProps {
  return { name, priority, direction, access, protocol, sourceAddressPrefixes, destinationAddressPrefixes, destinationPortRanges };
}

export const ENVIRONMENTS: EnvironmentSpec[] = [
  {
    name: 'dev',
    semver: '~1.2.0',
    source: { interval: '2m' },
    azure: {
      namespace: 'azure-dev',
      location: 'eastus',
      // Dev is disposable: removing an object from git deletes it in Azure.
      reconcilePolicy: 'manage',
      resourceGroup: 'dev-rg',
      virtualNetwork: { name: 'dev-vnet', addressPrefixes: ['10.10.0.0/16'] },
      subnets: [
        { name: 'snet-app', addressPrefix: '10.10.1.0/24', securityGroup: 'nsg-app' },
        { name: 'snet-data', addressPrefix: '10.10.2.0/24', securityGroup: 'nsg-data' },
      ],
      securityGroups: [appSecurityGroup('nsg-app'), dataSecurityGroup('nsg-data', '10.10.1.0/24', '10.10.2.0/24')],
    },
  },
  {
    name: 'staging',
    semver: '>=1.0.0 <2.0.0',
    source: { interval: '5m' },
    azure: {
      namespace: 'azure-staging',
      location: 'eastus',
      resourceGroup: 'staging-rg',
      virtualNetwork: { name: 'staging-vnet', addressPrefixes: ['10.20.0.0/16'] },
      subnets: [
        { name: 'snet-app', addressPrefix: '10.20.1.0/24', securityGroup: 'nsg-app' },
        { name: 'snet-data', addressPrefix: '10.20.2.0/24', securityGroup: 'nsg-data' },
      ],
      securityGroups: [appSecurityGroup('nsg-app'), dataSecurityGroup('nsg-data', '10.20.1.0/24', '10.20.2.0/24')],
    },
  },
  {
    name: 'prod',
    semver: '1.2.3',
    source: { interval: '10m' },
    azure: {
      namespace: 'azure-prod',
      location: 'eastus',
      reconcilePolicy: 'detach-on-delete',
      resourceGroup: 'production-rg',
      virtualNetwork: { name: 'production-vnet', addressPrefixes: ['10.0.0.0/16'] },
      subnets: [
        { name: 'snet-app', addressPrefix: '10.0.1.0/24', securityGroup: 'nsg-app' },
        { name: 'snet-data', addressPrefix: '10.0.2.0/24', securityGroup: 'nsg-data' },
        // Reserved name (upper case): metadata.name is derived, the Azure name kept in azureName.
        { name: 'GatewaySubnet', addressPrefix: '10.0.255.0/27' },
      ],
      securityGroups: [appSecurityGroup('nsg-app'), dataSecurityGroup('nsg-data', '10.0.1.0/24', '10.0.2.0/24')],
    },
  },
];

/** What `npm run synth` renders. */
export const CATALOGUE: Catalogue = {
  repositoryUrl: REPOSITORY_URL,
  promotionOrder: PROMOTION_ORDER,
  environments: ENVIRONMENTS,
};
