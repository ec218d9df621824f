import { cloudResources, Graph, GraphResource } from "./graph";
import {
  BackupCopy,
  backupCopies,
  DataStore,
  dataStores,
  hasBackupCopyAction,
  ReplicationLink,
  replicationLinks,
} from "./data";
import { DnsRecord, dnsRecords, FailoverPair, failoverPairs, HealthCheck, healthChecks } from "./dns";
import { Alarm, alarms, ComputePool, computePools, FailoverPlan, failoverPlans } from "./ops";
import { Site, sites } from "./sites";

/** How the database reaches the secondary: the strongest database link in the plan. */
export type Mechanism = "aurora-global" | "dms" | "backup-restore";

/**
 * Everything the analyses read from a graph, derived in one pass. Not memoised (tests edit graphs in
 * place): an analysis calls `facts(graph)` once and passes the result down.
 */
export interface Facts {
  readonly graph: Graph;
  readonly sites: readonly Site[];
  /** The site (provider) each cloud resource is placed through, by URN. */
  readonly siteOf: (r: GraphResource) => Site | undefined;
  readonly dataStores: readonly DataStore[];
  readonly replication: readonly ReplicationLink[];
  /** The database's mechanism: aurora-global or dms when such a link exists, else backup-restore. */
  readonly mechanism: Mechanism;
  readonly backupCopies: readonly BackupCopy[];
  /** Some backup plan has a copy action (to any vault). */
  readonly backupCopyAction: boolean;
  readonly records: readonly DnsRecord[];
  readonly healthChecks: readonly HealthCheck[];
  readonly failoverPairs: readonly FailoverPair[];
  readonly alarms: readonly Alarm[];
  readonly failoverPlans: readonly FailoverPlan[];
  /**
   * The secondary site's resources: those placed through its providers (aws-secondary, gcp-secondary), and
   * those that name its region themselves (AWS v7 lets any provider place a resource through `region`).
   */
  readonly secondary: {
    readonly resources: readonly GraphResource[];
    readonly pools: readonly ComputePool[];
  };
}

export function facts(g: Graph): Facts {
  const siteList = sites(g);
  const bySite = new Map(siteList.flatMap((s) => s.resources.map((r) => [r.urn, s] as const)));
  const replication = replicationLinks(g, siteList);
  const records = dnsRecords(g);
  const secondarySites = siteList.filter((s) => s.role === "secondary");
  const regions = new Set(secondarySites.map((s) => s.region));
  const placed = new Set(secondarySites.flatMap((s) => s.resources));
  const secondary = cloudResources(g).filter((r) => placed.has(r) || (r.region !== undefined && regions.has(r.region)));
  const has = (m: string) => replication.some((l) => l.mechanism === m);
  return {
    graph: g,
    sites: siteList,
    siteOf: (r) => bySite.get(r.urn),
    dataStores: dataStores(g, siteList),
    replication,
    mechanism: has("aurora-global") ? "aurora-global" : has("dms") ? "dms" : "backup-restore",
    backupCopies: backupCopies(g),
    backupCopyAction: hasBackupCopyAction(g),
    records,
    healthChecks: healthChecks(g, records),
    failoverPairs: failoverPairs(records),
    alarms: alarms(g),
    failoverPlans: failoverPlans(g),
    secondary: { resources: secondary, pools: computePools(secondary) },
  };
}
