import { Construct } from 'constructs';
import {
  Kustomization,
  KustomizationSpecDeletionPolicy,
  KustomizationSpecHealthCheckExprs,
  KustomizationSpecSourceRefKind,
} from '../../imports/kustomize.toolkit.fluxcd.io';
import { GitRepository, GitRepositorySpecVerifyMode } from '../../imports/source.toolkit.fluxcd.io';
import { SemverRange } from '../semver';
import { Diagnostics } from '../validation/diagnostics';
import { checkDnsLabel, checkDnsSubdomain, DNS_LABEL_EXPECTED, DNS_SUBDOMAIN_EXPECTED } from '../validation/kubernetes-names';
import { DURATION_EXPECTED, isDuration, SHORT_DURATION_EXPECTED } from './duration';
import { normalizeKustomizationPath } from './kustomization-path';
import { checkSourceUrl } from './source-url';

/** The namespace the Flux controllers and their objects live in. */
export const FLUX_NAMESPACE = 'flux-system';

/**
 * Only dist/ goes into the artifact: the TypeScript, node_modules and tests are not something a
 * cluster should download on every interval. Replaces Flux's built-in ignore list on purpose.
 */
export const DIST_ONLY_IGNORE = '/*\n!/dist/\n';

/** How Flux verifies what it checked out. Tag modes need signed annotated tags. */
export type VerifyMode = 'HEAD' | 'Tag' | 'TagAndHEAD';

export interface VerifyOptions {
  /** Which object's signature Flux checks. */
  readonly mode: VerifyMode;
  /** Secret with the trusted public keys (`*.asc` for PGP, `*.sshpub` for SSH). */
  readonly secretRef: string;
}

/** An object the Kustomization waits for after applying. */
export interface HealthCheckTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

export interface EnvironmentSourceProps {
  /** Name of both the GitRepository and the Kustomization. At most 63 characters: Flux copies it into a label. */
  readonly name: string;

  /**
   * Namespace of both objects.
   *
   * @default "flux-system"
   */
  readonly namespace?: string;

  /** Git repository URL (http, https or ssh). */
  readonly url: string;

  /** Masterminds semver constraint over the repository's tags: a range (`~1.2.0`) or a pin (`1.2.3`). */
  readonly semver: string;

  /** How often Flux looks for new tags. Each look is a shallow clone of all tags. */
  readonly interval: string;

  /**
   * Limit for git operations (no `h` unit).
   *
   * @default - Flux's default, 60s
   */
  readonly timeout?: string;

  /**
   * Secret with git credentials.
   *
   * @default - none: a public https repository
   */
  readonly secretRef?: string;

  /**
   * Signature verification of the selected tag or commit.
   *
   * @default - not verified
   */
  readonly verify?: VerifyOptions;

  /**
   * `.gitignore`-style exclusions for the artifact.
   *
   * @default DIST_ONLY_IGNORE
   */
  readonly ignore?: string;

  /** Folder in the tagged commit the Kustomization applies. */
  readonly path: string;

  /** How often the Kustomization re-applies (drift correction). */
  readonly kustomizationInterval: string;

  /** Retry delay after a failed reconcile. */
  readonly retryInterval: string;

  /** Limit for build, apply and health checks. Write it whenever health checks are on. */
  readonly kustomizationTimeout: string;

  /**
   * Garbage-collect objects removed from the payload.
   *
   * @default true
   */
  readonly prune?: boolean;

  /**
   * Health-check every object the Kustomization applies, as it exists in the selected tag.
   * Flux ignores `healthChecks` when this is on, so the two cannot be combined.
   *
   * @default false
   */
  readonly wait?: boolean;

  /**
   * Objects to wait for after each apply, when `wait` is off. The list is read from the main
   * branch while the objects come from the tag: prefer `wait` when the two can differ.
   *
   * @default []
   */
  readonly healthChecks?: HealthCheckTarget[];

  /**
   * CEL health rules for kinds that do not follow kstatus conventions.
   *
   * @default []
   */
  readonly healthCheckExprs?: KustomizationSpecHealthCheckExprs[];

  /**
   * Kustomizations (same namespace) that must be ready first.
   *
   * @default []
   */
  readonly dependsOn?: string[];
}

/**
 * One environment's Flux objects: a GitRepository that follows a semver range of tags, and a
 * Kustomization that applies one folder of the selected tag.
 *
 * `deletionPolicy: Orphan` keeps a deleted or renamed Kustomization from deleting what it applied:
 * for Azure Service Operator objects that would delete Azure resources.
 */
export class EnvironmentSource extends Construct {
  readonly gitRepository: GitRepository;
  readonly kustomization: Kustomization;
  /** The parsed constraint, or undefined when it was refused. */
  readonly range?: SemverRange;
  /** The normalized payload path (`./…`), or undefined when it was refused. */
  readonly path?: string;

