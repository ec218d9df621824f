import {
  BackupCopy as ModelBackupCopy,
  facts,
  Facts,
  Graph,
  GraphResource,
  list,
  obj,
  readHealthCheck,
  readRecord,
  resolve,
  str,
  T,
} from "@dr-platform/model";
import { GLOBAL_RPO_PARAMETER } from "../lib/aurora";
import { scheduleIntervalSeconds } from "./duration";

/**
 * The graph facts the DR arithmetic reads, as views over the deployment model (@dr-platform/model,
 * docs/model.md): the model derives sites, records, links and pools; this file only classifies them the
 * way the objectives need (warm or pilot-light compute, a copy's interval).
 */
export type { FailoverPair, Mechanism } from "@dr-platform/model";

/** Failover pairs by (zone, name, type); a pair needs a PRIMARY record to be listed. */
export const failoverPairs = (g: Graph) => [...facts(g).failoverPairs];

/** The health check a record's `healthCheckId` refers to (through property dependencies). */
export const healthCheckOf = (g: Graph, record: GraphResource): GraphResource | undefined =>
  facts(g).records.find((d) => d.resource === record)?.healthCheck;

/** The alias target of a record, if it is an alias. */
export const aliasTarget = (record: GraphResource): string | undefined => readRecord(record).alias;

/** The plain TTL of a non-alias record, if set. */
export const recordTtl = (record: GraphResource): number | undefined => readRecord(record).ttl;

/** The health check's interval and threshold as registered (undefined where Route 53's default applies). */
export const checkTiming = (check: GraphResource): { interval?: number; threshold?: number } => readHealthCheck(check);

/** How the database reaches the secondary: read from the replication links in the graph. */
export const mechanismOf = (g: Graph) => facts(g).mechanism;

/** The secondary site's resources (see the model's `Facts.secondary`). */
export const secondaryResources = (g: Graph): GraphResource[] => [...facts(g).secondary.resources];

/**
 * What runs on the secondary: `warm` when some node group or pool keeps nodes, `pilot-light` when every
 * one has a minimum of 0, `none` when the secondary has no node group or pool in the plan.
 */
export type SecondaryCompute = "warm" | "pilot-light" | "none";

export function secondaryCompute(g: Graph): { compute: SecondaryCompute; pools: string[] } {
  const pools = facts(g).secondary.pools;
  if (pools.length === 0) {
    return { compute: "none", pools: [] };
  }
  const names = pools.map((p) => `${p.resource.name} (min ${p.min})`);
  return { compute: pools.every((p) => p.min === 0) ? "pilot-light" : "warm", pools: names };
}

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
  return facts(g)
    .backupCopies.map((c: ModelBackupCopy) => {
      const schedule = c.schedule ?? AWS_BACKUP_DEFAULT_SCHEDULE;
      return { plan: c.plan.name, rule: c.rule, schedule, intervalSeconds: scheduleIntervalSeconds(schedule) };
    })
    .sort((a, b) => (a.intervalSeconds ?? Infinity) - (b.intervalSeconds ?? Infinity));
}

/** True when some AWS Backup plan has a copy action. */
export const backupCopied = (g: Graph): boolean => facts(g).backupCopyAction;

/** S3 replication configurations with Replication Time Control enabled on some rule. */
export const rtcReplications = (g: Graph): GraphResource[] =>
  facts(g)
    .replication.filter((l) => l.mechanism === "s3-replication" && l.rtc)
    .map((l) => l.via);

/**
 * The RPO bound Aurora enforces on the global database: `rds.global_db_rpo` in the cluster parameter group of
 * a cluster of the primary site (docs/sources.md#aurora-global-rpo-bound); undefined when none is set.
 */
export function globalRpoBound(f: Facts): { readonly seconds: number; readonly group: string } | undefined {
  const primary = f.sites.find((s) => s.role === "primary");
  for (const cluster of f.graph.resources.filter((r) => r.type === T.rdsCluster && primary?.resources.includes(r))) {
    for (const group of resolve(f.graph, cluster, "dbClusterParameterGroupName", T.rdsClusterParameterGroup)) {
      const parameter = list(group.inputs.parameters)
        .map(obj)
        .find((p) => str(p.name) === GLOBAL_RPO_PARAMETER);
      const seconds = Number(str(parameter?.value));
      if (parameter && Number.isFinite(seconds)) return { seconds, group: group.name };
    }
  }
  return undefined;
}
