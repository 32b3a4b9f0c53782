import { parse } from 'yaml';
import { smallEnvironment, withChange } from '../helpers/catalogue';
import { refusalOfChange, renderedFiles } from './refusals';

const REGION = 'the programmatic name of an open Azure region, e.g. "eastus", "westeurope", "swedencentral"';
const RG_NAME = '1-90 letters, digits, "_", "(", ")", "-" and ".", not ending with "."';
const NETWORK_CHARS = 'letters, digits, "_", "." and "-", starting with a letter or digit and ending with a letter, digit or "_"';
const VNET_NAME = `2-64 ${NETWORK_CHARS}`;
const CHILD_NAME = `1-80 ${NETWORK_CHARS}`;

describe('location', () => {
  test.each([
    ['mars', 'is not an Azure region', REGION],
    ['', 'is empty', REGION],
    ['East US', 'is not a programmatic region name', '"eastus"'],
    ['West Europe', 'is not a programmatic region name', '"westeurope"'],
    ['EastUS', 'is not a programmatic region name', '"eastus"'],
    ['francesouth', 'is a restricted region', `${REGION}, or allowRestrictedRegion: true if your subscription has access`],
  ])('fails when the location is %j', (location, problem, expected) => {
    expect(refusalOfChange((d) => { d.azure.location = location; })).toStrictEqual([
      `environment "test" (test/network): location ${JSON.stringify(location)} ${problem}; expected ${expected}`,
    ]);
  });

  test('passes a restricted region when allowRestrictedRegion is set', () => {
    const files = renderedFiles(withChange(smallEnvironment(), (d) => {
      d.azure.location = 'francesouth';
      d.azure.allowRestrictedRegion = true;
    }));
    expect(parse(files.get('test/azure/resourcegroup-test-rg.yaml')!).spec.location).toBe('francesouth');
  });
});

describe('Azure names', () => {
  test.each([
    ['rg-test.', 'is not a valid Azure name'],
    ['rg#test', 'is not a valid Azure name'],
    ['rg test', 'is not a valid Azure name'],
    ['', 'is empty'],
    ['r'.repeat(91), 'is 91 characters long (at most 90)'],
  ])('fails when the resource group is named %j', (name, problem) => {
    expect(refusalOfChange((d) => { d.azure.resourceGroup = name; })).toStrictEqual([
      `environment "test" (test/network): resourceGroup ${JSON.stringify(name)} ${problem}; expected ${RG_NAME}`,
    ]);
  });

  test('fails when a valid resource group name leaves nothing for metadata.name', () => {
    expect(refusalOfChange((d) => { d.azure.resourceGroup = '(_)'; })).toStrictEqual([
      'environment "test" (test/network): resourceGroup "(_)" gives the Kubernetes name "", which is empty; expected an Azure name with at least one letter or digit',
    ]);
  });

  test.each([
    ['v', 'is not a valid Azure name'],
    ['v'.repeat(65), 'is 65 characters long (at most 64)'],
    ['-vnet', 'is not a valid Azure name'],
    ['vnet.', 'is not a valid Azure name'],
    ['vnet-', 'is not a valid Azure name'],
    ['vnet(test)', 'is not a valid Azure name'],
  ])('fails when the VNet is named %j', (name, problem) => {
    expect(refusalOfChange((d) => { d.azure.virtualNetwork.name = name; })).toStrictEqual([
      `environment "test" (test/network): virtualNetwork.name ${JSON.stringify(name)} ${problem}; expected ${VNET_NAME}`,
    ]);
  });

  test.each([
    ['s'.repeat(81), 'is 81 characters long (at most 80)'],
    ['snet-', 'is not a valid Azure name'],
    ['_snet', 'is not a valid Azure name'],
    ['snet app', 'is not a valid Azure name'],
  ])('fails when a subnet is named %j', (name, problem) => {
    expect(refusalOfChange((d) => { d.azure.subnets[0].name = name; })).toStrictEqual([
      `environment "test" (test/network): subnets[${name}].name ${JSON.stringify(name)} ${problem}; expected ${CHILD_NAME}`,
    ]);
  });

  test.each([
    ['nsg-app.', 'is not a valid Azure name'],
    ['.nsg-app', 'is not a valid Azure name'],
    ['n'.repeat(81), 'is 81 characters long (at most 80)'],
  ])('fails when an NSG is named %j', (name, problem) => {
    expect(refusalOfChange((d) => {
      d.azure.securityGroups[0].name = name;
      d.azure.subnets[0].securityGroup = name;
    })).toStrictEqual([
      `environment "test" (test/network): securityGroups[${name}].name ${JSON.stringify(name)} ${problem}; expected ${CHILD_NAME}`,
    ]);
  });

  test.each([
    ['-allow-https', 'is not a valid Azure name'],
    ['allow https', 'is not a valid Azure name'],
    ['r'.repeat(81), 'is 81 characters long (at most 80)'],
  ])('fails when a security rule is named %j', (name, problem) => {
    expect(refusalOfChange((d) => { d.azure.securityGroups[0].rules[0].name = name; })).toStrictEqual([
      `environment "test" (test/network): securityGroups[nsg-app].rules[${name}].name ${JSON.stringify(name)} ${problem}; expected ${CHILD_NAME}`,
    ]);
  });
});

