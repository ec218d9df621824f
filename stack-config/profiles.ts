import { DrMode, Environment, ENVIRONMENTS } from "./schema";

/**
 * What each environment demands of a stack, in one table (docs/sources.md#environment-matrix): rules read their
 * thresholds here instead of comparing environment names, so tightening staging or adding an environment
 * is a change to this table alone. The blast-radius promises (blast-radius/expectations.ts), the cost targets
 * (cost-model/targets.ts) and the policy pack's config (policy/config/<env>.json, generated from this table by
 * tools/policy/environment-config.ts) read it too.
 */
export interface EnvironmentProfile {
  /** Fewest AZs each AWS site spans. */
  readonly minAzCount: number;
  /** Why, in the words of the problem reported below the minimum. */
  readonly minAzCountWhy: string;
  /** A NAT gateway in every AZ (a single one is a single point of failure for every AZ's egress). */
  readonly natPerAz: boolean;
  /** Fewest sample-service replicas. */
  readonly minReplicas: number;
  /** Fewest Aurora instances (writer plus readers in other AZs). */
  readonly minDatabaseInstances: number;
  /** Fewest days of automated Aurora backups. */
  readonly minBackupRetentionDays: number;
  /** Fewest days of CloudWatch log retention (`logRetentionDays`). */
  readonly minLogRetentionDays: number;
  /**
   * Days the audit logs are kept at least, whatever `logRetentionDays` says: the EKS control plane's (the
   * Kubernetes audit log), the VPC flow logs and the database's log. A CloudWatch Logs retention value.
   */
  readonly auditLogRetentionDays: number;
  /**
   * Days between rotations of the database master password (components/data/password-rotation.ts);
   * `undefined`: not rotated (a stack that lives a day).
   */
  readonly passwordRotationDays: number | undefined;
  /**
   * What the clusters' admission policy does with a pod whose image is not pinned by digest, in the namespaces the
   * platform manages (components/kubernetes/pinned-images-admission.ts): `deny` refuses it, `warn` admits it with
   * a warning and an audit annotation (a team iterating on tags).
   */
  readonly imageAdmission: "deny" | "warn";
  /** Aurora Serverless v2 may scale to 0 ACUs and pause when idle (a paused cluster takes seconds to resume). */
  readonly allowServerlessZeroCapacity: boolean;
  /** Cloud deletion protection and Pulumi `protect` must both be on. */
  readonly requireProtection: boolean;
  /** The nightly teardown may destroy the stack (`teardown.allowed`). */
  readonly mayTeardown: boolean;
  /** An off-hours schedule may switch things off (`schedule`). */
  readonly maySchedule: boolean;
  /** Longest AZ or region disruption a drill may cause (`resilience.disruptionMinutes`); FIS's own cap is 720. */
  readonly maxExperimentMinutes: number;
  /** A Google Cloud secondary must be outside the primary region's metro. */
  readonly secondaryOutsidePrimaryMetro: boolean;
  /**
   * EKS support policy of every cluster: STANDARD upgrades a version leaving standard support automatically;
   * EXTENDED pays per cluster-hour so an upgrade happens on the team's schedule, never the provider's
   * (docs/sources.md#eks-upgrade-policy).
   */
  readonly eksSupportType: "STANDARD" | "EXTENDED";
  /** ARC zonal shift on every EKS cluster, so an impaired AZ can be shifted away from. */
  readonly zonalShift: boolean;
  /**
   * What the environment promises for the loss of any single AZ (the resilience report's verdict):
   * `no-loss-of-service` allows `degraded` (an Aurora writer failover, fewer replicas) and forbids `lost`;
   * `best-effort` accepts a loss and reports it plainly. The policy pack's zonal rules (AZ spread, NAT per AZ,
   * Aurora in two AZs, workload resilience) are mandatory where service may not be lost, advisory elsewhere.
   */
  readonly azLossPromise: "no-loss-of-service" | "best-effort";
  /**
   * What the environment promises for the loss of the primary region: DNS failover to the secondary, or recovery
   * (a rebuild), within the stack's DR targets. The pack's failover rules (secondary replication, the DNS
   * failover pair) are mandatory where failover is promised, advisory elsewhere.
   */
  readonly regionLossPromise: "failover-within-targets" | "recovery-within-targets";
  /** Why the environment can keep its promises (shown with the resilience report's verdict). */
  readonly lossPromiseWhy: string;
  /**
   * Ceilings of the passive side's monthly cost as a share of the active side's, per DR mode (issue 6's cost
   * targets, measured by `npm run cost`, never tuned); a mode without one has no target.
   */
  readonly maxPassiveShare: Readonly<Partial<Record<DrMode, number>>>;
  /** Floor of the share of compute cost the off-hours schedule cuts; `undefined`: no target. */
  readonly minScheduleComputeCut: number | undefined;
  /** An off-hours schedule must exist (the pack's `off-hours-schedule`), so the stack does not bill all night. */
  readonly requireSchedule: boolean;
  /**
   * A destroy leaves the data: databases and load balancers have cloud deletion protection, buckets are never
   * emptied on delete, and Aurora leaves a final snapshot (the pack's data-safety rules). Off where nothing is
   * kept, so that the nightly teardown always succeeds.
   */
  readonly keepDataOnDestroy: boolean;
  /**
   * Someone is paged: the stack names at least one notification target (`alarms.email` or
   * `alarms.httpsEndpoints`), and the pack's `alarms-reach-someone` is mandatory (advisory elsewhere).
   */
  readonly requirePaging: boolean;
  /**
   * Node, database and pool size patterns the pack allows (`m6i.*`); `undefined`: the pack's default list, which
   * is the largest environment's.
   */
  readonly allowedInstanceTypes: readonly string[] | undefined;
}

