import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { CloudSqlPostgres, GcsReplica, PubSubQueue } from "../../components/gcp-data";

// The Google Cloud secondary site's data stores as prod builds them: the DMS destination database, two
// S3-to-GCS replicas (event-driven with a customer key; hourly with Google's key) and two queues (with and
// without a customer key). Every value is a literal the test asserts on.
const google = new gcp.Provider("gcp-secondary", { project: "dr-platform-prod", region: "asia-northeast1" });
const primary = new aws.Provider("aws-primary", { region: "ap-northeast-2" });
const opts = { providers: { gcp: google } };
const network =
  "https://www.googleapis.com/compute/v1/projects/dr-platform-prod/global/networks/secondary-network-prod";

const db = new CloudSqlPostgres(
  "orders-db",
  {
    databaseVersion: "POSTGRES_16",
    networkSelfLink: network,
    privateServiceRange: "10.199.0.0/20",
    deletionProtection: true,
    protect: true,
    labels: { environment: "prod" },
    region: "asia-northeast1",
    customerManagedKey: true,
  },
  opts,
);

const assets = new GcsReplica(
  "assets-replica",
  {
    sourceBucketName: "assets-prod-123456789012-ap-northeast-2",
    awsProvider: primary,
    location: "asia-northeast1",
    protect: true,
    eventQueueArn: "arn:aws:sqs:ap-northeast-2:123456789012:assets-events-prod",
    sourceKmsKeyArns: [
      "arn:aws:kms:ap-northeast-2:123456789012:key/assets-key",
      "arn:aws:kms:ap-northeast-2:123456789012:key/assets-events-key",
    ],
    customerManagedKey: true,
  },
  opts,
);

const logs = new GcsReplica(
  "logs-replica",
  {
    sourceBucketName: "logs-prod-123456789012-ap-northeast-2",
    awsProvider: primary,
    location: "asia-northeast1",
    protect: false,
    forceDestroy: true,
    noncurrentVersionDays: 7,
  },
  opts,
);

const jobs = new PubSubQueue(
  "jobs",
  {
    region: "asia-northeast1",
    protect: true,
    ackDeadlineSeconds: 120,
    maxDeliveryAttempts: 8,
    customerManagedKey: true,
  },
  opts,
);
const events = new PubSubQueue("events", { region: "asia-northeast1", protect: false }, opts);

export const database = {
  instanceName: db.instanceName,
  connectionName: db.connectionName,
  privateIpAddress: db.privateIpAddress,
  selfLink: db.selfLink,
  privateServiceRangeName: db.privateServiceRangeName,
};
export const replicas = {
  assets: { bucketName: assets.bucketName, transferJobName: assets.transferJobName, awsRoleArn: assets.awsRoleArn },
  logs: { bucketName: logs.bucketName, transferJobName: logs.transferJobName, awsRoleArn: logs.awsRoleArn },
};
export const queues = {
  jobs: {
    topicName: jobs.topicName,
    subscriptionName: jobs.subscriptionName,
    deadLetterTopicName: jobs.deadLetterTopicName,
  },
  events: {
    topicName: events.topicName,
    subscriptionName: events.subscriptionName,
    deadLetterTopicName: events.deadLetterTopicName,
  },
};
