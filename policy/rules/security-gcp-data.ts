import { GraphResource, referrers, resolve } from "@dr-platform/model";
import { asGraph } from "../lib/as-graph";
import { stackRule } from "../lib/rule";
import { at, label } from "../lib/read";
import { T } from "../lib/sites";

/** Google Cloud's data stores held to what the AWS side is held to: keys of our own, and a record of access. */

/** Where each Google Cloud data store names its Cloud KMS key. */
const KEY_PROPERTY: Readonly<Record<string, { property: string; path: string }>> = {
  [T.cloudSql]: { property: "encryptionKeyName", path: "encryptionKeyName" },
  [T.pubsubTopic]: { property: "kmsKeyName", path: "kmsKeyName" },
  [T.gcsBucket]: { property: "encryption", path: "encryption.defaultKmsKeyName" },
};

export const gcpDataEncryptedCmk = () =>
  stackRule(
    {
      name: "gcp-data-encrypted-cmk",
      area: "security",
      description:
        "Every Cloud SQL instance, Pub/Sub topic and Cloud Storage bucket is encrypted with a Cloud KMS key of the stack (CMEK), as the AWS side's stores are with KMS keys; a topic that only carries a notification channel's incidents holds no data and is exempt.",
      severity: "medium",
      remediation:
        "keep the Google Cloud site's customerManagedKeys (on by default) and the GCS replica's customerManagedKey; Cloud SQL takes a key only at creation (docs/security.md#customer-managed-keys-on-google-cloud).",
      related: [
        {
          id: "CKV_GCP_83",
          difference:
            "CKV_GCP_83 judges Pub/Sub topics only and accepts any kms_key_name; ours requires a Cloud KMS key of the stack on Cloud SQL, Pub/Sub and Cloud Storage and exempts topics that only carry a notification channel's incidents.",
        },
      ],
    },
    (resources, report) => {
      const graph = asGraph(resources);
      // A topic that only carries Cloud Monitoring's incidents to a notification channel holds no data of the
      // service (the promotion signal's): Google's key is enough there.
      const transport = (r: GraphResource) =>
        r.type === T.pubsubTopic && referrers(graph, r, "labels", T.gcpNotificationChannel).length > 0;
      for (const store of graph.resources.filter((r) => r.type in KEY_PROPERTY && !transport(r))) {
        const { property, path } = KEY_PROPERTY[store.type];
        const named = at(store.inputs, path);
        if (
          named === undefined ||
          named === null ||
          named === "" ||
          resolve(graph, store, property, T.gcpCryptoKey).length === 0
        ) {
          report(
            `${label(store)} is encrypted with a Google-managed key, not a Cloud KMS key of the stack.`,
            store.urn,
          );
        }
      }
    },
  );

/** The buckets that receive another bucket's usage logs: they are the record, not what is recorded. */
const logBuckets = (graph: ReturnType<typeof asGraph>): Set<string> =>
  new Set(
    graph.resources
      .filter((r) => r.type === T.gcsBucket)
      .flatMap((b: GraphResource) => resolve(graph, b, "logging", T.gcsBucket).map((l) => l.urn)),
  );

export const gcsAccessLogging = () =>
  stackRule(
    {
      name: "gcs-access-logging",
      area: "security",
      description:
        "Every Cloud Storage bucket (but the log buckets themselves) writes its usage logs to a log bucket of the stack that Cloud Storage's log writer may write to.",
      severity: "low",
      remediation:
        "create the bucket with a log bucket (components/gcp-data/gcs-access-logs.ts, as GcsReplica does) and name it in logging.logBucket.",
      related: [
        {
          id: "CKV_GCP_62",
          difference:
            "CKV_GCP_62 passes any logging.log_bucket and fails the log buckets themselves; ours exempts log buckets and requires a log bucket of the stack that Cloud Storage's log writer may write to.",
        },
      ],
    },
    (resources, report) => {
      const graph = asGraph(resources);
      const sinks = logBuckets(graph);
      for (const bucket of graph.resources.filter((r) => r.type === T.gcsBucket && !sinks.has(r.urn))) {
        const [logBucket] = resolve(graph, bucket, "logging", T.gcsBucket);
        if (logBucket === undefined) {
          report(`${label(bucket)} logs no access: no log bucket of the stack in logging.logBucket.`, bucket.urn);
          continue;
        }
        const writable = referrers(graph, logBucket, "bucket", T.gcpBucketIamMember).some(
          (m) =>
            m.inputs.member === "group:cloud-storage-analytics@google.com" &&
            m.inputs.role === "roles/storage.objectCreator",
        );
        if (!writable) {
          report(
            `${label(bucket)} logs to ${label(logBucket)}, which Cloud Storage's log writer may not write to.`,
            bucket.urn,
          );
        }
      }
    },
  );

export const gcpDataRules = () => [gcpDataEncryptedCmk(), gcsAccessLogging()];
