import * as assert from "node:assert/strict";
import * as path from "path";
import { cloudResources, Graph, GraphResource } from "../../../tools/offline/graph";
import { RenderOptions } from "../../../tools/offline/render";
import { render, under } from "../../harness";
import { TESTS_DIR } from "../../paths";

/**
 * The data stores (Aurora, ObjectStore, Queue, Backups) rendered under the mock engine from two small
 * programs: prod-like (two instances, everything protected) and dev-like (Serverless v2 that pauses,
 * nothing protected, teardown allowed). The assertions pin the exact security- and HA-relevant inputs.
 *
 * What mocks cannot prove: that AWS accepts these shapes and values (tsc against @pulumi/aws checks the
 * property names and types, only `pulumi preview` and `up` the rest); that the provider strips AWS's
 * default allow-all egress rule from the security group; that RDS, S3, SQS and AWS Backup can use the
 * keys through grants under root-only key policies; that S3 really delivers access logs under the log
 * bucket's policy; that Aurora makes the first instance the writer and fails over by promotion tier; the
 * generated password itself and the secret's JSON (the mocks return a stand-in, and the graph shows secret
 * values only as "[secret]"); that RDS accepts the password and applications can decrypt the secret with
 * the cluster's key. Nor that the cluster can join a global database: only the absence of an RDS-managed
 * master password (`manageMasterUserPassword`), which AWS does not allow there, is checked.
 */

const program = (file: string): RenderOptions => ({ stack: "prod", program: path.join(TESTS_DIR, "programs", file) });
const PROD = program("data.ts");
const DEV: RenderOptions = { ...program("data-dev.ts"), stack: "dev" };

const ACCOUNT = "123456789012";
/** A bucket's ARN as S3 writes it: the global bucket name, with neither region nor account. */
function s3Arn(graph: Graph, name: string): string {
  const bucket = graph.resources.find((r) => r.type === "aws:s3/bucket:Bucket" && r.name === name);
  if (!bucket) {
    throw new Error(`no bucket ${name}`);
  }
  return `arn:aws:s3:::${String(bucket.inputs.bucket)}`;
}

