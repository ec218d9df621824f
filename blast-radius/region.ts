import {
  aliasTarget,
  backupCopies,
  checkTiming,
  computeObjectives,
  DrReport,
  DrTargets,
  failoverPairs,
  formatDuration,
  healthCheckOf,
  mechanismOf,
  secondaryCompute,
  secondaryResources,
} from "../dr";
import { GraphResource, sites } from "@dr-platform/model";
import { allocatable } from "./instance-types";
import { Recovery, Tier, tier } from "./model";
import { auroraClusters } from "./tiers-data";
import { capacityText, Capacity, demandOf, fits, Pool, poolsIn } from "./tiers-compute";
import { countText, Indexed, list, num, obj, ofType, SERVING_TYPES, str, TYPES } from "./topology";
import { workloadsIn } from "./workload";

/**
 * Losing the primary region. Everything in it goes at once (the 2018 Seoul event: every AZ together), so
 * the question is no longer what survives but whether the secondary can take over: a Route 53 failover
 * pair with a health check, a database in the secondary (Aurora global secondary or a Cloud SQL replica),
 * compute that runs or can scale from zero, and replicas of the objects. The time it takes and the data
 * it loses are dr/'s RTO and RPO, checked against the stack's targets.
 */
export function primaryRegionTiers(ix: Indexed, region: string): Tier[] {
  const lost = ix.resources.filter((r) => r.region === region);
  return [
    tier(
      "primary site",
      "lost",
      "down",
      `all ${lost.length} resources in ${region} are lost, among them ${countText(lost, SERVING_TYPES)}`,
    ),
    dnsFailoverTier(ix),
    secondaryDatabaseTier(ix),
    secondaryComputeTier(ix, region),
    replicasTier(ix, region),
  ];
}

function dnsFailoverTier(ix: Indexed): Tier {
  const pairs = failoverPairs(ix.graph);
  if (pairs.length === 0) {
    // Backup and restore has nothing to fail over to until the rebuild, which repoints the name itself.
    return mechanismOf(ix.graph) === "backup-restore"
      ? tier(
          "DNS failover",
          "reduced",
          "none",
          "no failover record (nothing to fail over to): the rebuild repoints the name at the new site, part of the rebuild time",
        )
      : tier("DNS failover", "lost", "none", "no Route 53 failover record: the name keeps pointing at the lost region");
  }
  const broken = pairs.find((p) => !p.secondary || !p.primaryCheck);
  if (broken) {
    return tier(
      "DNS failover",
      "lost",
      "none",
      `${broken.name}: ${broken.secondary ? "the PRIMARY record has no health check" : "no SECONDARY record"}, so traffic cannot move by itself`,
    );
  }
  const p = pairs[0];
  const timing = checkTiming(p.primaryCheck!);
  const target = aliasTarget(p.secondary!) ?? list(p.secondary!.inputs.records).map(String).join(", ");
  const secondaryChecked = healthCheckOf(ix.graph, p.secondary!) !== undefined;
  return tier(
    "DNS failover",
    "ok",
    "none",
    `${p.name}: health check ${p.primaryCheck!.name} (${timing.interval ?? 30}s x ${timing.threshold ?? 3}) moves it to the SECONDARY (${target})`,
    secondaryChecked
      ? []
      : ["the SECONDARY has no health check: Route 53 returns it whenever the PRIMARY is unhealthy"],
  );
}

function secondaryDatabaseTier(ix: Indexed): Tier {
  const mechanism = mechanismOf(ix.graph);
  const standby = secondaryResources(ix.graph);
  const regions = [...new Set(standby.map((r) => r.region))];
  if (mechanism === "aurora-global") {
    const clusters = regions.flatMap((r) => (r ? auroraClusters(ix, r) : []));
    const withInstance = clusters.filter((c) => c.instances.length > 0);
    if (withInstance.length > 0) {
      const c = withInstance[0];
      return tier(
        "secondary database",
        "ok",
        "none",
        `Aurora global secondary ${c.cluster.name} (${c.instances.length} instance(s), ${c.cluster.region}) is promoted to writer`,
      );
    }
    return tier(
      "secondary database",
      "reduced",
      "none",
      clusters.length > 0
        ? `Aurora global secondary ${clusters.map((c) => c.cluster.name).join(", ")} is headless: an instance must be added before it can serve`
        : "a global cluster but no secondary cluster in the plan",
    );
  }
  if (mechanism === "dms") {
    const sql = standby.filter((r) => r.type === TYPES.cloudSql);
    const ha = sql.map((r) => `${r.name} (${str(obj(r.inputs.settings).availabilityType) ?? "ZONAL"})`);
    return sql.length > 0
      ? tier(
          "secondary database",
          "ok",
          "none",
          `Cloud SQL ${ha.join(", ")} fed by DMS is promoted to a standalone primary`,
        )
      : tier("secondary database", "lost", "none", "a DMS job but no Cloud SQL instance in the secondary");
  }
  const copies = backupCopies(ix.graph);
  return copies.length > 0
    ? tier(
        "secondary database",
        "reduced",
        "none",
        `no live replica: restored from the newest cross-region backup copy (${copies[0].plan}/${copies[0].rule}, ${copies[0].schedule})`,
      )
    : tier("secondary database", "lost", "none", "no replica and no cross-region backup copy of the database");
}