/** An environment the table does not know is held to this one's promises and targets: the strictest. */
export const STRICTEST: Environment = "prod";

/** Issue 6's ceilings: a warm standby at most 35 % of the active side, a pilot light at most 15 %. */
const PASSIVE_SHARE_TARGETS: Readonly<Partial<Record<DrMode, number>>> = {
  "warm-standby": 0.35,
  "pilot-light": 0.15,
};

const EKS_TWO_AZS = "an EKS control plane needs subnets in at least 2 AZs";

export const PROFILES: Readonly<Record<Environment, EnvironmentProfile>> = {
  dev: {
    minAzCount: 2,
    minAzCountWhy: EKS_TWO_AZS,
    natPerAz: false,
    minReplicas: 1,
    minDatabaseInstances: 1,
    // A few days to restore from after a bad change found the next working day.
    minBackupRetentionDays: 3,
    minLogRetentionDays: 1,
    // Disposable: audit logs live as long as the others.
    auditLogRetentionDays: 1,
    // Torn down every night: the password lives a day.
    passwordRotationDays: undefined,
    // Where a team tries images by tag: warned and audited, not refused.
    imageAdmission: "warn",
    allowServerlessZeroCapacity: true,
    requireProtection: false,
    mayTeardown: true,
    maySchedule: true,
    maxExperimentMinutes: 720,
    secondaryOutsidePrimaryMetro: false,
    eksSupportType: "STANDARD",
    zonalShift: false,
    azLossPromise: "best-effort",
    regionLossPromise: "recovery-within-targets",
    lossPromiseWhy:
      "two AZs, one NAT gateway and one Serverless database instance to keep it cheap; backup and restore, so its only promise is a rebuild within its DR targets (docs/sources.md#environment-matrix)",
    maxPassiveShare: PASSIVE_SHARE_TARGETS,
    // Issue 6: nights and weekends off cut at least 60 % of dev's compute cost.
    minScheduleComputeCut: 0.6,
    requireSchedule: true,
    requirePaging: false,
    keepDataOnDestroy: false,
    allowedInstanceTypes: [
      "t3.*",
      "t3a.*",
      "t4g.*",
      "db.serverless",
      "db.t4g.*",
      "e2-standard-2",
      "e2-medium",
      "db-custom-1-*",
      "db-custom-2-*",
    ],
  },
  staging: {
    minAzCount: 2,
    minAzCountWhy: EKS_TWO_AZS,
    natPerAz: false,
    minReplicas: 1,
    minDatabaseInstances: 1,
    // A working week of restore points, so a rehearsal can restore from last week's state.
    minBackupRetentionDays: 7,
    minLogRetentionDays: 1,
    // A quarter: long enough to trace a change that reached prod back through staging.
    auditLogRetentionDays: 90,
    passwordRotationDays: 30,
    imageAdmission: "deny",
    allowServerlessZeroCapacity: true,
    requireProtection: false,
    mayTeardown: true,
    maySchedule: true,
    // Long enough for a region-isolation drill with failover and failback; shorter than a working day.
    maxExperimentMinutes: 120,
    secondaryOutsidePrimaryMetro: false,
    eksSupportType: "STANDARD",
    zonalShift: false,
    azLossPromise: "no-loss-of-service",
    regionLossPromise: "failover-within-targets",
    lossPromiseWhy:
      "prod's zonal shape (three AZs, a NAT gateway per AZ, two database instances) so that it rehearses prod; a pilot-light standby behind Route 53 failover (docs/sources.md#environment-matrix)",
    maxPassiveShare: PASSIVE_SHARE_TARGETS,
    minScheduleComputeCut: undefined,
    requireSchedule: true,
    requirePaging: true,
    keepDataOnDestroy: true,
    allowedInstanceTypes: [
      "m6i.large",
      "m5.large",
      "t3.*",
      "t3a.*",
      "db.r6g.large",
      "db.t4g.*",
      "db.serverless",
      "e2-standard-*",
      "db-custom-2-*",
    ],
  },
  prod: {
    minAzCount: 3,
    minAzCountWhy: "prod spreads every tier over at least 3 AZs (the EKS control plane and etcd span 3)",
    natPerAz: true,
    minReplicas: 2,
    minDatabaseInstances: 2,
    minBackupRetentionDays: 14,
    // A month of flow and control-plane logs: enough to investigate an incident found at the next review.
    minLogRetentionDays: 30,
    // A year of who did what to the cluster, the network and the database: what an audit asks for.
    auditLogRetentionDays: 365,
    // Monthly, as the CIS AWS Foundations benchmark and AWS Security Hub (SecretsManager.4: 90 days) allow.
    passwordRotationDays: 30,
    imageAdmission: "deny",
    allowServerlessZeroCapacity: false,
    requireProtection: true,
    mayTeardown: false,
    maySchedule: false,
    // A drill in prod runs in an agreed window (docs/runbooks): an hour bounds what a failed stop condition costs.
    maxExperimentMinutes: 60,
    secondaryOutsidePrimaryMetro: true,
    eksSupportType: "EXTENDED",
    zonalShift: true,
    azLossPromise: "no-loss-of-service",
    regionLossPromise: "failover-within-targets",
    lossPromiseWhy:
      "three AZs, a NAT gateway per AZ, two or more database instances in distinct AZs, a warm standby behind Route 53 failover (docs/sources.md#environment-matrix, docs/sources.md#zonal-spread; issue 7)",
    maxPassiveShare: PASSIVE_SHARE_TARGETS,
    minScheduleComputeCut: undefined,
    requireSchedule: false,
    requirePaging: true,
    keepDataOnDestroy: true,
    allowedInstanceTypes: undefined,
  },
};

/**
 * The environment's name and profile. An unknown or missing `environment` (itself reported by the schema)
 * gets dev's, the most lenient, so that one typo is not echoed by a problem on every other key.
 */
export function profileOf(environment: unknown): { readonly name: Environment; readonly profile: EnvironmentProfile } {
  const name = ENVIRONMENTS.includes(environment as Environment) ? (environment as Environment) : "dev";
  return { name, profile: PROFILES[name] };
}
