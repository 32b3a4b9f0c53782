import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  NetworkSecurityGroup,
  NetworkSecurityGroupsSecurityRule,
  VirtualNetwork,
  VirtualNetworksSubnet,
} from '../../imports/network.azure.com';
import { ResourceGroup } from '../../imports/resources.azure.com';
import { Diagnostics } from '../validation/diagnostics';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  DNS_LABEL_EXPECTED,
  DNS_SUBDOMAIN_EXPECTED,
  toKubernetesName,
} from '../validation/kubernetes-names';
import { CIDR_EXPECTED, Cidr, contains, overlaps, parseCidr } from './address-space';
import { AzureNameKind, checkAzureName } from './azure-names';
import { checkLocation } from './regions';
import { checkSecurityRule, SecurityRuleProps, singularOrPlural } from './security-rule';

/**
 * Subnets Azure reserves for its own services, by lower-cased name: the smallest prefix each
 * accepts (longest prefix length), and whether an NSG may be attached.
 */
const RESERVED_SUBNETS: Record<string, { readonly maxPrefixLength: number; readonly nsg: boolean }> = {
  gatewaysubnet: { maxPrefixLength: 29, nsg: false },
  azurefirewallsubnet: { maxPrefixLength: 26, nsg: false },
  azurefirewallmanagementsubnet: { maxPrefixLength: 26, nsg: false },
  azurebastionsubnet: { maxPrefixLength: 26, nsg: true },
  routeserversubnet: { maxPrefixLength: 27, nsg: false },
};

/** What ASO does with the Azure resource when the object is deleted (and whether it writes at all). */
export type ReconcilePolicy = 'manage' | 'detach-on-delete' | 'skip';
const RECONCILE_POLICIES: readonly ReconcilePolicy[] = ['manage', 'detach-on-delete', 'skip'];

export const RECONCILE_POLICY_ANNOTATION = 'serviceoperator.azure.com/reconcile-policy';
export const CREDENTIAL_FROM_ANNOTATION = 'serviceoperator.azure.com/credential-from';
export const FLUX_PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';

export interface SubnetProps {
  /** Azure name, unique within the VNet (`GatewaySubnet` and other reserved names are fine). */
  readonly name: string;
  /** One CIDR block inside the VNet's address space. */
  readonly addressPrefix: string;
  /**
   * Azure name of an NSG of this stack to attach.
   *
   * @default - no NSG
   */
  readonly securityGroup?: string;
}

export interface SecurityGroupProps {
  /** Azure name, unique within the resource group. */
  readonly name: string;
  /** Rules, emitted as separate NetworkSecurityGroupsSecurityRule objects. */
  readonly rules: SecurityRuleProps[];
}

export interface AzureNetworkStackProps {
  /** Environment name, written into the `environment` Azure tag. */
  readonly environment: string;
  /** Kubernetes namespace of every ASO object (owners and references cannot cross namespaces). */
  readonly namespace: string;
  /** Programmatic Azure region of every top-level resource. */
  readonly location: string;
  /**
   * Accept a region that needs an access request.
   *
   * @default false
   */
  readonly allowRestrictedRegion?: boolean;
  /** Azure name of the resource group. */
  readonly resourceGroup: string;
  readonly virtualNetwork: {
    /** Azure name of the VNet. */
    readonly name: string;
    /** Its address space. */
    readonly addressPrefixes: string[];
  };
  /** Subnets, emitted as separate VirtualNetworksSubnet objects owned by the VNet. */
  readonly subnets: SubnetProps[];
  /**
   * Network security groups and their rules.
   *
   * @default []
   */
  readonly securityGroups?: SecurityGroupProps[];
  /**
   * ASO reconcile policy written on every object. `detach-on-delete` leaves the Azure resource in
   * place when the object is removed from git; `manage` deletes it.
   *
   * @default "detach-on-delete"
   */
  readonly reconcilePolicy?: ReconcilePolicy;
  /**
   * ASO reconcile policy of the NSG rules, when they need another than the rest. Under
   * `detach-on-delete` a rule removed from git stays in force in Azure (an allow rule stays open)
   * and a renamed rule keeps its priority; under `manage` a deleted namespace or resource group
   * object deletes every rule, deny rules included. `npm run promote` lists detached objects.
   *
   * @default - reconcilePolicy
   */
  readonly securityRuleReconcilePolicy?: ReconcilePolicy;
  /**
   * Secret (same namespace) holding the ASO credential for these objects.
   *
   * @default - the namespace's `aso-credential`, else the operator's global credential
   */
  readonly credentialFrom?: string;
  /**
   * Extra Azure tags for top-level resources.
   *
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * One environment's Azure network as Azure Service Operator objects: a resource group, a VNet,
 * subnets and NSGs with their rules. Children are separate objects linked by `owner` (ASO and Azure
 * fight over inline child lists), every object carries an explicit `azureName` (write-once in ASO,
 * so it must not silently follow a metadata.name refactor), and the resource group is never pruned
 * by Flux (deleting it deletes everything inside it).
 */
export class AzureNetworkStack extends Construct {
  /** Every ASO object of the stack, in creation order. */
  readonly resources: ApiObject[] = [];
  /** The VNet's parsed address space (blocks that failed to parse are left out). */
  readonly addressSpace: Cidr[] = [];
  readonly namespace: string;

