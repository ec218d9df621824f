/**
 * Every figure the DR arithmetic uses that the graph cannot supply, with where it comes from. Sections
 * are those of `reference/mission-anchors.md`; its confidence marks are kept: [C] confirmed from a
 * primary source, [C2] through a source quoting one, [U] not confirmed (an assumption to measure in a
 * drill). Entries marked "assumption" are this project's, not a vendor's.
 */
export interface DrConstant {
  readonly seconds: number;
  readonly source: string;
}

export const DR_CONSTANTS = {
  /** Used when a health check does not set its interval. */
  route53DefaultInterval: {
    seconds: 30,
    source: 'mission-anchors.md 2.5: Route 53 request interval "10 s (fast, extra charge) or 30 s (default)" [C]',
  },
  elbAliasTtl: {
    seconds: 60,
    source: 'mission-anchors.md 2.5 and 5.5: "ELB alias TTL fixed 60 s" [C2] (Route 53 FAQ quoted)',
  },
  auroraGlobalPromotion: {
    seconds: 60,
    source:
      'mission-anchors.md 2.4: Aurora Global Database managed failover, "promote secondary in under a minute" (older doc) [C]; ' +
      'the current doc says RTO "order of minutes"',
  },
  auroraGlobalReplicationLag: {
    seconds: 1,
    source: 'mission-anchors.md 2.4: Aurora Global Database replication "typically under a second" [C]',
  },
  /** In-region reference only (an AZ loss, not a region loss): never a term of the regional RTO. */
  auroraInRegionFailover: {
    seconds: 120,
    source:
      'mission-anchors.md 2.4: Aurora in-Region failover "typically ... less than 120 seconds, and often less than 60 seconds" [C]',
  },
  s3Rtc: {
    seconds: 900,
    source:
      'mission-anchors.md 2.4: S3 Replication Time Control, "most objects ... in seconds, and 99.99 percent ... within 15 minutes" [C]',
  },
  dmsReplicationLag: {
    seconds: 60,
    source:
      "assumption [U]: the anchors give no lag figure for a DMS continuous job (2.6); DMS is a migration product, " +
      "not a maintained DR replica (2.6, 5.13): measure the lag in a drill",
  },
  cloudSqlPromotion: {
    seconds: 120,
    source:
      "assumption [U]: promoting the DMS destination to a standalone Cloud SQL primary takes minutes; no figure in " +
      "the anchors (2.6); promotion is one-way (failback is a new job in reverse)",
  },
  nodeScaleUp: {
    seconds: 240,
    source:
      "assumption [U], derived: a pilot-light node group at 0 must launch instances (~90 s), join the cluster and " +
      "get the CNI ready (~60 s), then pull images and pass readiness (~60 s), plus the autoscaler's scan; rounded up to 4 min",
  },
  backupInterval: {
    seconds: 24 * 3600,
    source:
      "mission-anchors.md 2.4 (AWS Backup cross-Region copy, copyActions [U]) and README Backups (a daily plan): " +
      "the newest copy in the secondary region is up to one day old",
  },
  backupRestoreRebuild: {
    seconds: 4 * 3600,
    source:
      "assumption [U]: restore Aurora from the copied recovery point and `pulumi up` the secondary's EKS, nodes and " +
      'service (mission-anchors.md 1.1: backup & restore RPO/RTO "hours" [C2]); measure in a drill',
  },
} as const satisfies Record<string, DrConstant>;

export type DrConstantKey = keyof typeof DR_CONSTANTS;

/** Used when a health check does not set its failure threshold: a count, so apart from the durations. */
export const ROUTE53_DEFAULT_FAILURE_THRESHOLD = {
  count: 3,
  source: 'mission-anchors.md 2.5: failure threshold "1-10 (default 3)" [C2]',
} as const;
