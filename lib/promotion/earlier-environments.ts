/**
 * Whether the environments before one in PROMOTION_ORDER vouch for a tag. Every one of them must
 * run it now (or, when asked, have run it at some earlier time): checking only the environment just
 * before lets a range carry a tag past an earlier environment that never ran it.
 */
import { Catalogue } from '../catalogue';
import { EnvironmentSpec } from '../environment';
import { GitTag } from '../git/tags';
import { EarlierRun, findEarlierRun } from './earlier-run';
import { Refusal } from './refusal';
import { resolveTag } from './tags';

/** "does not exist at v1.2.4 (commit abc1234)": the tail of every message about a missing folder. */
export function missingAt(tag: GitTag): string {
  return `does not exist at ${tag.name} (commit ${tag.commit.slice(0, 7)})`;
}

/**
 * The environments before `environment` in PROMOTION_ORDER, first one first; none for the first
 * environment, which may take any tag.
 *
 * @throws Refusal when the environment is not in the order at all
 */
export function earlierEnvironments(catalogue: Catalogue, environment: string, tag: GitTag): EnvironmentSpec[] {
  const order = [...new Set(catalogue.promotionOrder)];
  const position = order.indexOf(environment);
  if (position < 0) {
    throw new Refusal(
      `"${environment}" is not in PROMOTION_ORDER (${order.join(', ')}), so no lower environment can vouch for ${tag.name}`,
    );
  }
  return order.slice(0, position).map((name) => catalogue.environments.find((e) => e.name === name)!);
}

/** What the check of one earlier environment needs besides the environment itself. */
export interface VouchContext {
  readonly repo: string;
  readonly tag: GitTag;
  readonly tags: readonly GitTag[];
  /** accept a tag the environment selected at an earlier time (`--allow-earlier`) */
  readonly allowEarlier: boolean;
  /** the catalogue file relative to the repository root, whose history `allowEarlier` reads */
  readonly catalogueInRepo: () => string;
}

/**
 * One earlier environment's evidence that it ran the tag, e.g. `staging runs v1.2.4 now`, or a
 * refusal naming it. Selecting a tag is not running it: without its payload folder in the tag's
 * tree, Flux fails there with "path not found".
 */
export function vouch(
  earlier: EnvironmentSpec, payload: { readonly path: string; readonly exists: boolean }, context: VouchContext,
): string {
  const { tag, tags } = context;
  const failsThere = `${payload.path} ${missingAt(tag)}, so Flux fails with "path not found"`;
  // TODO: "now" is the catalogue in this working tree, not what the lower cluster reports; a
  // lower environment promoted in the same unmerged change vouches before it ever ran the tag
  // (asking the cluster needs cluster access this command does not have).
  const now = resolveTag(earlier.semver, tags);
  if (now.tag?.name === tag.name) {
    if (!payload.exists) throw new Refusal(`${earlier.name} selects ${tag.name} but does not run it: ${failsThere}`);
    return `${earlier.name} runs ${tag.name} now`;
  }
  const current = now.tag ? `runs ${now.tag.name}` : `resolves to nothing (${now.reason})`;
  if (!context.allowEarlier) {
    throw new Refusal(
      `${earlier.name} ${current}, not ${tag.name}: promote ${earlier.name} first, or pass --allow-earlier if it ran ${tag.name} before`,
    );
  }

  const catalogueInRepo = context.catalogueInRepo();
  const run = findEarlierRun(context.repo, catalogueInRepo, earlier.name, tag, tags);
  if (!run) {
    throw new Refusal(`${earlier.name} ${current} and never selected ${tag.name} in the history of ${catalogueInRepo} on HEAD`);
  }
  if (!payload.exists) {
    throw new Refusal(`${earlier.name} selected ${tag.name} ${describeRun(run, tag)} but never ran it: ${failsThere}`);
  }
  return `${earlier.name} ran ${tag.name} ${describeRun(run, tag)}`;
}

/** When an earlier selection began, and under which commit's `semver` value. */
function describeRun(run: EarlierRun, tag: GitTag): string {
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  const commit = run.commit.slice(0, 7);
  if (run.since === run.committerTime) return `as of commit ${commit} (${iso(run.committerTime)})`;
  // a selection that began after the commit began when the tag itself appeared
  return `from ${iso(run.since)} (the time of ${tag.name}'s commit) with the semver "${run.value}" of commit ${commit}`;
}
