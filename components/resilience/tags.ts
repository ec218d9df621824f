/**
 * Tags that mark resources as targets of the fault-injection experiments. The keys and values are the
 * ones the FIS scenario library uses ("AZ Availability: Power Interruption", "Cross-Region:
 * Connectivity"), so a template made from the console scenarios finds the same resources. A tag alone
 * does nothing: only an experiment template, started by someone allowed to start it, acts on it, and the
 * templates further scope each target to this stack (VPC, cluster, or the stack's own tag).
 * @see https://docs.aws.amazon.com/fis/latest/userguide/az-availability-scenario.html
 * @see https://docs.aws.amazon.com/fis/latest/userguide/cross-region-scenario.html
 */
export const FIS_TARGET_TAGS = {
  /** Every subnet: the AZ experiment cuts the connectivity of the chosen AZ's subnets. */
  azSubnet: { key: "AzImpairmentPower", value: "DisruptSubnet" },
  /** EKS node instances: the AZ experiment stops the chosen AZ's nodes. */
  azInstance: { key: "AzImpairmentPower", value: "StopInstances" },
  /** Aurora clusters: the AZ experiment fails the writer over when it is in the chosen AZ. */
  azDatabase: { key: "AzImpairmentPower", value: "DisruptRds" },
  /** Private subnets: the region-isolation drill blackholes their routes to the other region. */
  crossRegionSubnet: { key: "DisruptSubnet", value: "Allowed" },
  /** Replicating buckets: the region-isolation drill pauses their replication. */
  replicatingBucket: { key: "DisruptS3", value: "Allowed" },
} as const;

/** One tag as a `{ key: value }` map, for a resource's `tags`. */
export function tagOf(tag: { readonly key: string; readonly value: string }): Record<string, string> {
  return { [tag.key]: tag.value };
}
