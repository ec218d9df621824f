import { failoverPairs, formatDuration } from "../dr";
import { GraphResource } from "@dr-platform/model";
import { Tier, tier, ZONAL_FACTS } from "./model";
import { AzLoss, worst } from "./tiers-network";
import { Indexed, num, ofType, resolveRefs, str, TYPES } from "./topology";

/** An Aurora instance with where it runs; `az` undefined when the plan does not pin it. */
export interface DbInstance {
  readonly resource: GraphResource;
  readonly az?: string;
  readonly promotionTier: number;
}

/** The Aurora clusters of a region with their instances, the writer first. */
export function auroraClusters(ix: Indexed, region: string): { cluster: GraphResource; instances: DbInstance[] }[] {
  const instances = ofType(ix, TYPES.rdsInstance, region);
  return ofType(ix, TYPES.rdsCluster, region).map((cluster) => {
    const own = instances.filter((i) => resolveRefs(ix, i, "clusterIdentifier", TYPES.rdsCluster).found[0] === cluster);
    return { cluster, instances: orderWriterFirst(own) };
  });
}

/**
 * The writer is the instance created first: the Aurora component makes every reader depend on it, so it
 * is the one the others' `dependsOn` names. Without that edge, Aurora's own order applies: the lowest
 * promotion tier, then the name. After a failover the writer moves; the analysis is of the plan as
 * deployed, and with instances in distinct AZs any single AZ leaves one either way.
 */
export function orderWriterFirst(instances: readonly GraphResource[]): DbInstance[] {
  const waitedFor = new Set(instances.flatMap((i) => i.dependsOn));
  const rank = (i: GraphResource) => (waitedFor.has(i.urn) ? -1 : (num(i.inputs.promotionTier) ?? 1));
  return [...instances]
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
    .map((r) => ({ resource: r, az: str(r.inputs.availabilityZone), promotionTier: num(r.inputs.promotionTier) ?? 1 }));
}

const where = (i: DbInstance) => `${i.resource.name} (${i.az ?? "AZ not pinned"})`;

/**
 * Database writer and readers. Aurora keeps six copies of the data across three AZs whatever the
 * instances do, so an AZ loss never loses committed data; it can take the instances. Writer lost with a
 * reader elsewhere: Aurora promotes the reader with the lowest tier and the cluster endpoint follows.
 * Writer lost with no other instance: no reads or writes until an instance runs again. An instance whose
 * AZ the plan does not pin is counted as lost (worst case).
 */
export function databaseTier(c: AzLoss): Tier {
  const clusters = auroraClusters(c.ix, c.region);
  if (clusters.length === 0) {
    return tier("database", "absent", "none", "no Aurora cluster in this site");
  }
  const failover = ZONAL_FACTS.auroraFailover;
  return worst(
    clusters.map(({ cluster, instances }) => {
      const isLost = (i: DbInstance) => i.az === undefined || i.az === c.lost;
      const [writer, ...readers] = instances;
      const survivors = instances.filter((i) => !isLost(i));
      const unpinned = instances
        .filter((i) => i.az === undefined)
        .map((i) => `${i.resource.name} has no availabilityZone: counted as lost`);
      if (!writer) {
        return tier("database", "lost", "down", `${cluster.name} has no instance: nothing serves it`);
      }
      if (!isLost(writer)) {
        const lostReaders = readers.filter(isLost);
        return tier(
          "database",
          lostReaders.length > 0 ? "reduced" : "ok",
          "none",
          `writer ${where(writer)} survives` +
            (lostReaders.length > 0
              ? `; reader ${lostReaders.map(where).join(", ")} lost (the reader endpoint serves from the rest)`
              : ""),
          unpinned,
        );
      }
      const next = [...survivors].sort((a, b) => a.promotionTier - b.promotionTier)[0];
      if (next) {
        return tier(
          "database",
          "reduced",
          "degraded",
          `writer ${where(writer)} lost: Aurora fails over to ${where(next)}, typically under 60 s and at most ${formatDuration(failover.seconds)}; writes fail meanwhile`,
          [
            failover.source,
            "the cluster endpoint follows the new writer; data is not lost (the cluster volume spans three AZs)",
            ...unpinned,
          ],
        );
      }
      const serverless = str(writer.resource.inputs.instanceClass) === "db.serverless" ? " (Serverless v2)" : "";
      return tier(
        "database",
        "lost",
        "down",
        `${cluster.name}${serverless}: ${instances.length === 1 ? `its only instance ${where(writer)} is` : "every instance is"} lost with the AZ: no reads or writes`,
        [
          `data survives (six copies across three AZs); service returns when Aurora re-creates the instance (${ZONAL_FACTS.auroraNoReplica.source}) or an instance is added in a surviving AZ`,
          ...unpinned,
        ],
      );
    }),
  );
}

const names = (items: readonly string[]) => (items.length > 0 ? items.join(", ") : "none");

/** Queues and object storage: regional services, stored across AZs, untouched by an AZ loss. */
export function regionalDataTier(c: AzLoss): Tier {
  const queues = ofType(c.ix, TYPES.queue, c.region).map((q) => q.name);
  const buckets = ofType(c.ix, TYPES.bucket, c.region).map((b) => b.name);
  if (queues.length + buckets.length === 0) {
    return tier("queues and objects", "absent", "none", "no SQS queue or S3 bucket in this site");
  }
  return tier(
    "queues and objects",
    "ok",
    "none",
    `regional services, unaffected: SQS ${names(queues)}; S3 ${names(buckets)}`,
    ["SQS and S3 store data redundantly across the region's AZs (docs/sources.md#sqs-and-s3-in-region-redundancy)"],
  );
}

/** DNS during an AZ loss: the failover record should not move; the AZ is absorbed in the region. */
export function zonalDnsTier(ix: Indexed): Tier {
  const pairs = failoverPairs(ix.graph);
  if (pairs.length === 0) {
    return tier("DNS", "ok", "none", "no failover record: the name keeps answering with the primary");
  }
  return tier(
    "DNS",
    "ok",
    "none",
    `${pairs.map((p) => p.name).join(", ")} stays on the PRIMARY while its health check passes: an AZ loss is absorbed in the region, not failed over`,
  );
}
