/**
 * IAM documents for the AWS role Storage Transfer Service assumes to read an S3 bucket. Pure functions of
 * plain values, so they are tested without the mock engine.
 * @see https://cloud.google.com/storage-transfer/docs/source-amazon-s3#federated_identity
 */

/**
 * Trust policy: only Google's STS identity for ONE project's Storage Transfer service agent may assume the
 * role, by web identity federation (no AWS access key exists). `subjectId` is the agent's unique ID
 * (`getTransferProjectServiceAccount().subjectId`): any other Google identity, even another project's
 * transfer agent, presents a different `sub` and is refused.
 */
export function transferTrustPolicy(subjectId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "StorageTransferServiceOfOneProject",
        Effect: "Allow",
        Principal: { Federated: "accounts.google.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { "accounts.google.com:sub": subjectId } },
      },
    ],
  });
}

/** What the transfer reads. */
export interface TransferReadScope {
  /** The AWS partition ("aws"), from the AWS provider. */
  readonly partition: string;
  readonly bucketName: string;
  /** The SQS queue S3 event notifications go to, for event-driven transfers. */
  readonly eventQueueArn?: string;
  /** KMS keys the objects and the queue's messages are encrypted with (SSE-KMS, SQS SSE-KMS). */
  readonly kmsKeyArns: readonly string[];
}

/**
 * Permissions policy, least privilege: list and locate the one bucket, read its objects; with an event
 * queue, receive and delete that queue's messages; decrypt with the listed keys only. No write, delete or
 * policy action on S3: the transfer can never change the primary's data.
 */
export function transferReadPolicy(s: TransferReadScope): string {
  const bucketArn = `arn:${s.partition}:s3:::${s.bucketName}`;
  const statements: Record<string, unknown>[] = [
    {
      Sid: "ListAndLocateTheSourceBucket",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:GetBucketLocation"],
      Resource: bucketArn,
    },
    { Sid: "ReadTheSourceObjects", Effect: "Allow", Action: "s3:GetObject", Resource: `${bucketArn}/*` },
  ];
  if (s.eventQueueArn !== undefined) {
    statements.push({
      Sid: "ConsumeTheBucketEventQueue",
      Effect: "Allow",
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
      Resource: s.eventQueueArn,
    });
  }
  if (s.kmsKeyArns.length > 0) {
    statements.push({
      Sid: "DecryptObjectsAndEvents",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: [...s.kmsKeyArns],
    });
  }
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
