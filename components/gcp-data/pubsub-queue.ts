import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ArgProblem, failOnProblems, intRange } from "../problems";
import { physicalName } from "../naming";
import { createGcpKey } from "./kms-key";
import { gcpProject, serviceAgentMember } from "./project";

/**
 * Arguments of {@link PubSubQueue}. Project is its provider's: pass `providers: { gcp }` in opts; the
 * region-dependent storage region is explicit.
 */
export interface PubSubQueueArgs {
  /** The only region Pub/Sub may store the messages in (and the CMEK key's location), e.g. "asia-northeast1". */
  readonly region: string;
  /** Pulumi `protect` on the topics and subscriptions (and the key): deleting them loses messages. */
  readonly protect: boolean;
  /** Seconds a pulled message stays leased to its consumer; above the longest handler (10 to 600). @default 30 */
  readonly ackDeadlineSeconds?: number;
  /** Seconds the subscription keeps an unacknowledged message (600 s to 31 days). @default 604800 (7 days) */
  readonly messageRetentionSeconds?: number;
  /** Deliveries after which a message that keeps failing goes to the dead-letter topic (5 to 100). @default 5 */
  readonly maxDeliveryAttempts?: number;
  /** Redelivery backoff after a nack or expired lease, in seconds (0 to 600). @default 10 to 600 */
  readonly retryBackoffSeconds?: { readonly minimum: number; readonly maximum: number };
  /** Encrypt both topics with a customer-managed Cloud KMS key (created here) instead of Google's. @default false */
  readonly customerManagedKey?: boolean;
  /** Labels on the topics, subscriptions and key. @default none */
  readonly labels?: Record<string, string>;
}

/** The longest a subscription keeps messages; dead letters get all of it, to be inspected and replayed. */
const THIRTY_ONE_DAYS = 31 * 24 * 3600;

/**
 * PubSubQueue is the Google Cloud site's counterpart of the SQS queue: a topic and a pull subscription with
 * a dead-letter topic (and a subscription on it: dead letters published to a topic nobody subscribes to
 * are lost), exponential redelivery backoff, and messages stored only in the site's region. Pub/Sub's
 * service agent forwards dead letters, so it gets publisher on the dead-letter topic and subscriber on
 * the source subscription, as Pub/Sub requires. The subscriptions never expire: a passive site has no
 * consumer for weeks, and Pub/Sub deletes a subscription idle for 31 days by default.
 * @see https://cloud.google.com/pubsub/docs/handling-failures#dead_letter_topic
 */
export class PubSubQueue extends pulumi.ComponentResource {
  public readonly topicName: pulumi.Output<string>;
  /** `projects/<project>/topics/<name>`, for publishers and IAM. */
  public readonly topicId: pulumi.Output<string>;
  public readonly subscriptionName: pulumi.Output<string>;
  public readonly deadLetterTopicName: pulumi.Output<string>;
  public readonly deadLetterSubscriptionName: pulumi.Output<string>;
  /** The CMEK key, when `customerManagedKey` is set. */
  public readonly kmsKeyId?: pulumi.Output<string>;

