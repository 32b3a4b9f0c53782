import { parse } from 'yaml';
import { isDuration } from '../../lib/flux/duration';
import { smallEnvironment, withChange } from '../helpers/catalogue';
import { refusalOfChange, renderedFiles } from './refusals';

const DURATION = 'a Go duration such as "30s", "5m", "1m30s" or "1.5h" (units ms, s, m, h; no spaces)';
const SHORT_DURATION = 'a Go duration in ms, s or m only, such as "60s" or "2m30s"';

// Each is refused by the CRD pattern; `1us` parses in Go but not in the CRD, `1d` broke old reconciles.
const BAD = ['1d', '1w', '90', '1h 30m', '1H', '5 minutes', '-1m', '1us'];

describe('GitRepository spec.interval (source.interval)', () => {
  test.each(BAD)('fails when the interval is %j', (interval) => {
    expect(refusalOfChange((d) => { d.source.interval = interval; })).toStrictEqual([
      `environment "test" (test/flux): GitRepository spec.interval ${JSON.stringify(interval)} is not a Go duration; expected ${DURATION}`,
    ]);
  });
});

describe('Kustomization spec.interval, retryInterval and timeout', () => {
  test.each([
    ['interval', '1d'],
    ['interval', '1h 30m'],
    ['retryInterval', '1w'],
    ['retryInterval', '90'],
    ['timeout', '5 minutes'],
    ['timeout', '1H'],
  ])('fails when kustomization.%s is %j', (field, value) => {
    expect(refusalOfChange((d) => { d.kustomization = { [field]: value }; })).toStrictEqual([
      `environment "test" (test/flux): Kustomization spec.${field} ${JSON.stringify(value)} is not a Go duration; expected ${DURATION}`,
    ]);
  });
});

describe('GitRepository spec.timeout (source.timeout), which takes no hours', () => {
  test.each(['1h', '1h30m', '0.5h'])('fails when the timeout is %j', (timeout) => {
    expect(refusalOfChange((d) => { d.source.timeout = timeout; })).toStrictEqual([
      `environment "test" (test/flux): GitRepository spec.timeout ${JSON.stringify(timeout)} uses hours, which this field does not accept; expected ${SHORT_DURATION}`,
    ]);
  });

  test.each(['1d', '2 m'])('fails when the timeout is %j', (timeout) => {
    expect(refusalOfChange((d) => { d.source.timeout = timeout; })).toStrictEqual([
      `environment "test" (test/flux): GitRepository spec.timeout ${JSON.stringify(timeout)} is not a Go duration; expected ${SHORT_DURATION}`,
    ]);
  });
});

describe('valid durations', () => {
  test.each(['1m30s', '10m0s', '1.5h', '500ms', '60s', '24h', '0s'])('passes %j in every field that allows hours', (value) => {
    // GIVEN
    const spec = withChange(smallEnvironment(), (d) => {
      d.source.interval = value;
      d.kustomization = { interval: value, retryInterval: value, timeout: value };
    });

    // WHEN
    const files = renderedFiles(spec);

    // THEN
    const kustomization = parse(files.get('test/bootstrap/kustomization-infra-test.yaml')!);
    expect([kustomization.spec.interval, kustomization.spec.retryInterval, kustomization.spec.timeout]).toStrictEqual([value, value, value]);
    expect(parse(files.get('test/bootstrap/gitrepository-infra-test.yaml')!).spec.interval).toBe(value);
  });

  test.each(['60s', '2m30s', '500ms', '1.5m'])('passes %j as GitRepository timeout', (timeout) => {
    const repository = renderedFiles(withChange(smallEnvironment(), (d) => { d.source.timeout = timeout; })).get('test/bootstrap/gitrepository-infra-test.yaml');
    expect(parse(repository!).spec.timeout).toBe(timeout);
  });

  test('isDuration follows the CRD pattern, not Go', () => {
    expect(isDuration('1us')).toBe(false);
    expect(isDuration('1h', false)).toBe(false);
    expect(isDuration('1h')).toBe(true);
    expect(isDuration(90)).toBe(false);
  });
});
