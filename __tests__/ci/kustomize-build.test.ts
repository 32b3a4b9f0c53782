/**
 * CI-only: every dist/ folder with a kustomization.yaml must build with `kubectl kustomize`, the
 * way kustomize-controller builds it, and emit exactly the objects of the files beside it.
 * Run with `npm run test:ci`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { ManifestObject, PROJECT_ROOT, listYamlFiles } from './crd-schemas';

const DIST = path.join(PROJECT_ROOT, 'dist');
const KUSTOMIZATION = 'kustomization.yaml';
const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const NEEDS_KUBECTL = 'The CI checks need kubectl (with kustomize v5) on PATH, or its path in $KUBECTL.';

const folders = [...new Set(listYamlFiles(DIST).map((file) => path.dirname(file)))].sort();
const kustomizeFolders = folders.filter((dir) => fs.existsSync(path.join(dir, KUSTOMIZATION)));

interface KustomizationFile {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly resources?: string[];
}

function readKustomization(dir: string): KustomizationFile {
  return parse(fs.readFileSync(path.join(dir, KUSTOMIZATION), 'utf8')) as KustomizationFile;
}

/** `<apiVersion> <kind> <namespace>/<name>` of every object in a YAML stream, sorted. */
function objectIds(yamlText: string, source: string): string[] {
  const documents = parseAllDocuments(yamlText, { version: '1.1' });
  const ids: string[] = [];

  for (const doc of Array.isArray(documents) ? documents : [documents]) {
    if (doc.errors.length > 0) {
      throw new Error(`${source}: YAML error: ${doc.errors[0].message}`);
    }
    const obj = doc.toJS() as ManifestObject | null;
    if (obj) {
      const { namespace = '', name } = obj.metadata ?? {};
      ids.push(`${String(obj.apiVersion)} ${String(obj.kind)} ${String(namespace)}/${String(name)}`);
    }
  }
  return ids.sort();
}

/** The `.yaml` files directly in `dir`, apart from kustomization.yaml. */
function manifestsIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') && name !== KUSTOMIZATION)
    .map((name) => path.join(dir, name))
    .sort();
}

/** The manifests under every sub-folder that `dir`'s kustomization.yaml lists in `resources`. */
function manifestsOfListedFolders(dir: string): string[] {
  return (readKustomization(dir).resources ?? [])
    .map((entry) => path.join(dir, entry))
    .filter((entry) => fs.existsSync(entry) && fs.statSync(entry).isDirectory())
    .flatMap((sub) => listYamlFiles(sub).filter((file) => path.basename(file) !== KUSTOMIZATION));
}

/** Runs `kubectl kustomize <dir>`; a missing kubectl is a failure, never a skip. */
function kustomize(dir: string): string {
  const folder = path.relative(PROJECT_ROOT, dir);
  const result = spawnSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw new Error(`cannot run "${KUBECTL} kustomize": ${result.error.message}. ${NEEDS_KUBECTL}`);
  }
  if (result.status !== 0) {
    throw new Error(`"${KUBECTL} kustomize ${folder}" failed (exit ${result.status}):\n${result.stderr}`);
  }
  return result.stdout;
}

describe('kustomization.yaml in dist/', () => {
  test('kubectl is available', () => {
    const result = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      const reason = result.error?.message ?? result.stderr;
      throw new Error(`"${KUBECTL} version --client" failed: ${reason}. ${NEEDS_KUBECTL}`);
    }
  });

  test('dist/ holds at least one folder with a kustomization.yaml', () => {
    if (kustomizeFolders.length === 0) {
      throw new Error(`no ${KUSTOMIZATION} under ${DIST}: run \`npm run synth\` and commit dist/`);
    }
  });

  test('every dist/ folder with manifests has a kustomization.yaml', () => {
    const missing = folders.filter((dir) => !kustomizeFolders.includes(dir));

    expect(missing.map((dir) => path.relative(PROJECT_ROOT, dir))).toEqual([]);
  });

  if (kustomizeFolders.length > 0) {
    const cases = kustomizeFolders.map((dir) => path.relative(PROJECT_ROOT, dir));

    test.each(cases)('%s lists every .yaml file beside it in resources', (folder) => {
      // GIVEN
      const dir = path.join(PROJECT_ROOT, folder);
      const kustomization = readKustomization(dir);

      // WHEN
      const listed = new Set((kustomization.resources ?? []).map((entry) => path.join(dir, entry)));
      const unlisted = manifestsIn(dir).filter((file) => !listed.has(file));

      // THEN
      expect(kustomization).toMatchObject({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
      });
      expect(unlisted.map((file) => path.basename(file))).toEqual([]);
    });

    test.each(cases)('%s builds with kubectl kustomize into exactly its own objects', (folder) => {
      // GIVEN: the files beside kustomization.yaml, plus those of any sub-folder it lists
      const dir = path.join(PROJECT_ROOT, folder);
      const files = [...manifestsIn(dir), ...manifestsOfListedFolders(dir)];
      const expected = files
        .flatMap((file) => objectIds(fs.readFileSync(file, 'utf8'), path.relative(PROJECT_ROOT, file)))
        .sort();

      // WHEN
      const built = objectIds(kustomize(dir), `kubectl kustomize ${folder}`);

      // THEN
      expect(built).toEqual(expected);
    });
  }
});
