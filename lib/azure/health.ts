import { KustomizationSpecHealthCheckExprs } from '../../imports/kustomize.toolkit.fluxcd.io';

/**
 * kstatus reads an ASO object without conditions as healthy and a terminal failure as still in
 * progress. These CEL rules make Flux wait for `Ready=True` at the object's current generation and
 * fail fast on `Ready=False` with severity `Error` (ASO has given up until the spec changes).
 * Optional syntax (`.?`, `orValue`) keeps an object without status "in progress" instead of an error.
 */
const READY_AT_GENERATION =
  "status.?conditions.orValue([]).exists(c, c.type == 'Ready' && c.status == 'True' && c.?observedGeneration.orValue(0) == metadata.generation)";
const FAILED_AT_GENERATION =
  "status.?conditions.orValue([]).exists(c, c.type == 'Ready' && c.status == 'False' && c.?severity.orValue('') == 'Error' && c.?observedGeneration.orValue(0) == metadata.generation)";

// TODO: no test evaluates these expressions: the JavaScript CEL libraries (@bufbuild/cel,
// @marcbachmann/cel-js) cannot parse the optional syntax (`.?`, `orValue`) Flux enables, and no Go
// toolchain is on the build machines. An e2e check against a kustomize-controller would close it.
/**
 * One group-wide rule per apiVersion, without `kind`: this form needs kustomize-controller v1.9
 * (Flux 2.9). Flux matches by group, so the version only has to name the group.
 */
export function asoHealthCheckExprs(apiVersions: Iterable<string>): KustomizationSpecHealthCheckExprs[] {
  return [...new Set(apiVersions)].sort().map((apiVersion) => ({
    apiVersion,
    current: READY_AT_GENERATION,
    failed: FAILED_AT_GENERATION,
  }));
}
