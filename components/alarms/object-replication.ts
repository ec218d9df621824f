import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link ObjectReplicationAlarms}. Create it with the SOURCE bucket's Region's provider. */
export interface ObjectReplicationAlarmsArgs {
  readonly sourceBucketName: pulumi.Input<string>;
  readonly destinationBucketName: pulumi.Input<string>;
  /** The replication rule's id (`BucketReplication.ruleId`). */
  readonly ruleId: string;
  /** Seconds of replication latency the objects' RPO allows: Replication Time Control's 15 minutes. */
  readonly latencySeconds: number;
  /** The source Region's alarm topic (the primary site's), which pages its subscribers. */
  readonly alarmTopicArn: pulumi.Input<string>;
}

/**
 * ObjectReplicationAlarms pages when S3 replication to the secondary breaks its promise: the replication
 * latency above Replication Time Control's 15 minutes, or any operation that failed to replicate. S3 publishes
 * these replication metrics (with RTC's metrics on) in the source bucket's Region only, so they live there: they
 * guard the RPO before an event, not during one. Missing data is normal (no metric while nothing replicates).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html
 */
export class ObjectReplicationAlarms extends pulumi.ComponentResource {
  public readonly alarmArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: ObjectReplicationAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:alarms:ObjectReplicationAlarms", name, {}, opts);
    const dimensions = {
      SourceBucket: args.sourceBucketName,
      DestinationBucket: args.destinationBucketName,
      RuleId: args.ruleId,
    };
    const alarm = (short: string, metricName: string, threshold: number, what: string, minutes: number) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${short}`,
        {
          alarmDescription: what,
          namespace: "AWS/S3",
          metricName,
          dimensions,
          statistic: "Maximum",
          period: 60,
          evaluationPeriods: minutes,
          datapointsToAlarm: minutes,
          threshold,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [args.alarmTopicArn],
          okActions: [args.alarmTopicArn],
        },
        { parent: this },
      );
    const alarms = {
      latency: alarm(
        "latency",
        "ReplicationLatency",
        args.latencySeconds,
        `S3 replication latency above ${args.latencySeconds} s for 5 minutes: objects written now may be lost`,
        5,
      ),
      // One failed operation is an object the secondary will never have: page on the first minute with one.
      failed: alarm(
        "failed",
        "OperationsFailedReplication",
        0,
        "S3 operations failed to replicate to the secondary",
        1,
      ),
    };
    this.alarmArns = Object.fromEntries(Object.entries(alarms).map(([k, a]) => [k, a.arn]));
    this.registerOutputs({ alarmArns: this.alarmArns });
  }
}