  constructor(name: string, args: PubSubQueueArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gcpdata:PubSubQueue", name, {}, opts);
    const ackDeadlineSeconds = args.ackDeadlineSeconds ?? 30;
    const messageRetentionSeconds = args.messageRetentionSeconds ?? 7 * 24 * 3600;
    const maxDeliveryAttempts = args.maxDeliveryAttempts ?? 5;
    const backoff = args.retryBackoffSeconds ?? { minimum: 10, maximum: 600 };
    const labels = args.labels ?? {};
    failOnProblems(
      this,
      `PubSubQueue ${name}`,
      pubSubProblems(args, {
        ackDeadlineSeconds,
        messageRetentionSeconds,
        maxDeliveryAttempts,
        backoff,
      }),
    );
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const agent = serviceAgentMember(gcpProject(this).number, "pubsub");

    // Pub/Sub encrypts as its service agent, which must hold the key before a topic can use it.
    const key = args.customerManagedKey
      ? createGcpKey(this, `${name}-key`, {
          location: args.region,
          encrypters: { pubsub: agent },
          protect: args.protect,
          labels,
        })
      : undefined;
    const topicSettings = {
      kmsKeyName: key?.key.id,
      messageStoragePolicy: { allowedPersistenceRegions: [args.region] },
      labels,
    };
    const stateful = { parent: this, protect: args.protect, dependsOn: key?.grants ?? [] };

    const deadLetterTopic = new gcp.pubsub.Topic(
      `${name}-dlq`,
      { name: physicalName(`${name}-dlq`, stack, 255), ...topicSettings },
      stateful,
    );
    const topic = new gcp.pubsub.Topic(name, { name: physicalName(name, stack, 255), ...topicSettings }, stateful);
    const never = { ttl: "" };

    const subscription = new gcp.pubsub.Subscription(
      name,
      {
        name: physicalName(name, stack, 255),
        topic: topic.id,
        ackDeadlineSeconds,
        messageRetentionDuration: `${messageRetentionSeconds}s`,
        retainAckedMessages: false,
        expirationPolicy: never,
        deadLetterPolicy: { deadLetterTopic: deadLetterTopic.id, maxDeliveryAttempts },
        retryPolicy: { minimumBackoff: `${backoff.minimum}s`, maximumBackoff: `${backoff.maximum}s` },
        labels,
      },
      stateful,
    );
    const deadLetterSubscription = new gcp.pubsub.Subscription(
      `${name}-dlq`,
      {
        name: physicalName(`${name}-dlq`, stack, 255),
        topic: deadLetterTopic.id,
        ackDeadlineSeconds: 60,
        messageRetentionDuration: `${THIRTY_ONE_DAYS}s`,
        expirationPolicy: never,
        labels,
      },
      stateful,
    );

    // Without these two grants Pub/Sub counts delivery attempts but never forwards a dead letter.
    new gcp.pubsub.TopicIAMMember(
      `${name}-dlq-publisher`,
      { topic: deadLetterTopic.name, role: "roles/pubsub.publisher", member: agent },
      parent,
    );
    new gcp.pubsub.SubscriptionIAMMember(
      `${name}-subscriber`,
      { subscription: subscription.name, role: "roles/pubsub.subscriber", member: agent },
      parent,
    );

    this.topicName = topic.name;
    this.topicId = topic.id;
    this.subscriptionName = subscription.name;
    this.deadLetterTopicName = deadLetterTopic.name;
    this.deadLetterSubscriptionName = deadLetterSubscription.name;
    this.kmsKeyId = key?.key.id;
    this.registerOutputs({
      topicName: this.topicName,
      topicId: this.topicId,
      subscriptionName: this.subscriptionName,
      deadLetterTopicName: this.deadLetterTopicName,
      deadLetterSubscriptionName: this.deadLetterSubscriptionName,
      kmsKeyId: this.kmsKeyId,
    });
  }
}

function pubSubProblems(
  args: PubSubQueueArgs,
  v: {
    ackDeadlineSeconds: number;
    messageRetentionSeconds: number;
    maxDeliveryAttempts: number;
    backoff: { minimum: number; maximum: number };
  },
): ArgProblem[] {
  const problems = [
    ...intRange("ackDeadlineSeconds", v.ackDeadlineSeconds, 10, 600, "Pub/Sub leases a message 10 s to 10 min"),
    ...intRange(
      "messageRetentionSeconds",
      v.messageRetentionSeconds,
      600,
      THIRTY_ONE_DAYS,
      "a subscription keeps messages 10 min to 31 days",
    ),
    ...intRange("maxDeliveryAttempts", v.maxDeliveryAttempts, 5, 100, "Pub/Sub dead-letters after 5 to 100 deliveries"),
    ...intRange("retryBackoffSeconds.minimum", v.backoff.minimum, 0, 600, "backoff is 0 to 600 s"),
    ...intRange("retryBackoffSeconds.maximum", v.backoff.maximum, 0, 600, "backoff is 0 to 600 s"),
  ];
  if (v.backoff.minimum > v.backoff.maximum) {
    problems.push({
      path: "retryBackoffSeconds.minimum",
      message: `got ${v.backoff.minimum}, above \`retryBackoffSeconds.maximum\` (${v.backoff.maximum})`,
      fix: `pass a minimum of at most ${v.backoff.maximum}`,
    });
  }
  if (!/^[a-z]+-[a-z]+\d+$/.test(args.region)) {
    problems.push({
      path: "region",
      message: `got "${args.region}"; expected a Google Cloud region like "asia-northeast1"`,
      fix: "pass the site's region",
    });
  }
  return problems;
}