describe('one Azure name per scope (Azure names are case-insensitive)', () => {
  test.each(['snet-app', 'SNET-APP'])('fails when a second subnet of the VNet is named %j', (name) => {
    expect(refusalOfChange((d) => { d.azure.subnets.push({ name, addressPrefix: '10.50.2.0/24' }); })).toStrictEqual([
      `environment "test" (test/network): subnets[${name}].name ${JSON.stringify(name)} is used twice in this VNet (Azure names are case-insensitive); expected a subnet name unique within its VNet`,
    ]);
  });

  test.each(['allow-https', 'Allow-HTTPS'])('fails when a second rule of the NSG is named %j', (name) => {
    expect(refusalOfChange((d) => {
      const rules = d.azure.securityGroups[0].rules;
      rules.push({ ...rules[0], name, priority: 200 });
    })).toStrictEqual([
      `environment "test" (test/network): securityGroups[nsg-app].rules[${name}].name ${JSON.stringify(name)} is used twice in this NSG (Azure names are case-insensitive); expected a rule name unique within its NSG`,
    ]);
  });

  test.each(['nsg-app', 'NSG-App'])('fails when a second NSG of the resource group is named %j', (name) => {
    expect(refusalOfChange((d) => { d.azure.securityGroups.push({ name, rules: [] }); })).toStrictEqual([
      `environment "test" (test/network): securityGroups[${name}].name ${JSON.stringify(name)} is used twice in this resource group (Azure names are case-insensitive); expected an NSG name unique within its resource group`,
    ]);
  });

  test('passes one rule name in two different NSGs', () => {
    const files = renderedFiles(withChange(smallEnvironment(), (d) => {
      d.azure.securityGroups.push({ ...d.azure.securityGroups[0], name: 'nsg-data' });
    }));
    expect(parse(files.get('test/azure/networksecuritygroupssecurityrule-nsg-data-allow-https.yaml')!).spec.azureName).toBe('allow-https');
  });
});

describe('names Kubernetes cannot hold', () => {
  test('GatewaySubnet gets a derived metadata.name and keeps its Azure name in azureName', () => {
    // GIVEN / WHEN
    const files = renderedFiles(withChange(smallEnvironment(), (d) => {
      d.azure.subnets.push({ name: 'GatewaySubnet', addressPrefix: '10.50.255.0/27' });
    }));

    // THEN
    const subnet = parse(files.get('test/azure/virtualnetworkssubnet-test-vnet-gatewaysubnet.yaml')!);
    expect(subnet.metadata.name).toBe('test-vnet-gatewaysubnet');
    expect(subnet.spec.azureName).toBe('GatewaySubnet');
    expect(subnet.spec.owner).toStrictEqual({ name: 'test-vnet' });
  });

  test('rg_Network_Prod gets a derived metadata.name, keeps its Azure name, and owners follow the derived name', () => {
    const files = renderedFiles(withChange(smallEnvironment(), (d) => { d.azure.resourceGroup = 'rg_Network_Prod'; }));

    const group = parse(files.get('test/azure/resourcegroup-rg-network-prod.yaml')!);
    expect(group.metadata.name).toBe('rg-network-prod');
    expect(group.spec.azureName).toBe('rg_Network_Prod');
    expect(parse(files.get('test/azure/virtualnetwork-test-vnet.yaml')!).spec.owner).toStrictEqual({ name: 'rg-network-prod' });
  });
});
