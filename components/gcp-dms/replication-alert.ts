import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link DmsReplicationAlert}. Its project is its provider's: pass `providers: { gcp }`. */
export interface DmsReplicationAlertArgs {
  /** The migration job's id (`DmsContinuousReplication.migrationJobId`), the metric's `migration_job_id`. */
  readonly migrationJobId: pulumi.Input<string>;
  /** The stack's typical RPO target (`drTargets.rpoSeconds`): the lag alert fires above it. */
  readonly rpoTargetSeconds: number;
  /** The channels it pages (`NotificationChannels.channelNames`). */
  readonly channels: pulumi.Input<string>[];
  readonly labels?: Record<string, string>;
}

/** The DMS job's lag metric (seconds, sampled every 60 s, visible up to 180 s later). */
export const DMS_LAG_METRIC = "datamigration.googleapis.com/migration_job/max_replica_sec_lag";

/**
 * DmsReplicationAlert pages when the DMS job stops keeping the Cloud SQL destination within the stack's RPO
 * target: its lag above the target for 5 minutes, or no lag reported for 10 minutes, which is what a job that
 * failed, stopped or lost its source looks like (a running job reports every minute). Google Cloud-side, so it
 * still pages with AWS gone.
 * @see https://cloud.google.com/monitoring/api/metrics_gcp_d_h#gcp-datamigration
 */
export class DmsReplicationAlert extends pulumi.ComponentResource {
  public readonly alertPolicyName: pulumi.Output<string>;

  constructor(name: string, args: DmsReplicationAlertArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gcpdms:DmsReplicationAlert", name, {}, opts);
    const filter = pulumi.interpolate`metric.type="${DMS_LAG_METRIC}" AND resource.type="datamigration.googleapis.com/MigrationJob" AND resource.label.migration_job_id="${args.migrationJobId}"`;
    const aggregations = [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MAX" }];
    const policy = new gcp.monitoring.AlertPolicy(
      name,
      {
        displayName: `DMS replication behind the RPO target or stopped (${pulumi.getStack()})`,
        combiner: "OR",
        severity: "ERROR",
        conditions: [
          {
            displayName: `lag above ${args.rpoTargetSeconds} s for 5 minutes`,
            conditionThreshold: {
              filter,
              comparison: "COMPARISON_GT",
              thresholdValue: args.rpoTargetSeconds,
              duration: "300s",
              aggregations,
              trigger: { count: 1 },
            },
          },
          {
            displayName: "no lag reported for 10 minutes: the job is not replicating",
            conditionAbsent: { filter, duration: "600s", aggregations, trigger: { count: 1 } },
          },
        ],
        notificationChannels: args.channels,
        userLabels: args.labels,
      },
      { parent: this },
    );
    this.alertPolicyName = policy.name;
    this.registerOutputs({ alertPolicyName: this.alertPolicyName });
  }
}
