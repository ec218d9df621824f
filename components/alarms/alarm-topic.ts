import * as aws from "@pulumi/aws";
import { awsContext, createCustomerKey } from "../aws";
import * as pulumi from "@pulumi/pulumi";

/** Who hears an alarm: the same targets on every alarm topic and every Cloud Monitoring alert policy. */
export interface AlarmSubscribers {
  /** One address, subscribed with the email protocol (SNS mails a confirmation link first). @default none */
  readonly email?: string;
  /** https URLs (a pager integration's webhook), subscribed with the https protocol. @default none */
  readonly httpsEndpoints?: readonly string[];
}

/**
 * An SNS topic for CloudWatch alarms, encrypted with a customer key whose policy lets CloudWatch publish
 * (without that statement, alarms on an encrypted topic fail silently), with a subscription per target and
 * an alarm on the topic's failed deliveries. Created as children of `parent`, named from `name`.
 *
 * The failed-delivery alarm notifies the topic it watches: CloudWatch only notifies topics of its own region
 * (PutMetricAlarm rejects another region's topic) and SNS publishes the metric in the topic's region, so the
 * other region's topic is out of reach. A subscription that fails is reported to the topic's other
 * subscribers; name both an email and an https endpoint so that there is another.
 */
export function createAlarmTopic(
  parent: pulumi.Resource,
  name: string,
  subscribers: AlarmSubscribers = {},
): aws.sns.Topic {
  const key = createCustomerKey(parent, `${name}-topic`, {
    description: "Alarm notifications",
    context: awsContext(parent),
    // Only the notifications are encrypted with it; nothing is lost if a teardown deletes it.
    protect: false,
    serviceStatements: [
      {
        Sid: "CloudWatchPublishes",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
      },
    ],
  });
  const topic = new aws.sns.Topic(name, { kmsMasterKeyId: key.arn }, { parent });
  if (subscribers.email !== undefined) {
    // An email subscription delivers nothing until the address confirms it; SNS never confirms it by itself.
    new aws.sns.TopicSubscription(
      name,
      { topic: topic.arn, protocol: "email", endpoint: subscribers.email, endpointAutoConfirms: false },
      { parent },
    );
  }
  (subscribers.httpsEndpoints ?? []).forEach((endpoint, i) => {
    new aws.sns.TopicSubscription(
      `${name}-https-${i + 1}`,
      { topic: topic.arn, protocol: "https", endpoint },
      { parent },
    );
  });
  const actions = [topic.arn];
  new aws.cloudwatch.MetricAlarm(
    `${name}-notifications-failed`,
    {
      alarmDescription: "SNS failed to deliver an alarm notification to a subscriber (after its retries)",
      namespace: "AWS/SNS",
      metricName: "NumberOfNotificationsFailed",
      dimensions: { TopicName: topic.name },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      // SNS publishes the metric only while it delivers: no data is no failure.
      treatMissingData: "notBreaching",
      alarmActions: actions,
      okActions: actions,
    },
    { parent },
  );
  return topic;
}

/** Arguments of {@link AlarmTopic}. Its region is its provider's. */
export interface AlarmTopicArgs {
  /** The topic's subscribers (an email must confirm by mail). @default no subscription */
  readonly subscribers?: AlarmSubscribers;
}

/**
 * AlarmTopic is an alarm topic on its own, for alarms that must live in another region than the site's:
 * Route 53 health-check metrics exist only in us-east-1, and an alarm notifies topics in its own region.
 */
export class AlarmTopic extends pulumi.ComponentResource {
  public readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:alarms:AlarmTopic", name, {}, opts);
    this.topicArn = createAlarmTopic(this, name, args.subscribers).arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
