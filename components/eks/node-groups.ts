import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { attachManaged, awsContext, createCustomerKey, regionOf, viaServiceStatement, serviceTrust } from "../aws";
import { amiTypeFor } from "./ami-type";

/** A Kubernetes taint on a group's nodes. */
export interface NodeTaint {
  readonly key: string;
  /** @default no value */
  readonly value?: string;
  readonly effect: "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE";
}

/** One node group as {@link NodeGroups} creates it, once per AZ; sizes are per AZ (min <= desired <= max). */
export interface NodeGroupSpec {
  /** EC2 instance types, all of one architecture (the AMI type follows it). */
  readonly instanceTypes: readonly string[];
  /** On-demand or Spot capacity. @default "ON_DEMAND" */
  readonly capacityType?: "ON_DEMAND" | "SPOT";
  /** Nodes per AZ at least. */
  readonly minSize: number;
  /** Nodes per AZ at creation; the Cluster Autoscaler owns it afterwards (Pulumi ignores changes). */
  readonly desiredSize: number;
  /** Nodes per AZ at most (EKS needs at least 1). */
  readonly maxSize: number;
  /** Kubernetes labels on the nodes; `platform/node-group` is added. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes taints on the nodes. @default [] */
  readonly taints?: readonly NodeTaint[];
  /**
   * One managed node group across every AZ instead of one per AZ (sizes are then the group's): for nodes that
   * hold no zonal volume and must survive an AZ's loss by moving, such as a pilot light's one controller node.
   * @default false
   */
  readonly acrossAzs?: boolean;
}

/** The nodes `groups` keep at least across `azCount` AZs: a per-AZ group's minimum in each, a spanning one's once. */
export const minimumNodes = (groups: Readonly<Record<string, NodeGroupSpec>>, azCount: number): number =>
  Object.values(groups).reduce((sum, g) => sum + g.minSize * (g.acrossAzs ? 1 : azCount), 0);

/** One managed node group's ARN, name and configured sizes (per AZ). */
export interface NodeGroupScaling {
  readonly arn: pulumi.Output<string>;
  readonly nodeGroupName: pulumi.Output<string>;
  readonly sizes: { readonly minSize: number; readonly desiredSize: number; readonly maxSize: number };
}

/** Arguments of {@link NodeGroups}. The region is the provider's: pass `providers: { aws }` in opts. */
export interface NodeGroupsArgs {
  /** The EKS cluster the nodes join. */
  readonly clusterName: pulumi.Input<string>;
  /** Private subnets in AZ order: each group gets one managed node group per subnet (so per AZ). */
  readonly subnetIds: pulumi.Input<string>[];
  /** Node groups by name; sizes are per AZ. The map key becomes part of every child's name. */
  readonly groups: Readonly<Record<string, NodeGroupSpec>>;
  /** Root volume size in GiB. @default 50 */
  readonly volumeSizeGiB?: number;
  /**
   * Tags on every node instance (EKS copies the launch template's instance tags to each node), such as the
   * one the AZ power-interruption experiment stops nodes by (components/resilience FIS_TARGET_TAGS).
   * @default none
   */
  readonly faultInjectionTags?: Readonly<Record<string, string>>;
}

/**
 * NodeGroups is one EKS managed node group per (group, AZ): EBS volumes are zonal, so per-AZ groups
 * let the Cluster Autoscaler add a node in the AZ where a pending pod's volume lives, and
 * `--balance-similar-node-groups` keeps the AZs even. Nodes use IMDSv2 only with a hop limit of 1 (pods
 * get AWS credentials from Pod Identity, never from the node), encrypted root volumes under a customer
 * key, and automatic node repair. Pulumi ignores `desiredSize` so `pulumi up` never fights the autoscaler.
 */
export class NodeGroups extends pulumi.ComponentResource {
  /** The node role, for access entries or extra policies. */
  public readonly roleArn: pulumi.Output<string>;
  /** The node groups' names, keyed `<group>-az<n>`. */
  public readonly nodeGroupNames: Record<string, pulumi.Output<string>>;
  /** The node group resources, for `dependsOn` (add-ons that need nodes). */
  public readonly nodeGroups: aws.eks.NodeGroup[];
  /** Each node group's ARN and configured sizes, keyed `<group>-az<n>` (what an off-hours schedule restores). */
  public readonly nodeGroupScaling: Record<string, NodeGroupScaling>;
  /** The key encrypting the nodes' EBS volumes. */
  public readonly volumeKeyArn: pulumi.Output<string>;

