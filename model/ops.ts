import { T } from "./catalogue";
import { cloudResources, Graph, GraphResource } from "./graph";
import { list, num, obj, str, strings } from "./read";
import { resolve } from "./resolve";

/** An alarm and who hears it. */
export interface Alarm {
  readonly resource: GraphResource;
  /** CloudWatch: the topics its alarm and OK actions refer to. */
  readonly subscribers: readonly GraphResource[];
  /** Google Cloud: the notification channels it names (not resources of this program). */
  readonly channels: readonly string[];
}

export function alarms(g: Graph): Alarm[] {
  return cloudResources(g)
    .filter((r) => r.type === T.metricAlarm || r.type === T.gcpAlertPolicy)
    .map((r) => ({
      resource: r,
      subscribers: [...new Set([...resolve(g, r, "alarmActions"), ...resolve(g, r, "okActions")])],
      channels: strings(r.inputs.notificationChannels),
    }));
}

/** One step of a Region switch plan workflow (a Parallel block's steps are its children). */
export interface PlanStep {
  readonly name: string;
  /** The execution block type: AuroraGlobalDatabase, EKSResourceScaling, Route53HealthCheck, Parallel, ... */
  readonly kind: string;
  readonly children: readonly PlanStep[];
}

export interface PlanWorkflow {
  readonly action: string;
  readonly targetRegion?: string;
  readonly steps: readonly PlanStep[];
}

/** The ARC Region switch plan: the failover chain as the program declares it. */
export interface FailoverPlan {
  readonly resource: GraphResource;
  readonly primaryRegion?: string;
  readonly regions: readonly string[];
  readonly workflows: readonly PlanWorkflow[];
  /** The resources its workflows refer to (global cluster, clusters, Kubernetes objects). */
  readonly targets: readonly GraphResource[];
}

function planStep(v: unknown): PlanStep {
  const step = obj(v);
  const children = list(step.parallelConfigs).flatMap((p) => list(obj(p).steps).map(planStep));
  return { name: str(step.name) ?? "", kind: str(step.executionBlockType) ?? "", children };
}

export function failoverPlans(g: Graph): FailoverPlan[] {
  return cloudResources(g)
    .filter((r) => r.type === T.regionSwitchPlan)
    .map((r) => {
      const primaryRegion = str(r.inputs.primaryRegion);
      return {
        resource: r,
        ...(primaryRegion !== undefined ? { primaryRegion } : {}),
        regions: strings(r.inputs.regions),
        workflows: list(r.inputs.workflows).map((w) => {
          const workflow = obj(w);
          const targetRegion = str(workflow.workflowTargetRegion);
          return {
            action: str(workflow.workflowTargetAction) ?? "",
            ...(targetRegion !== undefined ? { targetRegion } : {}),
            steps: list(workflow.steps).map(planStep),
          };
        }),
        targets: resolve(g, r, "workflows"),
      };
    });
}

/** A node group (EKS) or node pool (GKE) and the nodes it keeps at least. */
export interface ComputePool {
  readonly resource: GraphResource;
  /** The minimum node count as registered (for GKE, per zone unless a total is given). */
  readonly min: number;
  /** The maximum the autoscaler may reach (the minimum when the pool does not autoscale). */
  readonly max: number;
}

/** The most nodes an EKS node group's or GKE node pool's autoscaler may add (its minimum without autoscaling). */
export function poolMaximum(r: GraphResource): number {
  if (r.type === T.nodeGroup) {
    return num(obj(r.inputs.scalingConfig).maxSize) ?? poolMinimum(r);
  }
  const auto = obj(r.inputs.autoscaling);
  return num(auto.totalMaxNodeCount) ?? num(auto.maxNodeCount) ?? poolMinimum(r);
}

/** The minimum nodes of an EKS node group or GKE node pool, defaults as each service applies them. */
export function poolMinimum(r: GraphResource): number {
  if (r.type === T.nodeGroup) {
    return num(obj(r.inputs.scalingConfig).minSize) ?? 0;
  }
  const auto = obj(r.inputs.autoscaling);
  // GKE's own default for a pool with neither autoscaling nor a count is one node per zone.
  return (
    num(auto.totalMinNodeCount) ??
    num(auto.minNodeCount) ??
    num(r.inputs.nodeCount) ??
    num(r.inputs.initialNodeCount) ??
    1
  );
}

export const computePools = (resources: readonly GraphResource[]): ComputePool[] =>
  resources
    .filter((r) => r.type === T.nodeGroup || r.type === T.nodePool)
    .map((r) => ({ resource: r, min: poolMinimum(r), max: poolMaximum(r) }));
