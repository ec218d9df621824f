import { ROUTE53_CHECKER_REGIONS } from "../lib/route53";

/**
 * Every figure the DR arithmetic uses that the graph cannot supply, with where it comes from. Each source
 * starts with its entry in docs/sources.md (the public URL) and how sure it is: confirmed (a vendor page
 * states it), secondary source (found only quoted elsewhere) or unconfirmed assumption (this project's
 * estimate, to measure in a drill).
 */
export interface DrConstant {
  readonly seconds: number;
  readonly source: string;
}

export const DR_CONSTANTS = {
  /** Used when a health check does not set its interval. */
  route53DefaultInterval: {
    seconds: 30,
    source:
      "docs/sources.md#route-53-request-interval (confirmed): Route 53 checks every 10 s or 30 s, " +
      "30 s when the interval is unset",
  },
  elbAliasTtl: {
    seconds: 60,
    source: "docs/sources.md#elb-alias-ttl (secondary source): an alias record to an ELB answers with a fixed 60 s TTL",
  },
  auroraGlobalPromotion: {
    seconds: 60,
    source:
      "docs/sources.md#aurora-global-failover (confirmed): Aurora Global Database promotes a secondary Region " +
      '"in under a minute" (Aurora FAQ); the DR guide says RTO "in the order of minutes"',
  },
  auroraGlobalReplicationLag: {
    seconds: 1,
    source:
      "docs/sources.md#aurora-global-replication-lag (confirmed): Aurora Global Database replicates with a typical " +
      "lag under a second",
  },
  /** In-region reference only (an AZ loss, not a region loss): never a term of the regional RTO. */
  auroraInRegionFailover: {
    seconds: 120,
    source:
      "docs/sources.md#aurora-in-region-failover (confirmed): an in-Region writer failover typically completes in " +
      "under 120 s, often under 60 s",
  },
  s3Rtc: {
    seconds: 900,
    source:
      "docs/sources.md#s3-replication-time-control (confirmed): S3 RTC replicates most objects in seconds and " +
      "99.99 % within 15 minutes",
  },
  dmsReplicationLag: {
    seconds: 60,
    source:
      "docs/sources.md#dms-replication-lag (unconfirmed assumption): no public lag figure for a DMS continuous " +
      "job; DMS is a migration product, not a maintained DR replica: measure the lag in a drill",
  },
  cloudSqlPromotion: {
    seconds: 120,
    source:
      "docs/sources.md#cloud-sql-promotion (unconfirmed assumption): promoting the DMS destination to a " +
      "standalone Cloud SQL primary takes minutes, with no public figure; promotion is one-way (failback is a new " +
      "job in reverse)",
  },
  failoverStarterHops: {
    seconds: 15,
    source:
      "docs/sources.md#failover-starter (unconfirmed assumption): the alarm's state change reaches EventBridge, " +
      "crosses to the target Region's bus, runs the state machine, which calls StartPlanExecution; no public " +
      "latency for these hops, so 15 s, to measure in a drill rather than count as nothing",
  },
  cloudMonitoringIncident: {
    seconds: 60,
    source:
      "docs/sources.md#promotion-signal (unconfirmed assumption): from an uptime-check condition holding for its " +
      "duration to the incident published on Pub/Sub; no public figure",
  },
  eventarcWorkflowStart: {
    seconds: 10,
    source:
      "docs/sources.md#promotion-workflow (unconfirmed assumption): Eventarc delivers the Pub/Sub message and the " +
      "workflow execution starts",
  },
  afterPromotionSetup: {
    seconds: 60,
    source:
      "docs/sources.md#promotion-workflow (unconfirmed assumption): the promoted instance's admin password is set " +
      "and the after-promotion Cloud Run job starts and runs its script (the application's login, sequences)",
  },
  auroraInstanceCreation: {
    seconds: 600,
    source:
      "docs/sources.md#aurora-instance-creation (unconfirmed assumption): a headless secondary's first instance is " +
      "created and available before the promotion can run; no public figure, 10 min to measure in a drill",
  },
  nodeScaleUp: {
    seconds: 240,
    source:
      "docs/sources.md#node-scale-up (unconfirmed assumption), derived: a pilot-light node group at 0 must launch " +
      "instances (~90 s), join the cluster and get the CNI ready (~60 s), then pull images and pass readiness " +
      "(~60 s), plus the autoscaler's scan; rounded up to 4 min",
  },
  backupInterval: {
    seconds: 24 * 3600,
    source:
      "docs/sources.md#backup-copy-age (unconfirmed assumption): the daily AWS Backup plan copies each recovery " +
      "point cross-Region, so the newest copy in the secondary region is up to one day old",
  },
  backupRestoreRebuild: {
    seconds: 4 * 3600,
    source:
      "docs/sources.md#backup-restore-rebuild (unconfirmed assumption): restore Aurora from the copied recovery " +
      "point and `pulumi up` the secondary's EKS, nodes and service; AWS's DR whitepaper puts backup and restore " +
      "at hours; measure in a drill",
  },
} as const satisfies Record<string, DrConstant>;

export type DrConstantKey = keyof typeof DR_CONSTANTS;

/** Used when a health check does not set its failure threshold: a count, so apart from the durations. */
export const ROUTE53_DEFAULT_FAILURE_THRESHOLD = {
  count: 3,
  source: "docs/sources.md#route-53-failure-threshold (secondary source): failure threshold 1 to 10, 3 when unset",
} as const;

/**
 * Route 53's checker regions and its quorum: an endpoint is healthy while more than 18 % of its checkers see
 * it healthy, and a check without `regions` uses all eight.
 */
export const ROUTE53_CHECKERS = {
  regions: ROUTE53_CHECKER_REGIONS,
  healthyAbovePercent: 18,
  source:
    "docs/sources.md#route-53-checker-share (confirmed): Route 53 counts an endpoint healthy while more than 18 % of " +
    "its checkers report it healthy; a check uses 3 to 8 of the 8 checker regions (all 8 when `regions` is unset)",
} as const;

/**
 * The partial partition the DR model replays (a scenario, not a vendor fact): two checker regions still reach
 * the primary while the others do not.
 */
export const PARTIAL_PARTITION_SEEING = 2;
