import { Environment, ENVIRONMENTS } from "./schema";

/**
 * What each environment demands of a stack, in one table (docs/sources.md#environment-matrix): rules read their
 * thresholds here instead of comparing environment names, so tightening staging or adding an environment
 * is a change to this table alone.
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
}

const EKS_TWO_AZS = "an EKS control plane needs subnets in at least 2 AZs";

export const PROFILES: Readonly<Record<Environment, EnvironmentProfile>> = {
  dev: {
    minAzCount: 2,
    minAzCountWhy: EKS_TWO_AZS,
    natPerAz: false,
    minReplicas: 1,
    minDatabaseInstances: 1,
    minBackupRetentionDays: 1,
    minLogRetentionDays: 1,
    allowServerlessZeroCapacity: true,
    requireProtection: false,
    mayTeardown: true,
    maySchedule: true,
    maxExperimentMinutes: 720,
    secondaryOutsidePrimaryMetro: false,
    eksSupportType: "STANDARD",
    zonalShift: false,
  },
  staging: {
    minAzCount: 2,
    minAzCountWhy: EKS_TWO_AZS,
    natPerAz: false,
    minReplicas: 1,
    minDatabaseInstances: 1,
    minBackupRetentionDays: 1,
    minLogRetentionDays: 1,
    allowServerlessZeroCapacity: true,
    requireProtection: false,
    mayTeardown: true,
    maySchedule: true,
    // Long enough for a region-isolation drill with failover and failback; shorter than a working day.
    maxExperimentMinutes: 120,
    secondaryOutsidePrimaryMetro: false,
    eksSupportType: "STANDARD",
    zonalShift: false,
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
    allowServerlessZeroCapacity: false,
    requireProtection: true,
    mayTeardown: false,
    maySchedule: false,
    // A drill in prod runs in an agreed window (docs/runbooks): an hour bounds what a failed stop condition costs.
    maxExperimentMinutes: 60,
    secondaryOutsidePrimaryMetro: true,
    eksSupportType: "EXTENDED",
    zonalShift: true,
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
