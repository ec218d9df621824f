import * as assert from "node:assert/strict";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  cloudSqlProblems,
  DEFAULT_SCHEDULE_START,
  transferReadPolicy,
  transferTrustPolicy,
} from "../../../components/gcp-data";
import { cloudResources, Graph, GraphResource } from "../../../tools/offline/graph";
import { OFFLINE_GCP_PROJECT_NUMBER, OFFLINE_TRANSFER_SUBJECT_ID } from "../../../tools/offline/mocks";
import { RenderOptions } from "../../../tools/offline/render";
import { render, under } from "../../harness";
import { TESTS_DIR } from "../../paths";

/**
 * The Google Cloud secondary site's data stores (CloudSqlPostgres, GcsReplica, PubSubQueue) rendered under
 * the mock engine from one prod-like program with explicit `gcp-secondary` and `aws-primary` providers,
 * and a program with five Cloud SQL mistakes.
 *
 * What mocks cannot prove: that Cloud SQL, Storage Transfer Service, Pub/Sub and AWS IAM accept these
 * shapes (tsc checks names and types, only `pulumi preview`/`up` the rest); that the project has the SQL
 * Admin, Service Networking, Storage Transfer, Pub/Sub and Cloud KMS APIs enabled; that DMS can demote
 * this instance and reach the source over the VPN (the exported routes are asserted, not BGP); that the
 * transfer agent's real subject ID is what the role trusts (the invoke's answer is mocked); that S3 event
 * notifications reach the queue (the caller's); that the service agents exist and the grants take effect;
 * that deletes really are not propagated. The mocks give every resource the id `<name>-id` and name GCP
 * resources' project "offline-project"; the project invoke answers with the provider's.
 */

const program = (file: string): RenderOptions => ({ stack: "prod", program: path.join(TESTS_DIR, "programs", file) });
const PROD = program("gcp-data.ts");

