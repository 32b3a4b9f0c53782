import regionData from './azure-regions.json';

export interface AzureRegion {
  readonly name: string;
  readonly displayName: string;
  /** '' when generally available, else 'restricted' (needs an access request) or 'coming-soon'. */
  readonly status: string;
}

/** The public-cloud regions, by programmatic name (see the `source` field of the JSON file). */
export const AZURE_REGIONS: ReadonlyMap<string, AzureRegion> = new Map(
  regionData.regions.map((region) => [region.name, region]),
);

/**
 * Returns undefined when `location` is an open region (or a restricted one that is explicitly
 * allowed), else [problem, expected]. Display names ("East US") are refused although ARM takes
 * them: ASO echoes the programmatic name, and git should say what the cluster shows.
 */
export function checkLocation(location: unknown, allowRestricted = false): [string, string] | undefined {
  const expected = 'the programmatic name of an open Azure region, e.g. "eastus", "westeurope", "swedencentral"';
  if (typeof location !== 'string' || location.length === 0) return ['is empty', expected];

  const region = AZURE_REGIONS.get(location);
  if (!region) {
    const byDisplayName = [...AZURE_REGIONS.values()].find(
      (r) => r.displayName.toLowerCase() === location.toLowerCase() || r.name === location.toLowerCase().replace(/\s+/g, ''),
    );
    if (byDisplayName) return [`is not a programmatic region name`, `"${byDisplayName.name}"`];
    return ['is not an Azure region', expected];
  }
  if (region.status && !allowRestricted) {
    return [`is a ${region.status} region`, `${expected}, or allowRestrictedRegion: true if your subscription has access`];
  }
  return undefined;
}
