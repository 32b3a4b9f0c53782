import { parse } from 'yaml';
import { CATALOGUE } from '../../lib/environments';
import { render } from '../../lib/synth/render';
import { refusalOfChange } from './refusals';

describe('reconcilePolicy (ASO reads any unknown value, a wrong case included, as "manage")', () => {
  test.each(['Detach-On-Delete', 'DetachOnDelete', 'Manage', 'delete', ''])('fails when reconcilePolicy is %j', (policy) => {
    expect(refusalOfChange((d) => { d.azure.reconcilePolicy = policy; })).toStrictEqual([
      `environment "test" (test/network): reconcilePolicy ${JSON.stringify(policy)} is not an ASO reconcile policy; expected one of "manage", "detach-on-delete", "skip" (lower case)`,
    ]);
  });
});

describe('credentialFrom (a Secret in the same namespace)', () => {
  const SECRET_NAME = 'the name of a Secret: a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, "-" and ".", each part starting and ending with a letter or digit';

  test.each([
    ['Aso_Credential', 'is not a DNS-1123 subdomain'],
    ['aso credential', 'is not a DNS-1123 subdomain'],
    ['aso-credential-', 'is not a DNS-1123 subdomain'],
    ['', 'is empty'],
  ])('fails when credentialFrom is %j', (secret, problem) => {
    expect(refusalOfChange((d) => { d.azure.credentialFrom = secret; })).toStrictEqual([
      `environment "test" (test/network): credentialFrom ${JSON.stringify(secret)} ${problem}; expected ${SECRET_NAME}`,
    ]);
  });
});

/** What the default catalogue renders, parsed: file path relative to dist/ -> object. */
const objects = new Map([...render(CATALOGUE).files].map(([file, text]) => [file, parse(text)]));
const group = (apiVersion: string) => apiVersion.split('/')[0];
const isAso = (o: any) => group(o.apiVersion).endsWith('.azure.com');
const inFolder = (folder: string) => [...objects].filter(([file]) => file.startsWith(`${folder}/`) && !file.endsWith('/kustomization.yaml')).map(([, o]) => o);
const fluxKustomizations = [...objects.values()].filter((o) => o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/'));
/** One line per object. */
const idOf = (o: any) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;

describe('the default catalogue is safe to apply', () => {
  test.each([
    ['prod', 'detach-on-delete'],
    ['dev', 'manage'],
  ])('every ASO object of %s carries reconcile-policy %s', (env, policy) => {
    const aso = inFolder(`${env}/azure`).filter(isAso);
    expect(aso.length).toBeGreaterThan(0);
    expect(aso.map((o) => `${idOf(o)}: ${o.metadata.annotations?.['serviceoperator.azure.com/reconcile-policy']}`))
      .toStrictEqual(aso.map((o) => `${idOf(o)}: ${policy}`));
  });

  test('every ResourceGroup is never pruned by Flux (deleting it deletes everything inside)', () => {
    const groups = [...objects.values()].filter((o) => o.kind === 'ResourceGroup');
    expect(groups.map((o) => o.metadata.name)).toStrictEqual(['dev-rg', 'production-rg', 'staging-rg']);
    for (const resourceGroup of groups) {
      expect(resourceGroup.metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    }
  });

  test('no object sets force, at any depth', () => {
    const found: string[] = [];
    const walk = (value: unknown, where: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
      else if (value && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) {
          if (key === 'force' || key === 'kustomize.toolkit.fluxcd.io/force') found.push(`${where}.${key}`);
          walk(v, `${where}.${key}`);
        }
      }
    };
    for (const [file, object] of objects) walk(object, file);
    expect(found).toStrictEqual([]);
  });

  test('there is one Flux Kustomization per environment', () => {
    expect(fluxKustomizations.map((k) => k.metadata.name).sort()).toStrictEqual(['infra-dev', 'infra-prod', 'infra-staging']);
  });

  describe.each(['infra-dev', 'infra-staging', 'infra-prod'])('Kustomization %s', (name) => {
    const kustomization = fluxKustomizations.find((k) => k.metadata.name === name);
    const payload = inFolder(kustomization.spec.path.replace(/^\.\/dist\//, ''));

    test('applies a payload folder of ASO objects', () => {
      expect(payload.length).toBeGreaterThan(0);
      expect(payload.every(isAso)).toBe(true);
    });

    test('has a CEL health rule (current and failed) for every ASO group it applies', () => {
      const groups = [...new Set(payload.map((o) => group(o.apiVersion)))].sort();
      const rules = kustomization.spec.healthCheckExprs ?? [];
      expect(rules.map((r: any) => group(r.apiVersion)).sort()).toStrictEqual(groups);
      for (const rule of rules) {
        expect(rule.kind).toBeUndefined(); // group-wide, so a new kind is covered too
        expect(rule.current).toContain("c.type == 'Ready' && c.status == 'True'");
        expect(rule.current).toContain('metadata.generation');
        expect(rule.failed).toContain("c.?severity.orValue('') == 'Error'");
      }
    });

    test('health-checks every object it applies from the tag (wait: true), with no list from main that could disagree', () => {
      expect(kustomization.spec.wait).toBe(true);
      expect(kustomization.spec.healthChecks).toBeUndefined();
    });

    test('orphans what it applied when deleted, and writes an explicit timeout', () => {
      expect(kustomization.spec.deletionPolicy).toBe('Orphan');
      expect(kustomization.spec.timeout).toEqual(expect.any(String));
    });
  });
});