const typeNames = (rs: GraphResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();

function one(g: Graph, type: string, name: string): GraphResource {
  const found = cloudResources(g).filter((r) => r.type === type && r.name === name);
  assert.equal(found.length, 1, `exactly one ${type} named ${name}`);
  return found[0];
}

const providerUrn = (g: Graph, name: string) => g.resources.find((r) => r.custom && r.name === name)!.urn;
const document = (r: GraphResource, key: string) => JSON.parse(String(r.inputs[key]));

const PUBSUB_AGENT = `serviceAccount:service-${OFFLINE_GCP_PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com`;
const TRANSFER_AGENT = `serviceAccount:project-${OFFLINE_GCP_PROJECT_NUMBER}@storage-transfer-service.iam.gserviceaccount.com`;
const SOURCE = "assets-prod-123456789012-ap-northeast-2";

const EXPECTED: Record<string, string[]> = {
  "orders-db": [
    "gcp:compute/globalAddress:GlobalAddress::orders-db-psa",
    "gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig::orders-db-psa",
    "gcp:kms/cryptoKey:CryptoKey::orders-db-key",
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::orders-db-key-cloudsql",
    "gcp:kms/keyRing:KeyRing::orders-db-key",
    "gcp:projects/serviceIdentity:ServiceIdentity::orders-db-sql-agent",
    "gcp:servicenetworking/connection:Connection::orders-db-psa",
    "gcp:sql/databaseInstance:DatabaseInstance::orders-db",
  ],
  "assets-replica": [
    "aws:iam/role:Role::assets-replica-transfer",
    "aws:iam/rolePolicy:RolePolicy::assets-replica-transfer",
    "gcp:kms/cryptoKey:CryptoKey::assets-replica-key",
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::assets-replica-key-gcs",
    "gcp:kms/keyRing:KeyRing::assets-replica-key",
    "gcp:storage/bucket:Bucket::assets-replica",
    "gcp:storage/bucket:Bucket::assets-replica-access-logs",
    "gcp:storage/bucketIAMMember:BucketIAMMember::assets-replica-access-logs",
    "gcp:storage/bucketIAMMember:BucketIAMMember::assets-replica-transfer",
    "gcp:storage/transferJob:TransferJob::assets-replica",
  ],
  "logs-replica": [
    "aws:iam/role:Role::logs-replica-transfer",
    "aws:iam/rolePolicy:RolePolicy::logs-replica-transfer",
    "gcp:storage/bucket:Bucket::logs-replica",
    "gcp:storage/bucket:Bucket::logs-replica-access-logs",
    "gcp:storage/bucketIAMMember:BucketIAMMember::logs-replica-access-logs",
    "gcp:storage/bucketIAMMember:BucketIAMMember::logs-replica-transfer",
    "gcp:storage/transferJob:TransferJob::logs-replica",
  ],
  jobs: [
    "gcp:kms/cryptoKey:CryptoKey::jobs-key",
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::jobs-key-pubsub",
    "gcp:kms/keyRing:KeyRing::jobs-key",
    "gcp:pubsub/subscription:Subscription::jobs",
    "gcp:pubsub/subscription:Subscription::jobs-dlq",
    "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember::jobs-subscriber",
    "gcp:pubsub/topic:Topic::jobs",
    "gcp:pubsub/topic:Topic::jobs-dlq",
    "gcp:pubsub/topicIAMMember:TopicIAMMember::jobs-dlq-publisher",
  ],
  events: [
    "gcp:pubsub/subscription:Subscription::events",
    "gcp:pubsub/subscription:Subscription::events-dlq",
    "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember::events-subscriber",
    "gcp:pubsub/topic:Topic::events",
    "gcp:pubsub/topic:Topic::events-dlq",
    "gcp:pubsub/topicIAMMember:TopicIAMMember::events-dlq-publisher",
  ],
};

describe("Google Cloud data stores: placement", () => {
  let graph: Graph;
  before(async () => {
    graph = await render(PROD);
  });

  it("registers exactly these resources in each component, with the same names in every stack", async () => {
    for (const [component, expected] of Object.entries(EXPECTED)) {
      assert.deepEqual(typeNames(under(graph, component)), expected, component);
    }
    assert.deepEqual(typeNames(cloudResources(graph)), Object.values(EXPECTED).flat().sort());
    const staging = await render({ ...PROD, stackName: "staging" });
    assert.deepEqual(typeNames(cloudResources(staging)), typeNames(cloudResources(graph)));
  });

  it("puts every GCP resource on gcp-secondary and the transfer roles on aws-primary, never a default provider", () => {
    const gcpProvider = providerUrn(graph, "gcp-secondary");
    const awsProvider = providerUrn(graph, "aws-primary");
    for (const r of cloudResources(graph)) {
      assert.notEqual(r.provider, "", `${r.name} uses a default provider`);
      assert.equal(r.provider, r.type.startsWith("aws:") ? awsProvider : gcpProvider, `${r.type} ${r.name}`);
    }
    const onAws = cloudResources(graph).filter((r) => r.type.startsWith("aws:"));
    assert.equal(onAws.length, 4);
    assert.deepEqual([...new Set(onAws.map((r) => r.region))], ["ap-northeast-2"], "the source bucket's region");
  });
});

describe("Cloud SQL for PostgreSQL (DMS destination)", () => {
  let graph: Graph;
  let settings: Record<string, any>;
  before(async () => {
    graph = await render(PROD);
    settings = one(graph, "gcp:sql/databaseInstance:DatabaseInstance", "orders-db").inputs.settings as Record<
      string,
      any
    >;
  });

  it("is REGIONAL (a synchronous standby in another zone) on an Enterprise tier, with growing SSD storage", () => {
    const db = one(graph, "gcp:sql/databaseInstance:DatabaseInstance", "orders-db");
    assert.equal(db.inputs.databaseVersion, "POSTGRES_16");
    assert.equal(db.inputs.name, undefined, "autonamed: Cloud SQL blocks a deleted instance's name for a week");
    assert.equal(db.inputs.region, undefined, "the provider's region");
    assert.deepEqual(
      [settings.availabilityType, settings.edition, settings.tier],
      ["REGIONAL", "ENTERPRISE", "db-custom-2-7680"],
    );
    assert.deepEqual(
      [settings.diskType, settings.diskSize, settings.diskAutoresize, settings.diskAutoresizeLimit],
      ["PD_SSD", 20, true, 0],
    );
  });

  it("is encrypted with a key of its own in its region, which Cloud SQL's service agent holds first", () => {
    const db = one(graph, "gcp:sql/databaseInstance:DatabaseInstance", "orders-db");
    assert.equal(db.inputs.encryptionKeyName, "orders-db-key-id");
    assert.equal(one(graph, "gcp:kms/keyRing:KeyRing", "orders-db-key").inputs.location, "asia-northeast1");
    const grant = one(graph, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "orders-db-key-cloudsql");
    assert.equal(
      grant.inputs.member,
      `serviceAccount:service-${OFFLINE_GCP_PROJECT_NUMBER}@gcp-sa-cloud-sql.iam.gserviceaccount.com`,
    );
    const agent = one(graph, "gcp:projects/serviceIdentity:ServiceIdentity", "orders-db-sql-agent");
    assert.equal(agent.inputs.service, "sqladmin.googleapis.com");
    assert.ok(grant.dependsOn.includes(agent.urn), "the agent exists before it is granted the key");
    assert.ok(db.dependsOn.includes(grant.urn), "the instance is created once the agent may use the key");
  });

  it("backs up daily with point-in-time recovery (7 days of logs, 14 backups)", () => {
    assert.deepEqual(settings.backupConfiguration, {
      enabled: true,
      pointInTimeRecoveryEnabled: true,
      transactionLogRetentionDays: 7,
      startTime: "17:00",
      backupRetentionSettings: { retainedBackups: 14, retentionUnit: "COUNT" },
    });
  });

  it("has no public IPv4, only a private IP in a reserved range of the site's VPC, and requires TLS", () => {
    const network =
      "https://www.googleapis.com/compute/v1/projects/dr-platform-prod/global/networks/secondary-network-prod";
    assert.deepEqual(settings.ipConfiguration, {
      ipv4Enabled: false,
      privateNetwork: network,
      allocatedIpRange: "orders-db-psa-prod",
      sslMode: "ENCRYPTED_ONLY",
    });
    const range = one(graph, "gcp:compute/globalAddress:GlobalAddress", "orders-db-psa");
    assert.deepEqual(
      [
        range.inputs.purpose,
        range.inputs.addressType,
        range.inputs.address,
        range.inputs.prefixLength,
        range.inputs.network,
      ],
      ["VPC_PEERING", "INTERNAL", "10.199.0.0", 20, network],
    );
    const connection = one(graph, "gcp:servicenetworking/connection:Connection", "orders-db-psa");
    assert.deepEqual(connection.inputs, {
      network,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: ["orders-db-psa-prod"],
      deletionPolicy: "ABANDON",
    });
    const db = one(graph, "gcp:sql/databaseInstance:DatabaseInstance", "orders-db");
    assert.ok(db.dependsOn.includes(connection.urn), "the peering exists before the private IP is assigned");
  });

  it("exports the VPC's custom routes over the peering, so the instance reaches the DMS source across the VPN", () => {
    const routes = one(graph, "gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig", "orders-db-psa");
    assert.deepEqual(routes.inputs, {
      network: "secondary-network-prod",
      peering: "servicenetworking-googleapis-com",
      exportCustomRoutes: true,
      importCustomRoutes: false,
    });
  });

  it("is protected in Pulumi and in Cloud SQL, with a maintenance window and query insights", () => {
    const db = one(graph, "gcp:sql/databaseInstance:DatabaseInstance", "orders-db");
    assert.deepEqual(
      [db.protect, db.inputs.deletionProtection, settings.deletionProtectionEnabled],
      [true, true, true],
    );
    assert.deepEqual(settings.maintenanceWindow, { day: 7, hour: 18, updateTrack: "stable" });
    assert.deepEqual(settings.insightsConfig, {
      queryInsightsEnabled: true,
      queryStringLength: 1024,
      recordApplicationTags: true,
      recordClientAddress: true,
    });
    assert.deepEqual(settings.userLabels, { environment: "prod" });
    assert.deepEqual(graph.outputs.database, {
      instanceName: "orders-db",
      connectionName: "offline-project:asia-northeast1:orders-db",
      privateIpAddress: "10.199.0.3",
      selfLink: "https://sqladmin.googleapis.com/sql/v1beta4/projects/offline-project/instances/orders-db",
      privateServiceRangeName: "orders-db-psa-prod",
    });
  });

  it("fails with one ResourceError listing every CloudSqlPostgres problem, with the fix for each", async () => {
    await assert.rejects(render(program("gcp-data-invalid.ts")), (err: Error) => {
      assert.ok(err instanceof pulumi.ResourceError, `a ResourceError, got ${err.constructor.name}`);
      assert.equal(
        err.message,
        [
          "CloudSqlPostgres orders-db has invalid args (5 problems):",
          '  - `databaseVersion`: got "16"; expected a Cloud SQL PostgreSQL major version like "POSTGRES_16". Fix: pass POSTGRES_<major>, the same major version as the source database or a higher one (DMS never migrates down)',
          '  - `tier`: got "db-custom-2-7680" with edition ENTERPRISE_PLUS, which runs only on db-perf-optimized-N-<vCPUs> tiers. Fix: pass e.g. "db-perf-optimized-N-2", or use edition ENTERPRISE',
          "  - `transactionLogRetentionDays`: got 40; ENTERPRISE_PLUS keeps point-in-time recovery logs 1 to 35 days. Fix: pass an integer from 1 to 35",
          "  - `maintenanceWindow.day`: got 0; Cloud SQL numbers days 1 (Monday) to 7. Fix: pass an integer from 1 to 7",
          '  - `privateServiceRange`: got "10.199.0.0/28", which is smaller than the /24 private services access needs. Fix: pass a free private block of /24 or larger outside both sites\' ranges, e.g. "10.199.0.0/20"',
        ].join("\n"),
      );
      return true;
    });
  });

  it("fails on an Enterprise tier from the Enterprise Plus series and on 8 days of logs on Enterprise", () => {
    const valid = {
      databaseVersion: "POSTGRES_16",
      tier: "db-custom-2-7680",
      edition: "ENTERPRISE" as const,
      transactionLogRetentionDays: 7,
      retainedBackups: 14,
      diskSizeGb: 20,
      maintenanceWindow: { day: 7, hour: 18 },
    };
    assert.deepEqual(cloudSqlProblems(valid), []);
    assert.deepEqual(
      cloudSqlProblems({ ...valid, tier: "db-perf-optimized-N-2", transactionLogRetentionDays: 8 }).map((p) => p.path),
      ["tier", "transactionLogRetentionDays"],
    );
    assert.deepEqual(cloudSqlProblems({ ...valid, edition: "ENTERPRISE_PLUS", tier: "db-perf-optimized-N-4" }), []);
  });
});

describe("GCS replica fed by Storage Transfer Service from S3", () => {
  let graph: Graph;
  before(async () => {
    graph = await render(PROD);
  });

  it("keeps the copy private, versioned and expiring old versions, encrypted with a customer key when asked", () => {
    const bucket = one(graph, "gcp:storage/bucket:Bucket", "assets-replica");
    assert.deepEqual(bucket.inputs, {
      name: "assets-replica-prod-dr-platform-prod",
      location: "ASIA-NORTHEAST1",
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      encryption: { defaultKmsKeyName: "assets-replica-key-id" },
      logging: { logBucket: "assets-replica-access-logs-prod-dr-platform-prod", logObjectPrefix: "assets-replica/" },
      lifecycleRules: [
        { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 30, withState: "ARCHIVED" } },
        { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
      ],
      forceDestroy: false,
      labels: {},
    });
    assert.equal(bucket.protect, true);
    const grant = one(graph, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "assets-replica-key-gcs");
    assert.equal(
      grant.inputs.member,
      `serviceAccount:service-${OFFLINE_GCP_PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`,
    );
    assert.ok(bucket.dependsOn.includes(grant.urn), "GCS can use the key before the bucket names it");
    assert.equal(one(graph, "gcp:kms/keyRing:KeyRing", "assets-replica-key").inputs.location, "asia-northeast1");

    // Every request to the bucket is logged to a bucket of its own, which only Cloud Storage's log writer may
    // add to, under the same key, kept a year by default.
    const accessLogs = one(graph, "gcp:storage/bucket:Bucket", "assets-replica-access-logs");
    assert.deepEqual(
      [accessLogs.inputs.encryption, accessLogs.inputs.lifecycleRules, accessLogs.inputs.publicAccessPrevention],
      [
        { defaultKmsKeyName: "assets-replica-key-id" },
        [{ action: { type: "Delete" }, condition: { age: 365 } }],
        "enforced",
      ],
    );
    const writer = one(graph, "gcp:storage/bucketIAMMember:BucketIAMMember", "assets-replica-access-logs");
    assert.deepEqual(
      [writer.inputs.role, writer.inputs.member],
      ["roles/storage.objectCreator", "group:cloud-storage-analytics@google.com"],
    );
    assert.ok(bucket.dependsOn.includes(writer.urn), "the log writer may write before logging is switched on");

    const logs = one(graph, "gcp:storage/bucket:Bucket", "logs-replica");
    assert.deepEqual(
      [
        logs.protect,
        logs.inputs.forceDestroy,
        logs.inputs.encryption,
        (logs.inputs.lifecycleRules as any)[0].condition,
      ],
      [false, true, undefined, { daysSinceNoncurrentTime: 7, withState: "ARCHIVED" }],
    );
  });

  it("copies from the S3 bucket through the role into the bucket, event-driven from the SQS queue, never deleting", () => {
    const job = one(graph, "gcp:storage/transferJob:TransferJob", "assets-replica");
    assert.deepEqual(job.inputs.transferSpec, {
      awsS3DataSource: { bucketName: SOURCE, roleArn: "arn:aws:iam::123456789012:role/assets-replica-transfer" },
      gcsDataSink: { bucketName: "assets-replica-prod-dr-platform-prod" },
      transferOptions: {
        overwriteWhen: "DIFFERENT",
        deleteObjectsUniqueInSink: false,
        deleteObjectsFromSourceAfterTransfer: false,
      },
    });
    assert.deepEqual(job.inputs.eventStream, { name: "arn:aws:sqs:ap-northeast-2:123456789012:assets-events-prod" });
    assert.equal(job.inputs.schedule, undefined);
    assert.equal(job.inputs.status, "ENABLED");
    for (const [type, name] of [
      ["aws:iam/rolePolicy:RolePolicy", "assets-replica-transfer"],
      ["gcp:storage/bucketIAMMember:BucketIAMMember", "assets-replica-transfer"],
    ]) {
      assert.ok(job.dependsOn.includes(one(graph, type, name).urn), `the job waits for ${type}`);
    }
  });

  it("runs hourly from a fixed start date without an event queue", () => {
    const job = one(graph, "gcp:storage/transferJob:TransferJob", "logs-replica");
    assert.equal(job.inputs.eventStream, undefined);
    assert.deepEqual(job.inputs.schedule, { scheduleStartDate: DEFAULT_SCHEDULE_START, repeatInterval: "3600s" });
    assert.deepEqual(DEFAULT_SCHEDULE_START, { year: 2025, month: 1, day: 1 });
  });

  it("lets only this project's transfer agent assume the AWS role, through Google's web identity", () => {
    const role = one(graph, "aws:iam/role:Role", "assets-replica-transfer");
    assert.deepEqual(document(role, "assumeRolePolicy"), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "StorageTransferServiceOfOneProject",
          Effect: "Allow",
          Principal: { Federated: "accounts.google.com" },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { "accounts.google.com:sub": OFFLINE_TRANSFER_SUBJECT_ID } },
        },
      ],
    });
    assert.equal(role.inputs.maxSessionDuration, 3600);
  });

  it("lets the role read the one bucket, consume its event queue and decrypt with the listed keys, nothing else", () => {
    assert.deepEqual(
      document(one(graph, "aws:iam/rolePolicy:RolePolicy", "assets-replica-transfer"), "policy").Statement,
      [
        {
          Sid: "ListAndLocateTheSourceBucket",
          Effect: "Allow",
          Action: ["s3:ListBucket", "s3:GetBucketLocation"],
          Resource: `arn:aws:s3:::${SOURCE}`,
        },
        { Sid: "ReadTheSourceObjects", Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${SOURCE}/*` },
        {
          Sid: "ConsumeTheBucketEventQueue",
          Effect: "Allow",
          Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
          Resource: "arn:aws:sqs:ap-northeast-2:123456789012:assets-events-prod",
        },
        {
          Sid: "DecryptObjectsAndEvents",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: [
            "arn:aws:kms:ap-northeast-2:123456789012:key/assets-key",
            "arn:aws:kms:ap-northeast-2:123456789012:key/assets-events-key",
          ],
        },
      ],
    );
    assert.deepEqual(
      document(one(graph, "aws:iam/rolePolicy:RolePolicy", "logs-replica-transfer"), "policy").Statement.map(
        (s: any) => s.Sid,
      ),
      ["ListAndLocateTheSourceBucket", "ReadTheSourceObjects"],
    );
  });

  it("lets the transfer agent write to the replica bucket only, as a legacy bucket writer", () => {
    assert.deepEqual(one(graph, "gcp:storage/bucketIAMMember:BucketIAMMember", "assets-replica-transfer").inputs, {
      bucket: "assets-replica-prod-dr-platform-prod",
      role: "roles/storage.legacyBucketWriter",
      member: TRANSFER_AGENT,
    });
  });

  it("builds the same documents from plain values", () => {
    assert.equal(
      JSON.parse(transferTrustPolicy("42")).Statement[0].Condition.StringEquals["accounts.google.com:sub"],
      "42",
    );
    const policy = JSON.parse(transferReadPolicy({ partition: "aws-cn", bucketName: "b", kmsKeyArns: [] }));
    assert.deepEqual(
      policy.Statement.map((s: any) => s.Resource),
      ["arn:aws-cn:s3:::b", "arn:aws-cn:s3:::b/*"],
    );
  });
});

describe("Pub/Sub queue with a dead-letter topic", () => {
  let graph: Graph;
  before(async () => {
    graph = await render(PROD);
  });

  it("stores messages only in the site's region, encrypted with a customer key the Pub/Sub agent holds first", () => {
    const grant = one(graph, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "jobs-key-pubsub");
    assert.equal(grant.inputs.member, PUBSUB_AGENT);
    for (const name of ["jobs", "jobs-dlq"]) {
      const topic = one(graph, "gcp:pubsub/topic:Topic", name);
      assert.deepEqual(topic.inputs, {
        name: `${name}-prod`,
        kmsKeyName: "jobs-key-id",
        messageStoragePolicy: { allowedPersistenceRegions: ["asia-northeast1"] },
        labels: {},
      });
      assert.ok(topic.dependsOn.includes(grant.urn));
      assert.equal(topic.protect, true);
    }
    assert.equal(one(graph, "gcp:pubsub/topic:Topic", "events").inputs.kmsKeyName, undefined);
  });

  it("dead-letters after the configured deliveries with exponential backoff, and never expires for lack of consumers", () => {
    assert.deepEqual(one(graph, "gcp:pubsub/subscription:Subscription", "jobs").inputs, {
      name: "jobs-prod",
      topic: "jobs-id",
      ackDeadlineSeconds: 120,
      messageRetentionDuration: "604800s",
      retainAckedMessages: false,
      expirationPolicy: { ttl: "" },
      deadLetterPolicy: { deadLetterTopic: "jobs-dlq-id", maxDeliveryAttempts: 8 },
      retryPolicy: { minimumBackoff: "10s", maximumBackoff: "600s" },
      labels: {},
    });
    const defaults = one(graph, "gcp:pubsub/subscription:Subscription", "events").inputs;
    assert.deepEqual([defaults.ackDeadlineSeconds, (defaults.deadLetterPolicy as any).maxDeliveryAttempts], [30, 5]);
    assert.deepEqual(one(graph, "gcp:pubsub/subscription:Subscription", "jobs-dlq").inputs, {
      name: "jobs-dlq-prod",
      topic: "jobs-dlq-id",
      ackDeadlineSeconds: 60,
      messageRetentionDuration: "2678400s",
      expirationPolicy: { ttl: "" },
      labels: {},
    });
  });

  it("lets the Pub/Sub service agent publish dead letters and acknowledge them on the source subscription", () => {
    assert.deepEqual(one(graph, "gcp:pubsub/topicIAMMember:TopicIAMMember", "jobs-dlq-publisher").inputs, {
      topic: "jobs-dlq-prod",
      role: "roles/pubsub.publisher",
      member: PUBSUB_AGENT,
    });
    assert.deepEqual(one(graph, "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember", "jobs-subscriber").inputs, {
      subscription: "jobs-prod",
      role: "roles/pubsub.subscriber",
      member: PUBSUB_AGENT,
    });
    assert.deepEqual(graph.outputs.queues, {
      jobs: { topicName: "jobs-prod", subscriptionName: "jobs-prod", deadLetterTopicName: "jobs-dlq-prod" },
      events: { topicName: "events-prod", subscriptionName: "events-prod", deadLetterTopicName: "events-dlq-prod" },
    });
  });
});
