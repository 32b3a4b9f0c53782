import { render } from '../../lib/synth/render';
import { catalogueOf, smallEnvironment, withChange } from '../helpers/catalogue';
import { refusalOfChange } from './refusals';

function reservedSubnet(name: string, addressPrefix: string, securityGroup?: string) {
  return (d: any) => { d.azure.subnets.push({ name, addressPrefix, ...(securityGroup ? { securityGroup } : {}) }); };
}

describe('subnets Azure reserves for its own services', () => {
  test.each(['GatewaySubnet', 'AzureFirewallSubnet', 'AzureFirewallManagementSubnet', 'RouteServerSubnet'])(
    'fails when %s has an NSG attached', (name) => {
      expect(refusalOfChange(reservedSubnet(name, '10.50.128.0/26', 'nsg-app'))).toStrictEqual([
        `environment "test" (test/network): subnets[${name}].securityGroup "nsg-app" is attached to ${name}, where Azure does not support an NSG; expected no securityGroup on this reserved subnet`,
      ]);
    });

  test.each([
    ['AzureFirewallSubnet', '10.50.128.0/27', 26],
    ['AzureBastionSubnet', '10.50.128.0/27', 26],
    ['RouteServerSubnet', '10.50.128.0/28', 27],
  ])('fails when %s is %s, smaller than Azure accepts', (name, prefix, length) => {
    expect(refusalOfChange(reservedSubnet(name, prefix))).toStrictEqual([
      `environment "test" (test/network): subnets[${name}].addressPrefix "${prefix}" is smaller than Azure allows for ${name}; expected a prefix length of /${length} or shorter`,
    ]);
  });

  test('passes AzureBastionSubnet /26 with an NSG, which Azure supports', () => {
    expect(() => render(catalogueOf(withChange(smallEnvironment(), reservedSubnet('AzureBastionSubnet', '10.50.128.0/26', 'nsg-app'))))).not.toThrow();
  });

  test('warns when GatewaySubnet is smaller than the recommended /27', () => {
    const pinned = { ...smallEnvironment(), semver: '1.2.3' };
    const { warnings } = render(catalogueOf(withChange(pinned, reservedSubnet('GatewaySubnet', '10.50.128.0/28'))));
    expect(warnings).toStrictEqual([
      'environment "test" (test/network): subnets[GatewaySubnet].addressPrefix "10.50.128.0/28" is smaller than the /27 Azure recommends for GatewaySubnet (ExpressRoute and coexisting gateways need it)',
    ]);
  });
});
