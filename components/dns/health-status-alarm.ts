import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * An alarm on a Route 53 health check's `HealthCheckStatus` (1 healthy, 0 unhealthy, one value a minute, in
 * us-east-1): in ALARM once the check has been unhealthy for `minutes` minutes. Who hears it is the topic;
 * what missing data means is the caller's decision: the paging alarm pages on a gap (the check may be gone),
 * the alarm that starts a failover never fails a Region over on one.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html
 */
export function healthStatusAlarmArgs(a: {
  readonly healthCheckId: pulumi.Input<string>;
  readonly description: string;
  readonly topicArn: pulumi.Input<string>;
  readonly minutes: number;
  readonly treatMissingData: "breaching" | "notBreaching";
}): aws.cloudwatch.MetricAlarmArgs {
  return {
    alarmDescription: a.description,
    namespace: "AWS/Route53",
    metricName: "HealthCheckStatus",
    dimensions: { HealthCheckId: a.healthCheckId },
    statistic: "Minimum",
    period: 60,
    evaluationPeriods: a.minutes,
    threshold: 1,
    comparisonOperator: "LessThanThreshold",
    treatMissingData: a.treatMissingData,
    alarmActions: [a.topicArn],
    okActions: [a.topicArn],
  };
}
