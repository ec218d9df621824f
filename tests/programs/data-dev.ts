import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import { Aurora, Backups, ObjectStore, Queue } from "../../components/data";

// The primary site's data stores as dev builds them: one Serverless v2 instance that pauses when idle,
// nothing protected (the nightly teardown must succeed), buckets and vault emptied on delete, and the
// backup-restore DR copy to the secondary region. Every value is a literal the test asserts on.

const provider = new aws.Provider("aws-primary", { region: "ap-northeast-2" });
const randomProvider = new random.Provider("random");
const opts = { providers: { aws: provider, random: randomProvider } };

const db = new Aurora(
  "orders-db",
  {
    engineVersion: "16.6",
    instances: 1,
    serverless: { minCapacity: 0, maxCapacity: 4 },
    vpcId: "vpc-0primary",
    subnetIds: ["subnet-0isolated1", "subnet-0isolated2"],
    availabilityZones: ["ap-northeast-2a", "ap-northeast-2b"],
    allowedSecurityGroupIds: ["sg-0eksnodes"],
    backupRetentionDays: 3,
    deletionProtection: false,
    protect: false,
    finalSnapshot: false,
    logRetentionDays: 14,
  },
  opts,
);

const objects = new ObjectStore(
  "assets",
  { protect: false, forceDestroy: true, noncurrentVersionDays: 7, logRetentionDays: 14 },
  opts,
);

new Queue("jobs", { protect: false }, opts);

new Backups(
  "data-backups",
  {
    resourceArns: [db.clusterArn, objects.bucketArn],
    retentionDays: 7,
    copyTo: { vaultArn: "arn:aws:backup:ap-northeast-1:123456789012:backup-vault:data-backups-dev", retentionDays: 7 },
    protect: false,
    forceDestroy: true,
  },
  opts,
);
