/**
 * CI-only: every manifest committed under dist/ must pass the strict schema of its kind, read from
 * the real CRDs in ../shared/crds. Run with `npm run test:ci`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  ManifestObject,
  ManifestValidator,
  PROJECT_ROOT,
  createAjv,
  listYamlFiles,
  toStrictJsonSchema,
} from './crd-schemas';

const DIST = path.join(PROJECT_ROOT, 'dist');

/** The only kinds dist/ may hold; a kind with a schema (e.g. OCIRepository) is still refused. */
const DIST_KINDS = new Set([
  'source.toolkit.fluxcd.io/v1 GitRepository',
  'kustomize.toolkit.fluxcd.io/v1 Kustomization',
  'resources.azure.com/v1api20200601 ResourceGroup',
  'network.azure.com/v1api20240301 VirtualNetwork',
  'network.azure.com/v1api20240301 VirtualNetworksSubnet',
  'network.azure.com/v1api20240301 NetworkSecurityGroup',
  'network.azure.com/v1api20240301 NetworkSecurityGroupsSecurityRule',
]);

const manifests = listYamlFiles(DIST)
  .filter((file) => path.basename(file) !== 'kustomization.yaml')
  .map((file) => path.relative(PROJECT_ROOT, file));

const validator = new ManifestValidator();

/** Messages for objects in `file` whose apiVersion/kind is not one dist/ may hold. */
function kindsNotAllowed(file: string): string[] {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  const documents = parseAllDocuments(text, { version: '1.1' });
  const objects = (Array.isArray(documents) ? documents : [documents]).map((doc) => doc.toJS() as unknown);

  return objects
    .filter((obj): obj is ManifestObject => typeof obj === 'object' && obj !== null)
    .map((obj) => `${String(obj.apiVersion)} ${String(obj.kind)}`)
    .filter((key) => !DIST_KINDS.has(key))
    .map((key) => `${file}: ${key} may not appear in dist/ (allowed: ${[...DIST_KINDS].join(', ')})`);
}

describe('dist/ manifests', () => {
  test('dist/ holds at least one manifest', () => {
    // An empty or missing dist/ must not pass as "nothing failed".
    if (manifests.length === 0) {
      throw new Error(
        `no manifests (*.yaml other than kustomization.yaml) under ${DIST}: ` +
          'run `npm run synth` and commit dist/',
      );
    }
  });

  if (manifests.length > 0) {
    test.each(manifests)('%s passes its strict schema', (file) => {
      // WHEN
      const errors = [
        ...validator.validateFile(path.join(PROJECT_ROOT, file), file),
        ...kindsNotAllowed(file),
      ];

      // THEN
      expect(errors).toEqual([]);
    });
  }
});

// Small objects built inline, to prove the check both fails and passes for the right reasons.
const gitRepository = (spec: Record<string, unknown>) => ({
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  metadata: { name: 'platform', namespace: 'flux-system' },
  spec: {
    interval: '5m',
    url: 'https://github.com/example/platform',
    ref: { semver: '>=1.2.0 <2.0.0' },
    ...spec,
  },
});

const kustomization = (spec: Record<string, unknown>) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'network', namespace: 'flux-system' },
  spec: {
    interval: '10m',
    path: './dist/dev/network',
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'platform' },
    ...spec,
  },
});

const resourceGroup = (metadata: Record<string, unknown>) => ({
  apiVersion: 'resources.azure.com/v1api20200601',
  kind: 'ResourceGroup',
  metadata: { name: 'rg-dev', namespace: 'azure', ...metadata },
  spec: { location: 'westeurope' },
});

const virtualNetwork = (spec: Record<string, unknown>) => ({
  apiVersion: 'network.azure.com/v1api20240301',
  kind: 'VirtualNetwork',
  metadata: { name: 'vnet-dev', namespace: 'azure' },
  spec: {
    location: 'westeurope',
    owner: { name: 'rg-dev' },
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
    ...spec,
  },
});

const securityRule = (spec: Record<string, unknown>) => ({
  apiVersion: 'network.azure.com/v1api20240301',
  kind: 'NetworkSecurityGroupsSecurityRule',
  metadata: { name: 'nsg-dev-allow-https', namespace: 'azure' },
  spec: {
    owner: { name: 'nsg-dev' },
    access: 'Allow',
    direction: 'Inbound',
    priority: 100,
    protocol: 'Tcp',
    sourceAddressPrefix: '*',
    sourcePortRange: '*',
    destinationAddressPrefix: '*',
    destinationPortRange: '443',
    ...spec,
  },
});

const READY = "status.?conditions.orValue([]).exists(c, c.type == 'Ready' && c.status == 'True')";

describe('the strict schema check passes', () => {
  test.each([
    ['a minimal GitRepository with ref.semver', gitRepository({})],
    [
      'a Kustomization with healthCheckExprs without kind (allowed since kustomize-controller v1.9)',
      kustomization({
        wait: true,
        healthCheckExprs: [{ apiVersion: 'network.azure.com/v1api20240301', current: READY }],
      }),
    ],
    [
      'a ResourceGroup with labels and annotations',
      resourceGroup({
        labels: { env: 'dev' },
        annotations: { 'serviceoperator.azure.com/reconcile-policy': 'detach-on-delete' },
      }),
    ],
    ['a VirtualNetwork', virtualNetwork({})],
    ['an NSG security rule', securityRule({})],
  ])('%s', (_title, object) => {
    expect(validator.validate('inline.yaml', object)).toEqual([]);
  });
});

