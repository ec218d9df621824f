import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmSubscribers, createAlarmTopic } from "./alarm-topic";

/** Arguments of {@link ReplicationLagAlarms}. Create it with the secondary Region's provider. */
export interface ReplicationLagAlarmsArgs {
  /** The global database's secondary cluster, which publishes the lag metrics. */
  readonly clusterIdentifier: pulumi.Input<string>;
  /** The stack's typical RPO target (`drTargets.rpoSeconds`): the alarms fire above it. */
  readonly rpoTargetSeconds: number;
  /** @default no subscription */
  readonly subscribers?: AlarmSubscribers;
}

/**
 * ReplicationLagAlarms pages when the Aurora global database falls behind the stack's RPO target: on
 * `AuroraGlobalDBRPOLag` (what a failover would lose now) and `AuroraGlobalDBReplicationLag`, both published
 * by the secondary cluster in its own Region, which is where these alarms and their topic live, so they still
 * page when the primary Region is gone. Five minutes above the target alarm; missing data alarms too (a
 * secondary that stops reporting lag has stopped replicating, or is gone).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-monitoring.html
 */
export class ReplicationLagAlarms extends pulumi.ComponentResource {
  public readonly topicArn: pulumi.Output<string>;
  public readonly alarmArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: ReplicationLagAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:alarms:ReplicationLagAlarms", name, {}, opts);
    const topic = createAlarmTopic(this, name, args.subscribers);
    const milliseconds = args.rpoTargetSeconds * 1000;
    const alarm = (short: string, metricName: string, what: string) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${short}`,
        {
          alarmDescription: `${what} above the RPO target ${args.rpoTargetSeconds} s for 5 minutes`,
          namespace: "AWS/RDS",
          metricName,
          dimensions: { DBClusterIdentifier: args.clusterIdentifier },
          statistic: "Maximum",
          period: 60,
          evaluationPeriods: 5,
          threshold: milliseconds,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "breaching",
          alarmActions: [topic.arn],
          okActions: [topic.arn],
        },
        { parent: this },
      );
    const alarms = {
      "rpo-lag": alarm("rpo-lag", "AuroraGlobalDBRPOLag", "The data a failover would lose"),
      "replication-lag": alarm("replication-lag", "AuroraGlobalDBReplicationLag", "Global replication lag"),
    };
    this.topicArn = topic.arn;
    this.alarmArns = Object.fromEntries(Object.entries(alarms).map(([k, a]) => [k, a.arn]));
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