  private readonly diagnostics: Diagnostics;
  private readonly annotations: Record<string, string>;
  private readonly ruleAnnotations: Record<string, string>;
  private readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: AzureNetworkStackProps) {
    super(scope, id);
    this.diagnostics = Diagnostics.of(this);
    this.namespace = props.namespace;
    this.validateStackProps(props);

    const policy = props.reconcilePolicy ?? 'detach-on-delete';
    this.annotations = {
      [RECONCILE_POLICY_ANNOTATION]: policy,
      ...(props.credentialFrom ? { [CREDENTIAL_FROM_ANNOTATION]: props.credentialFrom } : {}),
    };
    this.ruleAnnotations = { ...this.annotations, [RECONCILE_POLICY_ANNOTATION]: props.securityRuleReconcilePolicy ?? policy };
    this.tags = { ...props.tags, 'environment': props.environment, 'managed-by': 'flux' };

    const resourceGroup = this.addResourceGroup(props);
    const vnet = this.addVirtualNetwork(props, resourceGroup);
    const securityGroups = new Map<string, string>();
    const groupNames = new Set<string>();
    for (const group of props.securityGroups ?? []) {
      // A second object would only collide with the first; its rules are checked once the name is fixed.
      if (!this.claimName(groupNames, group.name, `securityGroups[${group.name}].name`, 'an NSG', 'resource group')) continue;
      securityGroups.set(group.name.toLowerCase(), this.addSecurityGroup(props, resourceGroup, group));
    }
    this.addSubnets(props, vnet, securityGroups);
  }

  /** The apiVersions in use, for group-wide CEL health rules. */
  get apiVersions(): string[] {
    return [...new Set(this.resources.map((r) => r.apiVersion))];
  }

  private validateStackProps(props: AzureNetworkStackProps): void {
    const namespaceProblem = checkDnsLabel(props.namespace);
    if (namespaceProblem) this.diagnostics.error(this, 'namespace', props.namespace, namespaceProblem, DNS_LABEL_EXPECTED);

    const locationProblem = checkLocation(props.location, props.allowRestrictedRegion);
    if (locationProblem) this.diagnostics.error(this, 'location', props.location, ...locationProblem);

    for (const [field, policy] of [['reconcilePolicy', props.reconcilePolicy], ['securityRuleReconcilePolicy', props.securityRuleReconcilePolicy]] as const) {
      if (policy !== undefined && !RECONCILE_POLICIES.includes(policy)) {
        // ASO reads any unknown value, a wrong case included, as "manage": the one that deletes.
        this.diagnostics.error(this, field, policy, 'is not an ASO reconcile policy', 'one of "manage", "detach-on-delete", "skip" (lower case)');
      }
    }
    if (props.credentialFrom !== undefined) {
      const problem = checkDnsSubdomain(props.credentialFrom);
      if (problem) this.diagnostics.error(this, 'credentialFrom', props.credentialFrom, problem, `the name of a Secret: ${DNS_SUBDOMAIN_EXPECTED}`);
    }
    for (const [key, value] of Object.entries(props.tags ?? {})) {
      if (key.length === 0 || key.length > 512 || /[<>%&\\?/]/.test(key)) {
        this.diagnostics.error(this, 'tags', key, 'is not a valid Azure tag name', '1-512 characters without < > % & \\ ? /');
      }
      if (typeof value !== 'string' || value.length > 256) {
        this.diagnostics.error(this, `tags.${key}`, value, 'is not a valid Azure tag value', 'a string of at most 256 characters');
      }
    }
  }

  /** Checks the Azure name and derives metadata.name from it; reports and returns undefined on failure. */
  private names(kind: AzureNameKind, field: string, azureName: string, prefix?: string): string | undefined {
    const azureProblem = checkAzureName(kind, azureName);
    if (azureProblem) {
      this.diagnostics.error(this, field, azureName, ...azureProblem);
      return undefined;
    }
    const derived = toKubernetesName(prefix ? `${prefix}-${azureName}` : azureName);
    const problem = checkDnsSubdomain(derived);
    if (problem) {
      this.diagnostics.error(this, field, azureName, `gives the Kubernetes name "${derived}", which ${problem}`, 'an Azure name with at least one letter or digit');
      return undefined;
    }
    return derived;
  }

