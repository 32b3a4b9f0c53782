import { catalogueOf, smallEnvironment, withChange } from '../helpers/catalogue';
import { refusalOf, refusalOfChange, renderedFiles } from './refusals';

const DNS_LABEL = 'a DNS-1123 label: at most 63 characters of lower-case letters, digits and "-", starting and ending with a letter or digit';
const DNS_SUBDOMAIN = 'a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, "-" and ".", each part starting and ending with a letter or digit';

describe('environment name', () => {
  test.each([
    ['Test', 'is not a DNS-1123 label'],
    ['test_env', 'is not a DNS-1123 label'],
    ['-test', 'is not a DNS-1123 label'],
    ['e'.repeat(64), 'is 64 characters long (at most 63)'],
  ])('fails when the environment is named %j', (name, problem) => {
    // GIVEN an environment whose Flux objects keep a valid name, so only the environment name is wrong
    const spec = withChange(smallEnvironment(), (d) => {
      d.name = name;
      d.source.name = 'infra-test';
    });

    // WHEN / THEN
    expect(refusalOf(catalogueOf(spec))).toStrictEqual([
      `environment "${name}" (${name}): name "${name}" ${problem}; expected ${DNS_LABEL}`,
    ]);
  });

  test('fails when the environment name makes the default Flux name longer than 63 characters', () => {
    const name = 'e'.repeat(60);
    expect(refusalOfChange((d) => { d.name = name; })).toStrictEqual([
      `environment "${name}" (${name}/flux): name "infra-${name}" is 66 characters long (at most 63); expected ${DNS_LABEL} (Flux copies it into a label)`,
    ]);
  });
});

describe('GitRepository and Kustomization name (source.name)', () => {
  test.each([
    ['i'.repeat(64), 'is 64 characters long (at most 63)'],
    ['Infra-Test', 'is not a DNS-1123 label'],
    ['infra.test', 'is not a DNS-1123 label'],
    ['infra-test-', 'is not a DNS-1123 label'],
  ])('fails when source.name is %j', (name, problem) => {
    expect(refusalOfChange((d) => { d.source.name = name; })).toStrictEqual([
      `environment "test" (test/flux): name "${name}" ${problem}; expected ${DNS_LABEL} (Flux copies it into a label)`,
    ]);
  });

  test('passes with exactly 63 characters', () => {
    const name = 'i'.repeat(63);
    expect(renderedFiles(withChange(smallEnvironment(), (d) => { d.source.name = name; })).has(`test/bootstrap/kustomization-${name}.yaml`)).toBe(true);
  });
});

describe('ASO namespace (azure.namespace)', () => {
  test.each([
    ['Azure-Test', 'is not a DNS-1123 label'],
    ['azure_test', 'is not a DNS-1123 label'],
    ['azure.test', 'is not a DNS-1123 label'],
    ['a'.repeat(64), 'is 64 characters long (at most 63)'],
    ['', 'is empty'],
  ])('fails when azure.namespace is %j', (namespace, problem) => {
    expect(refusalOfChange((d) => { d.azure.namespace = namespace; })).toStrictEqual([
      `environment "test" (test/network): namespace "${namespace}" ${problem}; expected ${DNS_LABEL}`,
    ]);
  });
});

describe('Secret names', () => {
  test.each(['Git_Credentials', 'git credentials', '-git-credentials'])('fails when source.secretRef is %j', (secretRef) => {
    expect(refusalOfChange((d) => { d.source.secretRef = secretRef; })).toStrictEqual([
      `environment "test" (test/flux): GitRepository spec.secretRef.name "${secretRef}" is not a DNS-1123 subdomain; expected ${DNS_SUBDOMAIN}`,
    ]);
  });

  test('fails when source.verify.secretRef is not a Secret name', () => {
    expect(refusalOfChange((d) => { d.source.verify = { mode: 'Tag', secretRef: 'Signing_Keys' }; })).toStrictEqual([
      `environment "test" (test/flux): GitRepository spec.verify.secretRef.name "Signing_Keys" is not a DNS-1123 subdomain; expected ${DNS_SUBDOMAIN}`,
    ]);
  });
});

describe('Kustomization dependsOn names', () => {
  test('fails when a dependency is not a Kubernetes name (and so cannot exist either)', () => {
    expect(refusalOfChange((d) => { d.kustomization = { dependsOn: ['ASO_Operator'] }; })).toStrictEqual([
      `environment "test" (test/flux): Kustomization spec.dependsOn "ASO_Operator" is not a DNS-1123 label; expected ${DNS_LABEL}`,
      'environment "test" (test/flux/Kustomization): Kustomization spec.dependsOn "ASO_Operator" is not a known Kustomization; expected a Kustomization this catalogue emits or one listed in its externalKustomizations',
    ]);
  });

  test('fails when the Kustomization depends on itself', () => {
    expect(refusalOfChange((d) => { d.kustomization = { dependsOn: ['infra-test'] }; })).toStrictEqual([
      'environment "test" (test/flux): Kustomization spec.dependsOn "infra-test" is the Kustomization itself; expected the name of another Kustomization',
    ]);
  });
});
