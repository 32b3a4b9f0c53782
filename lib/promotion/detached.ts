/**
 * Azure resources a promotion leaves behind. When an object leaves the payload folder between the
 * tag an environment runs and the tag it moves to, Flux prunes the object; under ASO's
 * `detach-on-delete` or `skip` reconcile policy the Azure resource then stays, unmanaged. An NSG
 * rule left that way stays in force: an allow rule stays open.
 */
import { parseAllDocuments } from 'yaml';
import { RECONCILE_POLICY_ANNOTATION } from '../azure/network-stack';
import { git, lines } from '../git/run';
import { GitTag } from '../git/tags';
import { readFiles } from '../git/tree';

/** The reconcile policies under which ASO leaves the Azure resource when its object is deleted. */
const KEEPS_RESOURCE: readonly string[] = ['detach-on-delete', 'skip'];

/** An object of the payload at the tag an environment runs now, absent at the tag it moves to. */
export interface DetachedObject {
  readonly kind: string;
  readonly name: string;
  /** `metadata.namespace`, when the object names one */
  readonly namespace?: string;
  /** its reconcile policy at the tag it runs now: `detach-on-delete` or `skip` */
  readonly policy: string;
}

/** One object's identity in the cluster and its reconcile policy. */
interface PayloadObject extends DetachedObject {
  readonly key: string;
}

/**
 * The objects of `folder` at `from` that are absent at `to` and keep their Azure resource when
 * deleted, in path order. Objects are matched by API group, kind, namespace and name, so one that
 * moves to another file does not count. Git work: one `ls-tree` per tag and one `cat-file --batch`
 * for every YAML file of both.
 */
export function detachedObjects(repo: string, folder: string, from: GitTag, to: GitTag): DetachedObject[] {
  // TODO: every YAML file of the folder counts, as when Flux generates the kustomization itself; a
  // hand-written kustomization.yaml that leaves a file out is not honoured (synth lists every file).
  const files = [from, to].flatMap((tag) => {
    const listed = lines(git(repo, ['ls-tree', '-r', '--name-only', '--full-tree', tag.commit, '--', folder]));
    return listed.filter((file) => /\.ya?ml$/.test(file)).map((file) => ({ commit: tag.commit, path: file }));
  });
  const contents = readFiles(repo, files);
  const objectsAt = (commit: string) =>
    files.flatMap((file, i) => (file.commit === commit ? payloadObjects(contents[i] ?? '') : []));

  const remaining = new Set(objectsAt(to.commit).map((o) => o.key));
  return objectsAt(from.commit)
    .filter((o) => !remaining.has(o.key) && KEEPS_RESOURCE.includes(o.policy))
    .map(({ kind, name, namespace, policy }) => ({ kind, name, namespace, policy }));
}

/** The warning about one detached object, e.g. for an NSG rule that stays open in Azure. */
export function detachedWarning(object: DetachedObject): string {
  const where = object.namespace === undefined ? '' : ` (${object.namespace})`;
  return `${object.kind} ${object.name}${where} leaves the payload but is ${object.policy}: the Azure resource stays ` +
    '(delete it in Azure, or set its policy to manage in a release before removing it)';
}

/**
 * The Kubernetes objects of one YAML file; documents that do not parse are skipped (Flux cannot
 * apply a payload holding one at all).
 */
function payloadObjects(text: string): PayloadObject[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length > 0) return [];
    const object: unknown = document.toJS();
    if (typeof object !== 'object' || object === null) return [];
    const { apiVersion, kind, metadata } = object as { apiVersion?: unknown; kind?: unknown; metadata?: Record<string, unknown> };
    const name = metadata?.name;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') return [];
    const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : undefined;
    const annotations = metadata?.annotations as Record<string, unknown> | undefined;
    const policy = String(annotations?.[RECONCILE_POLICY_ANNOTATION] ?? 'manage');
    // the group, not the version: a new API version of the same object is the same object
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
    return [{ key: [group, kind, namespace ?? '', name].join('\u0000'), kind, name, namespace, policy }];
  });
}
