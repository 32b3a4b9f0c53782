import { Access, Direction, Protocol } from '../../lib/azure/security-rule';
import { Catalogue } from '../../lib/catalogue';
import { EnvironmentSpec } from '../../lib/environment';

/** A small valid environment; tests change one field at a time. */
export function smallEnvironment(name = 'test', octet = 50): EnvironmentSpec {
  return {
    name,
    semver: '~1.2.0',
    source: { interval: '2m' },
    azure: {
      namespace: `azure-${name}`,
      location: 'westeurope',
      resourceGroup: `${name}-rg`,
      virtualNetwork: { name: `${name}-vnet`, addressPrefixes: [`10.${octet}.0.0/16`] },
      subnets: [{ name: 'snet-app', addressPrefix: `10.${octet}.1.0/24`, securityGroup: 'nsg-app' }],
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
          destinationPortRanges: ['443'],
        }],
      }],
    },
  };
}

export function catalogueOf(...environments: EnvironmentSpec[]): Catalogue {
  return {
    repositoryUrl: 'https://github.com/example-org/infrastructure',
    promotionOrder: environments.map((e) => e.name),
    environments,
  };
}

/** A deep copy with one change applied, so fixtures are never shared between tests. */
export function withChange(spec: EnvironmentSpec, change: (draft: any) => void): EnvironmentSpec {
  const draft = JSON.parse(JSON.stringify(spec));
  change(draft);
  return draft;
}