/** Node pools of a GKE secondary: maxNodeCount is per zone, over the pool's zones (three by default). */
function gkePools(ix: Indexed, region: string): Pool[] {
  return ofType(ix, TYPES.nodePool, region).map((p) => {
    const auto = obj(p.inputs.autoscaling);
    const locations = list(p.inputs.nodeLocations).length;
    const zones = locations > 0 ? locations : 3;
    const perZone = (v: unknown) => (num(v) ?? 0) * zones;
    const machineType = str(obj(p.inputs.nodeConfig).machineType) ?? "unknown";
    return {
      name: p.name,
      azs: [],
      unplaced: false,
      min: num(auto.totalMinNodeCount) ?? perZone(auto.minNodeCount),
      max: num(auto.totalMaxNodeCount) ?? perZone(auto.maxNodeCount),
      node: allocatable(machineType),
      machineTypes: [machineType],
    };
  });
}

function secondaryComputeTier(ix: Indexed, primary: string): Tier {
  const { compute, pools: names } = secondaryCompute(ix.graph);
  const regions = [...new Set(secondaryResources(ix.graph).map((r) => r.region))].filter((r): r is string => !!r);
  const pools = regions.flatMap((r) => [...poolsIn(ix, r), ...gkePools(ix, r)]);
  const need = demandOf(workloadsIn(ix, primary));
  const most: Capacity = pools.reduce(
    (t, p) => ({
      cpuMillis: t.cpuMillis + p.max * (p.node?.cpuMillis ?? 0),
      memoryMiB: t.memoryMiB + p.max * (p.node?.memoryMiB ?? 0),
      pods: t.pods + p.max * (p.node?.pods ?? 0),
    }),
    { cpuMillis: 0, memoryMiB: 0, pods: 0 },
  );
  const deployed = regions.flatMap((r) => workloadsIn(ix, r)).map((w) => w.name);
  const notes = [
    `the primary's minimum replicas request ${capacityText(need)}; the secondary's pools reach ${capacityText(most)} at their maximum`,
    deployed.length > 0
      ? `the service already runs there: ${deployed.join(", ")}`
      : "no Deployment in the secondary in this plan: the service is deployed there at failover (runbook)",
  ];
  if (compute === "none") {
    return mechanismOf(ix.graph) === "backup-restore"
      ? tier(
          "secondary compute",
          "reduced",
          "none",
          "no cluster in the secondary: rebuilt by `pulumi up` there (part of the rebuild time)",
        )
      : tier("secondary compute", "lost", "none", "no node group or pool in the secondary to run the service");
  }
  const capacityOk = pools.every((p) => p.node) && fits(need, most);
  const summary = `${compute === "warm" ? "warm" : "pilot light (scales from zero)"}: ${names.join(", ")}`;
  return tier(
    "secondary compute",
    compute === "warm" && capacityOk ? "ok" : "reduced",
    "none",
    capacityOk ? summary : `${summary}; its maximum does not hold the primary's minimum replicas`,
    notes,
  );
}

function replicasTier(ix: Indexed, primary: string): Tier {
  const objects = ix.resources.filter((r) => r.type === TYPES.bucketReplication || r.type === TYPES.transferJob);
  const standby = secondaryResources(ix.graph);
  const queues = standby.filter((r) => r.type === TYPES.queue || r.type === TYPES.pubsubTopic).map((r) => r.name);
  const primaryQueues = ofType(ix, TYPES.queue, primary).map((r) => r.name);
  const notes = [
    ...(primaryQueues.length > 0
      ? [
          `messages waiting in ${primaryQueues.join(", ")} stay in ${primary} until it returns: SQS has no cross-region replication` +
            (queues.length > 0 ? `; the secondary has its own ${queues.join(", ")}` : "; the secondary has no queue"),
        ]
      : []),
  ];
  return objects.length > 0
    ? tier("replicas", "ok", "none", `objects replicated: ${objects.map(describeReplication).join(", ")}`, notes)
    : tier(
        "replicas",
        "reduced",
        "none",
        "no object replication: objects are only in the lost region (and its backups)",
        notes,
      );
}

const describeReplication = (r: GraphResource) =>
  r.type === TYPES.transferJob
    ? `${r.name} (Storage Transfer to GCS)`
    : `${r.name} (S3 replication${JSON.stringify(r.inputs.rules ?? []).includes('"replicationTime"') ? " with RTC" : ""})`;

/** How service comes back after the primary region is lost, and whether that meets the targets. */
export function regionRecovery(
  ix: Indexed,
  report: DrReport,
  tiers: readonly Tier[],
): { recovery: Recovery; meets?: boolean } {
  const meets = report.meets ? report.meets.rto && report.meets.rpo : undefined;
  const blocking = tiers.filter((t) => t.name !== "primary site" && t.status === "lost");
  if (report.kind === "no-failover" || blocking.length > 0) {
    const why = [
      ...(report.kind === "no-failover" ? [report.reason] : []),
      ...blocking.map((t) => `${t.name}: ${t.summary}`),
    ];
    return { recovery: { kind: "none", summary: why.join("; ") }, meets: meets === undefined ? undefined : false };
  }
  const standby = sites(ix.graph).find((s) => s.role === "secondary" && (s.cloud === "aws" || s.cloud === "gcp"));
  const where = standby ? `${standby.cloud.toUpperCase()} ${standby.region}` : "the secondary";
  return report.mechanism === "backup-restore"
    ? {
        recovery: {
          kind: "rebuild",
          summary: `restore and rebuild in ${where} (${formatDuration(report.rto.seconds)})`,
        },
        meets,
      }
    : {
        recovery: { kind: "failover", summary: `DNS failover to ${where} (${formatDuration(report.rto.seconds)})` },
        meets,
      };
}

/** The DR objectives of the plan as dr/ computes them. */
export const objectives = (ix: Indexed, targets?: DrTargets): DrReport => computeObjectives(ix.graph, targets);
