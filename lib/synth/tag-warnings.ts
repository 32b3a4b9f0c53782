import { Catalogue } from '../catalogue';
import { GitTag } from '../git/tags';
import { NoMatchError, prereleaseWarnings, SemverRange, selectTag } from '../semver';

/**
 * Warnings about what Flux will do with the repository's current tags. They never stop a synth:
 * tags change independently of the catalogue, and a range may rightly wait for a tag that does
 * not exist yet. Ranges Flux refuses are reported as errors by the constructs instead.
 */
export function tagWarnings(catalogue: Catalogue, tags: readonly GitTag[]): string[] {
  const warnings = prereleaseWarnings(tags.map((t) => t.name)).map((w) => `tags: ${w}`);

  for (const environment of catalogue.environments) {
    let range: SemverRange;
    try {
      range = SemverRange.parse(environment.semver);
    } catch {
      continue;
    }
    const where = `environment "${environment.name}"`;
    try {
      const selection = selectTag(range, tags);
      if (selection.ambiguousWith.length > 0) {
        const names = [selection.tag, ...selection.ambiguousWith].map((t) => t.name).join(', ');
        warnings.push(`${where}: "${environment.semver}" selects one of ${names}, equal versions with equal commit times; ` +
          'Flux may report either name from one reconcile to the next. Delete all but one of them');
      }
    } catch (error) {
      if (!(error instanceof NoMatchError)) throw error;
      warnings.push(`${where}: no tag matches "${environment.semver}" yet; until one does, Flux reports "${error.message}"`);
    }
  }
  return warnings;
}
