import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import { Aurora, Backups, ObjectStore, Queue } from "../../components/data";

// The primary site's data stores as prod builds them: two Aurora instances in distinct AZs, everything
// protected in Pulumi and in the cloud, and daily backups copied to the secondary region. The stack
// config is loaded by the renderer but ignored here: every value is a literal the test asserts on.

const provider = new aws.Provider("aws-primary", { region: "ap-northeast-2" });
const randomProvider = new random.Provider("random");
const opts = { providers: { aws: provider, random: randomProvider } };

const db = new Aurora(
  "orders-db",
  {
    engineVersion: "16.6",
    instanceClass: "db.r6g.large",
    instances: 2,
    vpcId: "vpc-0primary",
    subnetIds: ["subnet-0isolated1", "subnet-0isolated2", "subnet-0isolated3"],
    availabilityZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"],
    allowedSecurityGroupIds: ["sg-0eksnodes"],
    backupRetentionDays: 14,
    deletionProtection: true,
    protect: true,
    finalSnapshot: true,
    logRetentionDays: 90,
  },
  opts,
);

const objects = new ObjectStore("assets", { protect: true, logRetentionDays: 365 }, opts);

const jobs = new Queue("jobs", { protect: true, visibilityTimeoutSeconds: 120, maxReceiveCount: 4 }, opts);

const backups = new Backups(
  "data-backups",
  {
    resourceArns: [db.clusterArn, objects.bucketArn],
    retentionDays: 35,
    copyTo: {
      vaultArn: "arn:aws:backup:ap-northeast-1:123456789012:backup-vault:data-backups-prod",
      retentionDays: 35,
    },
    protect: true,
  },
  opts,
);

export const database = {
  clusterArn: db.clusterArn,
  clusterIdentifier: db.clusterIdentifier,
  endpoint: db.endpoint,
  readerEndpoint: db.readerEndpoint,
  port: db.port,
  securityGroupId: db.securityGroupId,
  kmsKeyArn: db.kmsKeyArn,
  masterUserSecretArn: db.masterUserSecretArn,
  instanceIdentifiers: db.instanceIdentifiers,
};
export const objectStore = {
  bucketName: objects.bucketName,
  bucketArn: objects.bucketArn,
  kmsKeyArn: objects.kmsKeyArn,
  logBucketName: objects.logBucketName,
};
export const queue = {
  queueUrl: jobs.queueUrl,
  queueArn: jobs.queueArn,
  queueName: jobs.queueName,
  deadLetterQueueArn: jobs.deadLetterQueueArn,
  deadLetterQueueName: jobs.deadLetterQueueName,
  kmsKeyArn: jobs.kmsKeyArn,
};
export const backup = {
  vaultArn: backups.vaultArn,
  vaultName: backups.vaultName,
  planId: backups.planId,
  roleArn: backups.roleArn,
};
