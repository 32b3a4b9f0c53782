import { EnvironmentSpec } from './environment';
import { Diagnostics } from './validation/diagnostics';
import { findUnknownKeys, KeySpec } from './validation/known-keys';

const RULE = {
  name: true, priority: true, direction: true, access: true, protocol: true, sourceAddressPrefixes: true,
  sourcePortRanges: true, destinationAddressPrefixes: true, destinationPortRanges: true, description: true,
} as const;

/** Every field a catalogue entry may have; the compiler keeps it equal to EnvironmentSpec. */
const ENVIRONMENT_KEYS: KeySpec<EnvironmentSpec> = {
  name: true,
  semver: true,
  source: { interval: true, name: true, timeout: true, secretRef: true, verify: { mode: true, secretRef: true } },
  kustomization: { interval: true, retryInterval: true, timeout: true, prune: true, dependsOn: true },
  azure: {
    namespace: true,
    location: true,
    allowRestrictedRegion: true,
    resourceGroup: true,
    virtualNetwork: { name: true, addressPrefixes: true },
    subnets: [{ name: true, addressPrefix: true, securityGroup: true }],
    securityGroups: [{ name: true, rules: [RULE] }],
    reconcilePolicy: true,
    securityRuleReconcilePolicy: true,
    credentialFrom: true,
    tags: true,
  },
};

/** The objects an entry cannot do without; the constructs read inside them. */
const REQUIRED_OBJECTS: readonly (readonly string[])[] = [['source'], ['azure'], ['azure', 'virtualNetwork']];

/**
 * Checks the shape of one catalogue entry before any construct reads it: unknown (misspelt)
 * fields, and missing objects that would otherwise crash synth with a TypeError. Reports under
 * the environment's own path and returns false when the entry cannot be built.
 */
export function checkEnvironmentShape(diagnostics: Diagnostics, environment: string, spec: object): boolean {
  const report = (field: string, value: unknown, problem: string, expected: string) =>
    diagnostics.report({ environment, path: environment, field, value, problem, expected });

  for (const unknown of findUnknownKeys(spec, ENVIRONMENT_KEYS)) {
    report(unknown.field, unknown.key, 'is not a known field (misspelt?)',
      `one of ${unknown.known.map((k) => `"${k}"`).join(', ')}`);
  }

  let buildable = true;
  for (const path of REQUIRED_OBJECTS) {
    const value = path.reduce<any>((v, key) => (v === undefined || v === null ? v : v[key]), spec);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      report(path.join('.'), value, 'is missing or not an object', `an object with the ${path[path.length - 1]} settings`);
      buildable = false;
    }
  }
  return buildable;
}
