import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { createEncryptedLogGroup, policyDocument, serviceTrust } from "../aws";
import { ReplicatedBucket } from "../data";
import { physicalName } from "../naming";

/** Arguments of {@link GcsReturn}. Pass the Google Cloud provider in opts (`providers: { gcp }`). */
export interface GcsReturnArgs {
  /** The GCS bucket the site wrote while it was active (`GcsReplica.bucketName`). */
  readonly sourceBucketName: pulumi.Input<string>;
  /** The bucket's CMEK key, when it has one: the reader must decrypt with it. @default none */
  readonly sourceKmsKeyId?: pulumi.Input<string>;
  /** The primary's S3 bucket the objects go back to, and the key its objects are encrypted with. */
  readonly destination: ReplicatedBucket;
  /** The primary's AWS provider: DataSync runs in the destination's Region. */
  readonly awsProvider: aws.Provider;
  /** Days the task's log is kept. @default 30 */
  readonly logRetentionDays?: number;
}

/**
 * GcsReturn is the way objects come back from Google Cloud: Storage Transfer Service cannot write to S3, so an
 * AWS DataSync task in the primary's Region reads the GCS bucket through Cloud Storage's S3-compatible XML API
 * (`storage.googleapis.com`, an HMAC key of a service account that may only read that bucket) and writes the
 * S3 bucket, agentless (Enhanced mode). It copies what changed and never deletes in S3 what GCS lacks (the same
 * rule as the way out: a delete is never replicated). It has no schedule: the failback runbook starts it, after
 * the write freeze, and reads its report (docs/runbooks/failback.md#b1-copy-the-data-back-to-seoul); nothing
 * runs, and nothing is charged (DataSync bills per gigabyte copied), until then.
 * @see https://docs.aws.amazon.com/datasync/latest/userguide/API_CreateLocationObjectStorage.html
 * @see https://docs.aws.amazon.com/datasync/latest/userguide/choosing-task-mode.html
 * @see https://cloud.google.com/storage/docs/authentication/hmackeys
 */
export class GcsReturn extends pulumi.ComponentResource {
  /** The DataSync task the failback runbook starts (`aws datasync start-task-execution`). */
  public readonly taskArn: pulumi.Output<string>;

  constructor(name: string, args: GcsReturnArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gcpdata:GcsReturn", name, {}, opts);
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const onAws = { parent: this, provider: args.awsProvider };

    // The reader: a service account that may list and read the one bucket (and decrypt its objects), and
    // nothing else; its HMAC key is what DataSync signs with, kept secret in the stack's state.
    const reader = new gcp.serviceaccount.Account(
      `${name}-reader`,
      {
        accountId: physicalName(`${name}-reader`, stack, 30),
        displayName: `DataSync reads ${name} back to S3 (${stack})`,
      },
      parent,
    );
    const grants: pulumi.Resource[] = [
      new gcp.storage.BucketIAMMember(
        `${name}-reader`,
        { bucket: args.sourceBucketName, role: "roles/storage.legacyBucketReader", member: reader.member },
        parent,
      ),
      new gcp.storage.BucketIAMMember(
        `${name}-reader-objects`,
        { bucket: args.sourceBucketName, role: "roles/storage.legacyObjectReader", member: reader.member },
        parent,
      ),
    ];
    if (args.sourceKmsKeyId !== undefined) {
      grants.push(
        new gcp.kms.CryptoKeyIAMMember(
          `${name}-reader-decrypts`,
          { cryptoKeyId: args.sourceKmsKeyId, role: "roles/cloudkms.cryptoKeyDecrypter", member: reader.member },
          parent,
        ),
      );
    }
    const hmac = new gcp.storage.HmacKey(name, { serviceAccountEmail: reader.email }, parent);

    const source = new aws.datasync.LocationObjectStorage(
      `${name}-gcs`,
      {
        serverHostname: "storage.googleapis.com",
        serverProtocol: "HTTPS",
        serverPort: 443,
        bucketName: args.sourceBucketName,
        accessKey: hmac.accessId,
        secretKey: pulumi.secret(hmac.secret),
        // No agentArns: an agentless cross-cloud location, which needs an Enhanced mode task.
      },
      { ...onAws, dependsOn: grants },
    );

    const role = new aws.iam.Role(
      `${name}-writer`,
      { assumeRolePolicy: serviceTrust("datasync.amazonaws.com", "sts:AssumeRole") },
      onAws,
    );
    const access = new aws.iam.RolePolicy(
      `${name}-writer`,
      {
        role: role.id,
        policy: policyDocument([
          {
            Sid: "Bucket",
            Effect: "Allow",
            Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
            Resource: [args.destination.bucketArn],
          },
          {
            Sid: "Objects",
            Effect: "Allow",
            Action: [
              "s3:AbortMultipartUpload",
              "s3:GetObject",
              "s3:GetObjectTagging",
              "s3:ListMultipartUploadParts",
              "s3:PutObject",
              "s3:PutObjectTagging",
            ],
            Resource: [pulumi.interpolate`${args.destination.bucketArn}/*`],
          },
          {
            Sid: "BucketKey",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: [args.destination.kmsKeyArn],
          },
        ]),
      },
      onAws,
    );
    const destination = new aws.datasync.S3Location(
      `${name}-s3`,
      { s3BucketArn: args.destination.bucketArn, subdirectory: "/", s3Config: { bucketAccessRoleArn: role.arn } },
      { ...onAws, dependsOn: [access] },
    );

    const log = createEncryptedLogGroup(this, `${name}-task`, {
      name: `/aws/datasync/${physicalName(name, stack)}`,
      retentionInDays: args.logRetentionDays ?? 30,
    });
    const task = new aws.datasync.Task(
      name,
      {
        name: physicalName(name, stack),
        sourceLocationArn: source.arn,
        destinationLocationArn: destination.arn,
        taskMode: "ENHANCED",
        cloudwatchLogGroupArn: log.arn,
        options: {
          // Only what changed since the last run; never delete in S3 what GCS does not have.
          transferMode: "CHANGED",
          overwriteMode: "ALWAYS",
          preserveDeletedFiles: "PRESERVE",
          verifyMode: "ONLY_FILES_TRANSFERRED",
          // Cloud Storage's XML API has no object tagging: asking to copy tags fails the task.
          objectTags: "NONE",
          // Objects carry no POSIX metadata: nothing to read or keep.
          atime: "NONE",
          uid: "NONE",
          gid: "NONE",
          posixPermissions: "NONE",
          logLevel: "TRANSFER",
        },
      },
      onAws,
    );

    this.taskArn = task.arn;
    this.registerOutputs({ taskArn: this.taskArn });
  }
}
