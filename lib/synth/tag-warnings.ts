import { Catalogue } from '../catalogue';
import { GitTag } from '../git/tags';
import { admittedPrereleaseWarnings, tieWarning } from '../promotion/tags';
import { NoMatchError, SemverRange, selectTag } from '../semver';

/**
 * Warnings about what Flux will do with the repository's current tags. They never stop a synth:
 * tags change independently of the catalogue, and a range may rightly wait for a tag that does
 * not exist yet. Ranges Flux refuses are reported as errors by the constructs instead.
 */
export function tagWarnings(catalogue: Catalogue, tags: readonly GitTag[]): string[] {
  const warnings: string[] = [];
  const prereleaseTraps = new Set<string>();

  for (const environment of catalogue.environments) {
    let range: SemverRange;
    try {
      range = SemverRange.parse(environment.semver);
    } catch {
      continue;
    }
    const where = `environment "${environment.name}"`;
    // One trap can sit under several ranges; it is reported once.
    for (const trap of admittedPrereleaseWarnings(range, tags)) prereleaseTraps.add(trap);
    try {
      const tie = tieWarning(selectTag(range, tags));
      if (tie) warnings.push(`${where}: ${tie}`);
    } catch (error) {
      if (!(error instanceof NoMatchError)) throw error;
      warnings.push(`${where}: no tag matches "${environment.semver}" yet; until one does, Flux reports "${error.message}"`);
    }
  }
  return [...[...prereleaseTraps].map((w) => `tags: ${w}`), ...warnings];
}