const REGION = "ap-northeast-2";
const keyArn = (name: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${name}-key`;

const typeNames = (rs: GraphResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();

function one(rs: GraphResource[], type: string, name: string): GraphResource {
  const found = rs.filter((r) => r.type === `aws:${type}` && r.name === name);
  assert.equal(found.length, 1, `exactly one aws:${type} named ${name}`);
  return found[0];
}

const statements = (r: GraphResource) => JSON.parse(String(r.inputs.policy)).Statement as Record<string, unknown>[];

const denyPlainHttp = (action: string, resources: string[]) => ({
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: action,
  Resource: resources,
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});

const AURORA = (instances: number) => [
  "aws:cloudwatch/logGroup:LogGroup::orders-db-postgresql",
  "aws:ec2/securityGroup:SecurityGroup::orders-db",
  "aws:iam/role:Role::orders-db-monitoring",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment::orders-db-monitoring-AmazonRDSEnhancedMonitoringRole",
  "aws:kms/alias:Alias::orders-db-key",
  "aws:kms/key:Key::orders-db-key",
  "aws:rds/cluster:Cluster::orders-db",
  ...Array.from({ length: instances }, (_, i) => `aws:rds/clusterInstance:ClusterInstance::orders-db-${i + 1}`),
  "aws:rds/clusterParameterGroup:ClusterParameterGroup::orders-db",
  "aws:rds/subnetGroup:SubnetGroup::orders-db",
  "aws:secretsmanager/secret:Secret::orders-db-master",
  "aws:secretsmanager/secretVersion:SecretVersion::orders-db-master",
  "random:index/randomPassword:RandomPassword::orders-db-master",
];
const BUCKET_PARTS = [
  "bucket:Bucket",
  "bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "bucketOwnershipControls:BucketOwnershipControls",
  "bucketPolicy:BucketPolicy",
  "bucketPublicAccessBlock:BucketPublicAccessBlock",
  "bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "bucketVersioning:BucketVersioning",
];
const OBJECT_STORE = [
  "aws:kms/alias:Alias::assets-key",
  "aws:kms/key:Key::assets-key",
  "aws:s3/bucketLogging:BucketLogging::assets",
  ...BUCKET_PARTS.flatMap((part) => [`aws:s3/${part}::assets`, `aws:s3/${part}::assets-logs`]),
];
const QUEUE = [
  "aws:kms/alias:Alias::jobs-key",
  "aws:kms/key:Key::jobs-key",
  "aws:sqs/queue:Queue::jobs",
  "aws:sqs/queue:Queue::jobs-dlq",
  "aws:sqs/queuePolicy:QueuePolicy::jobs",
  "aws:sqs/queuePolicy:QueuePolicy::jobs-dlq",
  "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy::jobs-dlq",
];
const BACKUPS = [
  "aws:backup/plan:Plan::data-backups",
  "aws:backup/selection:Selection::data-backups",
  "aws:backup/vault:Vault::data-backups",
  "aws:iam/role:Role::data-backups",
  ...["backup", "restores", "s3-backup", "s3-restore"].map(
    (p) => `aws:iam/rolePolicyAttachment:RolePolicyAttachment::data-backups-${p}`,
  ),
  "aws:kms/alias:Alias::data-backups-key",
  "aws:kms/key:Key::data-backups-key",
];

/** What both programs must agree on, whatever the environment. */
function commonChecks(options: RenderOptions, aurora: string[]) {
  let graph: Graph;
  before(async () => {
    graph = await render(options);
  });

  it("registers exactly these resources in each component, so a rename is caught", () => {
    const expected: Record<string, string[]> = {
      "orders-db": aurora,
      assets: OBJECT_STORE,
      jobs: QUEUE,
      "data-backups": BACKUPS,
    };
    for (const [component, resources] of Object.entries(expected)) {
      assert.deepEqual(typeNames(under(graph, component)), [...resources].sort(), component);
    }
    assert.equal(cloudResources(graph).length, Object.values(expected).flat().length, "nothing outside them");
  });

  it("places every AWS resource through the explicit aws-primary provider, in its region, and the password through the explicit random provider", () => {
    const generated = cloudResources(graph).filter((r) => r.type.startsWith("random:"));
    assert.deepEqual(typeNames(generated), ["random:index/randomPassword:RandomPassword::orders-db-master"]);
    for (const r of cloudResources(graph)) {
      assert.notEqual(r.provider, "", r.urn);
      if (r.type.startsWith("random:")) {
        assert.match(r.provider, /::pulumi:providers:random::random$/, r.urn);
        assert.equal(r.region, undefined, `${r.urn}: a generated value has no region`);
      } else {
        assert.match(r.provider, /::pulumi:providers:aws::aws-primary$/, r.urn);
        assert.equal(r.region, REGION, r.urn);
      }
    }
  });

  it("gives every store its own key, rotated yearly, 30 days to undo a deletion, administered by the account", () => {
    for (const name of ["orders-db", "assets", "jobs", "data-backups"]) {
      const key = one(cloudResources(graph), "kms/key:Key", `${name}-key`);
      assert.equal(key.inputs.enableKeyRotation, true, name);
      assert.equal(key.inputs.deletionWindowInDays, 30, name);
      assert.deepEqual(statements(key)[0], {
        Sid: "AccountAdministersTheKey",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: "kms:*",
        Resource: "*",
      });
      assert.equal(statements(key).length, name === "orders-db" ? 2 : 1, `${name}: no other principal`);
      assert.equal(
        one(cloudResources(graph), "kms/alias:Alias", `${name}-key`).inputs.name,
        `alias/${name}-${graph.stack}`,
      );
    }
  });

  it("encrypts the cluster, its master secret, Performance Insights and its log with the cluster's key", () => {
    const rs = under(graph, "orders-db");
    const cluster = one(rs, "rds/cluster:Cluster", "orders-db");
    assert.equal(cluster.inputs.storageEncrypted, true);
    assert.equal(cluster.inputs.kmsKeyId, keyArn("orders-db"));
    assert.equal(one(rs, "secretsmanager/secret:Secret", "orders-db-master").inputs.kmsKeyId, keyArn("orders-db"));
    for (const instance of rs.filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance")) {
      assert.equal(instance.inputs.performanceInsightsEnabled, true, instance.name);
      assert.equal(instance.inputs.performanceInsightsKmsKeyId, keyArn("orders-db"), instance.name);
    }
    const logGroup = one(rs, "cloudwatch/logGroup:LogGroup", "orders-db-postgresql");
    assert.equal(logGroup.inputs.kmsKeyId, keyArn("orders-db"));
    assert.deepEqual(statements(one(rs, "kms/key:Key", "orders-db-key"))[1], {
      Sid: "CloudWatchLogsUsesTheKeyForOneLogGroup",
      Effect: "Allow",
      Principal: { Service: `logs.${REGION}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnEquals: {
          "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logGroup.inputs.name}`,
        },
      },
    });
  });

  it("generates the master password, not RDS (which a global database forbids), and keeps it with the endpoint in the secret", () => {
    const rs = under(graph, "orders-db");
    const passwords = rs.filter(
      (r) => r.type === "random:index/randomPassword:RandomPassword" && r.name === "orders-db-master",
    );
    assert.equal(passwords.length, 1, "exactly one generated password");
    const [password] = passwords;
    assert.deepEqual(password.inputs, {
      length: 32,
      special: true,
      overrideSpecial: "!#$%^&*()-_=+[]{}<>:?",
      minLower: 2,
      minUpper: 2,
      minNumeric: 2,
    });
    for (const forbidden of ["/", "@", '"', " "]) {
      assert.ok(
        !String(password.inputs.overrideSpecial).includes(forbidden),
        `RDS rejects ${JSON.stringify(forbidden)}`,
      );
    }
    const cluster = one(rs, "rds/cluster:Cluster", "orders-db");
    assert.equal(cluster.inputs.masterUsername, "postgres");
    assert.equal(cluster.inputs.masterPassword, "[secret]", "the generated password, kept secret in state");
    assert.ok(cluster.dependsOn.includes(password.urn), "the cluster takes the generated password");
    assert.equal(cluster.inputs.manageMasterUserPassword, undefined, "not RDS-managed");
    assert.equal(cluster.inputs.masterUserSecretKmsKeyId, undefined, "not RDS-managed");
    const secret = one(rs, "secretsmanager/secret:Secret", "orders-db-master");
    assert.equal(secret.inputs.kmsKeyId, keyArn("orders-db"));
    const version = one(rs, "secretsmanager/secretVersion:SecretVersion", "orders-db-master");
    assert.equal(version.inputs.secretString, "[secret]", "the password never shows in the graph");
    assert.equal(version.inputs.secretId, `${secret.name}-id`, "written to the master secret");
    for (const source of [secret, password, cluster]) {
      assert.ok(version.dependsOn.includes(source.urn), `the secret's value depends on ${source.type}`);
    }
  });

  it("admits PostgreSQL only from the allowed security group: no CIDR, no egress, no public address", () => {
    const rs = under(graph, "orders-db");
    const sg = one(rs, "ec2/securityGroup:SecurityGroup", "orders-db");
    assert.deepEqual(sg.inputs.ingress, [
      {
        description: "PostgreSQL from the allowed security groups",
        protocol: "tcp",
        fromPort: 5432,
        toPort: 5432,
        securityGroups: ["sg-0eksnodes"],
      },
    ]);
    assert.deepEqual(sg.inputs.egress, []);
    const cluster = one(rs, "rds/cluster:Cluster", "orders-db");
    assert.deepEqual(cluster.inputs.vpcSecurityGroupIds, ["orders-db-id"]);
    assert.equal(cluster.inputs.port, 5432);
    for (const instance of rs.filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance")) {
      assert.equal(instance.inputs.publiclyAccessible, false, instance.name);
    }
  });

  it("requires TLS and IAM auth, and exports the PostgreSQL log to a log group created first", () => {
    const rs = under(graph, "orders-db");
    const parameters = one(rs, "rds/clusterParameterGroup:ClusterParameterGroup", "orders-db");
    assert.equal(parameters.inputs.family, "aurora-postgresql16");
    // TLS required; schema, role and connection changes audited (pgaudit loaded beside Aurora's default library).
    assert.deepEqual(parameters.inputs.parameters, [
      { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
      { name: "pgaudit.log", value: "ddl,role", applyMethod: "pending-reboot" },
      { name: "log_connections", value: "1", applyMethod: "pending-reboot" },
      { name: "log_disconnections", value: "1", applyMethod: "pending-reboot" },
      { name: "shared_preload_libraries", value: "pg_stat_statements,pgaudit", applyMethod: "pending-reboot" },
    ]);
    const cluster = one(rs, "rds/cluster:Cluster", "orders-db");
    const logGroup = one(rs, "cloudwatch/logGroup:LogGroup", "orders-db-postgresql");
    assert.equal(cluster.inputs.clusterIdentifier, `orders-db-${graph.stack}`);
    assert.equal(logGroup.inputs.name, `/aws/rds/cluster/orders-db-${graph.stack}/postgresql`);
    assert.ok(cluster.dependsOn.includes(logGroup.urn), "the cluster waits for its log group");
    assert.deepEqual(cluster.inputs.enabledCloudwatchLogsExports, ["postgresql"]);
    assert.equal(cluster.inputs.iamDatabaseAuthenticationEnabled, true);
    assert.equal(cluster.inputs.engine, "aurora-postgresql");
    assert.equal(cluster.inputs.engineMode, "provisioned");
    assert.equal(cluster.inputs.engineVersion, "16.6");
    assert.equal(cluster.inputs.copyTagsToSnapshot, true);
    assert.equal(cluster.inputs.globalClusterIdentifier, undefined, "issue 4 adds the global database");
  });

  it("blocks all public access and disables ACLs on both buckets", () => {
    const rs = under(graph, "assets");
    for (const name of ["assets", "assets-logs"]) {
      const block = one(rs, "s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name);
      const { blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets } = block.inputs;
      assert.deepEqual(
        { blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets },
        { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        name,
      );
      assert.deepEqual(one(rs, "s3/bucketOwnershipControls:BucketOwnershipControls", name).inputs.rule, {
        objectOwnership: "BucketOwnerEnforced",
      });
      assert.deepEqual(one(rs, "s3/bucketVersioning:BucketVersioning", name).inputs.versioningConfiguration, {
        status: "Enabled",
      });
    }
  });

  it("encrypts the bucket with its own key (Bucket Keys on) and the log bucket with SSE-S3", () => {
    const rs = under(graph, "assets");
    const sse = (name: string) =>
      one(rs, "s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name).inputs.rules;
    assert.deepEqual(sse("assets"), [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn("assets") },
        bucketKeyEnabled: true,
        blockedEncryptionTypes: ["SSE-C"],
      },
    ]);
    assert.deepEqual(sse("assets-logs"), [
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] },
    ]);
  });

  it("denies every plain-HTTP request to both buckets and both queues", () => {
    const buckets = under(graph, "assets");
    const arn = (name: string) => s3Arn(graph, name);
    assert.deepEqual(statements(one(buckets, "s3/bucketPolicy:BucketPolicy", "assets")), [
      denyPlainHttp("s3:*", [arn("assets"), `${arn("assets")}/*`]),
    ]);
    assert.deepEqual(
      statements(one(buckets, "s3/bucketPolicy:BucketPolicy", "assets-logs"))[1],
      denyPlainHttp("s3:*", [arn("assets-logs"), `${arn("assets-logs")}/*`]),
    );
    const queues = under(graph, "jobs");
    for (const name of ["jobs", "jobs-dlq"]) {
      const policy = one(queues, "sqs/queuePolicy:QueuePolicy", name);
      // SQS names a queue's URL by its physical name, which carries the stack.
      assert.equal(policy.inputs.queueUrl, `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}-${graph.stack}`);
      assert.deepEqual(statements(policy), [
        denyPlainHttp("sqs:*", [`arn:aws:sqs:${REGION}:${ACCOUNT}:${name}-${graph.stack}`]),
      ]);
    }
  });

  it("lets only the S3 logging service write the log bucket, for this bucket and account", () => {
    const rs = under(graph, "assets");
    assert.deepEqual(statements(one(rs, "s3/bucketPolicy:BucketPolicy", "assets-logs"))[0], {
      Sid: "AllowServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${s3Arn(graph, "assets-logs")}/*`,
      Condition: {
        ArnLike: { "aws:SourceArn": s3Arn(graph, "assets") },
        StringEquals: { "aws:SourceAccount": ACCOUNT },
      },
    });
    const logging = one(rs, "s3/bucketLogging:BucketLogging", "assets");
    assert.deepEqual(
      [logging.inputs.bucket, logging.inputs.targetBucket, logging.inputs.targetPrefix],
      ["assets-id", "assets-logs-id", "access-logs/"],
    );
    for (const name of ["assets", "assets-logs"]) {
      assert.equal(
        one(rs, "s3/bucket:Bucket", name).inputs.bucket,
        `${name}-${graph.stack}-${ACCOUNT}-${REGION}`,
        "named by account and region, so the secondary's copy cannot collide",
      );
    }
  });

  it("dead-letters into an encrypted DLQ that keeps messages 14 days and accepts only this queue", () => {
    const rs = under(graph, "jobs");
    const dlqArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs-dlq-${graph.stack}`;
    const queue = one(rs, "sqs/queue:Queue", "jobs");
    const dlq = one(rs, "sqs/queue:Queue", "jobs-dlq");
    for (const q of [queue, dlq]) {
      assert.equal(q.inputs.kmsMasterKeyId, keyArn("jobs"), q.name);
      assert.equal(q.inputs.sqsManagedSseEnabled, undefined, q.name);
    }
    assert.equal(dlq.inputs.messageRetentionSeconds, 14 * 24 * 3600);
    assert.equal(dlq.inputs.redrivePolicy, undefined, "a DLQ does not dead-letter further");
    assert.equal(JSON.parse(String(queue.inputs.redrivePolicy)).deadLetterTargetArn, dlqArn);
    assert.deepEqual(
      JSON.parse(String(one(rs, "sqs/redriveAllowPolicy:RedriveAllowPolicy", "jobs-dlq").inputs.redriveAllowPolicy)),
      {
        redrivePermission: "byQueue",
        sourceQueueArns: [`arn:aws:sqs:${REGION}:${ACCOUNT}:jobs-${graph.stack}`],
      },
    );
  });

  it("backs up the cluster and the bucket with a role only AWS Backup can assume", () => {
    const rs = under(graph, "data-backups");
    assert.equal(one(rs, "backup/vault:Vault", "data-backups").inputs.kmsKeyArn, keyArn("data-backups"));
    const selection = one(rs, "backup/selection:Selection", "data-backups");
    assert.deepEqual(selection.inputs.resources, [
      `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:orders-db-${graph.stack}`,
      s3Arn(graph, "assets"),
    ]);
    const role = one(rs, "iam/role:Role", "data-backups");
    assert.equal(selection.inputs.iamRoleArn, `arn:aws:iam::${ACCOUNT}:role/data-backups`);
    assert.deepEqual(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement, [
      { Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const attached = rs.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    assert.deepEqual(attached.map((a) => a.inputs.policyArn).sort(), [
      "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
      "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
    for (const a of attached) {
      assert.equal(a.inputs.role, "data-backups", a.name);
      assert.ok(selection.dependsOn.includes(a.urn), `the selection waits for ${a.name}`);
    }
  });
}

const protectedResources = (g: Graph) => typeNames(cloudResources(g).filter((r) => r.protect));

describe("data stores: prod program", () => {
  let graph: Graph;
  before(async () => {
    graph = await render(PROD);
  });

  commonChecks(PROD, AURORA(2));

  it("registers the same (type, name) set under another stack name, so URNs never embed the stack", async () => {
    const renamed = await render({ ...PROD, stackName: "prod-copy" });
    assert.deepEqual(typeNames(cloudResources(renamed)), typeNames(cloudResources(graph)));
  });

  it("spreads the instances over distinct AZs, writer first, so the next AZ's reader is promoted first", () => {
    const instances = under(graph, "orders-db").filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance");
    assert.deepEqual(
      instances.map((i) => [i.name, i.inputs.availabilityZone, i.inputs.promotionTier, i.inputs.instanceClass]),
      [
        ["orders-db-1", "ap-northeast-2a", 0, "db.r6g.large"],
        ["orders-db-2", "ap-northeast-2b", 1, "db.r6g.large"],
      ],
    );
    assert.ok(instances[1].dependsOn.includes(instances[0].urn), "the reader waits, so instance 1 is the writer");
    assert.ok(instances.every((i) => i.inputs.autoMinorVersionUpgrade === true));
    const cluster = one(under(graph, "orders-db"), "rds/cluster:Cluster", "orders-db");
    assert.equal(cluster.inputs.serverlessv2ScalingConfiguration, undefined);
    assert.equal(cluster.inputs.availabilityZones, undefined, "pinning storage AZs makes a perpetual diff");
  });

  it("protects every stateful resource in Pulumi, and only those", () => {
    assert.deepEqual(protectedResources(graph), [
      "aws:backup/vault:Vault::data-backups",
      "aws:kms/key:Key::assets-key",
      "aws:kms/key:Key::data-backups-key",
      "aws:kms/key:Key::jobs-key",
      "aws:kms/key:Key::orders-db-key",
      "aws:rds/cluster:Cluster::orders-db",
      "aws:rds/clusterInstance:ClusterInstance::orders-db-1",
      "aws:rds/clusterInstance:ClusterInstance::orders-db-2",
      "aws:s3/bucket:Bucket::assets",
      "aws:s3/bucket:Bucket::assets-logs",
      "aws:secretsmanager/secret:Secret::orders-db-master",
      "aws:sqs/queue:Queue::jobs",
      "aws:sqs/queue:Queue::jobs-dlq",
      // Replacing the generated password would change the live cluster's master password.
      "random:index/randomPassword:RandomPassword::orders-db-master",
    ]);
  });

  it("protects the cluster in RDS too, keeps 14 days of backups and a final snapshot", () => {
    const cluster = one(under(graph, "orders-db"), "rds/cluster:Cluster", "orders-db");
    assert.equal(cluster.inputs.deletionProtection, true);
    assert.equal(cluster.inputs.skipFinalSnapshot, false);
    assert.equal(cluster.inputs.finalSnapshotIdentifier, "orders-db-final-prod");
    assert.equal(cluster.inputs.backupRetentionPeriod, 14);
    const buckets = under(graph, "assets").filter((r) => r.type === "aws:s3/bucket:Bucket");
    assert.deepEqual(
      buckets.map((b) => b.inputs.forceDestroy),
      [false, false],
    );
    assert.equal(one(under(graph, "data-backups"), "backup/vault:Vault", "data-backups").inputs.forceDestroy, false);
  });

  it("keeps the master secret 30 days after a deletion and protects it in Pulumi", () => {
    const secret = one(under(graph, "orders-db"), "secretsmanager/secret:Secret", "orders-db-master");
    assert.equal(secret.inputs.recoveryWindowInDays, 30);
    assert.equal(secret.protect, true);
  });

  it("expires noncurrent versions after 30 days, stale uploads after 7, and access logs after their retention", () => {
    const rs = under(graph, "assets");
    const rules = (name: string) =>
      one(rs, "s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name).inputs.rules;
    assert.deepEqual(rules("assets"), [
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 30 },
      },
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: {},
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ]);
    assert.deepEqual(rules("assets-logs"), [
      {
        id: "expire-access-logs",
        status: "Enabled",
        filter: {},
        expiration: { days: 365 },
        noncurrentVersionExpiration: { noncurrentDays: 30 },
      },
    ]);
  });

  it("redrives a message after 4 failed receives, hidden 120 s per receive", () => {
    const queue = one(under(graph, "jobs"), "sqs/queue:Queue", "jobs");
    assert.deepEqual(JSON.parse(String(queue.inputs.redrivePolicy)), {
      deadLetterTargetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs-dlq-${graph.stack}`,
      maxReceiveCount: 4,
    });
    assert.equal(queue.inputs.visibilityTimeoutSeconds, 120);
    assert.equal(queue.inputs.messageRetentionSeconds, 4 * 24 * 3600);
  });

  it("backs up daily at 05:00 UTC, keeps 35 days and copies every recovery point to the secondary vault", () => {
    const plan = one(under(graph, "data-backups"), "backup/plan:Plan", "data-backups");
    assert.deepEqual(plan.inputs.rules, [
      {
        ruleName: "daily",
        targetVaultName: "data-backups-prod",
        schedule: "cron(0 5 ? * * *)",
        startWindow: 60,
        completionWindow: 720,
        lifecycle: { deleteAfter: 35 },
        copyActions: [
          {
            destinationVaultArn: `arn:aws:backup:ap-northeast-1:${ACCOUNT}:backup-vault:data-backups-prod`,
            lifecycle: { deleteAfter: 35 },
          },
        ],
      },
    ]);
  });

  it("exports each component's outputs, the master secret's ARN among them", () => {
    assert.deepEqual(graph.outputs.database, {
      clusterArn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:orders-db-${graph.stack}`,
      clusterIdentifier: "orders-db-prod",
      endpoint: `orders-db.cluster-offline.${REGION}.rds.amazonaws.com`,
      readerEndpoint: `orders-db.cluster-ro-offline.${REGION}.rds.amazonaws.com`,
      port: 5432,
      securityGroupId: "orders-db-id",
      kmsKeyArn: keyArn("orders-db"),
      // The secret's own ARN (as the mocks compute it), known as soon as the secret exists.
      masterUserSecretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:orders-db-master-0ff1ce`,
      instanceIdentifiers: ["orders-db-1-prod", "orders-db-2-prod"],
    });
    assert.deepEqual(graph.outputs.objectStore, {
      bucketName: `assets-prod-${ACCOUNT}-${REGION}`,
      bucketArn: s3Arn(graph, "assets"),
      kmsKeyArn: keyArn("assets"),
      logBucketName: `assets-logs-prod-${ACCOUNT}-${REGION}`,
    });
    assert.deepEqual(graph.outputs.queue, {
      queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/jobs-${graph.stack}`,
      queueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs-${graph.stack}`,
      queueName: "jobs-prod",
      deadLetterQueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs-dlq-${graph.stack}`,
      deadLetterQueueName: "jobs-dlq-prod",
      kmsKeyArn: keyArn("jobs"),
    });
    assert.deepEqual(graph.outputs.backup, {
      vaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:vault/data-backups`,
      vaultName: "data-backups-prod",
      planId: "data-backups-id",
      roleArn: `arn:aws:iam::${ACCOUNT}:role/data-backups`,
    });
  });
});

