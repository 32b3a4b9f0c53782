import { parse } from 'yaml';
import { smallEnvironment, withChange } from '../helpers/catalogue';
import { refusalOfChange, renderedFiles } from './refusals';

const RULE = 'environment "test" (test/network): securityGroups[nsg-app].rules[allow-https]';
const PORT = '"*", a port from 0 to 65535 such as "443", or a range such as "8000-8100"';
const PREFIX = '"*", an IP address, a CIDR block such as "10.0.1.0/24", or a service tag such as "Internet" or "VirtualNetwork"';

/** Refusal of the small environment with its one rule (allow-https, Inbound 100) changed. */
function refusalOfRule(change: (rule: any) => void): string[] {
  return refusalOfChange((d) => change(d.azure.securityGroups[0].rules[0]));
}

describe('priority', () => {
  test.each([
    [99, 'is outside 100-4096'],
    [4097, 'is outside 100-4096'],
    [0, 'is outside 100-4096'],
    [100.5, 'is not a whole number'],
    ['100', 'is not a whole number'],
  ])('fails when the priority is %j', (priority, problem) => {
    expect(refusalOfRule((r) => { r.priority = priority; })).toStrictEqual([
      `${RULE}.priority ${JSON.stringify(priority)} ${problem}; expected a whole number from 100 to 4096`,
    ]);
  });

  test('fails when two Inbound rules of one NSG share priority 100', () => {
    expect(refusalOfChange((d) => {
      const rules = d.azure.securityGroups[0].rules;
      rules.push({ ...rules[0], name: 'allow-http', destinationPortRanges: ['80'] });
    })).toStrictEqual([
      'environment "test" (test/network): securityGroups[nsg-app].rules[allow-http].priority 100 is already used by Inbound rule "allow-https" of this NSG; expected a priority unique per direction within the NSG',
    ]);
  });

  test('passes Inbound 100 and Outbound 100 in one NSG, and Inbound 100 in two NSGs', () => {
    const files = renderedFiles(withChange(smallEnvironment(), (d) => {
      const rules = d.azure.securityGroups[0].rules;
      rules.push({ ...rules[0], name: 'allow-https-out', direction: 'Outbound' });
      d.azure.securityGroups.push({ name: 'nsg-data', rules: [{ ...rules[0], name: 'allow-https' }] });
    }));
    const outbound = parse(files.get('test/azure/networksecuritygroupssecurityrule-nsg-app-allow-https-out.yaml')!);
    expect([outbound.spec.direction, outbound.spec.priority]).toStrictEqual(['Outbound', 100]);
    expect(files.has('test/azure/networksecuritygroupssecurityrule-nsg-data-allow-https.yaml')).toBe(true);
  });
});

describe('direction, access and protocol (the CRD enums are case-sensitive)', () => {
  test.each([
    ['direction', 'inbound', '"Inbound", "Outbound"'],
    ['direction', 'In', '"Inbound", "Outbound"'],
    ['access', 'allow', '"Allow", "Deny"'],
    ['access', 'DENY', '"Allow", "Deny"'],
    ['protocol', 'TCP', '"Ah", "Esp", "Icmp", "*", "Tcp", "Udp"'],
    ['protocol', 'any', '"Ah", "Esp", "Icmp", "*", "Tcp", "Udp"'],
  ])('fails when %s is %j', (field, value, allowed) => {
    expect(refusalOfRule((r) => { r[field] = value; })).toStrictEqual([
      `${RULE}.${field} ${JSON.stringify(value)} is not an accepted value (the CRD is case-sensitive); expected one of ${allowed}`,
    ]);
  });
});