describe('the strict schema check fails', () => {
  test('fails when a GitRepository has an unknown field under spec', () => {
    // GIVEN
    const object = gitRepository({ branch: 'main' });

    // THEN
    expect(validator.validate('inline.yaml', object)).toEqual([
      'inline.yaml: GitRepository/platform: /spec must NOT have unknown field "branch"',
    ]);
  });

  test('fails when a Kustomization misses prune', () => {
    // GIVEN
    const object = kustomization({});
    delete (object.spec as Record<string, unknown>).prune;

    // THEN
    expect(validator.validate('inline.yaml', object)).toEqual([
      "inline.yaml: Kustomization/network: /spec must have required property 'prune'",
    ]);
  });

  test('fails when an NSG rule direction is not spelled like the enum', () => {
    expect(validator.validate('inline.yaml', securityRule({ direction: 'inbound' }))).toEqual([
      'inline.yaml: NetworkSecurityGroupsSecurityRule/nsg-dev-allow-https: ' +
        '/spec/direction must be equal to one of the allowed values: "Inbound", "Outbound"',
    ]);
  });

  test('fails when a VirtualNetwork declares subnets inline', () => {
    const object = virtualNetwork({ subnets: [{ name: 'a', properties: { addressPrefix: '10.0.1.0/24' } }] });

    expect(validator.validate('inline.yaml', object)).toEqual([
      'inline.yaml: VirtualNetwork/vnet-dev: /spec must NOT have unknown field "subnets"',
    ]);
  });

  test('fails when a ResourceGroup has a metadata field outside name, namespace, labels, annotations', () => {
    expect(validator.validate('inline.yaml', resourceGroup({ label: { env: 'dev' } }))).toEqual([
      'inline.yaml: ResourceGroup/rg-dev: /metadata must NOT have unknown field "label"',
    ]);
  });

  test('fails when a kind has no schema', () => {
    // GIVEN
    const apiVersion = 'network.azure.com/v1api20240301';
    const object = { apiVersion, kind: 'LoadBalancer', metadata: { name: 'lb' } };

    // WHEN
    const errors = validator.validate('inline.yaml', object);

    // THEN
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^inline\.yaml: LoadBalancer\/lb: no schema for \S+ LoadBalancer/);
    expect(errors[0]).toMatch(/network\.azure\.com\/loadbalancer_v1api20240301\.json does not exist$/);
  });

  test('fails when a core kind appears (no schema is a failure, not a skip)', () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: {} };

    expect(validator.validate('inline.yaml', object)).toEqual([
      expect.stringMatching(/^inline\.yaml: ConfigMap\/settings: no schema for v1 ConfigMap/),
    ]);
  });

  test('fails when a Flux version the CRDs do not serve is used', () => {
    const object = { ...gitRepository({}), apiVersion: 'source.toolkit.fluxcd.io/v1beta2' };

    expect(validator.validate('inline.yaml', object)).toEqual([
      expect.stringMatching(/no schema for source\.toolkit\.fluxcd\.io\/v1beta2 GitRepository/),
    ]);
  });

  test('fails when metadata.name is not a DNS subdomain', () => {
    const object = { ...gitRepository({}), metadata: { name: 'Repo_Main', namespace: 'flux-system' } };

    expect(validator.validate('inline.yaml', object)).toEqual([
      expect.stringMatching(/^inline\.yaml: GitRepository\/Repo_Main: \/metadata\/name must match pattern/),
    ]);
  });

  test('fails when a Go duration is not one the CRD accepts', () => {
    expect(validator.validate('inline.yaml', gitRepository({ interval: '5 minutes' }))).toEqual([
      expect.stringMatching(/^inline\.yaml: GitRepository\/platform: \/spec\/interval must match pattern/),
    ]);
  });
});

describe('conversion of CRD OpenAPI schemas to strict JSON schemas', () => {
  // GIVEN: the shapes the Flux CRDs in use do not contain today, so the rules are pinned here
  const crdSchema = {
    type: 'object',
    properties: {
      port: { 'x-kubernetes-int-or-string': true, pattern: '^[a-z]+$' },
      note: { type: 'string', nullable: true },
      config: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: { known: { type: 'string' } },
      },
      tags: { type: 'object', additionalProperties: { type: 'string' } },
      rules: {
        type: 'array',
        'x-kubernetes-list-type': 'atomic',
        items: { type: 'object', properties: { a: { type: 'string' } } },
      },
    },
    'x-kubernetes-validations': [{ rule: 'has(self.port)', message: 'port is required' }],
  };
  const validate = createAjv().compile(toStrictJsonSchema(crdSchema) as object);

  test.each([
    ['an int-or-string given an integer', { port: 8080 }],
    ['an int-or-string given a string', { port: 'http' }],
    ['a nullable field given null', { note: null }],
    ['unknown fields under x-kubernetes-preserve-unknown-fields', { config: { known: 'x', other: 1 } }],
    ['any key in a map with additionalProperties', { tags: { anything: 'x' } }],
  ])('accepts %s', (_title, value) => {
    expect(validate(value)).toBe(true);
  });

  test.each([
    ['an unknown top-level field', { other: 1 }],
    ['an unknown field in a list item', { rules: [{ a: 'x', b: 'y' }] }],
    ['an int-or-string given a boolean', { port: true }],
    ['a map value of the wrong type', { tags: { anything: 1 } }],
  ])('rejects %s', (_title, value) => {
    expect(validate(value)).toBe(false);
  });

  test('drops CEL validations, which ajv cannot evaluate', () => {
    expect(toStrictJsonSchema(crdSchema)).not.toHaveProperty(['x-kubernetes-validations']);
  });
});
