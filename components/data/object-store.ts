import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, createCustomerKey, denyInsecureTransport, policyDocument, regionOf } from "../aws";
import { physicalName } from "../naming";
import { failOnProblems, intRange } from "../problems";

/** Arguments of {@link ObjectStore}. Its region is its provider's: pass `providers: { aws }` in opts. */
export interface ObjectStoreArgs {
  /** Pulumi `protect` on both buckets and the KMS key: `pulumi destroy` refuses to delete them. */
  readonly protect: boolean;
  /** Let deleting a bucket delete every object version in it first (dev teardown). @default false */
  readonly forceDestroy?: boolean;
  /** Days a replaced or deleted object version is kept, to undo an overwrite or a delete. @default 30 */
  readonly noncurrentVersionDays?: number;
  /** Days to keep the server access logs. @default 90 */
  readonly logRetentionDays?: number;
  /**
   * Tags on the object bucket that fault-injection experiments select it by, such as the one the
   * region-isolation drill pauses replication by (components/resilience FIS_TARGET_TAGS).
   * @default none
   */
  readonly faultInjectionTags?: Readonly<Record<string, string>>;
}

/**
 * ObjectStore is an S3 bucket for application objects: versioned, SSE-KMS with its own key and S3 Bucket
 * Keys, public access blocked, ACLs disabled, TLS-only, lifecycle-trimmed, with server access logs in a
 * separate log bucket. Issue 4 adds cross-region replication with Replication Time Control; versioning,
 * which replication requires, is already on.
 */
export class ObjectStore extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly kmsKeyArn: pulumi.Output<string>;
  public readonly logBucketName: pulumi.Output<string>;

  constructor(name: string, args: ObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:ObjectStore", name, {}, opts);
    const noncurrentDays = args.noncurrentVersionDays ?? 30;
    const logRetentionDays = args.logRetentionDays ?? 90;
    failOnProblems(this, `ObjectStore ${name}`, [
      ...intRange("noncurrentVersionDays", noncurrentDays, 1, 36500, "S3 counts lifecycle days from 1"),
      ...intRange("logRetentionDays", logRetentionDays, 1, 36500, "S3 counts lifecycle days from 1"),
    ]);
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const stateful = { parent: this, protect: args.protect };
    const forceDestroy = args.forceDestroy ?? false;
    const context = awsContext(this);
    const region = regionOf(this);
    // Bucket names are global across all AWS accounts: the account and region make them ours and let the
    // same component run in the secondary region of the same stack.
    const bucketName = (logical: string) =>
      pulumi.all([context.accountId, region]).apply(([account, r]) => {
        const suffix = `-${account}-${r}`;
        return `${physicalName(logical, stack, 63 - suffix.length)}${suffix}`;
      });

    const key = createCustomerKey(this, `${name}-key`, {
      description: `S3 ${name} (${stack}): objects at rest`,
      context,
      protect: args.protect,
      alias: name,
    });

    // The region-isolation drill pauses replication of the buckets carrying its tag (components/resilience).
    const bucket = new aws.s3.Bucket(
      name,
      { bucket: bucketName(name), forceDestroy, tags: args.faultInjectionTags && { ...args.faultInjectionTags } },
      stateful,
    );
    const logs = this.createLogBucket(`${name}-logs`, bucketName(`${name}-logs`), {
      forceDestroy,
      protect: args.protect,
      retentionDays: logRetentionDays,
      noncurrentDays,
      accountId: context.accountId,
      sourceArn: bucket.arn,
    });

    const versioning = new aws.s3.BucketVersioning(
      name,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
            // Bucket Keys cut KMS requests (and their cost) by up to 99 %.
            bucketKeyEnabled: true,
            blockedEncryptionTypes: ["SSE-C"],
          },
        ],
      },
      parent,
    );
    const publicAccessBlock = this.blockPublicAccess(name, bucket);
    new aws.s3.BucketPolicy(
      name,
      {
        bucket: bucket.id,
        policy: policyDocument([denyInsecureTransport("s3:*", [bucket.arn, pulumi.interpolate`${bucket.arn}/*`])]),
      },
      // S3 rejects concurrent policy and public-access-block writes on one bucket (OperationAborted).
      { parent: this, dependsOn: [publicAccessBlock] },
    );
    new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays },
          },
          {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      // Noncurrent-version rules need versioning configured first.
      { parent: this, dependsOn: [versioning] },
    );
    new aws.s3.BucketLogging(
      name,
      {
        bucket: bucket.id,
        targetBucket: logs.bucket.id,
        targetPrefix: "access-logs/",
        // Date-partitioned keys let Athena prune by day.
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      },
      // Delivery starts at once; the log bucket's policy must already let the logging service write.
      { parent: this, dependsOn: [logs.policy] },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.kmsKeyArn = key.arn;
    this.logBucketName = logs.bucket.bucket;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      kmsKeyArn: this.kmsKeyArn,
      logBucketName: this.logBucketName,
    });
  }

  /** All four public access settings on: neither ACLs nor policies can make anything public. */
  private blockPublicAccess(name: string, bucket: aws.s3.Bucket): aws.s3.BucketPublicAccessBlock {
    const parent = { parent: this };
    new aws.s3.BucketOwnershipControls(
      name,
      // ACLs disabled: the bucket owner owns every object, and access is decided by policies alone.
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      parent,
    );
    return new aws.s3.BucketPublicAccessBlock(
      name,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      parent,
    );
  }

  /**
   * The server access log bucket. Its default encryption is SSE-S3 because S3 server access logging
   * cannot deliver to a bucket whose default encryption is SSE-KMS.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
   */
  private createLogBucket(
    name: string,
    bucketName: pulumi.Output<string>,
    o: {
      forceDestroy: boolean;
      protect: boolean;
      retentionDays: number;
      noncurrentDays: number;
      accountId: pulumi.Output<string>;
      sourceArn: pulumi.Output<string>;
    },
  ) {
    const parent = { parent: this };
    const bucket = new aws.s3.Bucket(
      name,
      { bucket: bucketName, forceDestroy: o.forceDestroy },
      { parent: this, protect: o.protect },
    );
    // Versioned so a deleted or overwritten log can be recovered during an investigation.
    const versioning = new aws.s3.BucketVersioning(
      name,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] }],
      },
      parent,
    );
    const publicAccessBlock = this.blockPublicAccess(name, bucket);
    new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: o.retentionDays },
            noncurrentVersionExpiration: { noncurrentDays: o.noncurrentDays },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );
    const policy = new aws.s3.BucketPolicy(
      name,
      {
        bucket: bucket.id,
        policy: policyDocument([
          {
            // With ACLs disabled, log delivery is granted to the logging service principal by policy,
            // only for our source bucket in our account (no confused deputy).
            Sid: "AllowServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${bucket.arn}/*`,
            Condition: {
              ArnLike: { "aws:SourceArn": o.sourceArn },
              StringEquals: { "aws:SourceAccount": o.accountId },
            },
          },
          denyInsecureTransport("s3:*", [bucket.arn, pulumi.interpolate`${bucket.arn}/*`]),
        ]),
      },
      { parent: this, dependsOn: [publicAccessBlock] },
    );
    return { bucket, policy };
  }
}
