/**
 * A Flux duration: the CRD pattern `^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$` that every interval and timeout
 * field carries. The pattern, not Go's time.ParseDuration, is the contract: the API server rejects
 * `1us` and `1d` even though one of them parses in Go, and old CRDs that let `1d` through broke
 * reconciles later with `unknown unit "d"`.
 */
const WITH_HOURS = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
/** GitRepository spec.timeout allows no hours. */
const WITHOUT_HOURS = /^([0-9]+(\.[0-9]+)?(ms|s|m))+$/;

export const DURATION_EXPECTED = 'a Go duration such as "30s", "5m", "1m30s" or "1.5h" (units ms, s, m, h; no spaces)';
export const SHORT_DURATION_EXPECTED = 'a Go duration in ms, s or m only, such as "60s" or "2m30s"';

export function isDuration(value: unknown, allowHours = true): value is string {
  return typeof value === 'string' && (allowHours ? WITH_HOURS : WITHOUT_HOURS).test(value);
}