  constructor(scope: Construct, id: string, props: EnvironmentSourceProps) {
    super(scope, id);
    const diagnostics = Diagnostics.of(this);
    const namespace = props.namespace ?? FLUX_NAMESPACE;

    const nameProblem = checkDnsLabel(props.name);
    if (nameProblem) diagnostics.error(this, 'name', props.name, nameProblem, `${DNS_LABEL_EXPECTED} (Flux copies it into a label)`);
    const namespaceProblem = checkDnsLabel(namespace);
    if (namespaceProblem) diagnostics.error(this, 'namespace', namespace, namespaceProblem, DNS_LABEL_EXPECTED);

    const urlProblem = checkSourceUrl(props.url, props.secretRef !== undefined);
    if (urlProblem) diagnostics.error(this, 'GitRepository spec.url', props.url, ...urlProblem);
    this.checkSecretName(diagnostics, 'GitRepository spec.secretRef.name', props.secretRef);

    if (typeof props.semver !== 'string') {
      diagnostics.error(this, 'GitRepository spec.ref.semver', props.semver, 'is not a string', 'a semver constraint such as "~1.2.0" or a pin such as "1.2.3"');
    } else try {
      this.range = SemverRange.parse(props.semver);
    } catch (error) {
      diagnostics.error(this, 'GitRepository spec.ref.semver', props.semver, `is refused by Flux (${(error as Error).message})`,
        'a Masterminds semver constraint such as "~1.2.0", ">=1.0.0 <2.0.0" or a pin such as "1.2.3"');
    }

    this.checkDuration(diagnostics, 'GitRepository spec.interval', props.interval, true);
    if (props.timeout !== undefined) this.checkDuration(diagnostics, 'GitRepository spec.timeout', props.timeout, false);
    this.checkDuration(diagnostics, 'Kustomization spec.interval', props.kustomizationInterval, true);
    this.checkDuration(diagnostics, 'Kustomization spec.retryInterval', props.retryInterval, true);
    this.checkDuration(diagnostics, 'Kustomization spec.timeout', props.kustomizationTimeout, true);

    if (props.verify) {
      if (!['HEAD', 'Tag', 'TagAndHEAD'].includes(props.verify.mode)) {
        diagnostics.error(this, 'GitRepository spec.verify.mode', props.verify.mode, 'is not a verification mode', 'one of "HEAD", "Tag", "TagAndHEAD"');
      }
      this.checkSecretName(diagnostics, 'GitRepository spec.verify.secretRef.name', props.verify.secretRef);
    }

    const normalized = normalizeKustomizationPath(props.path);
    if (Array.isArray(normalized)) {
      diagnostics.error(this, 'Kustomization spec.path', props.path, ...normalized);
    } else {
      this.path = normalized;
    }

    for (const dependency of props.dependsOn ?? []) {
      const problem = checkDnsLabel(dependency);
      if (problem) diagnostics.error(this, 'Kustomization spec.dependsOn', dependency, problem, DNS_LABEL_EXPECTED);
      if (dependency === props.name) {
        diagnostics.error(this, 'Kustomization spec.dependsOn', dependency, 'is the Kustomization itself', 'the name of another Kustomization');
      }
    }

    const healthChecks = props.healthChecks ?? [];
    if (props.wait && healthChecks.length > 0) {
      diagnostics.error(this, 'Kustomization spec.healthChecks', healthChecks.map((h) => `${h.kind}/${h.name}`),
        'is set together with wait: true, which makes Flux ignore it', 'either wait: true or a healthChecks list');
    }

    this.gitRepository = new GitRepository(this, 'GitRepository', {
      metadata: { name: props.name, namespace },
      spec: {
        url: props.url,
        interval: props.interval,
        timeout: props.timeout,
        ref: { semver: props.semver },
        secretRef: props.secretRef ? { name: props.secretRef } : undefined,
        verify: props.verify
          ? { mode: verifyMode(props.verify.mode), secretRef: { name: props.verify.secretRef } }
          : undefined,
        ignore: props.ignore ?? DIST_ONLY_IGNORE,
      },
    });

    const healthCheckExprs = props.healthCheckExprs ?? [];
    this.kustomization = new Kustomization(this, 'Kustomization', {
      metadata: { name: props.name, namespace },
      spec: {
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: props.name },
        path: this.path ?? props.path,
        interval: props.kustomizationInterval,
        retryInterval: props.retryInterval,
        timeout: props.kustomizationTimeout,
        prune: props.prune ?? true,
        deletionPolicy: KustomizationSpecDeletionPolicy.ORPHAN,
        dependsOn: props.dependsOn?.length ? props.dependsOn.map((name) => ({ name })) : undefined,
        wait: props.wait || undefined,
        healthChecks: healthChecks.length ? healthChecks.map((h) => ({ ...h })) : undefined,
        healthCheckExprs: healthCheckExprs.length ? healthCheckExprs : undefined,
      },
    });
  }

  private checkDuration(diagnostics: Diagnostics, field: string, value: string | undefined, allowHours: boolean): void {
    if (!isDuration(value, allowHours)) {
      const hoursHint = !allowHours && typeof value === 'string' && isDuration(value, true);
      diagnostics.error(this, field, value, hoursHint ? 'uses hours, which this field does not accept' : 'is not a Go duration',
        allowHours ? DURATION_EXPECTED : SHORT_DURATION_EXPECTED);
    }
  }

  private checkSecretName(diagnostics: Diagnostics, field: string, value: string | undefined): void {
    if (value === undefined) return;
    const problem = checkDnsSubdomain(value);
    if (problem) diagnostics.error(this, field, value, problem, DNS_SUBDOMAIN_EXPECTED);
  }
}

function verifyMode(mode: VerifyMode): GitRepositorySpecVerifyMode {
  // The generated enum folds "HEAD" into its lower-case alias; write the documented spelling.
  return mode === 'HEAD' ? ('HEAD' as GitRepositorySpecVerifyMode) : (mode as GitRepositorySpecVerifyMode);
}
