import { App } from 'cdk8s';
import { overlaps } from './azure/address-space';
import { EnvironmentChart, EnvironmentSpec } from './environment';
import { checkEnvironmentShape } from './environment-shape';
import { Diagnostics } from './validation/diagnostics';
import { DNS_LABEL_EXPECTED } from './validation/kubernetes-names';
import { normalizeKustomizationPath } from './flux/kustomization-path';
import { checkSourceUrl } from './flux/source-url';

/** Everything synth needs: the environments and the settings they share. */
export interface Catalogue {
  readonly repositoryUrl: string;
  /** Environment names, lowest first; the last is production and should follow a pin. */
  readonly promotionOrder: readonly string[];
  readonly environments: readonly EnvironmentSpec[];
  /**
   * Output folder relative to the repository root.
   *
   * @default "dist"
   */
  readonly outputFolder?: string;
  /**
   * Kustomizations (as "namespace/name") that the clusters' own bootstrap provides, such as the
   * ASO operator install; `dependsOn` may name them.
   *
   * @default []
   */
  readonly externalKustomizations?: readonly string[];
}

/** Builds the construct tree of every environment and runs the checks that span environments. */
export function buildApp(catalogue: Catalogue): { app: App; charts: EnvironmentChart[] } {
  const app = new App();
  const diagnostics = Diagnostics.of(app);
  const outputFolder = catalogue.outputFolder ?? 'dist';

  // Each Kustomization path starts with this folder, and synth replaces the folder as a whole.
  const folder = normalizeKustomizationPath(outputFolder);
  if (Array.isArray(folder)) diagnostics.error(app, 'outputFolder', outputFolder, ...folder);

  const urlProblem = checkSourceUrl(catalogue.repositoryUrl, true);
  if (urlProblem) diagnostics.error(app, 'repositoryUrl', catalogue.repositoryUrl, ...urlProblem);

  const charts: EnvironmentChart[] = [];
  const seen = new Set<string>();
  catalogue.environments.forEach((spec, index) => {
    const name: unknown = spec?.name;
    if (typeof name !== 'string' || name.length === 0) {
      diagnostics.error(app, `environments[${index}].name`, name, 'is missing or not a string', DNS_LABEL_EXPECTED);
      return;
    }
    if (seen.has(name)) {
      diagnostics.error(app, 'environments[].name', name, 'names two environments', 'one entry per environment name');
      return;
    }
    seen.add(name);

    if (checkEnvironmentShape(diagnostics, name, spec)) {
      charts.push(new EnvironmentChart(app, { spec, repositoryUrl: catalogue.repositoryUrl, outputFolder }));
    }
  });

  for (const name of catalogue.promotionOrder) {
    if (!seen.has(name)) {
      diagnostics.error(app, 'promotionOrder', name, 'is not an environment of the catalogue', `one of ${[...seen].map((n) => `"${n}"`).join(', ')}`);
    }
  }
  for (const chart of charts) {
    if (!catalogue.promotionOrder.includes(chart.spec.name)) {
      diagnostics.warn(chart, 'is not in the promotion order, so `npm run promote` cannot move it and nothing checks what it runs before the next environment');
    }
  }

  checkPeerableAddressSpaces(charts, diagnostics);
  warnAboutSharedResourceGroups(charts, diagnostics);
  warnAboutRanges(catalogue, charts, diagnostics);
  return { app, charts };
}

/** VNets of different environments are meant to be peered, which Azure refuses when they overlap. */
function checkPeerableAddressSpaces(charts: EnvironmentChart[], diagnostics: Diagnostics): void {
  charts.forEach((chart, i) => {
    for (const earlier of charts.slice(0, i)) {
      for (const block of chart.network.addressSpace) {
        const clash = earlier.network.addressSpace.find((other) => overlaps(other, block));
        if (clash) {
          diagnostics.error(chart.network, 'virtualNetwork.addressPrefixes', block.text,
            `overlaps "${clash.text}" of environment "${earlier.spec.name}"`, 'address spaces that do not overlap between environments (they must stay peerable)');
        }
      }
    }
  });
}

/**
 * Two environments naming one resource group would, in one subscription, both own it, and the one
 * with `manage` deletes it for both. Only a warning: the credentials may point at different
 * subscriptions, which synth cannot see.
 */
function warnAboutSharedResourceGroups(charts: EnvironmentChart[], diagnostics: Diagnostics): void {
  const owners = new Map<string, string>();
  for (const chart of charts) {
    const name = String(chart.spec.azure.resourceGroup).toLowerCase();
    const owner = owners.get(name);
    if (owner !== undefined) {
      diagnostics.warn(chart.network, `resource group "${chart.spec.azure.resourceGroup}" is also used by environment "${owner}" (Azure names are case-insensitive); ` +
        'in one subscription both would own it');
    } else {
      owners.set(name, chart.spec.name);
    }
  }
}

/** Ranges Flux accepts but that rarely mean what their author meant. */
function warnAboutRanges(catalogue: Catalogue, charts: EnvironmentChart[], diagnostics: Diagnostics): void {
  const first = catalogue.promotionOrder[0];
  const production = catalogue.promotionOrder[catalogue.promotionOrder.length - 1];
  for (const chart of charts) {
    const range = chart.source.range;
    if (!range) continue;
    if (chart.spec.name === production && !range.pinnedVersion()) {
      diagnostics.warn(chart.source, `production follows the range "${range.expression}" instead of a pin; any matching tag goes live without a promotion`);
    }
    if (chart.spec.name !== first && range.admitsPrereleases && !range.pinnedVersion()) {
      diagnostics.warn(chart.source, `the range "${range.expression}" names a prerelease, so Flux also selects prerelease tags of any version it covers (not only that version's)`);
    }
  }
}
