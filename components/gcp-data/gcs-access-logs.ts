import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";

/**
 * The group Cloud Storage delivers usage and storage logs as: it needs to create objects in the log bucket.
 * @see https://cloud.google.com/storage/docs/access-logs#delivery
 */
export const GCS_LOG_WRITER = "group:cloud-storage-analytics@google.com";

/** What {@link createGcsAccessLogBucket} needs besides its parent and name. */
export interface GcsAccessLogBucketArgs {
  /** The logged bucket's location: logs stay where the data is. */
  readonly location: string;
  /** Days a log object is kept (an audit log: the environment's audit retention). */
  readonly retentionDays: number;
  /** The Cloud KMS key the logged bucket uses; logs are encrypted with it too. @default Google-managed */
  readonly kmsKeyName?: pulumi.Input<string>;
  /** The project ID, which makes the (global) bucket name ours. */
  readonly projectId: pulumi.Input<string>;
  /** Pulumi `protect`: access logs are audit records wherever their bucket is protected. */
  readonly protect: boolean;
  /** Let `pulumi destroy` delete the bucket with its logs (teardown environments). @default false */
  readonly forceDestroy?: boolean;
  /** What must exist before the bucket can use the key (the key's grant). @default none */
  readonly dependsOn?: pulumi.Resource[];
  readonly labels?: Record<string, string>;
}

/** The bucket to name in the logged bucket's `logging.logBucket`, once the log writer may write to it. */
export interface GcsAccessLogBucket {
  readonly bucketName: pulumi.Output<string>;
  /** Wait for these before enabling logging, so the first hour's logs are not refused. */
  readonly ready: pulumi.Resource[];
}

/**
 * A bucket that receives another bucket's hourly usage logs (every request: who, what, when, from where) and
 * daily storage logs: uniform access, public access prevented, no versioning (logs are written once), logs
 * deleted after `retentionDays`, and the log writer allowed to create objects and nothing else. Cloud Audit
 * Logs' Data Access logs are the alternative Google recommends for continuous delivery; they are a project-wide
 * setting (one authoritative audit config per service), which a component should not own, so this bucket is
 * the per-bucket record (docs/security.md#object-access-logs-on-google-cloud).
 * @see https://cloud.google.com/storage/docs/access-logs
 */
export function createGcsAccessLogBucket(
  parent: pulumi.Resource,
  name: string,
  args: GcsAccessLogBucketArgs,
): GcsAccessLogBucket {
  const logsName = `${name}-access-logs`;
  const bucket = new gcp.storage.Bucket(
    logsName,
    {
      name: pulumi
        .output(args.projectId)
        .apply((id) => `${physicalName(logsName, pulumi.getStack(), 62 - id.length)}-${id}`),
      location: args.location.toUpperCase(),
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      encryption: args.kmsKeyName !== undefined ? { defaultKmsKeyName: args.kmsKeyName } : undefined,
      lifecycleRules: [{ action: { type: "Delete" }, condition: { age: args.retentionDays } }],
      forceDestroy: args.forceDestroy ?? false,
      labels: args.labels,
    },
    { parent, protect: args.protect, dependsOn: args.dependsOn },
  );
  const writer = new gcp.storage.BucketIAMMember(
    logsName,
    { bucket: bucket.name, role: "roles/storage.objectCreator", member: GCS_LOG_WRITER },
    { parent },
  );
  return { bucketName: bucket.name, ready: [writer] };
}
