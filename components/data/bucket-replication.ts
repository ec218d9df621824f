import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, regionOf, serviceTrust } from "../aws";

/** One side of the replication: a versioned bucket and the key its objects are encrypted with. */
export interface ReplicatedBucket {
  /** The bucket's name (its id). */
  readonly bucketName: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
}

/** The replication rule's id: the `RuleId` dimension of its replication metrics. */
export const OBJECT_REPLICATION_RULE_ID = "to-secondary";
/** The way back's rule id, from the secondary's bucket to the primary's. */
export const OBJECT_RETURN_RULE_ID = "to-primary";
/** Replication Time Control's promise: 99.99 % of objects within this many minutes. */
export const RTC_MINUTES = 15;

/** Arguments of {@link BucketReplication}. Its region is the source's: pass the source's provider. */
export interface BucketReplicationArgs {
  readonly source: ReplicatedBucket;
  /** The destination, in another region, re-encrypted under its own key. */
  readonly destination: ReplicatedBucket;
  /** What must exist first: both buckets with versioning enabled (S3 refuses replication otherwise). */
  readonly after: pulumi.Resource[];
  /** The rule's id, the `RuleId` dimension of its metrics. @default {@link OBJECT_REPLICATION_RULE_ID} */
  readonly ruleId?: string;
  /**
   * Half of a two-way pair (the other half replicates the destination back to the source): replica
   * modification sync also sends changes to the metadata of replicas (tags, ACLs, lock settings), so whichever
   * bucket is written, both end the same. S3 never replicates a replica again, so the pair does not loop.
   * @default false
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-for-metadata-changes.html
   */
  readonly twoWay?: boolean;
}

/**
 * BucketReplication copies every object (and delete marker) of the source bucket to the destination
 * with Replication Time Control: 99.99 % of objects within 15 minutes, with replication metrics and
 * events at the same 15-minute threshold, the only value RTC accepts. SSE-KMS objects are decrypted
 * with the source key and re-encrypted with the destination's, through a role S3 assumes that can do
 * exactly that and nothing more. Two of them, one each way with `twoWay`, keep both buckets the same whichever
 * site writes: what Tokyo receives while it serves is in Seoul when Seoul is back.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html
 */
export class BucketReplication extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: BucketReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:BucketReplication", name, {}, opts);
    const parent = { parent: this };
    const sourceRegion = regionOf(this);
    const { source, destination } = args;

    const role = new aws.iam.Role(
      name,
      { assumeRolePolicy: serviceTrust("s3.amazonaws.com", "sts:AssumeRole") },
      parent,
    );
    const policy = new aws.iam.RolePolicy(
      name,
      {
        role: role.id,
        policy: policyDocument([
          {
            Sid: "ReadReplicationConfiguration",
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: [source.bucketArn],
          },
          {
            Sid: "ReadSourceVersions",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: [pulumi.interpolate`${source.bucketArn}/*`],
          },
          {
            Sid: "WriteReplicas",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: [pulumi.interpolate`${destination.bucketArn}/*`],
          },
          {
            Sid: "DecryptSource",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: [source.kmsKeyArn],
            Condition: { StringLike: { "kms:ViaService": pulumi.interpolate`s3.${sourceRegion}.amazonaws.com` } },
          },
          {
            Sid: "EncryptReplicas",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey"],
            Resource: [destination.kmsKeyArn],
          },
        ]),
      },
      parent,
    );

    new aws.s3.BucketReplicationConfig(
      name,
      {
        bucket: source.bucketName,
        role: role.arn,
        rules: [
          {
            id: args.ruleId ?? OBJECT_REPLICATION_RULE_ID,
            status: "Enabled",
            priority: 1,
            filter: {},
            deleteMarkerReplication: { status: "Enabled" },
            sourceSelectionCriteria: {
              sseKmsEncryptedObjects: { status: "Enabled" },
              ...(args.twoWay ? { replicaModifications: { status: "Enabled" } } : {}),
            },
            destination: {
              bucket: destination.bucketArn,
              storageClass: "STANDARD",
              encryptionConfiguration: { replicaKmsKeyId: destination.kmsKeyArn },
              replicationTime: { status: "Enabled", time: { minutes: RTC_MINUTES } },
              metrics: { status: "Enabled", eventThreshold: { minutes: RTC_MINUTES } },
            },
          },
        ],
      },
      { parent: this, dependsOn: [policy, ...args.after] },
    );

    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
