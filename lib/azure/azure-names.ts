/**
 * Azure naming rules for the kinds this project emits (Microsoft.Resources and Microsoft.Network
 * rows of the Azure "resource name rules" page). The CRDs check almost none of this, and an
 * invalid name can leave an ASO object stuck deleting forever, so we check before synth.
 */
export type AzureNameKind = 'resourceGroup' | 'virtualNetwork' | 'subnet' | 'networkSecurityGroup' | 'securityRule';

interface NameRule {
  readonly pattern: RegExp;
  readonly expected: string;
  /** Checked before the pattern, so a name that is only too long says so. */
  readonly maxLength: number;
}

const NETWORK_CHARS = 'letters, digits, "_", "." and "-", starting with a letter or digit and ending with a letter, digit or "_"';

const RULES: Record<AzureNameKind, NameRule> = {
  resourceGroup: {
    pattern: /^[-\p{L}\p{N}_.()]{0,89}[-\p{L}\p{N}_()]$/u,
    expected: '1-90 letters, digits, "_", "(", ")", "-" and ".", not ending with "."',
    maxLength: 90,
  },
  virtualNetwork: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]$/,
    expected: `2-64 ${NETWORK_CHARS}`,
    maxLength: 64,
  },
  subnet: { pattern: /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/, expected: `1-80 ${NETWORK_CHARS}`, maxLength: 80 },
  networkSecurityGroup: { pattern: /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/, expected: `1-80 ${NETWORK_CHARS}`, maxLength: 80 },
  securityRule: { pattern: /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/, expected: `1-80 ${NETWORK_CHARS}`, maxLength: 80 },
};

/** Returns undefined when the name is valid for the kind, else [problem, expected]. */
export function checkAzureName(kind: AzureNameKind, name: unknown): [string, string] | undefined {
  const rule = RULES[kind];
  if (typeof name !== 'string' || name.length === 0) return ['is empty', rule.expected];
  const length = [...name].length; // characters, as Azure counts them, not UTF-16 units
  if (length > rule.maxLength) return [`is ${length} characters long (at most ${rule.maxLength})`, rule.expected];
  if (!rule.pattern.test(name)) return ['is not a valid Azure name', rule.expected];
  return undefined;
}