describe('port ranges', () => {
  test.each([
    ['70000', 'is not a port or port range'],
    ['443-80', 'is a range whose start is above its end'],
    ['http', 'is not a port or port range'],
    ['1-2-3', 'is not a port or port range'],
    ['-1', 'is not a port or port range'],
    ['0443', 'is not a port or port range'],
    ['443 ', 'is not a port or port range'],
  ])('fails when a destination port is %j', (port, problem) => {
    expect(refusalOfRule((r) => { r.destinationPortRanges = [port]; })).toStrictEqual([
      `${RULE}.destinationPortRanges ${JSON.stringify(port)} ${problem}; expected ${PORT}`,
    ]);
  });

  test('fails when a source port is out of range', () => {
    expect(refusalOfRule((r) => { r.sourcePortRanges = ['65536']; })).toStrictEqual([
      `${RULE}.sourcePortRanges "65536" is not a port or port range; expected ${PORT}`,
    ]);
  });

  test('fails when "*" is mixed with other ports', () => {
    expect(refusalOfRule((r) => { r.destinationPortRanges = ['*', '443']; })).toStrictEqual([
      `${RULE}.destinationPortRanges ["*","443"] mixes "*" with other values; expected either ["*"] alone or a list of ${PORT}`,
    ]);
  });

  test('fails when no destination port is given', () => {
    expect(refusalOfRule((r) => { r.destinationPortRanges = []; })).toStrictEqual([
      `${RULE}.destinationPortRanges [] is empty; expected at least one of ${PORT}`,
    ]);
  });

  test('passes single ports, ranges and "*" at the bounds', () => {
    const files = renderedFiles(withChange(smallEnvironment(), (d) => {
      const rule = d.azure.securityGroups[0].rules[0];
      rule.destinationPortRanges = ['0', '443', '8000-8100', '65535'];
      rule.sourcePortRanges = ['*'];
    }));
    const spec = parse(files.get('test/azure/networksecuritygroupssecurityrule-nsg-app-allow-https.yaml')!).spec;
    expect([spec.destinationPortRanges, spec.sourcePortRange]).toStrictEqual([['0', '443', '8000-8100', '65535'], '*']);
  });
});

describe('address prefixes', () => {
  test.each([
    ['10.0.0.0/33', 'is not a CIDR block'],
    ['10.1', 'is not an IP address in dotted form'],
    ['0x0a000001', 'is not an IP address in dotted form'],
    ['10.0.0.256', 'is neither an address nor a service tag'],
    ['not a tag', 'is neither an address nor a service tag'],
    ['', 'is empty'],
  ])('fails when a source prefix is %j', (prefix, problem) => {
    expect(refusalOfRule((r) => { r.sourceAddressPrefixes = [prefix]; })).toStrictEqual([
      `${RULE}.sourceAddressPrefixes ${JSON.stringify(prefix)} ${problem}; expected ${PREFIX}`,
    ]);
  });

  test('fails when "*" is mixed with other source prefixes', () => {
    expect(refusalOfRule((r) => { r.sourceAddressPrefixes = ['*', 'Internet']; })).toStrictEqual([
      `${RULE}.sourceAddressPrefixes ["*","Internet"] mixes "*" with other values; expected either ["*"] alone or a list of ${PREFIX}`,
    ]);
  });

  test('fails when no destination prefix is given', () => {
    expect(refusalOfRule((r) => { r.destinationAddressPrefixes = []; })).toStrictEqual([
      `${RULE}.destinationAddressPrefixes [] is empty; expected at least one of ${PREFIX}`,
    ]);
  });

  test('passes CIDR blocks, addresses and service tags', () => {
    const files = renderedFiles(withChange(smallEnvironment(), (d) => {
      d.azure.securityGroups[0].rules[0].sourceAddressPrefixes = ['10.0.0.0/8', '192.168.1.10', 'AzureLoadBalancer', 'Storage.WestEurope'];
    }));
    expect(parse(files.get('test/azure/networksecuritygroupssecurityrule-nsg-app-allow-https.yaml')!).spec.sourceAddressPrefixes)
      .toStrictEqual(['10.0.0.0/8', '192.168.1.10', 'AzureLoadBalancer', 'Storage.WestEurope']);
  });
});
