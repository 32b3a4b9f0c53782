/**
 * Regenerates imports/ with `cdk8s import`, from the CRD releases pinned below.
 *
 *   npm run import                          # download the pinned upstream releases
 *   npm run import -- --from ../shared/crds # offline: read a local copy laid out like ../shared/crds
 *
 * Every CRD is cut down to the one API version this project emits before it is imported, so the
 * generated class with the bare kind name (`VirtualNetwork`) can only produce that version. Without
 * this, multi-version ASO CRDs give the bare name to their oldest version (v1api20201101).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as YAML from 'yaml';

/** The releases imports/ is generated from. Change them here and nowhere else. */
export const PINNED = {
  sourceController: 'v1.9.1', // Flux v2.9.0
  kustomizeController: 'v1.9.4', // Flux v2.9.4
  aso: 'v2.16.0',
} as const;

interface CrdSource {
  /** CRD metadata.name */
  readonly crd: string;
  /** the one version kept */
  readonly version: string;
  /** file under --from */
  readonly local: string;
  /** upstream URL of a file that contains the CRD */
  readonly url: string;
}

const FLUX_RAW = 'https://raw.githubusercontent.com/fluxcd';
const ASO_BUNDLE = `https://github.com/Azure/azure-service-operator/releases/download/${PINNED.aso}/azureserviceoperator_customresourcedefinitions_${PINNED.aso}.yaml`;
const WRAPPERS = 'aso/derived-crd-wrappers';

const SOURCES: CrdSource[] = [
  {
    crd: 'gitrepositories.source.toolkit.fluxcd.io',
    version: 'v1',
    local: 'flux/source.toolkit.fluxcd.io_gitrepositories.yaml',
    url: `${FLUX_RAW}/source-controller/${PINNED.sourceController}/config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml`,
  },
  {
    crd: 'kustomizations.kustomize.toolkit.fluxcd.io',
    version: 'v1',
    local: 'flux/kustomize.toolkit.fluxcd.io_kustomizations.yaml',
    url: `${FLUX_RAW}/kustomize-controller/${PINNED.kustomizeController}/config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml`,
  },
  {
    crd: 'resourcegroups.resources.azure.com',
    version: 'v1api20200601',
    local: `${WRAPPERS}/resourcegroups.resources.azure.com.aso-v2.16.0.nostorage.derived.yaml`,
    url: ASO_BUNDLE,
  },
  {
    crd: 'virtualnetworks.network.azure.com',
    version: 'v1api20240301',
    local: `${WRAPPERS}/virtualnetworks.network.azure.com.aso-v2.16.0.nostorage.derived.yaml`,
    url: ASO_BUNDLE,
  },
  {
    crd: 'virtualnetworkssubnets.network.azure.com',
    version: 'v1api20240301',
    local: `${WRAPPERS}/virtualnetworkssubnets.network.azure.com.aso-v2.16.0.nostorage.derived.yaml`,
    url: ASO_BUNDLE,
  },
  {
    crd: 'networksecuritygroups.network.azure.com',
    version: 'v1api20240301',
    local: `${WRAPPERS}/networksecuritygroups.network.azure.com.v1api20240301.derived.yaml`,
    url: ASO_BUNDLE,
  },
  {
    crd: 'networksecuritygroupssecurityrules.network.azure.com',
    version: 'v1api20240301',
    local: `${WRAPPERS}/networksecuritygroupssecurityrules.network.azure.com.v1api20240301.derived.yaml`,
    url: ASO_BUNDLE,
  },
];

async function readSource(source: CrdSource, from: string | undefined, cache: Map<string, string>): Promise<string> {
  if (from) {
    return fs.readFileSync(path.join(from, source.local), 'utf8');
  }
  const cached = cache.get(source.url);
  if (cached !== undefined) return cached;
  const response = await fetch(source.url);
  if (!response.ok) {
    throw new Error(`download of ${source.url} failed: HTTP ${response.status} (offline? use --from <dir>)`);
  }
  const text = await response.text();
  cache.set(source.url, text);
  return text;
}

/** Finds the CRD in a (multi-document) file and keeps only the pinned version, served and stored. */
function pinVersion(text: string, source: CrdSource): unknown {
  const docs = YAML.parseAllDocuments(text).map((d) => d.toJS() as any);
  const crd = docs.find((d) => d?.kind === 'CustomResourceDefinition' && d.metadata?.name === source.crd);
  if (!crd) throw new Error(`CRD ${source.crd} not found in ${source.local}`);

  const version = (crd.spec.versions as any[]).find((v) => v.name === source.version);
  if (!version) throw new Error(`CRD ${source.crd} does not serve ${source.version}`);
  crd.spec.versions = [{ ...version, served: true, storage: true }];
  return crd;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      output: { type: 'string', default: 'imports' },
    },
  });
  const from = values.from ? path.resolve(values.from) : undefined;
  const cache = new Map<string, string>();

  const crds: unknown[] = [];
  for (const source of SOURCES) {
    crds.push(pinVersion(await readSource(source, from, cache), source));
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-import-'));
  try {
    const bundle = path.join(work, 'crds.yaml');
    // One file, one import: separate imports of the same API group overwrite each other.
    fs.writeFileSync(bundle, crds.map((c) => YAML.stringify(c)).join('---\n'));
    execFileSync(
      path.join('node_modules', '.bin', 'cdk8s'),
      ['import', bundle, '--language', 'typescript', '--no-save', '--output', values.output!],
      { stdio: 'inherit', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } },
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`imports/ regenerated from ${from ? 'local CRDs' : 'upstream'}: source-controller ${PINNED.sourceController}, kustomize-controller ${PINNED.kustomizeController}, ASO ${PINNED.aso}`);
}

main().catch((error: Error) => {
  console.error(`import failed: ${error.message}`);
  process.exit(1);
});
