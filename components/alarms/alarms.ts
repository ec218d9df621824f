import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmSubscribers, createAlarmTopic } from "./alarm-topic";

/** Thresholds, all with the defaults the config schema documents. */
export interface AlarmThresholds {
  /** ALB 5xx responses (load balancer's and targets') as a percentage of requests over 5 minutes. */
  readonly alb5xxPercent: number;
  /** Target response time, p90, seconds. */
  readonly targetResponseSeconds: number;
  readonly databaseCpuPercent: number;
  readonly databaseFreeableMemoryMiB: number;
  readonly replicaLagMs: number;
}

/** Arguments of {@link Alarms}. The region is the provider's: pass `providers: { aws }` in opts. */
export interface AlarmsArgs {
  readonly thresholds: AlarmThresholds;
  /** The topic's subscribers (an email must confirm by mail). @default no subscription */
  readonly subscribers?: AlarmSubscribers;
  readonly loadBalancerArnSuffix: pulumi.Input<string>;
  readonly targetGroupArnSuffix: pulumi.Input<string>;
  /** The EKS cluster whose Container Insights node metrics are watched. */
  readonly clusterName: pulumi.Input<string>;
  /** Nodes the cluster should never drop below (the sum of the node groups' minimums). */
  readonly minimumNodes: number;
  readonly dbClusterIdentifier: pulumi.Input<string>;
  readonly deadLetterQueueName: pulumi.Input<string>;
}

/**
 * Alarms is the site's paging: an SNS topic encrypted with a customer key (with the key policy
 * CloudWatch needs to publish to it) and CloudWatch alarms on the user-facing symptoms (5xx rate,
 * latency, unhealthy targets), capacity (failed or missing nodes) and data (Aurora CPU, memory, replica
 * lag, dead letters). Alarms treat missing data as not breaching, except the node count, where silence
 * means the metrics pipeline or the nodes are gone.
 */
export class Alarms extends pulumi.ComponentResource {
  public readonly topicArn: pulumi.Output<string>;
  /** Alarm ARNs by short name, e.g. for FIS stop conditions. */
  public readonly alarmArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: AlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:alarms:Alarms", name, {}, opts);
    const parent = { parent: this };
    const t = args.thresholds;

    // CloudWatch publishes alarm notifications as itself, not with a caller's permissions, so it needs
    // its own statement. Not protected: the topic keeps no data at rest beyond messages in flight.
    const topic = createAlarmTopic(this, name, args.subscribers);

    const actions = { alarmActions: [topic.arn], okActions: [topic.arn] };
    const alarm = (short: string, spec: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions">) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${short}`,
        { treatMissingData: "notBreaching", ...spec, ...actions },
        parent,
      );
    const lb = { LoadBalancer: args.loadBalancerArnSuffix };
    const db = { DBClusterIdentifier: args.dbClusterIdentifier };

    const alarms: Record<string, aws.cloudwatch.MetricAlarm> = {
      "alb-5xx-rate": alarm("alb-5xx-rate", {
        alarmDescription: `5xx responses above ${t.alb5xxPercent}% of requests for 5 minutes`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.alb5xxPercent,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        metricQueries: [
          {
            id: "rate",
            // The ALB publishes each 5xx count only for minutes where it is non-zero, and math over a missing
            // datapoint yields none: FILL makes a minute of ELB 502s alone (an AZ loss) count.
            expression: "100 * (FILL(elb, 0) + FILL(target, 0)) / FILL(requests, 1)",
            label: "5xx percent",
            returnData: true,
          },
          metricQuery("elb", "HTTPCode_ELB_5XX_Count", "AWS/ApplicationELB", lb),
          metricQuery("target", "HTTPCode_Target_5XX_Count", "AWS/ApplicationELB", lb),
          metricQuery("requests", "RequestCount", "AWS/ApplicationELB", lb),
        ],
      }),
      "target-response-time": alarm("target-response-time", {
        alarmDescription: `p90 target response time above ${t.targetResponseSeconds}s for 5 minutes`,
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        dimensions: lb,
        extendedStatistic: "p90",
        period: 60,
        evaluationPeriods: 5,
        threshold: t.targetResponseSeconds,
        comparisonOperator: "GreaterThanThreshold",
      }),
      "unhealthy-targets": alarm("unhealthy-targets", {
        alarmDescription: "A target has failed its health check for 3 minutes",
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { ...lb, TargetGroup: args.targetGroupArnSuffix },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 3,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
      }),
      "failed-nodes": alarm("failed-nodes", {
        alarmDescription: "A node has failed for 5 minutes (Container Insights)",
        namespace: "ContainerInsights",
        metricName: "cluster_failed_node_count",
        dimensions: { ClusterName: args.clusterName },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 5,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
      }),
      "node-capacity": alarm("node-capacity", {
        alarmDescription: `Fewer than ${args.minimumNodes} nodes for 5 minutes: an AZ or node group has lost capacity`,
        namespace: "ContainerInsights",
        metricName: "cluster_node_count",
        dimensions: { ClusterName: args.clusterName },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 5,
        threshold: args.minimumNodes,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
      }),
      "db-cpu": alarm("db-cpu", {
        alarmDescription: `Aurora CPU above ${t.databaseCpuPercent}% for 10 minutes`,
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions: db,
        statistic: "Average",
        period: 60,
        evaluationPeriods: 10,
        threshold: t.databaseCpuPercent,
        comparisonOperator: "GreaterThanThreshold",
      }),
      "db-freeable-memory": alarm("db-freeable-memory", {
        alarmDescription: `Aurora freeable memory below ${t.databaseFreeableMemoryMiB} MiB for 10 minutes`,
        namespace: "AWS/RDS",
        metricName: "FreeableMemory",
        dimensions: db,
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 10,
        threshold: t.databaseFreeableMemoryMiB * 1024 * 1024,
        comparisonOperator: "LessThanThreshold",
      }),
      "db-replica-lag": alarm("db-replica-lag", {
        alarmDescription: `Aurora replica lag above ${t.replicaLagMs} ms for 5 minutes`,
        namespace: "AWS/RDS",
        metricName: "AuroraReplicaLagMaximum",
        dimensions: db,
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 5,
        threshold: t.replicaLagMs,
        comparisonOperator: "GreaterThanThreshold",
      }),
      "dead-letters": alarm("dead-letters", {
        alarmDescription: "Messages are landing in the dead-letter queue",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: args.deadLetterQueueName },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
      }),
    };

    this.topicArn = topic.arn;
    this.alarmArns = Object.fromEntries(Object.entries(alarms).map(([k, a]) => [k, a.arn]));
    this.registerOutputs({ topicArn: this.topicArn, alarmArns: this.alarmArns });
  }
}

function metricQuery(
  id: string,
  metricName: string,
  namespace: string,
  dimensions: Record<string, pulumi.Input<string>>,
): aws.types.input.cloudwatch.MetricAlarmMetricQuery {
  return { id, metric: { metricName, namespace, dimensions, period: 60, stat: "Sum" } };
}