describe("data stores: dev program", () => {
  let graph: Graph;
  before(async () => {
    graph = await render(DEV);
  });

  commonChecks(DEV, AURORA(1));

  it("runs one Serverless v2 instance that scales to 0 and pauses after 5 idle minutes", () => {
    const rs = under(graph, "orders-db");
    const cluster = one(rs, "rds/cluster:Cluster", "orders-db");
    assert.deepEqual(cluster.inputs.serverlessv2ScalingConfiguration, {
      minCapacity: 0,
      maxCapacity: 4,
      secondsUntilAutoPause: 300,
    });
    const instance = one(rs, "rds/clusterInstance:ClusterInstance", "orders-db-1");
    assert.deepEqual(
      [instance.inputs.instanceClass, instance.inputs.availabilityZone, instance.inputs.promotionTier],
      ["db.serverless", "ap-northeast-2a", 0],
    );
  });

  it("protects nothing and skips the final snapshot, so the nightly teardown succeeds", () => {
    assert.deepEqual(protectedResources(graph), []);
    const cluster = one(under(graph, "orders-db"), "rds/cluster:Cluster", "orders-db");
    assert.equal(cluster.inputs.deletionProtection, false);
    assert.equal(cluster.inputs.skipFinalSnapshot, true);
    assert.equal(cluster.inputs.finalSnapshotIdentifier, undefined);
    assert.equal(cluster.inputs.backupRetentionPeriod, 3);
    const buckets = under(graph, "assets").filter((r) => r.type === "aws:s3/bucket:Bucket");
    assert.deepEqual(
      buckets.map((b) => b.inputs.forceDestroy),
      [true, true],
    );
    assert.equal(one(under(graph, "data-backups"), "backup/vault:Vault", "data-backups").inputs.forceDestroy, true);
  });

  it("deletes the master secret at once and leaves it unprotected, so the nightly teardown removes it", () => {
    const secret = one(under(graph, "orders-db"), "secretsmanager/secret:Secret", "orders-db-master");
    assert.equal(secret.inputs.recoveryWindowInDays, 0);
    assert.equal(secret.protect, false);
  });

  it("applies the defaults: 5 receives, 30 s visibility, 7-day noncurrent versions as asked", () => {
    const queue = one(under(graph, "jobs"), "sqs/queue:Queue", "jobs");
    assert.equal(JSON.parse(String(queue.inputs.redrivePolicy)).maxReceiveCount, 5);
    assert.equal(queue.inputs.visibilityTimeoutSeconds, 30);
    const rules = one(under(graph, "assets"), "s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "assets")
      .inputs.rules as { noncurrentVersionExpiration?: unknown }[];
    assert.deepEqual(rules[0].noncurrentVersionExpiration, { noncurrentDays: 7 });
  });

  it("copies the daily backup to the secondary vault as the backup-restore DR copy", () => {
    const plan = one(under(graph, "data-backups"), "backup/plan:Plan", "data-backups");
    const [rule] = plan.inputs.rules as Record<string, unknown>[];
    assert.deepEqual(rule.lifecycle, { deleteAfter: 7 });
    assert.deepEqual(rule.copyActions, [
      {
        destinationVaultArn: `arn:aws:backup:ap-northeast-1:${ACCOUNT}:backup-vault:data-backups-dev`,
        lifecycle: { deleteAfter: 7 },
      },
    ]);
  });
});

describe("data stores: invalid args", () => {
  it("fails with one error listing every Aurora problem, with the fix for each", async () => {
    await assert.rejects(render(program("data-invalid.ts")), (err: Error) => {
      assert.equal(
        err.message,
        [
          "Aurora orders-db has invalid args (4 problems):",
          '  - `engineVersion`: got "16"; expected an Aurora PostgreSQL major.minor version like "16.6". Fix: pass the exact version, e.g. "16.6" (a global database needs the same version in every region)',
          '  - `instanceClass`: got "db.r6g.large" with `serverless` set; Serverless v2 instances are db.serverless. Fix: drop instanceClass, or drop serverless for provisioned instances',
          "  - `instances`: got 0; an Aurora cluster has 1 writer and up to 15 readers. Fix: pass an integer from 1 to 16",
          "  - `serverless.minCapacity`: got 8, above `serverless.maxCapacity` (4). Fix: pass a minimum of at most 4",
        ].join("\n"),
      );
      return true;
    });
  });
});
