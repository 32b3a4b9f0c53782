import { ApiObject, Yaml } from 'cdk8s';
import { BOOTSTRAP_FOLDER, EnvironmentChart, PAYLOAD_FOLDER } from '../environment';
import { Diagnostics, Problem, ValidationError } from '../validation/diagnostics';
import { Catalogue, buildApp } from '../catalogue';
import { normalizeKustomizationPath } from '../flux/kustomization-path';
import { checkDuplicatesAcrossEnvironments, checkReferences, RenderedObject } from './references';

/** True for a path (relative to the output folder) that render can produce: `<env>/<folder>/<file>.yaml`. */
export function isRenderedPath(relative: string): boolean {
  const parts = relative.split('/');
  return parts.length === 3 && [BOOTSTRAP_FOLDER, PAYLOAD_FOLDER].includes(parts[1]) && parts[2].endsWith('.yaml');
}

/** The synthesized output: file path relative to the output folder -> file content. */
export type RenderedFiles = Map<string, string>;

export interface RenderResult {
  readonly files: RenderedFiles;
  readonly warnings: readonly string[];
}

/**
 * Builds every environment and renders it to files, in memory. Throws a ValidationError listing
 * every problem when anything is refused, so a caller can only write output that passed all checks.
 *
 * Layout: `<env>/bootstrap/` holds the GitRepository and Kustomization (applied from the main
 * branch by the cluster's bootstrap), `<env>/azure/` the ASO objects (applied by that
 * Kustomization from the selected tag). One object per file, `<kind>-<name>.yaml`, plus a
 * kustomization.yaml per folder so `kustomize build` sees exactly what Flux applies.
 */
export function render(catalogue: Catalogue): RenderResult {
  const { app, charts } = buildApp(catalogue);
  const diagnostics = Diagnostics.of(app);

  const objects: RenderedObject[] = [];
  for (const chart of charts) objects.push(...collect(chart));

  const known = new Set(objects.filter((o) => o.json.kind === 'Kustomization').map((o) => `${o.json.metadata.namespace}/${o.json.metadata.name}`));
  for (const external of catalogue.externalKustomizations ?? []) known.add(external);

  const problems: Problem[] = [...diagnostics.problems];
  for (const chart of charts) {
    problems.push(...checkReferences(objects.filter((o) => o.environment === chart.spec.name), known));
  }
  problems.push(...checkDuplicatesAcrossEnvironments(objects));

  const files: RenderedFiles = new Map();
  const folders = new Map<string, string[]>();
  for (const object of objects) {
    const file = `${object.folder}/${object.json.kind.toLowerCase()}-${object.json.metadata.name}.yaml`;
    if (files.has(file)) continue; // a duplicate object, reported by checkReferences
    files.set(file, Yaml.stringify(object.json));
    folders.set(object.folder, [...(folders.get(object.folder) ?? []), file.slice(object.folder.length + 1)]);
  }
  for (const [folder, names] of [...folders].sort(byKey)) {
    files.set(`${folder}/kustomization.yaml`, Yaml.stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [...names].sort(),
    }));
  }

  // Normalized like the Kustomization paths, so "./dist" or "dist/" compare equal to "dist"; a refused folder is reported by buildApp.
  const outputFolder = normalizeKustomizationPath(catalogue.outputFolder ?? 'dist');
  const prefix = `${outputFolder}/`;
  for (const chart of charts) {
    const path = chart.source.path;
    if (typeof outputFolder === 'string' && path !== undefined && !(path.startsWith(prefix) && folders.has(path.slice(prefix.length)))) {
      problems.push({ environment: chart.spec.name, path: chart.source.node.path, field: 'Kustomization spec.path', value: path,
        problem: 'is not a folder this synth writes', expected: `one of ${[...folders.keys()].map((f) => `"${prefix}${f}"`).join(', ')}` });
    }
  }

  if (problems.length) throw new ValidationError(problems, diagnostics.warnings);
  return { files: new Map([...files].sort(byKey)), warnings: diagnostics.warnings };
}

/** Code-unit order, the same on every machine (localeCompare would follow the locale). */
function byKey([a]: [string, unknown], [b]: [string, unknown]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function collect(chart: EnvironmentChart): RenderedObject[] {
  const bootstrap = new Set<ApiObject>([chart.source.gitRepository, chart.source.kustomization]);
  return chart.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject)
    .map((object) => ({
      environment: chart.spec.name,
      path: object.node.path,
      folder: `${chart.spec.name}/${bootstrap.has(object) ? BOOTSTRAP_FOLDER : PAYLOAD_FOLDER}`,
      json: object.toJson(),
    }));
}
