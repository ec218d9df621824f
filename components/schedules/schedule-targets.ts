import { NodeGroupSizes } from "./schedule-plan";

/**
 * What the schedules call, as pure data: EventBridge Scheduler universal targets (an AWS SDK action the
 * scheduler invokes itself, so no Lambda) and the Google REST calls Cloud Scheduler makes.
 */

/**
 * The universal target of an SDK action: `arn:<partition>:scheduler:::aws-sdk:<service>:<action>`, the
 * action in camelCase as the SDKs name it.
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html
 */
export function universalTarget(partition: string, service: "eks" | "rds" | "cloudwatch", action: string): string {
  return `arn:${partition}:scheduler:::aws-sdk:${service}:${action}`;
}

export const EKS_UPDATE_NODEGROUP_CONFIG = "updateNodegroupConfig";
export const RDS_STOP_DB_CLUSTER = "stopDBCluster";
export const RDS_START_DB_CLUSTER = "startDBCluster";
export const CLOUDWATCH_DISABLE_ALARM_ACTIONS = "disableAlarmActions";
export const CLOUDWATCH_ENABLE_ALARM_ACTIONS = "enableAlarmActions";

/**
 * The input of `eks:updateNodegroupConfig`. A universal target's input uses the SDK's member names
 * (PascalCase: ClusterName, not the REST body's clusterName); camelCase input is rejected as missing fields.
 */
export function updateNodegroupConfigInput(
  clusterName: string,
  nodegroupName: string,
  sizes: NodeGroupSizes,
): Record<string, unknown> {
  return {
    ClusterName: clusterName,
    NodegroupName: nodegroupName,
    ScalingConfig: { MinSize: sizes.minSize, MaxSize: sizes.maxSize, DesiredSize: sizes.desiredSize },
  };
}

/** The input of `rds:stopDBCluster` and `rds:startDBCluster` (the SDK member is DbClusterIdentifier). */
export function dbClusterInput(clusterIdentifier: string): Record<string, unknown> {
  return { DbClusterIdentifier: clusterIdentifier };
}

/**
 * The input of `cloudwatch:disableAlarmActions` and `enableAlarmActions`: the alarms by name (at most 100 per
 * call). A disabled alarm still changes state; it only stops notifying.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DisableAlarmActions.html
 */
export function alarmNamesInput(alarmNames: readonly string[]): Record<string, unknown> {
  if (alarmNames.length === 0 || alarmNames.length > 100) {
    throw new RangeError(`an alarm-actions call names 1 to 100 alarms, not ${alarmNames.length}`);
  }
  return { AlarmNames: [...alarmNames] };
}

/** An alarm's name from its ARN (`arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`). */
export function alarmNameOf(alarmArn: string): string {
  const marker = ":alarm:";
  const at = alarmArn.indexOf(marker);
  if (at < 0) {
    throw new Error(`not a CloudWatch alarm ARN: "${alarmArn}"`);
  }
  return alarmArn.slice(at + marker.length);
}

/** One HTTP call of a Cloud Scheduler job. */
export interface GoogleApiCall {
  readonly method: "POST" | "PATCH";
  readonly uri: string;
  readonly body: Record<string, unknown>;
}

/** Where a GKE node pool is: a regional pool's location is its region. */
export interface NodePoolRef {
  readonly project: string;
  readonly location: string;
  readonly cluster: string;
  readonly nodePool: string;
}

const nodePoolUri = (p: NodePoolRef, verb: string) =>
  `https://container.googleapis.com/v1/projects/${p.project}/locations/${p.location}/clusters/${p.cluster}/nodePools/${p.nodePool}:${verb}`;

/**
 * `nodePools.setAutoscaling`. GKE's cluster autoscaler adds nodes for pending pods, so a pool resized to
 * zero while it is on fills up again within minutes: off hours turn it OFF first. Back on, it gets the
 * configured limits (per zone) and the same location policy as the pool's own definition, so Pulumi
 * sees no drift in working hours.
 */
export function setAutoscaling(
  p: NodePoolRef,
  limits: { readonly minNodesPerZone: number; readonly maxNodesPerZone: number } | "off",
): GoogleApiCall {
  const autoscaling =
    limits === "off"
      ? { enabled: false }
      : {
          enabled: true,
          minNodeCount: limits.minNodesPerZone,
          maxNodeCount: limits.maxNodesPerZone,
          locationPolicy: "BALANCED",
        };
  return { method: "POST", uri: nodePoolUri(p, "setAutoscaling"), body: { autoscaling } };
}

/** `nodePools.setSize`: for a regional pool the count is per zone, like the autoscaling limits. */
export function setSize(p: NodePoolRef, nodesPerZone: number): GoogleApiCall {
  return { method: "POST", uri: nodePoolUri(p, "setSize"), body: { nodeCount: nodesPerZone } };
}

/**
 * `instances.patch` of the activation policy: NEVER stops the instance (no instance charge; storage and
 * backups are still billed), ALWAYS starts it. Cloud SQL does not accept NEVER on a read replica.
 * @see https://cloud.google.com/sql/docs/postgres/start-stop-restart-instance
 */
export function setActivationPolicy(project: string, instance: string, policy: "NEVER" | "ALWAYS"): GoogleApiCall {
  return {
    method: "PATCH",
    uri: `https://sqladmin.googleapis.com/v1/projects/${project}/instances/${instance}`,
    body: { settings: { activationPolicy: policy } },
  };
}
