import { CATALOGUE, T } from "./catalogue";
import { cloudResources, Graph, GraphResource } from "./graph";
import { list, obj, str } from "./read";
import { resolve } from "./resolve";
import { Site } from "./sites";

/** A resource that holds the service's data (catalogue: tier data, stateful), with its site. */
export interface DataStore {
  readonly resource: GraphResource;
  readonly label: string;
  /** The site key (provider name), undefined when the resource has no provider site. */
  readonly site?: string;
  readonly role?: string;
}

export function dataStores(g: Graph, siteList: readonly Site[]): DataStore[] {
  const siteOf = new Map(siteList.flatMap((s) => s.resources.map((r) => [r.urn, s] as const)));
  return cloudResources(g)
    .filter((r) => {
      const e = CATALOGUE.get(r.type);
      return e?.tier === "data" && e.stateful;
    })
    .map((r) => {
      const s = siteOf.get(r.urn);
      return { resource: r, label: CATALOGUE.get(r.type)!.label, ...(s ? { site: s.key, role: s.role } : {}) };
    });
}

/**
 * How data reaches the other site: Aurora global replication, DMS continuous replication into Cloud SQL,
 * S3 replication, Storage Transfer into GCS, or AWS Backup copies to another region's vault.
 */
export type LinkMechanism = "aurora-global" | "dms" | "s3-replication" | "storage-transfer" | "backup-copy";

export interface ReplicationLink {
  readonly mechanism: LinkMechanism;
  /** The resource that makes the link (the global cluster, the migration job, the replication config, ...). */
  readonly via: GraphResource;
  /** Where data comes from and goes to, as the references resolve (empty when the plan does not say). */
  readonly sources: readonly GraphResource[];
  readonly targets: readonly GraphResource[];
  /** S3 only: some rule has Replication Time Control enabled. */
  readonly rtc?: boolean;
}

export function replicationLinks(g: Graph, siteList: readonly Site[]): ReplicationLink[] {
  const resources = cloudResources(g);
  const role = new Map(siteList.flatMap((s) => s.resources.map((r) => [r.urn, s.role] as const)));
  const links: ReplicationLink[] = [];
  for (const global of resources.filter((r) => r.type === T.globalCluster)) {
    const members = resources.filter(
      (r) => r.type === T.rdsCluster && resolve(g, r, "globalClusterIdentifier").includes(global),
    );
    links.push({
      mechanism: "aurora-global",
      via: global,
      sources: members.filter((m) => role.get(m.urn) === "primary"),
      targets: members.filter((m) => role.get(m.urn) !== "primary"),
    });
  }
  for (const job of resources.filter((r) => r.type === T.migrationJob)) {
    const through = (property: string, type: string) =>
      resolve(g, job, property, T.connectionProfile).flatMap((p) =>
        resolve(g, p, "postgresql", type).concat(resolve(g, p, "cloudsql", type)),
      );
    links.push({
      mechanism: "dms",
      via: job,
      sources: through("source", T.rdsCluster),
      targets: through("destination", T.cloudSql),
    });
  }
  for (const config of resources.filter((r) => r.type === T.bucketReplication)) {
    links.push({
      mechanism: "s3-replication",
      via: config,
      sources: resolve(g, config, "bucket", T.bucket),
      targets: resolve(g, config, "rules", T.bucket),
      rtc: list(config.inputs.rules).some(
        (rule) => obj(obj(obj(rule).destination).replicationTime).status === "Enabled",
      ),
    });
  }
  for (const job of resources.filter((r) => r.type === T.transferJob)) {
    links.push({
      mechanism: "storage-transfer",
      via: job,
      sources: resolve(g, job, "transferSpec", T.bucket),
      targets: resolve(g, job, "transferSpec", T.gcsBucket),
    });
  }
  for (const copy of backupCopies(g)) {
    const plan = copy.plan;
    const vaults = resolve(g, plan, "rules", T.backupVault);
    links.push({
      mechanism: "backup-copy",
      via: plan,
      sources: vaults.filter((v) => v.region === plan.region),
      targets: vaults.filter((v) => v.region !== plan.region),
    });
  }
  return links;
}

/** An AWS Backup rule that copies recovery points out of its plan's region. */
export interface BackupCopy {
  readonly plan: GraphResource;
  readonly rule: string;
  /** The rule's schedule expression; undefined when the rule gives none (AWS Backup's default applies). */
  readonly schedule?: string;
}

/** Cross-region copy rules of every backup plan, in plan and rule order. */
export function backupCopies(g: Graph): BackupCopy[] {
  const copies: BackupCopy[] = [];
  for (const plan of cloudResources(g).filter((r) => r.type === T.backupPlan)) {
    for (const rule of list(plan.inputs.rules).map(obj)) {
      const crossRegion = list(rule.copyActions)
        .map(obj)
        .some((a) => {
          const region = String(a.destinationVaultArn ?? "").split(":")[3];
          // An ARN unknown at plan time (or without a region) is taken as a copy elsewhere.
          return !region || region !== plan.region;
        });
      if (crossRegion) {
        const schedule = str(rule.schedule);
        copies.push({ plan, rule: str(rule.ruleName) ?? "rule", ...(schedule !== undefined ? { schedule } : {}) });
      }
    }
  }
  return copies;
}

/** True when some backup plan has a copy action at all (whatever its destination). */
export const hasBackupCopyAction = (g: Graph): boolean =>
  cloudResources(g).some(
    (r) => r.type === T.backupPlan && list(r.inputs.rules).some((rule) => obj(rule).copyActions !== undefined),
  );
