import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { asoHealthCheckExprs } from './azure/health';
import { AzureNetworkStack, AzureNetworkStackProps } from './azure/network-stack';
import { EnvironmentSource, VerifyOptions } from './flux/environment-source';
import { Diagnostics, ENVIRONMENT_CONTEXT } from './validation/diagnostics';
import { checkDnsLabel, DNS_LABEL_EXPECTED } from './validation/kubernetes-names';

/** Folder names inside `dist/<env>/`. */
export const BOOTSTRAP_FOLDER = 'bootstrap';
export const PAYLOAD_FOLDER = 'azure';

/** One entry of the environment catalogue. */
export interface EnvironmentSpec {
  /** Environment name: the folder under dist/ and the suffix of the Flux object names. */
  readonly name: string;
  /** Which tags this environment runs: a Masterminds range (`~1.2.0`) or a pin (`1.2.3`). */
  readonly semver: string;
  readonly source: {
    /** How often Flux looks for new tags. */
    readonly interval: string;
    /**
     * Name of the GitRepository and the Kustomization.
     *
     * @default "infra-<name>"
     */
    readonly name?: string;
    /** @default - Flux's 60s */
    readonly timeout?: string;
    /** @default - no credentials (public https repository) */
    readonly secretRef?: string;
    /** @default - no signature verification */
    readonly verify?: VerifyOptions;
  };
  readonly kustomization?: {
    /** @default "10m" */
    readonly interval?: string;
    /** @default "2m" */
    readonly retryInterval?: string;
    /** Covers apply and the wait for Azure to report Ready. @default "15m" */
    readonly timeout?: string;
    /** @default true */
    readonly prune?: boolean;
    /** Kustomizations in flux-system that must be ready first. @default [] */
    readonly dependsOn?: string[];
  };
  readonly azure: Omit<AzureNetworkStackProps, 'environment'>;
}

export interface EnvironmentChartProps {
  readonly spec: EnvironmentSpec;
  /** Repository the GitRepository follows. */
  readonly repositoryUrl: string;
  /** Output folder relative to the repository root, e.g. "dist". */
  readonly outputFolder: string;
}

/**
 * One environment: its Flux objects (applied from the main branch by the cluster's bootstrap) and
 * its Azure network (applied by that Kustomization from the tag the GitRepository selects). The
 * Kustomization health-checks every object it applies (`wait: true`), with CEL rules for the ASO
 * groups the stack uses, so its checks always match the tag that is deployed.
 */
export class EnvironmentChart extends Chart {
  readonly spec: EnvironmentSpec;
  readonly source: EnvironmentSource;
  readonly network: AzureNetworkStack;
  /** `./<output>/<env>/<payload>` as the Kustomization writes it. */
  readonly payloadPath: string;

  constructor(scope: Construct, props: EnvironmentChartProps) {
    super(scope, props.spec.name, { disableResourceNameHashes: true });
    const spec = props.spec;
    this.spec = spec;
    this.node.setContext(ENVIRONMENT_CONTEXT, spec.name);

    const nameProblem = checkDnsLabel(spec.name);
    if (nameProblem) Diagnostics.of(this).error(this, 'name', spec.name, nameProblem, DNS_LABEL_EXPECTED);

    this.network = new AzureNetworkStack(this, 'network', { ...spec.azure, environment: spec.name });

    this.payloadPath = `./${props.outputFolder}/${spec.name}/${PAYLOAD_FOLDER}`;
    const kustomization = spec.kustomization ?? {};
    this.source = new EnvironmentSource(this, 'flux', {
      name: spec.source.name ?? `infra-${spec.name}`,
      url: props.repositoryUrl,
      semver: spec.semver,
      interval: spec.source.interval,
      timeout: spec.source.timeout,
      secretRef: spec.source.secretRef,
      verify: spec.source.verify,
      path: this.payloadPath,
      kustomizationInterval: kustomization.interval ?? '10m',
      retryInterval: kustomization.retryInterval ?? '2m',
      kustomizationTimeout: kustomization.timeout ?? '15m',
      prune: kustomization.prune ?? true,
      dependsOn: kustomization.dependsOn,
      // The Kustomization is read from main but applies the tag's payload, so a list of objects
      // derived here would name objects the pinned tag may not have. `wait` checks what is applied.
      wait: true,
      healthCheckExprs: asoHealthCheckExprs(this.network.apiVersions),
    });
  }
}
