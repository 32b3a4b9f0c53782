import * as ipaddr from 'ipaddr.js';
import {
  NetworkSecurityGroupsSecurityRuleSpecAccess as Access,
  NetworkSecurityGroupsSecurityRuleSpecDirection as Direction,
  NetworkSecurityGroupsSecurityRuleSpecProtocol as Protocol,
} from '../../imports/network.azure.com';

// The closed sets come straight from the CRD, so they cannot drift from what ASO accepts.
export { Access, Direction, Protocol };

export interface SecurityRuleProps {
  /** Azure name of the rule, unique within its NSG. */
  readonly name: string;
  /** 100-4096, unique per direction within the NSG; lower numbers are evaluated first. */
  readonly priority: number;
  readonly direction: Direction;
  readonly access: Access;
  readonly protocol: Protocol;
  /** CIDR blocks, IP addresses, service tags (`Internet`, `VirtualNetwork`, …) or `*`. */
  readonly sourceAddressPrefixes: string[];
  /**
   * Ports or ranges (`"443"`, `"8000-8100"`) or `"*"`.
   *
   * @default ["*"]
   */
  readonly sourcePortRanges?: string[];
  /** CIDR blocks, IP addresses, service tags or `*`. */
  readonly destinationAddressPrefixes: string[];
  /** Ports or ranges (`"443"`, `"8000-8100"`) or `"*"`. */
  readonly destinationPortRanges: string[];
  /**
   * Free text shown in the portal.
   *
   * @default - none
   */
  readonly description?: string;
}

export const PORT_EXPECTED = '"*", a port from 0 to 65535 such as "443", or a range such as "8000-8100"';
export const PREFIX_EXPECTED = '"*", an IP address, a CIDR block such as "10.0.1.0/24", or a service tag such as "Internet" or "VirtualNetwork"';
export const PRIORITY_EXPECTED = 'a whole number from 100 to 4096';

const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)?$/;
const PORT = /^(0|[1-9][0-9]{0,4})$/;

/** Returns what is wrong with one port or range, or undefined. */
export function checkPortRange(value: unknown): string | undefined {
  if (value === '*') return undefined;
  if (typeof value !== 'string') return 'is not a string';
  const parts = value.split('-');
  if (parts.length > 2 || !parts.every((p) => PORT.test(p) && Number(p) <= 65535)) return 'is not a port or port range';
  if (parts.length === 2 && Number(parts[0]) > Number(parts[1])) return 'is a range whose start is above its end';
  return undefined;
}

/** Returns what is wrong with one address prefix, or undefined. */
export function checkAddressPrefix(value: unknown): string | undefined {
  if (value === '*') return undefined;
  if (typeof value !== 'string' || value.length === 0) return 'is empty';
  if (value.includes('/')) return ipaddr.isValidCIDR(value) ? undefined : 'is not a CIDR block';
  if (ipaddr.isValid(value)) {
    return value.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(value) ? undefined : 'is not an IP address in dotted form';
  }
  return SERVICE_TAG.test(value) ? undefined : 'is neither an address nor a service tag';
}

/** Returns what is wrong with a priority, or undefined. */
export function checkPriority(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'is not a whole number';
  if (value < 100 || value > 4096) return 'is outside 100-4096';
  return undefined;
}

/** Writes one value as Azure's singular field and several as the plural one. */
export function singularOrPlural<K extends string, P extends string>(
  singular: K,
  plural: P,
  values: string[],
): Partial<Record<K, string> & Record<P, string[]>> {
  if (values.length === 1) return { [singular]: values[0] } as Partial<Record<K, string> & Record<P, string[]>>;
  return { [plural]: values } as Partial<Record<K, string> & Record<P, string[]>>;
}

/** One problem of a rule: the field below the rule, the value, what is wrong and what is expected. */
export interface RuleProblem {
  readonly field: string;
  readonly value: unknown;
  readonly problem: string;
  readonly expected: string;
}

/**
 * Everything Azure or the CRD would refuse in one rule, with the CRD's closed sets checked at run
 * time too (synth does not type-check). `priorities` holds the direction/priority slots already
 * taken in this NSG; the rule's own slot is added to it.
 */
export function checkSecurityRule(rule: SecurityRuleProps, priorities: Map<string, string>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const report = (field: string, value: unknown, problem: string, expected: string) => problems.push({ field, value, problem, expected });

  const priorityProblem = checkPriority(rule.priority);
  if (priorityProblem) report('priority', rule.priority, priorityProblem, PRIORITY_EXPECTED);

  const enums: [string, unknown, Record<string, string>][] = [
    ['direction', rule.direction, Direction],
    ['access', rule.access, Access],
    ['protocol', rule.protocol, Protocol],
  ];
  for (const [key, value, allowed] of enums) {
    const values = Object.values(allowed);
    if (!values.includes(value as string)) {
      report(key, value, 'is not an accepted value (the CRD is case-sensitive)', `one of ${values.map((v) => `"${v}"`).join(', ')}`);
    }
  }

  const slot = `${rule.direction} ${rule.priority}`;
  const holder = priorities.get(slot);
  if (holder !== undefined && priorityProblem === undefined) {
    report('priority', rule.priority, `is already used by ${rule.direction} rule "${holder}" of this NSG`, 'a priority unique per direction within the NSG');
  } else {
    priorities.set(slot, rule.name);
  }

  const lists: [string, string[] | undefined, (v: unknown) => string | undefined, string][] = [
    ['sourceAddressPrefixes', rule.sourceAddressPrefixes, checkAddressPrefix, PREFIX_EXPECTED],
    ['sourcePortRanges', rule.sourcePortRanges ?? ['*'], checkPortRange, PORT_EXPECTED],
    ['destinationAddressPrefixes', rule.destinationAddressPrefixes, checkAddressPrefix, PREFIX_EXPECTED],
    ['destinationPortRanges', rule.destinationPortRanges, checkPortRange, PORT_EXPECTED],
  ];
  for (const [key, values, check, expected] of lists) {
    if (!Array.isArray(values) || values.length === 0) {
      report(key, values, 'is empty', `at least one of ${expected}`);
      continue;
    }
    if (values.length > 1 && values.includes('*')) {
      report(key, values, 'mixes "*" with other values', `either ["*"] alone or a list of ${expected}`);
    }
    for (const value of values) {
      const problem = check(value);
      if (problem) report(key, value, problem, expected);
    }
  }
  return problems;
}
