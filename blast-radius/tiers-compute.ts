import { formatDuration } from "../dr";
import { GraphResource } from "@dr-platform/model";
import { Allocatable, smallestAllocatable } from "./instance-types";
import { Tier, tier, ZONAL_FACTS } from "./model";
import { AzLoss } from "./tiers-network";
import { azList, azsOf, Indexed, list, num, obj, ofType, str, TYPES } from "./topology";
import { replicasLeftAtOnce, spreadCeiling, Workload } from "./workload";

/** A node group as capacity: where it is, its floor and ceiling, and one node's allocatable resources. */
export interface Pool {
  readonly name: string;
  readonly azs: string[];
  /** Subnets whose AZ could not be read: the group is counted as lost with any AZ. */
  readonly unplaced: boolean;
  readonly min: number;
  readonly max: number;
  readonly node?: Allocatable;
  readonly machineTypes: string[];
}

export function nodeGroupPool(ix: Indexed, group: GraphResource): Pool {
  const placed = azsOf(ix, group, "subnetIds");
  const scaling = obj(group.inputs.scalingConfig);
  const machineTypes = list(group.inputs.instanceTypes)
    .map(str)
    .filter((t): t is string => t !== undefined);
  return {
    name: group.name,
    azs: placed.azs,
    unplaced: placed.unknown > 0,
    min: num(scaling.minSize) ?? 0,
    max: num(scaling.maxSize) ?? num(scaling.minSize) ?? 0,
    node: smallestAllocatable(machineTypes),
    machineTypes,
  };
}

export interface Capacity {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly pods: number;
}

const sizeOf = (pools: readonly Pool[], count: (p: Pool) => number): Capacity =>
  pools.reduce(
    (total, p) => ({
      cpuMillis: total.cpuMillis + count(p) * (p.node?.cpuMillis ?? 0),
      memoryMiB: total.memoryMiB + count(p) * (p.node?.memoryMiB ?? 0),
      pods: total.pods + count(p) * (p.node?.pods ?? 0),
    }),
    { cpuMillis: 0, memoryMiB: 0, pods: 0 },
  );

/** What the workloads' minimum replicas request together. */
export function demandOf(workloads: readonly Workload[]): Capacity {
  return workloads.reduce(
    (total, w) => ({
      cpuMillis: total.cpuMillis + w.minReplicas * w.cpuMillis,
      memoryMiB: total.memoryMiB + w.minReplicas * w.memoryMiB,
      pods: total.pods + w.minReplicas,
    }),
    { cpuMillis: 0, memoryMiB: 0, pods: 0 },
  );
}

export const fits = (need: Capacity, have: Capacity) =>
  need.cpuMillis <= have.cpuMillis && need.memoryMiB <= have.memoryMiB && need.pods <= have.pods;

export const capacityText = (c: Capacity) =>
  `${(c.cpuMillis / 1000).toFixed(1)} vCPU, ${(c.memoryMiB / 1024).toFixed(1)} GiB, ${c.pods} pods`;

/** At most this many replicas of `w` fit in `have` alone (ignoring the other workloads). */
const replicasFitting = (w: Workload, have: Capacity) =>
  Math.min(
    w.cpuMillis > 0 ? Math.floor(have.cpuMillis / w.cpuMillis) : Infinity,
    w.memoryMiB > 0 ? Math.floor(have.memoryMiB / w.memoryMiB) : Infinity,
    have.pods,
  );

/**
 * Node capacity. Managed node groups are one per AZ here (EBS volumes are zonal), so the lost AZ takes
 * its groups whole; a group spanning several AZs keeps its limits and the Auto Scaling group rebalances.
 * Right after the loss the surviving groups hold at least their `minSize` nodes (Pulumi ignores
 * `desiredSize`, so the floor is what the plan guarantees); the Cluster Autoscaler can grow them to
 * `maxSize` in about the node scale-up time. Against that: the minimum replicas of every Deployment and
 * their requests, and the zone spread, which may forbid placing pods at all in the zones left.
 */
