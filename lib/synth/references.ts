import { Problem } from '../validation/diagnostics';

/** One rendered object with where it came from. */
export interface RenderedObject {
  readonly environment: string;
  /** construct path */
  readonly path: string;
  readonly folder: string;
  readonly json: any;
}

/** Which kind owns which, for the ASO kinds this project emits. */
const OWNER_KIND: Record<string, string> = {
  VirtualNetwork: 'ResourceGroup',
  NetworkSecurityGroup: 'ResourceGroup',
  VirtualNetworksSubnet: 'VirtualNetwork',
  NetworkSecurityGroupsSecurityRule: 'NetworkSecurityGroup',
};

const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const key = (g: string, kind: string, namespace: string | undefined, name: string) => `${g}|${kind}|${namespace ?? ''}|${name}`;

/**
 * Checks what only the whole rendered environment can tell: duplicate objects, and owners,
 * references, health checks and sources that point at nothing or at the wrong kind. These all
 * pass the API server and then sit forever in `WaitingForOwner`, `ReferenceNotFound` or a health
 * check timeout, so they are refused here instead.
 */
export function checkReferences(objects: readonly RenderedObject[], knownKustomizations: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const byKey = new Map<string, RenderedObject>();
  const byNamespacedName = new Map<string, RenderedObject[]>();

  for (const object of objects) {
    const { apiVersion, kind, metadata } = object.json;
    const k = key(group(apiVersion), kind, metadata.namespace, metadata.name);
    if (byKey.has(k)) {
      problems.push(problem(object, 'metadata.name', metadata.name, `is used by another ${kind} in namespace "${metadata.namespace}" (${byKey.get(k)!.path})`,
        'one object per kind, namespace and name (names of Azure objects are derived from their Azure names and owners: rename one of the two)'));
      continue;
    }
    byKey.set(k, object);
    const nn = `${metadata.namespace}|${metadata.name}`;
    byNamespacedName.set(nn, [...(byNamespacedName.get(nn) ?? []), object]);
  }

  const find = (g: string, kind: string, namespace: string, name: string) => byKey.get(key(g, kind, namespace, name));
  const describeOther = (namespace: string, name: string) => {
    const others = byNamespacedName.get(`${namespace}|${name}`) ?? [];
    return others.length ? ` (it names a ${others.map((o) => o.json.kind).join(', ')})` : '';
  };

  for (const object of objects) {
    const { kind, metadata, spec } = object.json;
    const namespace = metadata.namespace;

    const ownerKind = OWNER_KIND[kind];
    if (ownerKind && spec?.owner?.name !== undefined) {
      const g = ownerKind === 'ResourceGroup' ? 'resources.azure.com' : 'network.azure.com';
      if (!find(g, ownerKind, namespace, spec.owner.name)) {
        problems.push(problem(object, 'spec.owner.name', spec.owner.name, `is not a ${ownerKind} in namespace "${namespace}"${describeOther(namespace, spec.owner.name)}`,
          `the name of a ${ownerKind} emitted in the same namespace (a ${kind} is owned by a ${ownerKind})`));
      }
    }

    for (const [field, reference] of Object.entries(spec ?? {})) {
      const ref = (reference as any)?.reference;
      if (!ref || ref.armId !== undefined) continue;
      if (!find(ref.group, ref.kind, namespace, ref.name)) {
        problems.push(problem(object, `spec.${field}.reference`, `${ref.kind}/${ref.name}`, `points at nothing in namespace "${namespace}"${describeOther(namespace, ref.name)}`,
          `an emitted ${ref.group} ${ref.kind} in the same namespace`));
      }
    }

    if (kind === 'Kustomization' && object.json.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) {
      const source = spec.sourceRef;
      if (!find('source.toolkit.fluxcd.io', source.kind, source.namespace ?? namespace, source.name)) {
        problems.push(problem(object, 'spec.sourceRef', `${source.kind}/${source.name}`, 'points at nothing', 'a GitRepository emitted in the same namespace'));
      }
      for (const check of spec.healthChecks ?? []) {
        if (!find(group(check.apiVersion ?? ''), check.kind, check.namespace ?? namespace, check.name)) {
          problems.push(problem(object, 'spec.healthChecks', `${check.kind}/${check.namespace}/${check.name}`, 'points at no object this environment applies',
            'an object emitted in the environment\'s payload'));
        }
      }
      for (const dependency of spec.dependsOn ?? []) {
        if (!knownKustomizations.has(`${dependency.namespace ?? namespace}/${dependency.name}`)) {
          problems.push(problem(object, 'spec.dependsOn', dependency.name, 'is not a known Kustomization',
            'a Kustomization this catalogue emits or one listed in its externalKustomizations'));
        }
      }
    }
  }
  return problems;
}

/**
 * Finds objects that two environments both emit. Environments may share a cluster, where the later
 * apply takes over the earlier environment's object and, for ASO, its Azure resource.
 */
export function checkDuplicatesAcrossEnvironments(objects: readonly RenderedObject[]): Problem[] {
  const problems: Problem[] = [];
  const first = new Map<string, RenderedObject>();
  for (const object of objects) {
    const { apiVersion, kind, metadata } = object.json;
    const k = key(group(apiVersion), kind, metadata.namespace, metadata.name);
    const earlier = first.get(k);
    if (!earlier) {
      first.set(k, object);
    } else if (earlier.environment !== object.environment) {
      problems.push(problem(object, 'metadata.name', metadata.name,
        `is also used by a ${kind} of environment "${earlier.environment}" in namespace "${metadata.namespace}" (${earlier.path})`,
        'names unique across environments, e.g. a namespace of its own per environment'));
    }
  }
  return problems;
}

function problem(object: RenderedObject, field: string, value: unknown, what: string, expected: string): Problem {
  return { environment: object.environment, path: object.path, field: `${object.json.kind} ${field}`, value, problem: what, expected };
}
