import { catalogueOf, smallEnvironment, withChange } from '../helpers/catalogue';
import { refusalOf, refusalOfChange, renderedFiles } from './refusals';

const CIDR = 'a CIDR block with its host bits zero, e.g. "10.20.0.0/16"';

describe('VNet address space', () => {
  test.each([
    ['10.50.0.0/33', 'is not a CIDR block'],
    ['10.50.0.0', 'is not a CIDR block'],
    ['10.50.0/16', 'is not a CIDR block in four-part dotted form'],
    ['10.0.1.5/16', 'has host bits set (the network address is 10.0.0.0/16)'],
  ])('fails when the VNet address space is %j', (prefix, problem) => {
    // GIVEN a subnet that fits the network address, so only the VNet block is reported
    const spec = withChange(smallEnvironment(), (d) => {
      d.azure.virtualNetwork.addressPrefixes = [prefix];
      d.azure.subnets[0].addressPrefix = '10.0.1.0/24';
    });

    expect(refusalOf(catalogueOf(spec))).toStrictEqual([
      `environment "test" (test/network): virtualNetwork.addressPrefixes ${JSON.stringify(prefix)} ${problem}; expected ${CIDR}`,
    ]);
  });

  test('fails when the VNet has no address space', () => {
    expect(refusalOfChange((d) => { d.azure.virtualNetwork.addressPrefixes = []; })).toStrictEqual([
      `environment "test" (test/network): virtualNetwork.addressPrefixes [] is empty; expected at least one block, each ${CIDR}`,
    ]);
  });

  test('fails when two blocks of one VNet overlap', () => {
    expect(refusalOfChange((d) => { d.azure.virtualNetwork.addressPrefixes = ['10.50.0.0/16', '10.50.128.0/17']; })).toStrictEqual([
      'environment "test" (test/network): virtualNetwork.addressPrefixes "10.50.128.0/17" overlaps "10.50.0.0/16" of the same VNet; expected address blocks that do not overlap',
    ]);
  });
});

describe('subnet prefixes', () => {
  test.each([
    ['10.50.1.5/24', 'has host bits set (the network address is 10.50.1.0/24)', CIDR],
    ['10.50.1.0/240', 'is not a CIDR block', CIDR],
    ['10.60.1.0/24', 'is outside the VNet address space', 'a block inside "10.50.0.0/16"'],
    ['10.0.0.0/8', 'is outside the VNet address space', 'a block inside "10.50.0.0/16"'],
    ['10.50.1.0/30', 'is smaller than Azure allows for a subnet', 'a prefix length of /29 or shorter'],
    ['10.50.1.0/32', 'is smaller than Azure allows for a subnet', 'a prefix length of /29 or shorter'],
  ])('fails when the subnet prefix is %j', (prefix, problem, expected) => {
    expect(refusalOfChange((d) => { d.azure.subnets[0].addressPrefix = prefix; })).toStrictEqual([
      `environment "test" (test/network): subnets[snet-app].addressPrefix ${JSON.stringify(prefix)} ${problem}; expected ${expected}`,
    ]);
  });

  test('fails when two subnets overlap', () => {
    expect(refusalOfChange((d) => { d.azure.subnets.push({ name: 'snet-data', addressPrefix: '10.50.1.128/25' }); })).toStrictEqual([
      'environment "test" (test/network): subnets[snet-data].addressPrefix "10.50.1.128/25" overlaps subnet "snet-app" (10.50.1.0/24); expected subnets that do not overlap',
    ]);
  });

  test('passes a /29 subnet and a subnet in the second block of the VNet', () => {
    const files = renderedFiles(withChange(smallEnvironment(), (d) => {
      d.azure.virtualNetwork.addressPrefixes.push('10.51.0.0/16');
      d.azure.subnets[0].addressPrefix = '10.50.1.0/29';
      d.azure.subnets.push({ name: 'snet-data', addressPrefix: '10.51.0.0/24' });
    }));
    expect(files.get('test/azure/virtualnetworkssubnet-test-vnet-snet-app.yaml')).toContain('addressPrefix: 10.50.1.0/29\n');
    expect(files.get('test/azure/virtualnetworkssubnet-test-vnet-snet-data.yaml')).toContain('addressPrefix: 10.51.0.0/24\n');
  });
});

describe('address spaces of different environments (meant to be peered)', () => {
  test('fails when the VNet of one environment overlaps the VNet of another', () => {
    // GIVEN dev at 10.1.0.0/16 and prod at 10.0.0.0/8, which contains it
    const dev = smallEnvironment('dev', 1);
    const prod = withChange(smallEnvironment('prod', 2), (d) => { d.azure.virtualNetwork.addressPrefixes = ['10.0.0.0/8']; });

    expect(refusalOf(catalogueOf(dev, prod))).toStrictEqual([
      'environment "prod" (prod/network): virtualNetwork.addressPrefixes "10.0.0.0/8" overlaps "10.1.0.0/16" of environment "dev"; expected address spaces that do not overlap between environments (they must stay peerable)',
    ]);
  });

  test('passes neighbouring address spaces', () => {
    expect(renderedFiles(smallEnvironment('dev', 1), smallEnvironment('prod', 2)).size).toBeGreaterThan(0);
  });
});
