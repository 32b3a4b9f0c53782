/**
 * A Flux-exact semver engine: which git tag source-controller (Flux 2.7+) checks out for
 * `GitRepository.spec.ref.semver`, reproducing Masterminds/semver v3 rather than npm's dialect.
 */
export { InvalidVersionError, NoMatchError, SemverParseError } from './errors';
export { SemverRange } from './range';
export { prereleaseWarnings, selectTag } from './select';
export type { Selection, TagCandidate } from './select';
export {
  comparePrerelease,
  compareVersions,
  formatVersion,
  parseTag,
  parseVersion,
  tryParseTag,
} from './version';
export type { Version } from './version';
