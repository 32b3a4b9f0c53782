import { render } from '../../lib/synth/render';
import { catalogueOf, smallEnvironment, withChange } from '../helpers/catalogue';
import { refusalOf, refusalOfChange } from './refusals';

// Synth runs without a type-check, so the catalogue's shape is checked at run time too.
describe('misspelt and missing fields', () => {
  test('fails when a subnet says securityGroups instead of securityGroup (the NSG would silently be dropped)', () => {
    expect(refusalOfChange((d) => {
      d.azure.subnets[0] = { name: 'snet-app', addressPrefix: '10.50.1.0/24', securityGroups: 'nsg-app' };
    })).toStrictEqual([
      'environment "test" (test): azure.subnets[0] "securityGroups" is not a known field (misspelt?); expected one of "name", "addressPrefix", "securityGroup"',
    ]);
  });

  test('fails on an unknown field at the top of an entry and inside an NSG rule', () => {
    expect(refusalOfChange((d) => {
      d.semVer = '~1.2.0';
      d.azure.securityGroups[0].rules[0].destinationPortRange = '443';
    })).toStrictEqual([
      'environment "test" (test): azure.securityGroups[0].rules[0] "destinationPortRange" is not a known field (misspelt?); expected one of ' +
        '"name", "priority", "direction", "access", "protocol", "sourceAddressPrefixes", "sourcePortRanges", "destinationAddressPrefixes", "destinationPortRanges", "description"',
      'environment "test" (test): (entry) "semVer" is not a known field (misspelt?); expected one of "name", "semver", "source", "kustomization", "azure"',
    ]);
  });

  test('fails, instead of crashing, when source or azure is missing', () => {
    expect(refusalOfChange((d) => {
      delete d.source;
      d.azure.virtualNetwork = undefined;
    })).toStrictEqual([
      'environment "test" (test): source (unset) is missing or not an object; expected an object with the source settings',
      'environment "test" (test): azure.virtualNetwork (unset) is missing or not an object; expected an object with the virtualNetwork settings',
    ]);
  });

  test('fails, instead of crashing, when an entry has no name', () => {
    const nameless = withChange(smallEnvironment(), (d) => { delete d.name; });
    expect(refusalOf({ ...catalogueOf(nameless), promotionOrder: [] })).toStrictEqual([
      'catalogue: environments[0].name (unset) is missing or not a string; expected a DNS-1123 label: at most 63 characters of lower-case letters, digits and "-", starting and ending with a letter or digit',
    ]);
  });

  test('fails when semver is not a string', () => {
    expect(refusalOfChange((d) => {
      d.semver = 123;
    })).toStrictEqual([
      'environment "test" (test/flux): GitRepository spec.ref.semver 123 is not a string; expected a semver constraint such as "~1.2.0" or a pin such as "1.2.3"',
    ]);
  });

  test('fails when securityRuleReconcilePolicy is not one of the three literals', () => {
    expect(refusalOfChange((d) => {
      d.azure.securityRuleReconcilePolicy = 'Manage';
    })).toStrictEqual([
      'environment "test" (test/network): securityRuleReconcilePolicy "Manage" is not an ASO reconcile policy; expected one of "manage", "detach-on-delete", "skip" (lower case)',
    ]);
  });
});

describe('catalogue-wide warnings', () => {
  test('warns when an environment is missing from the promotion order', () => {
    const dev = { ...smallEnvironment('dev', 10), semver: '1.2.3' };
    const qa = smallEnvironment('qa', 20);
    const { warnings } = render({ ...catalogueOf(dev, qa), promotionOrder: ['dev'] });
    expect(warnings).toStrictEqual([
      'environment "qa" (qa): is not in the promotion order, so `npm run promote` cannot move it and nothing checks what it runs before the next environment',
    ]);
  });

  test('warns when two environments name one resource group (case-insensitive)', () => {
    const dev = smallEnvironment('dev', 10);
    const qa = withChange(smallEnvironment('qa', 20), (d) => { d.azure.resourceGroup = 'DEV-RG'; d.semver = '1.2.3'; });
    const { warnings } = render(catalogueOf(dev, qa));
    expect(warnings).toStrictEqual([
      'environment "qa" (qa/network): resource group "DEV-RG" is also used by environment "dev" (Azure names are case-insensitive); in one subscription both would own it',
    ]);
  });
});

test('reports shape problems of several entries together with other problems', () => {
  const dev = withChange(smallEnvironment('dev', 10), (d) => { d.source.intreval = '2m'; });
  const qa = withChange(smallEnvironment('qa', 20), (d) => { d.kustomization = { timeout: '1d' }; });
  expect(refusalOf(catalogueOf(dev, qa))).toHaveLength(2);
});
