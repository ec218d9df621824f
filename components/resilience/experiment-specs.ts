import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FIS_ACTIONS, FisActionId, isoMinutes } from "./fis-actions";
import { FIS_TARGET_TAGS } from "./tags";

type Target = aws.types.input.fis.ExperimentTemplateTarget;
type Action = aws.types.input.fis.ExperimentTemplateAction;

/** The body of one experiment template: what it targets and does, and which FIS actions its role must allow. */
export interface ExperimentSpec {
  readonly description: pulumi.Input<string>;
  readonly targets: Target[];
  readonly actions: Action[];
  /** The FIS actions the template runs; its role is built from exactly these. */
  readonly actionIds: FisActionId[];
  /**
   * `skip` lets an action whose targets resolve to nothing be skipped (the AZ scenario's default: the
   * database writer may be in another AZ); `fail` makes an empty target an error, which is what a drill
   * aimed at one known resource wants.
   */
  readonly emptyTargetResolutionMode: "skip" | "fail";
}

type Tag = { readonly key: string; readonly value: pulumi.Input<string> };

function target(name: string, actionId: FisActionId, rest: Omit<Target, "name" | "resourceType">): Target {
  return { name, resourceType: FIS_ACTIONS[actionId].resourceType, ...rest };
}

function action(
  name: string,
  actionId: FisActionId,
  targetName: string,
  parameters: Record<string, pulumi.Input<string>>,
): Action {
  return {
    name,
    actionId,
    target: { key: FIS_ACTIONS[actionId].targetKey, value: targetName },
    parameters: Object.entries(parameters).map(([key, value]) => ({ key, value })),
  };
}

/** What the AZ power-interruption experiment acts on, for one AZ. */
export interface AzPowerInput {
  /** The AZ's name, e.g. ap-northeast-2a. */
  readonly zone: pulumi.Input<string>;
  readonly vpcId: pulumi.Input<string>;
  /** The EKS cluster: its node groups' Auto Scaling groups carry `k8s.io/cluster-autoscaler/<cluster>`. */
  readonly clusterName: pulumi.Input<string>;
  readonly durationMinutes: number;
  /** Tags only this stack's resources carry; fail over the Aurora writer when it is in the AZ. @default no database action */
  readonly databaseScopeTags?: Tag[];
}

/**
 * "AZ Availability: Power Interruption", as the FIS scenario composes it, for this stack: all four
 * actions start together and last `durationMinutes`. The AZ's subnets (every tier, so the ALB node, the
 * NAT gateway, the nodes and the database's ENI there) lose all traffic; its EKS nodes are stopped and
 * started again at the end (their Auto Scaling groups may replace them first); launches in the AZ fail
 * with insufficient capacity, so neither the Auto Scaling groups nor the Cluster Autoscaler can bring
 * capacity back there; and the Aurora writer fails over if, and only if, it is in the AZ.
 */
export function azPowerInterruption(i: AzPowerInput): ExperimentSpec {
  const duration = isoMinutes(i.durationMinutes);
  const targets: Target[] = [
    target("az-subnets", "aws:network:disrupt-connectivity", {
      selectionMode: "ALL",
      resourceTags: [FIS_TARGET_TAGS.azSubnet],
      parameters: { availabilityZoneIdentifier: i.zone, vpc: i.vpcId },
    }),
    target("az-nodes", "aws:ec2:stop-instances", {
      selectionMode: "ALL",
      resourceTags: [FIS_TARGET_TAGS.azInstance],
      filters: [
        { path: "Placement.AvailabilityZone", values: [i.zone] },
        { path: "State.Name", values: ["running"] },
        { path: "VpcId", values: [i.vpcId] },
      ],
    }),
    target("node-groups", "aws:ec2:asg-insufficient-instance-capacity-error", {
      selectionMode: "ALL",
      resourceTags: [{ key: pulumi.interpolate`k8s.io/cluster-autoscaler/${i.clusterName}`, value: "owned" }],
    }),
  ];
  const actions: Action[] = [
    action("disrupt-subnets", "aws:network:disrupt-connectivity", "az-subnets", { duration, scope: "all" }),
    action("stop-nodes", "aws:ec2:stop-instances", "az-nodes", {
      startInstancesAfterDuration: duration,
      // The node groups' Auto Scaling groups replace stopped nodes; that must not fail the experiment.
      completeIfInstancesTerminated: "true",
    }),
    action("block-node-launches", "aws:ec2:asg-insufficient-instance-capacity-error", "node-groups", {
      availabilityZoneIdentifiers: i.zone,
      percentage: "100",
      duration,
    }),
  ];
  const actionIds: FisActionId[] = [
    "aws:network:disrupt-connectivity",
    "aws:ec2:stop-instances",
    "aws:ec2:asg-insufficient-instance-capacity-error",
  ];
  if (i.databaseScopeTags) {
    targets.push(
      target("writer-in-az", "aws:rds:failover-db-cluster", {
        selectionMode: "ALL",
        resourceTags: [FIS_TARGET_TAGS.azDatabase, ...i.databaseScopeTags],
        parameters: { writerAvailabilityZoneIdentifiers: i.zone },
      }),
    );
    actions.push(action("failover-database", "aws:rds:failover-db-cluster", "writer-in-az", {}));
    actionIds.push("aws:rds:failover-db-cluster");
  }
  return {
    description: pulumi.interpolate`AZ power interruption in ${i.zone} for ${duration}`,
    targets,
    actions,
    actionIds,
    emptyTargetResolutionMode: "skip",
  };
}

