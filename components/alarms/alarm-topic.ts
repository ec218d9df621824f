import * as aws from "@pulumi/aws";
import { awsContext, createCustomerKey } from "../aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * An SNS topic for CloudWatch alarms, encrypted with a customer key whose policy lets CloudWatch publish
 * (without that statement, alarms on an encrypted topic fail silently), with an optional e-mail
 * subscriber. Created as children of `parent`, named from `name`.
 */
export function createAlarmTopic(parent: pulumi.Resource, name: string, email?: string): aws.sns.Topic {
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
  if (email !== undefined) {
    new aws.sns.TopicSubscription(name, { topic: topic.arn, protocol: "email", endpoint: email }, { parent });
  }
  return topic;
}

/** Arguments of {@link AlarmTopic}. Its region is its provider's. */
export interface AlarmTopicArgs {
  /** Subscriber to the topic (must confirm by mail). @default no subscription */
  readonly email?: string;
}

/**
 * AlarmTopic is an alarm topic on its own, for alarms that must live in another region than the site's:
 * Route 53 health-check metrics exist only in us-east-1, and an alarm notifies topics in its own region.
 */
export class AlarmTopic extends pulumi.ComponentResource {
  public readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:alarms:AlarmTopic", name, {}, opts);
    this.topicArn = createAlarmTopic(this, name, args.email).arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