  /**
   * Records `name` as taken in one Azure scope (names are case-insensitive there); reports and
   * returns false when it already was.
   */
  private claimName(taken: Set<string>, name: string, field: string, what: string, scope: string): boolean {
    const key = String(name).toLowerCase();
    if (taken.has(key)) {
      this.diagnostics.error(this, field, name, `is used twice in this ${scope} (Azure names are case-insensitive)`, `${what} name unique within its ${scope}`);
      return false;
    }
    taken.add(key);
    return true;
  }

  private track<T extends ApiObject>(object: T): T {
    this.resources.push(object);
    return object;
  }

  private addResourceGroup(props: AzureNetworkStackProps): string {
    const name = this.names('resourceGroup', 'resourceGroup', props.resourceGroup) ?? 'invalid-resource-group';
    this.track(new ResourceGroup(this, 'ResourceGroup', {
      metadata: {
        name,
        namespace: props.namespace,
        // Deleting the RG object deletes the Azure RG and everything in it, whatever the policy of its children.
        annotations: { ...this.annotations, [FLUX_PRUNE_ANNOTATION]: 'disabled' },
      },
      spec: { azureName: props.resourceGroup, location: props.location, tags: this.tags },
    }));
    return name;
  }

  private addVirtualNetwork(props: AzureNetworkStackProps, resourceGroup: string): string {
    const vnet = props.virtualNetwork;
    const name = this.names('virtualNetwork', 'virtualNetwork.name', vnet.name) ?? 'invalid-virtual-network';

    if (!Array.isArray(vnet.addressPrefixes) || vnet.addressPrefixes.length === 0) {
      this.diagnostics.error(this, 'virtualNetwork.addressPrefixes', vnet.addressPrefixes, 'is empty', `at least one block, each ${CIDR_EXPECTED}`);
    }
    for (const prefix of vnet.addressPrefixes ?? []) {
      const cidr = parseCidr(prefix);
      if (typeof cidr === 'string') {
        this.diagnostics.error(this, 'virtualNetwork.addressPrefixes', prefix, cidr, CIDR_EXPECTED);
        continue;
      }
      const clash = this.addressSpace.find((other) => overlaps(other, cidr));
      if (clash) {
        this.diagnostics.error(this, 'virtualNetwork.addressPrefixes', prefix, `overlaps "${clash.text}" of the same VNet`, 'address blocks that do not overlap');
      }
      this.addressSpace.push(cidr);
    }

    this.track(new VirtualNetwork(this, 'VirtualNetwork', {
      metadata: { name, namespace: props.namespace, annotations: { ...this.annotations } },
      spec: {
        azureName: vnet.name,
        owner: { name: resourceGroup },
        location: props.location,
        addressSpace: { addressPrefixes: vnet.addressPrefixes },
        tags: this.tags,
      },
    }));
    return name;
  }

  private addSecurityGroup(props: AzureNetworkStackProps, resourceGroup: string, group: SecurityGroupProps): string {
    const field = `securityGroups[${group.name}]`;
    const name = this.names('networkSecurityGroup', `${field}.name`, group.name) ?? 'invalid-security-group';
    this.track(new NetworkSecurityGroup(this, `NetworkSecurityGroup-${group.name}`, {
      metadata: { name, namespace: props.namespace, annotations: { ...this.annotations } },
      spec: { azureName: group.name, owner: { name: resourceGroup }, location: props.location, tags: this.tags },
    }));

    const priorities = new Map<string, string>();
    const ruleNames = new Set<string>();
    for (const rule of group.rules ?? []) {
      const ruleField = `${field}.rules[${rule.name}]`;
      const ruleName = this.names('securityRule', `${ruleField}.name`, rule.name, name) ?? 'invalid-security-rule';
      const duplicate = !this.claimName(ruleNames, rule.name, `${ruleField}.name`, 'a rule', 'NSG');
      for (const p of checkSecurityRule(rule, priorities)) this.diagnostics.error(this, `${ruleField}.${p.field}`, p.value, p.problem, p.expected);
      if (duplicate) continue; // a second object would only collide with the first

      // ":" cannot occur in an Azure name, so NSG "a" with rule "b-c" and NSG "a-b" with rule "c" get distinct ids.
      this.track(new NetworkSecurityGroupsSecurityRule(this, `NetworkSecurityGroupsSecurityRule-${group.name}:${rule.name}`, {
        metadata: { name: ruleName, namespace: props.namespace, annotations: { ...this.ruleAnnotations } },
        spec: {
          azureName: rule.name,
          owner: { name },
          priority: rule.priority,
          direction: rule.direction,
          access: rule.access,
          protocol: rule.protocol,
          description: rule.description,
          ...singularOrPlural('sourceAddressPrefix', 'sourceAddressPrefixes', rule.sourceAddressPrefixes ?? []),
          ...singularOrPlural('sourcePortRange', 'sourcePortRanges', rule.sourcePortRanges ?? ['*']),
          ...singularOrPlural('destinationAddressPrefix', 'destinationAddressPrefixes', rule.destinationAddressPrefixes ?? []),
          ...singularOrPlural('destinationPortRange', 'destinationPortRanges', rule.destinationPortRanges ?? []),
        },
      }));
    }
    return name;
  }