  constructor(name: string, args: NodeGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:eks:NodeGroups", name, {}, opts);
    const volumeSizeGiB = args.volumeSizeGiB ?? 50;
    const parent = { parent: this };
    const context = awsContext(this);
    const region = regionOf(this);

    const role = new aws.iam.Role(`${name}-node`, { assumeRolePolicy: serviceTrust("ec2.amazonaws.com") }, parent);
    const policies = attachManaged(this, `${name}-node`, role, [
      "AmazonEKSWorkerNodePolicy",
      "AmazonEKS_CNI_Policy",
      "AmazonEC2ContainerRegistryPullOnly",
      // Shell access through Session Manager instead of SSH keys and open port 22.
      "AmazonSSMManagedInstanceCore",
    ]);

    // The Auto Scaling service-linked role launches the nodes and must use this key through EC2. The
    // `kms:ViaService` pattern (as in the AWS-managed aws/ebs key) avoids naming that role, which does
    // not exist in a fresh account until the first Auto Scaling group is created. Not protected: root
    // volumes are disposable, and the 30-day deletion window still recovers a key deleted by mistake.
    const volumeKey = createCustomerKey(this, `${name}-volumes`, {
      description: "EBS root volumes of EKS nodes",
      context,
      protect: false,
      serviceStatements: [viaServiceStatement("ec2", region, context)],
    });

    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-node`,
      {
        description: "EKS managed nodes: IMDSv2 only, encrypted gp3 root volume",
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: {
              volumeSize: volumeSizeGiB,
              volumeType: "gp3",
              encrypted: "true",
              kmsKeyId: volumeKey.arn,
              deleteOnTermination: "true",
            },
          },
        ],
        updateDefaultVersion: true,
        // EKS copies these to every node; the AZ power-interruption experiment stops nodes by its tag.
        tagSpecifications: args.faultInjectionTags && [
          { resourceType: "instance", tags: { ...args.faultInjectionTags } },
        ],
      },
      parent,
    );

    this.nodeGroups = [];
    this.nodeGroupNames = {};
    this.nodeGroupScaling = {};
    for (const [group, cfg] of Object.entries(args.groups)) {
      const amiType = amiTypeFor(cfg.instanceTypes);
      const placements: { key: string; subnetIds: pulumi.Input<string>[]; az: string }[] = cfg.acrossAzs
        ? [{ key: group, subnetIds: args.subnetIds, az: "all" }]
        : args.subnetIds.map((subnetId, az) => ({
            key: `${group}-az${az + 1}`,
            subnetIds: [subnetId],
            az: String(az + 1),
          }));
      placements.forEach(({ key, subnetIds, az }) => {
        const nodeGroup = new aws.eks.NodeGroup(
          `${name}-${key}`,
          {
            clusterName: args.clusterName,
            nodeGroupName: key,
            nodeRoleArn: role.arn,
            subnetIds,
            amiType,
            instanceTypes: [...cfg.instanceTypes],
            capacityType: cfg.capacityType ?? "ON_DEMAND",
            scalingConfig: { minSize: cfg.minSize, desiredSize: cfg.desiredSize, maxSize: cfg.maxSize },
            updateConfig: { maxUnavailable: 1 },
            nodeRepairConfig: { enabled: true },
            launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
            labels: { ...cfg.labels, "platform/node-group": group },
            taints: (cfg.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
            // EKS puts the Cluster Autoscaler's auto-discovery tags on the group's Auto Scaling group
            // itself; the same tags here make the intent visible on the node group and to policies.
            tags: pulumi.output(args.clusterName).apply((cluster) => ({
              "platform/node-group": group,
              "platform/az-ordinal": az,
              "k8s.io/cluster-autoscaler/enabled": "true",
              [`k8s.io/cluster-autoscaler/${cluster}`]: "owned",
            })),
          },
          { parent: this, dependsOn: policies, ignoreChanges: ["scalingConfig.desiredSize"] },
        );
        this.nodeGroups.push(nodeGroup);
        this.nodeGroupNames[key] = nodeGroup.nodeGroupName;
        this.nodeGroupScaling[key] = {
          arn: nodeGroup.arn,
          nodeGroupName: nodeGroup.nodeGroupName,
          sizes: { minSize: cfg.minSize, desiredSize: cfg.desiredSize, maxSize: cfg.maxSize },
        };
      });
    }

    this.roleArn = role.arn;
    this.volumeKeyArn = volumeKey.arn;
    this.registerOutputs({
      roleArn: this.roleArn,
      nodeGroupNames: this.nodeGroupNames,
      volumeKeyArn: this.volumeKeyArn,
    });
  }
}
