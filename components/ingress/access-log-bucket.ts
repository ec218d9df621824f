import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../aws";
import { physicalName } from "../naming";
import { albAccessLogBucketPolicy } from "./policies";

export interface AccessLogBucketOptions {
  /** Days before S3 expires a log object. */
  readonly retentionDays: pulumi.Input<number>;
  /** Whether deleting the bucket also deletes its objects. */
  readonly forceDestroy: pulumi.Input<boolean>;
  /** Pulumi `protect` on the bucket: access logs are audit records where the load balancer is protected. */
  readonly protect: boolean;
}

export interface AccessLogBucket {
  readonly bucketName: pulumi.Output<string>;
  /** What must exist before a load balancer may enable logging to the bucket. */
  readonly ready: pulumi.Resource[];
}

/**
 * An S3 bucket an ALB can write access logs to, created as children of `parent` (named from `name`):
 * SSE-S3 encryption, because ALB access logs support no other server-side encryption (SSE-KMS and DSSE-KMS
 * deliveries fail); public access blocked; ACLs disabled (BucketOwnerEnforced), so every log object is the
 * bucket owner's; TLS-only access; logs expired after `retentionDays`. No versioning: logs are written
 * once and expire, and noncurrent versions would only keep deleted logs alive.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export function createAccessLogBucket(
  parent: pulumi.Resource,
  name: string,
  options: AccessLogBucketOptions,
): AccessLogBucket {
  const opts = { parent };
  const logsName = `${name}-access-logs`;
  const bucket = new aws.s3.Bucket(
    logsName,
    {
      // Bucket names are global: a readable prefix plus the random suffix Pulumi adds (37 characters at most).
      bucketPrefix: `${physicalName(logsName, pulumi.getStack(), 36)}-`,
      forceDestroy: options.forceDestroy,
      tags: { Name: physicalName(logsName, pulumi.getStack()) },
    },
    { parent, protect: options.protect },
  );
  const publicAccess = new aws.s3.BucketPublicAccessBlock(
    logsName,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    opts,
  );
  const ownership = new aws.s3.BucketOwnershipControls(
    logsName,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    opts,
  );
  const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
    logsName,
    { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
    opts,
  );
  new aws.s3.BucketLifecycleConfiguration(
    logsName,
    {
      bucket: bucket.id,
      rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: options.retentionDays } }],
    },
    opts,
  );
  const { accountId } = awsContext(parent);
  const policy = new aws.s3.BucketPolicy(
    logsName,
    {
      bucket: bucket.id,
      policy: pulumi
        .all([bucket.arn, accountId])
        .apply(([arn, account]) => JSON.stringify(albAccessLogBucketPolicy(arn, account))),
    },
    // S3 rejects concurrent changes to one bucket's access settings; the policy goes on after the block.
    { parent, dependsOn: [publicAccess] },
  );
  return { bucketName: bucket.bucket, ready: [policy, ownership, encryption] };
}