  private addSubnets(props: AzureNetworkStackProps, vnet: string, securityGroups: Map<string, string>): void {
    if (!Array.isArray(props.subnets) || props.subnets.length === 0) {
      this.diagnostics.error(this, 'subnets', props.subnets, 'is empty', 'at least one subnet');
      return;
    }
    const seen = new Map<string, Cidr>();
    const names = new Set<string>();
    for (const subnet of props.subnets) {
      const field = `subnets[${subnet.name}]`;
      const name = this.names('subnet', `${field}.name`, subnet.name, vnet) ?? 'invalid-subnet';
      const duplicate = !this.claimName(names, subnet.name, `${field}.name`, 'a subnet', 'VNet');
      this.validateSubnetPrefix(subnet, field, seen);
      if (duplicate) continue; // a second object would only collide with the first

      const reserved = RESERVED_SUBNETS[String(subnet.name).toLowerCase()];
      if (reserved && !reserved.nsg && subnet.securityGroup !== undefined) {
        this.diagnostics.error(this, `${field}.securityGroup`, subnet.securityGroup, `is attached to ${subnet.name}, where Azure does not support an NSG`,
          'no securityGroup on this reserved subnet');
      }

      let nsg: string | undefined;
      if (subnet.securityGroup !== undefined) {
        nsg = securityGroups.get(subnet.securityGroup.toLowerCase());
        if (nsg === undefined) {
          const other = subnet.securityGroup === props.virtualNetwork.name ? ' (that is the VirtualNetwork)' : subnet.securityGroup === props.resourceGroup ? ' (that is the ResourceGroup)' : '';
          const known = [...(props.securityGroups ?? [])].map((g) => `"${g.name}"`).join(', ') || 'none are declared';
          this.diagnostics.error(this, `${field}.securityGroup`, subnet.securityGroup, `is not a NetworkSecurityGroup of this stack${other}`, `the name of one of its NSGs: ${known}`);
        }
      }

      this.track(new VirtualNetworksSubnet(this, `VirtualNetworksSubnet-${subnet.name}`, {
        metadata: { name, namespace: props.namespace, annotations: { ...this.annotations } },
        spec: {
          azureName: subnet.name,
          owner: { name: vnet },
          addressPrefix: subnet.addressPrefix,
          networkSecurityGroup: nsg ? { reference: { group: 'network.azure.com', kind: 'NetworkSecurityGroup', name: nsg } } : undefined,
        },
      }));
    }
  }

  private validateSubnetPrefix(subnet: SubnetProps, field: string, seen: Map<string, Cidr>): void {
    const cidr = parseCidr(subnet.addressPrefix);
    if (typeof cidr === 'string') {
      this.diagnostics.error(this, `${field}.addressPrefix`, subnet.addressPrefix, cidr, CIDR_EXPECTED);
      return;
    }
    const reserved = RESERVED_SUBNETS[String(subnet.name).toLowerCase()];
    const maxPrefixLength = reserved?.maxPrefixLength ?? 29;
    if (cidr.address.kind() === 'ipv4' && cidr.prefixLength > maxPrefixLength) {
      this.diagnostics.error(this, `${field}.addressPrefix`, subnet.addressPrefix, `is smaller than Azure allows for ${reserved ? subnet.name : 'a subnet'}`,
        `a prefix length of /${maxPrefixLength} or shorter`);
    } else if (String(subnet.name).toLowerCase() === 'gatewaysubnet' && cidr.prefixLength > 27) {
      this.diagnostics.warn(this, `${field}.addressPrefix "${subnet.addressPrefix}" is smaller than the /27 Azure recommends for GatewaySubnet (ExpressRoute and coexisting gateways need it)`);
    }
    if (this.addressSpace.length > 0 && !this.addressSpace.some((block) => contains(block, cidr))) {
      this.diagnostics.error(this, `${field}.addressPrefix`, subnet.addressPrefix, 'is outside the VNet address space',
        `a block inside ${this.addressSpace.map((b) => `"${b.text}"`).join(' or ')}`);
    }
    for (const [other, otherCidr] of seen) {
      if (overlaps(otherCidr, cidr)) {
        this.diagnostics.error(this, `${field}.addressPrefix`, subnet.addressPrefix, `overlaps subnet "${other}" (${otherCidr.text})`, 'subnets that do not overlap');
      }
    }
    seen.set(subnet.name, cidr);
  }
}