export function nodeCapacityTier(c: AzLoss, pools: readonly Pool[], workloads: readonly Workload[]): Tier {
  if (pools.length === 0) {
    return workloads.length === 0
      ? tier("node capacity", "absent", "none", "no node group in this site")
      : tier("node capacity", "lost", "down", "no node group in this site to run the workloads");
  }
  const isLost = (p: Pool) => p.unplaced || p.azs.every((a) => a === c.lost);
  const left = pools.filter((p) => !isLost(p));
  const zonesBefore = new Set(pools.flatMap((p) => p.azs)).size;
  const zonesLeft = new Set(left.flatMap((p) => p.azs.filter((a) => a !== c.lost)));
  const lostText = pools.filter(isLost).map((p) => p.name);
  const head =
    `${left.length} of ${pools.length} node groups left` +
    (lostText.length > 0 ? ` (${lostText.join(", ")} lost)` : "") +
    ` in ${azList([...zonesLeft].sort())}`;
  if (left.length === 0) {
    return tier("node capacity", "lost", "down", `${head}: no node left to run pods`);
  }
  const unknown = left.filter((p) => !p.node);
  if (unknown.length > 0) {
    return tier("node capacity", "unknown", "none", `${head}; capacity not computed`, [
      `machine types not in blast-radius/instance-types.ts: ${[...new Set(unknown.flatMap((p) => p.machineTypes))].join(", ")}`,
    ]);
  }
  const now = sizeOf(left, (p) => p.min);
  const most = sizeOf(left, (p) => p.max);
  const need = demandOf(workloads);
  const notes = [
    `at once (surviving minSize): ${capacityText(now)}; after scale-up (maxSize): ${capacityText(most)}; ` +
      `minimum replicas request ${capacityText(need)}`,
    "DaemonSets and Helm-installed controllers also take node capacity; the plan does not show their requests",
  ];
  let effect: Tier["effect"] = "none";
  const problems: string[] = [];
  const supporting: string[] = [];
  for (const w of workloads) {
    const ceiling = Math.min(spreadCeiling(w, zonesLeft.size), replicasFitting(w, most));
    if (!w.serving) {
      // Probes and load generators use capacity, but users never reach them: noted, never the verdict.
      if (ceiling < w.minReplicas) {
        supporting.push(`supporting workload ${w.name}: at most ${ceiling} of ${w.minReplicas} replicas can run`);
      } else if (replicasLeftAtOnce(w, zonesBefore) === 0) {
        supporting.push(
          `supporting workload ${w.name}: its replicas may all have run in the lost AZ until rescheduled`,
        );
      }
      continue;
    }
    if (ceiling < w.minReplicas) {
      effect = "degraded";
      const why =
        spreadCeiling(w, zonesLeft.size) < w.minReplicas
          ? `its zone spread (DoNotSchedule, minDomains ${w.zoneSpread?.minDomains}, maxSkew ${w.zoneSpread?.maxSkew}) allows ${w.zoneSpread?.maxSkew} per zone while fewer than minDomains zones are left`
          : "the surviving groups' maxSize cannot hold more";
      problems.push(
        `${w.name}: at most ${ceiling} of ${w.minReplicas} minimum replicas can run (${why}); the HPA cannot scale out until the AZ returns`,
      );
    }
    if (replicasLeftAtOnce(w, zonesBefore) === 0) {
      effect = "down";
      problems.push(
        `${w.name}: ${w.minReplicas === 1 ? "its only replica may have run" : `all ${w.minReplicas} replicas may have run`} in the lost AZ; ` +
          `nothing answers until ${w.minReplicas === 1 ? "it is" : "they are"} rescheduled (eviction after ${formatDuration(ZONAL_FACTS.podEviction.seconds)}, then image pull and readiness)`,
      );
    }
  }
  if (!fits(need, most)) {
    effect = effect === "down" ? "down" : "degraded";
    problems.push("the minimum replicas do not fit even at the surviving groups' maxSize");
  } else if (!fits(need, now)) {
    effect = effect === "down" ? "down" : "degraded";
    problems.push(
      `replacement pods wait for new nodes: about ${formatDuration(ZONAL_FACTS.nodeScaleUp.seconds)} of scale-up`,
    );
  }
  const status = lostText.length > 0 || zonesLeft.size < zonesBefore ? "reduced" : "ok";
  return tier(
    "node capacity",
    status,
    effect,
    problems.length > 0 ? `${head}; ${problems[0]}` : `${head}; the minimum replicas fit at once`,
    [...problems.slice(1), ...supporting, ...notes],
  );
}

/** Every node group in the region as a pool. */
export const poolsIn = (ix: Indexed, region: string): Pool[] =>
  ofType(ix, TYPES.nodeGroup, region).map((g) => nodeGroupPool(ix, g));
