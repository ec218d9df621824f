import { byUrn, cloudResources, Graph, GraphResource, sites } from "../tools/offline/graph";
import { scheduleIntervalSeconds } from "./duration";

/** The resource types the DR arithmetic reads. */
export const DR_TYPES = {
  record: "aws:route53/record:Record",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  globalCluster: "aws:rds/globalCluster:GlobalCluster",
  clusterInstance: "aws:rds/clusterInstance:ClusterInstance",
  migrationJob: "gcp:databasemigrationservice/migrationJob:MigrationJob",
  backupPlan: "aws:backup/plan:Plan",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  nodePool: "gcp:container/nodePool:NodePool",
  bucketReplication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
} as const;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** A Route 53 failover pair: the PRIMARY record, its SECONDARY (if any) and the PRIMARY's health check. */
export interface FailoverPair {
  readonly name: string;
  readonly primary: GraphResource;
  readonly secondary?: GraphResource;
  readonly primaryCheck?: GraphResource;
}

const failoverType = (r: GraphResource): unknown => obj(list(r.inputs.failoverRoutingPolicies)[0]).type;

/** Failover pairs by (zone, name, type); a pair needs a PRIMARY record to be listed. */
export function failoverPairs(g: Graph): FailoverPair[] {
  const records = cloudResources(g).filter((r) => r.type === DR_TYPES.record && failoverType(r) !== undefined);
  const key = (r: GraphResource) => JSON.stringify([r.inputs.zoneId, r.inputs.name, r.inputs.type]);
  return records
    .filter((r) => failoverType(r) === "PRIMARY")
    .map((primary) => ({
      name: String(primary.inputs.name),
      primary,
      secondary: records.find((r) => failoverType(r) === "SECONDARY" && key(r) === key(primary)),
      primaryCheck: healthCheckOf(g, primary),
    }));
}

/**
 * The health check a record names. The graph records input references as dependencies, which is exact;
 * the id match covers graphs built by hand or by the mock engine (ids are `<name>-id` there).
 */
export function healthCheckOf(g: Graph, record: GraphResource): GraphResource | undefined {
  if (record.inputs.healthCheckId === undefined) {
    return undefined;
  }
  const urns = byUrn(g);
  const viaDependency = record.dependsOn.map((u) => urns.get(u)).find((r) => r?.type === DR_TYPES.healthCheck);
  return (
    viaDependency ??
    cloudResources(g).find(
      (r) => r.type === DR_TYPES.healthCheck && `${r.name}-id` === String(record.inputs.healthCheckId),
    )
  );
}

/** The alias target of a record, if it is an alias. */
export function aliasTarget(record: GraphResource): string | undefined {
  const alias = obj(list(record.inputs.aliases)[0]);
  return alias.name === undefined ? undefined : String(alias.name);
}

/** The plain TTL of a non-alias record, if set. */
export const recordTtl = (record: GraphResource): number | undefined => num(record.inputs.ttl);

/** The health check's interval and threshold as registered (undefined where Route 53's default applies). */
export function checkTiming(check: GraphResource): { interval?: number; threshold?: number } {
  return { interval: num(check.inputs.requestInterval), threshold: num(check.inputs.failureThreshold) };
}

export type Mechanism = "aurora-global" | "dms" | "backup-restore";

/** How the database reaches the secondary: read from the resource types in the graph. */
export function mechanismOf(g: Graph): Mechanism {
  const types = new Set(cloudResources(g).map((r) => r.type));
  if (types.has(DR_TYPES.globalCluster)) {
    return "aurora-global";
  }
  if (types.has(DR_TYPES.migrationJob)) {
    return "dms";
  }
  return "backup-restore";
}

/**
 * The secondary site's resources: those placed through its providers (aws-secondary, gcp-secondary), and
 * those that name its region themselves (AWS v7 lets any provider place a resource through `region`).
 */
export function secondaryResources(g: Graph): GraphResource[] {
  const secondary = sites(g).filter((s) => s.role === "secondary");
  const regions = new Set(secondary.map((s) => s.region));
  const placed = new Set(secondary.flatMap((s) => s.resources));
  return cloudResources(g).filter((r) => placed.has(r) || (r.region !== undefined && regions.has(r.region)));
}

/**
 * What runs on the secondary: `warm` when some node group or pool keeps nodes, `pilot-light` when every
 * one has a minimum of 0, `none` when the secondary has no node group or pool in the plan.
 */
export type SecondaryCompute = "warm" | "pilot-light" | "none";

export function secondaryCompute(g: Graph): { compute: SecondaryCompute; pools: string[] } {
  const pools = secondaryResources(g).filter((r) => r.type === DR_TYPES.nodeGroup || r.type === DR_TYPES.nodePool);
  if (pools.length === 0) {
    return { compute: "none", pools: [] };
  }
  const minimum = (r: GraphResource): number => {
    if (r.type === DR_TYPES.nodeGroup) {
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
  };
  const names = pools.map((r) => `${r.name} (min ${minimum(r)})`);
  return { compute: pools.every((r) => minimum(r) === 0) ? "pilot-light" : "warm", pools: names };
}

/** Whether the secondary site holds an Aurora instance (a headless secondary cluster has none). */
export const secondaryHasDbInstance = (g: Graph): boolean =>
  secondaryResources(g).some((r) => r.type === DR_TYPES.clusterInstance);

/** An AWS Backup rule that copies recovery points out of its plan's region. */
export interface BackupCopy {
  readonly plan: string;
  readonly rule: string;
  readonly schedule: string;
  /** Worst-case age of the newest copy; undefined when the schedule is not understood. */
  readonly intervalSeconds?: number;
}

/** AWS Backup's own default when a rule gives no schedule: daily at 05:00 UTC. */
const AWS_BACKUP_DEFAULT_SCHEDULE = "cron(0 5 ? * * *)";

/** Cross-region copy rules of every backup plan, shortest interval first. */
export function backupCopies(g: Graph): BackupCopy[] {
  const copies: BackupCopy[] = [];
  for (const plan of cloudResources(g).filter((r) => r.type === DR_TYPES.backupPlan)) {
    for (const rule of list(plan.inputs.rules).map(obj)) {
      const crossRegion = list(rule.copyActions)
        .map(obj)
        .some((a) => {
          const region = String(a.destinationVaultArn ?? "").split(":")[3];
          // An ARN unknown at plan time (or without a region) is taken as a copy elsewhere.
          return !region || region !== plan.region;
        });
      if (crossRegion) {
        const schedule = typeof rule.schedule === "string" ? rule.schedule : AWS_BACKUP_DEFAULT_SCHEDULE;
        copies.push({
          plan: plan.name,
          rule: String(rule.ruleName ?? "rule"),
          schedule,
          intervalSeconds: scheduleIntervalSeconds(schedule),
        });
      }
    }
  }
  return copies.sort((a, b) => (a.intervalSeconds ?? Infinity) - (b.intervalSeconds ?? Infinity));
}

/** S3 replication configurations with Replication Time Control enabled on some rule. */
export function rtcReplications(g: Graph): GraphResource[] {
  return cloudResources(g).filter(
    (r) =>
      r.type === DR_TYPES.bucketReplication &&
      list(r.inputs.rules).some((rule) => obj(obj(obj(rule).destination).replicationTime).status === "Enabled"),
  );
}