/** Terminates `percent` of the instances of one of the cluster's managed node groups, chosen at random. */
export function nodeLoss(i: { readonly clusterName: pulumi.Input<string>; readonly percent: number }): ExperimentSpec {
  return {
    description: `Terminate ${i.percent}% of one managed node group's instances`,
    targets: [
      target("node-group", "aws:eks:terminate-nodegroup-instances", {
        // One group at a time: with per-AZ groups of one node, all groups at once would be every node.
        selectionMode: "COUNT(1)",
        resourceTags: [{ key: pulumi.interpolate`k8s.io/cluster-autoscaler/${i.clusterName}`, value: "owned" }],
      }),
    ],
    actions: [
      action("terminate-nodes", "aws:eks:terminate-nodegroup-instances", "node-group", {
        instanceTerminationPercentage: String(i.percent),
      }),
    ],
    actionIds: ["aws:eks:terminate-nodegroup-instances"],
    emptyTargetResolutionMode: "fail",
  };
}

/** What the pod CPU stress acts on. */
export interface PodStressInput {
  readonly clusterName: pulumi.Input<string>;
  readonly namespace: pulumi.Input<string>;
  readonly deploymentName: pulumi.Input<string>;
  readonly containerName: string;
  /** The service account FIS runs its pod as, in `namespace`. */
  readonly serviceAccount: pulumi.Input<string>;
  readonly durationMinutes: number;
}

/**
 * Full CPU load in every pod of the deployment, which the HPA sees as utilisation far above target. The
 * FIS pod and its ephemeral containers run under the `restricted` Pod Security Standard.
 */
export function podCpuStress(i: PodStressInput): ExperimentSpec {
  return {
    description: `CPU stress on the sample service's pods for ${isoMinutes(i.durationMinutes)}`,
    targets: [
      target("service-pods", "aws:eks:pod-cpu-stress", {
        selectionMode: "ALL",
        parameters: {
          clusterIdentifier: i.clusterName,
          namespace: i.namespace,
          selectorType: "deploymentName",
          selectorValue: i.deploymentName,
          targetContainerName: i.containerName,
        },
      }),
    ],
    actions: [
      action("stress-cpu", "aws:eks:pod-cpu-stress", "service-pods", {
        duration: isoMinutes(i.durationMinutes),
        percent: "100",
        kubernetesServiceAccount: i.serviceAccount,
        fisPodSecurityPolicy: "restricted",
      }),
    ],
    actionIds: ["aws:eks:pod-cpu-stress"],
    emptyTargetResolutionMode: "fail",
  };
}

/** What the region-isolation drill acts on. */
export interface RegionIsolationInput {
  readonly vpcId: pulumi.Input<string>;
  /** The region to cut off: the AWS secondary's. */
  readonly destinationRegion: string;
  readonly destinationBucketName: pulumi.Input<string>;
  /** Tags only this stack's resources carry (bucket selection supports tags only). */
  readonly scopeTags: Tag[];
  readonly durationMinutes: number;
}

/**
 * The primary's half of "Cross-Region: Connectivity": traffic from the private subnets (where nodes and
 * pods live) to the secondary region is blackholed, and S3 replication to it is paused. Our VPCs are not
 * joined by a transit gateway, so the route-table variant is the one that applies. Aurora global
 * replication runs in AWS's storage layer and is not cut; the runbook switches it over.
 */
export function regionIsolation(i: RegionIsolationInput): ExperimentSpec {
  const duration = isoMinutes(i.durationMinutes);
  return {
    description: `Isolate the primary from ${i.destinationRegion} for ${duration}`,
    targets: [
      target("private-subnets", "aws:network:route-table-disrupt-cross-region-connectivity", {
        selectionMode: "ALL",
        resourceTags: [FIS_TARGET_TAGS.crossRegionSubnet],
        parameters: { vpc: i.vpcId },
      }),
      target("replicating-buckets", "aws:s3:bucket-pause-replication", {
        selectionMode: "ALL",
        resourceTags: [FIS_TARGET_TAGS.replicatingBucket, ...i.scopeTags],
      }),
    ],
    actions: [
      action("disrupt-cross-region", "aws:network:route-table-disrupt-cross-region-connectivity", "private-subnets", {
        region: i.destinationRegion,
        duration,
      }),
      action("pause-replication", "aws:s3:bucket-pause-replication", "replicating-buckets", {
        region: i.destinationRegion,
        destinationBuckets: i.destinationBucketName,
        duration,
      }),
    ],
    actionIds: ["aws:network:route-table-disrupt-cross-region-connectivity", "aws:s3:bucket-pause-replication"],
    emptyTargetResolutionMode: "fail",
  };
}
