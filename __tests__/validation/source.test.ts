import { EnvironmentSource, EnvironmentSourceProps } from '../../lib/flux/environment-source';
import { Diagnostics, ENVIRONMENT_CONTEXT, formatProblem } from '../../lib/validation/diagnostics';
import { catalogueOf, smallEnvironment, withChange } from '../helpers/catalogue';
import { refusalOf, refusalOfChange } from './refusals';
import { testChart } from '../helpers/chart';

const URL_EXPECTED = 'an http://, https:// or ssh:// URL without credentials, e.g. "https://github.com/org/repo"';
const NO_CREDENTIALS = 'credentials in a Secret named by secretRef, and a URL without them';
const SCP_EXPECTED = 'the same address as an ssh:// URL, e.g. "ssh://git@github.com/org/repo"';

describe('catalogue repositoryUrl, checked for the catalogue and for each environment', () => {
  test.each([
    ['git@github.com:example-org/infrastructure', 'is an scp-style address, which Flux refuses', SCP_EXPECTED],
    ['ftp://github.com/example-org/infrastructure', 'uses the scheme "ftp"', URL_EXPECTED],
    ['file:///srv/git/infrastructure', 'uses the scheme "file"', URL_EXPECTED],
    ['github.com/example-org/infrastructure', 'is not a URL', URL_EXPECTED],
    ['https://user:pass@github.com/example-org/infrastructure', 'carries credentials', NO_CREDENTIALS],
    ['https://ghp_token@github.com/example-org/infrastructure', 'carries credentials', NO_CREDENTIALS],
    ['ssh://git:secret@github.com/example-org/infrastructure', 'carries credentials', NO_CREDENTIALS],
  ])('fails when the repository URL is %j', (url, problem, expected) => {
    // GIVEN an environment with a secretRef, so an ssh URL would otherwise be fine
    const spec = withChange(smallEnvironment(), (d) => { d.source.secretRef = 'git-credentials'; });

    // WHEN / THEN
    expect(refusalOf({ ...catalogueOf(spec), repositoryUrl: url })).toStrictEqual([
      `catalogue: repositoryUrl ${JSON.stringify(url)} ${problem}; expected ${expected}`,
      `environment "test" (test/flux): GitRepository spec.url ${JSON.stringify(url)} ${problem}; expected ${expected}`,
    ]);
  });

  test('fails for each environment that follows an ssh URL without a secretRef', () => {
    const url = 'ssh://git@github.com/example-org/infrastructure';
    const withKey = withChange(smallEnvironment('dev', 10), (d) => { d.source.secretRef = 'git-credentials'; });
    const withoutKey = smallEnvironment('prod', 20);

    expect(refusalOf({ ...catalogueOf(withKey, withoutKey), repositoryUrl: url })).toStrictEqual([
      `environment "prod" (prod/flux): GitRepository spec.url "${url}" is an ssh URL without a secretRef; expected a secretRef naming a Secret with the ssh key (identity, known_hosts)`,
    ]);
  });

  test('fails when source.verify.mode is not a Flux verification mode (case matters)', () => {
    expect(refusalOfChange((d) => { d.source.verify = { mode: 'head', secretRef: 'git-signing-keys' }; })).toStrictEqual([
      'environment "test" (test/flux): GitRepository spec.verify.mode "head" is not a verification mode; expected one of "HEAD", "Tag", "TagAndHEAD"',
    ]);
  });
});

describe('EnvironmentSource url and secretRef', () => {
  const props: EnvironmentSourceProps = {
    name: 'infra-test',
    url: 'https://github.com/example-org/infrastructure',
    semver: '~1.2.0',
    interval: '2m',
    path: './dist/test/azure',
    kustomizationInterval: '10m',
    retryInterval: '2m',
    kustomizationTimeout: '15m',
  };

  /** The problems of one EnvironmentSource, formatted as synth prints them. */
  function problemsOf(change: Partial<EnvironmentSourceProps>): string[] {
    const chart = testChart();
    chart.node.setContext(ENVIRONMENT_CONTEXT, 'test');
    new EnvironmentSource(chart, 'flux', { ...props, ...change });
    return Diagnostics.of(chart).problems.map(formatProblem);
  }

  test.each([
    ['ssh://git@github.com/example-org/infrastructure', undefined, 'is an ssh URL without a secretRef', 'a secretRef naming a Secret with the ssh key (identity, known_hosts)'],
    ['ssh://git:secret@github.com/example-org/infrastructure', 'git-credentials', 'carries credentials', NO_CREDENTIALS],
    ['https://oauth2:glpat-abc@gitlab.com/org/repo', 'git-credentials', 'carries credentials', NO_CREDENTIALS],
    ['git@github.com:example-org/infrastructure', 'git-credentials', 'is an scp-style address, which Flux refuses', SCP_EXPECTED],
    ['', undefined, 'is empty', URL_EXPECTED],
    ['https://', undefined, 'is not a URL', URL_EXPECTED],
  ])('fails for url %j with secretRef %j', (url, secretRef, problem, expected) => {
    expect(problemsOf({ url, secretRef })).toStrictEqual([
      `environment "test" (test/flux): GitRepository spec.url ${JSON.stringify(url)} ${problem}; expected ${expected}`,
    ]);
  });

  test.each([
    ['https://github.com/example-org/infrastructure', undefined],
    ['https://github.com/example-org/infrastructure', 'git-credentials'],
    ['http://git.internal.example/infrastructure', undefined],
    ['ssh://git@github.com/example-org/infrastructure', 'git-credentials'],
    ['ssh://github.com/example-org/infrastructure', 'git-credentials'],
  ])('passes url %j with secretRef %j', (url, secretRef) => {
    expect(problemsOf({ url, secretRef })).toStrictEqual([]);
  });
});
