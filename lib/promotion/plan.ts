/**
 * What every environment runs right now, and whether Flux would manage to apply it: the tag and
 * commit each `semver` range selects (Flux's rules), the revision Flux will report, whether the
 * payload folder exists in that tag's tree, and how many commits since the tag changed it.
 */
import { buildApp, Catalogue } from '../catalogue';
import { EnvironmentSpec } from '../environment';
import { countCommitsChanging } from '../git/history';
import { GitTag, hashAlgorithm, readTags, revision } from '../git/tags';
import { foldersExist } from '../git/tree';
import { NoMatchError, SemverParseError, SemverRange, Version, compareVersions, selectTag, tryParseTag } from '../semver';
import { admittedPrereleaseWarnings, tieWarning } from './tags';

/** One environment as `--json` prints it; `null` where a value does not apply. */
export interface EnvironmentPlan {
  readonly name: string;
  /** the `semver` string of the catalogue entry */
  readonly constraint: string;
  /** the tag Flux checks out, or null when the range selects nothing */
  readonly tag: string | null;
  /** the commit that tag peels to */
  readonly commit: string | null;
  /** what Flux reports in `status.artifact.revision`, e.g. `v1.2.3@sha1:<hex>` */
  readonly revision: string | null;
  /** the Kustomization's payload folder, relative to the repository root */
  readonly path: string;
  /** whether `path` exists in the tag's tree; Flux fails with "path not found" otherwise */
  readonly pathExists: boolean | null;
  /** commits on HEAD since the tag that touch `path`: changes no environment on this tag runs yet */
  readonly unreleasedCommits: number | null;
  readonly warnings: string[];
  /** why Flux would fail for this environment */
  readonly error: string | null;
}

/**
 * The folder each environment's Kustomization applies from the tag, relative to the repository
 * root (`dist/prod/azure`). Taken from the built charts, so it is exactly the `spec.path` synth
 * writes, whatever the output folder and layout.
 */
export function payloadPaths(catalogue: Catalogue): Map<string, string> {
  const { charts } = buildApp(catalogue);
  return new Map(charts.map((chart) => [chart.spec.name, (chart.source.path ?? chart.payloadPath).replace(/^\.\//, '')]));
}

/** The warning on an environment that promote cannot move because it has no place in the order. */
const NOT_IN_ORDER = 'not in PROMOTION_ORDER; promote cannot move it';

/**
 * The environments in the order tags move through them: PROMOTION_ORDER first, then any
 * environment missing from it, in catalogue order.
 */
export function inPromotionOrder(catalogue: Catalogue): EnvironmentSpec[] {
  const byName = new Map(catalogue.environments.map((spec) => [spec.name, spec]));
  const ordered = [...new Set(catalogue.promotionOrder)].flatMap((name) => byName.get(name) ?? []);
  return [...ordered, ...catalogue.environments.filter((spec) => !ordered.includes(spec))];
}

/** Warnings that need only the catalogue: an environment outside PROMOTION_ORDER. */
export function orderWarnings(catalogue: Catalogue, name: string): string[] {
  return catalogue.promotionOrder.includes(name) ? [] : [NOT_IN_ORDER];
}

/**
 * Everything about one environment that needs no git call beyond the tags already read; its
 * warnings are added to `warnings`.
 */
function select(
  name: string, constraint: string, payload: string, production: boolean, tags: readonly GitTag[], warnings: string[],
): EnvironmentPlan {
  const empty = { name, constraint, tag: null, commit: null, revision: null, path: payload, pathExists: null, unreleasedCommits: null };
  let range: SemverRange;
  try {
    range = SemverRange.parse(constraint);
  } catch (e) {
    if (e instanceof SemverParseError) return { ...empty, warnings, error: e.message };
    throw e;
  }

  if (production && range.pinnedVersion() === undefined) {
    warnings.push(`production follows the range "${constraint}" instead of a pin: any matching tag goes live without a promotion`);
  }
  warnings.push(...admittedPrereleaseWarnings(range, tags));

  let picked;
  try {
    picked = selectTag(range, tags);
  } catch (e) {
    if (e instanceof NoMatchError) return { ...empty, warnings, error: e.message };
    throw e;
  }
  const tag = picked.tag as GitTag;
  const tie = tieWarning(picked);
  if (tie !== undefined) warnings.push(tie);
  return { ...empty, tag: tag.name, commit: tag.commit, warnings, error: null };
}

/**
 * The plans with a warning on each environment that selects a higher version than some environment
 * earlier in PROMOTION_ORDER: a range ran ahead of the order, so that tag reaches it without having
 * run where it should have first. Only the first such earlier environment is named; environments
 * that select nothing are left to their own error.
 */
function withAheadWarnings(catalogue: Catalogue, plans: EnvironmentPlan[]): EnvironmentPlan[] {
  const versions = new Map<string, { tag: string; version: Version }>();
  for (const plan of plans) {
    const version = plan.tag === null ? undefined : tryParseTag(plan.tag);
    if (version !== undefined) versions.set(plan.name, { tag: plan.tag!, version });
  }
  const order = [...new Set(catalogue.promotionOrder)];

  return plans.map((plan) => {
    const own = versions.get(plan.name);
    const position = order.indexOf(plan.name);
    if (own === undefined || position < 0) return plan;
    const behind = order.slice(0, position).find((name) => {
      const earlier = versions.get(name);
      return earlier !== undefined && compareVersions(earlier.version, own.version) < 0;
    });
    if (behind === undefined) return plan;
    const theirs = versions.get(behind)!.tag;
    const warning = `runs ${own.tag}, which ${behind} (earlier in the promotion order) does not run (${behind} runs ${theirs})`;
    return { ...plan, warnings: [...plan.warnings, warning] };
  });
}

/**
 * Plans every environment of `catalogue` against the repository in `repoDir`, in promotion order
 * (see {@link inPromotionOrder}). Git work: the tags are read once, folder existence is checked
 * for all environments in one call, and one `rev-list --count` runs per environment.
 *
 * @throws GitError when the repository cannot be read
 */
export function planEnvironments(catalogue: Catalogue, repoDir: string, paths = payloadPaths(catalogue)): EnvironmentPlan[] {
  // TODO: Flux lists the tags of the remote; these are the local clone's, so a tag not fetched
  // yet is missing and a tag not pushed yet is counted (run `git fetch --tags` first; fetching here
  // would need network access and credentials the command should not assume).
  const tags = readTags(repoDir);
  const algo = hashAlgorithm(repoDir);
  const production = catalogue.promotionOrder[catalogue.promotionOrder.length - 1];

  const selected = withAheadWarnings(catalogue, inPromotionOrder(catalogue).map((spec) => select(
    spec.name, spec.semver, paths.get(spec.name)!, spec.name === production, tags, orderWarnings(catalogue, spec.name))));
  const withTag = selected.filter((p) => p.commit !== null);
  const exists = foldersExist(repoDir, withTag.map((p) => ({ commit: p.commit!, path: p.path })));

  return selected.map((plan) => {
    const i = withTag.indexOf(plan);
    if (i < 0) return plan;
    const unreleased = countCommitsChanging(repoDir, plan.commit!, 'HEAD', plan.path);
    const error = exists[i]
      ? null
      : `${plan.path} does not exist at ${plan.tag} (commit ${plan.commit!.slice(0, 7)}): Flux fails with "path not found"; ` +
        'tag a commit that contains it, or promote this environment to a later tag';
    return {
      ...plan,
      revision: revision(plan.tag!, plan.commit!, algo),
      pathExists: exists[i],
      unreleasedCommits: unreleased,
      error,
    };
  });
}
