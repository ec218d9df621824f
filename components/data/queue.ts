import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, createCustomerKey, denyInsecureTransport, policyDocument } from "../aws";
import { physicalName } from "../naming";
import { failOnProblems, intRange } from "../problems";

/** Arguments of {@link Queue}. Its region is its provider's: pass `providers: { aws }` in opts. */
export interface QueueArgs {
  /** Pulumi `protect` on both queues and the KMS key: `pulumi destroy` refuses to delete them. */
  readonly protect: boolean;
  /** Receives after which a message that keeps failing moves to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** Seconds a received message stays hidden from other consumers; above the longest handler. @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** Seconds the queue keeps an unconsumed message. @default 345600 (4 days, the SQS default) */
  readonly messageRetentionSeconds?: number;
}

/**
 * The longest SQS keeps a message, and the DLQ's retention. A dead-lettered message keeps its original
 * enqueue time, so the DLQ must keep messages at least as long as the source queue or they expire unseen.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 */
const FOURTEEN_DAYS = 14 * 24 * 3600;

/**
 * Queue is an SQS standard queue with a dead-letter queue, both encrypted with one customer KMS key and
 * refusing plain-HTTP requests. Only this queue may dead-letter into its DLQ.
 */
export class Queue extends pulumi.ComponentResource {
  public readonly queueUrl: pulumi.Output<string>;
  public readonly queueArn: pulumi.Output<string>;
  public readonly queueName: pulumi.Output<string>;
  public readonly deadLetterQueueArn: pulumi.Output<string>;
  public readonly deadLetterQueueName: pulumi.Output<string>;
  public readonly kmsKeyArn: pulumi.Output<string>;

  constructor(name: string, args: QueueArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Queue", name, {}, opts);
    const maxReceiveCount = args.maxReceiveCount ?? 5;
    const visibilityTimeoutSeconds = args.visibilityTimeoutSeconds ?? 30;
    const messageRetentionSeconds = args.messageRetentionSeconds ?? 4 * 24 * 3600;
    failOnProblems(this, `Queue ${name}`, [
      ...intRange("maxReceiveCount", maxReceiveCount, 1, 1000, "SQS redrives after 1 to 1000 receives"),
      ...intRange("visibilityTimeoutSeconds", visibilityTimeoutSeconds, 0, 43200, "SQS hides a message 0 s to 12 h"),
      ...intRange("messageRetentionSeconds", messageRetentionSeconds, 60, FOURTEEN_DAYS, "SQS keeps 60 s to 14 days"),
    ]);
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const stateful = { parent: this, protect: args.protect };

    // The root-only policy is enough: SQS uses the key with the permissions of the IAM principal that
    // sends or receives, which the root statement delegates to IAM. An AWS service that publishes as
    // itself (SNS, EventBridge, S3 notifications) would need a statement added for its principal.
    const key = createCustomerKey(this, `${name}-key`, {
      description: `SQS ${name} (${stack}): messages at rest in the queue and its dead-letter queue`,
      context: awsContext(this),
      protect: args.protect,
      alias: name,
    });
    const encryption = {
      kmsMasterKeyId: key.arn,
      // Five minutes of data-key reuse: far fewer KMS calls (cost, throttling) for a short exposure.
      kmsDataKeyReusePeriodSeconds: 300,
    };

    const deadLetterQueue = new aws.sqs.Queue(
      `${name}-dlq`,
      { name: physicalName(`${name}-dlq`, stack, 80), messageRetentionSeconds: FOURTEEN_DAYS, ...encryption },
      stateful,
    );
    const queue = new aws.sqs.Queue(
      name,
      {
        name: physicalName(name, stack, 80),
        visibilityTimeoutSeconds,
        messageRetentionSeconds,
        redrivePolicy: deadLetterQueue.arn.apply((deadLetterTargetArn) =>
          JSON.stringify({ deadLetterTargetArn, maxReceiveCount }),
        ),
        ...encryption,
      },
      stateful,
    );
    // A separate resource (not the DLQ's inline argument): the DLQ must exist before the queue that
    // names it, and this policy names the queue.
    new aws.sqs.RedriveAllowPolicy(
      `${name}-dlq`,
      {
        queueUrl: deadLetterQueue.url,
        redriveAllowPolicy: queue.arn.apply((arn) =>
          JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arn] }),
        ),
      },
      parent,
    );
    for (const [logical, q] of [
      [name, queue],
      [`${name}-dlq`, deadLetterQueue],
    ] as const) {
      new aws.sqs.QueuePolicy(
        logical,
        { queueUrl: q.url, policy: policyDocument([denyInsecureTransport("sqs:*", [q.arn])]) },
        parent,
      );
    }

    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.queueName = queue.name;
    this.deadLetterQueueArn = deadLetterQueue.arn;
    this.deadLetterQueueName = deadLetterQueue.name;
    this.kmsKeyArn = key.arn;
    this.registerOutputs({
      queueUrl: this.queueUrl,
      queueArn: this.queueArn,
      queueName: this.queueName,
      deadLetterQueueArn: this.deadLetterQueueArn,
      deadLetterQueueName: this.deadLetterQueueName,
      kmsKeyArn: this.kmsKeyArn,
    });
  }
}
