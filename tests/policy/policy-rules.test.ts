import * as assert from "assert";
import { Graph } from "../../tools/offline/graph";
import { render } from "../harness";
import { allPolicies } from "../../policy/policies";
import { Verdict } from "../../tools/policy/judge";
import { copy, envConfig, find, judgeWith, lines, onlyRule, removeResources, setInput } from "../policy-harness";

/**
 * Every rule of the pack, one failing case each, built by removing one protection from a rendered stack,
 * with the exact violation text; the unmutated stack is the passing case (judged with the same config).
 * All judged through the pack's own process over gRPC.
 */

type Variant = "dev" | "staging" | "prod" | "prod-gcp";
const options = (v: Variant) =>
  v === "prod-gcp" ? { stack: "prod", overrides: [["secondary.cloud", "gcp"]] as [string, string][] } : { stack: v };
const envOf = (v: Variant) => (v === "prod-gcp" ? "prod" : v);

const URN = (stack: string, chain: string, name: string) => `urn:pulumi:${stack}::dr-platform::${chain}::${name}`;
const ROOT = (stack: string) => URN(stack, "pulumi:pulumi:Stack", `dr-platform-${stack}`);
const NET = "platform:site:AwsSite$platform:network:AwsNetwork";
const EKS = "platform:site:AwsSite$platform:eks:EksCluster";
const NODES = "platform:site:AwsSite$platform:eks:NodeGroups";
const DB = "platform:site:AwsSite$platform:data:Aurora";
const OBJ = "platform:site:AwsSite$platform:data:ObjectStore";
const ALB = "platform:site:AwsSite$platform:ingress:ApplicationLoadBalancer";
const APP = "platform:site:AwsSite$platform:workload:SampleService";

const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const RECORD = "aws:route53/record:Record";
const CHECK = "aws:route53/healthCheck:HealthCheck";
const PLAN = "aws:backup/plan:Plan";
const QUEUE = "aws:sqs/queue:Queue";
const KEY = "aws:kms/key:Key";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SECRET = "aws:secretsmanager/secret:Secret";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const LISTENER = "aws:lb/listener:Listener";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const ALERT_POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const SERVABLE_FIX =
  "give the Google Cloud edge a Certificate Manager certificate with DNS authorization, keep node groups in the secondary, and scale a pilot light up from an ARC Region switch plan with a trigger (or run warm-standby).";
const PAGING_FIX =
  "name a notification target (pulumi config set --path alarms.email oncall@example.com, or an https URL in alarms.httpsEndpoints), and confirm the email subscription.";

const T = {
  subnet: "aws:ec2/subnet:Subnet",
  nat: "aws:ec2/natGateway:NatGateway",
  eks: "aws:eks/cluster:Cluster",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  lt: "aws:ec2/launchTemplate:LaunchTemplate",
  cluster: "aws:rds/cluster:Cluster",
  instance: "aws:rds/clusterInstance:ClusterInstance",
  bucket: "aws:s3/bucket:Bucket",
};

interface Case {
  readonly rule: string;
  readonly variant: Variant;
  readonly change: string;
  readonly mutate: (g: Graph) => void;
  readonly expected: string[];
}

const fix = (s: string) => ` Fix: ${s}`;

const CASES: Case[] = [
  {
    rule: "subnets-across-azs",
    variant: "prod",
    change: "the third AZ's subnets removed",
    mutate: (g) => removeResources(g, (r) => r.type === T.subnet && /^primary-network-.*-az3$/.test(r.name)),
    expected: [
      `mandatory ${URN("prod", `${NET}$aws:ec2/vpc:Vpc`, "primary-network")} | aws:ec2/vpc:Vpc "primary-network" has subnets in 2 AZ(s) (ap-northeast-2a, ap-northeast-2b); at least 3 are required.${fix("raise `primary.azCount` (pulumi config set --path primary.azCount 3).")}`,
    ],
  },
  {
    rule: "eks-control-plane-azs",
    variant: "prod",
    change: "the third private subnet moved into the first AZ",
    mutate: (g) => setInput(g, T.subnet, "primary-network-private-az3", "availabilityZone", "ap-northeast-2a"),
    expected: [
      `mandatory ${URN("prod", `${EKS}$${T.eks}`, "primary-eks")} | aws:eks/cluster:Cluster "primary-eks" has control-plane subnets in 2 AZ(s) (ap-northeast-2a, ap-northeast-2b); at least 3 are required.${fix("give the cluster a private subnet in every AZ (raise `primary.azCount`).")}`,
    ],
  },
  {
    rule: "node-groups-across-azs",
    variant: "prod",
    change: "the third AZ's node group removed",
    mutate: (g) => removeResources(g, (r) => r.type === T.nodeGroup && r.name === "primary-nodes-general-az3"),
    expected: [
      `mandatory ${URN("prod", `${EKS}$${T.eks}`, "primary-eks")} | aws:eks/cluster:Cluster "primary-eks" has node groups in 2 AZ(s) (ap-northeast-2a, ap-northeast-2b); at least 3 are required.${fix("keep one node group per AZ (the NodeGroups component does this for every AZ of the site).")}`,
    ],
  },
  {
    rule: "nat-per-az",
    variant: "prod",
    change: "NAT gateways left only in the first AZ",
    mutate: (g) => removeResources(g, (r) => r.type === T.nat && /^primary-network-nat-az[23]$/.test(r.name)),
    expected: [
      `mandatory ${URN("prod", `${NET}$aws:ec2/vpc:Vpc`, "primary-network")} | aws:ec2/vpc:Vpc "primary-network" has NAT gateways in ap-northeast-2a but none in ap-northeast-2b, ap-northeast-2c; losing ap-northeast-2a cuts egress for the others.${fix("use a NAT gateway per AZ (pulumi config set --path primary.natGateways per-az).")}`,
    ],
  },
  {
    rule: "aurora-multi-az",
    variant: "prod",
    change: "both instances in one AZ",
    mutate: (g) => setInput(g, T.instance, "primary-db-2", "availabilityZone", "ap-northeast-2a"),
    expected: [
      `mandatory ${URN("prod", `${DB}$${T.cluster}`, "primary-db")} | aws:rds/cluster:Cluster "primary-db" has 2 instance(s) in 1 distinct AZ(s); at least 2 in distinct AZs are required.${fix("set `database.instances` to 2 or more (pulumi config set --path database.instances 2).")}`,
    ],
  },
  {
    rule: "gke-regional",
    variant: "prod-gcp",
    change: "the GKE cluster in one zone",
    mutate: (g) => setInput(g, "gcp:container/cluster:Cluster", "secondary-gke", "location", "asia-northeast1-a"),
    expected: [
      `mandatory ${URN("prod", "platform:site:GcpSite$platform:gke:GkeCluster$gcp:container/cluster:Cluster", "secondary-gke")} | gcp:container/cluster:Cluster "secondary-gke" has location "asia-northeast1-a", a zone; a regional location is required.${fix("create the cluster with a region (asia-northeast3) as its location, not a zone.")}`,
    ],
  },
  {
    rule: "cloud-sql-regional",
    variant: "prod-gcp",
    change: "Cloud SQL made ZONAL",
    mutate: (g) => setInput(g, SQL, "secondary-db", "settings.availabilityType", "ZONAL"),
    expected: [
      `mandatory ${URN("prod", `platform:site:GcpSite$platform:gcpdata:CloudSqlPostgres$${SQL}`, "secondary-db")} | gcp:sql/databaseInstance:DatabaseInstance "secondary-db" has availabilityType ZONAL; REGIONAL is required.${fix("set settings.availabilityType to REGIONAL on the Cloud SQL instance.")}`,
    ],
  },
  {
    rule: "workload-resilience",
    variant: "prod",
    change: "the sample service's PodDisruptionBudget removed",
    mutate: (g) =>
      removeResources(g, (r) => r.type === "kubernetes:policy/v1:PodDisruptionBudget" && r.name === "primary-app"),
    expected: [
      `mandatory ${URN("prod", `${APP}$kubernetes:apps/v1:Deployment`, "primary-app")} | kubernetes:apps/v1:Deployment "primary-app" is served by a Service but lacks a PodDisruptionBudget.${fix("deploy services with the SampleService component, which adds all three.")}`,
    ],
  },
  {
    rule: "node-group-scaling",
    variant: "prod",
    change: "a node group pinned at min = max",
    mutate: (g) => setInput(g, T.nodeGroup, "primary-nodes-general-az1", "scalingConfig.maxSize", 2),
    expected: [
      `mandatory ${URN("prod", `${NODES}$${T.nodeGroup}`, "primary-nodes-general-az1")} | aws:eks/nodeGroup:NodeGroup "primary-nodes-general-az1" has min 2 and max 2; max must be above min.${fix("raise the group's maxSize above minSize (primary.nodeGroups.<group>.maxSize).")}`,
    ],
  },
  {
    rule: "dr-secondary-replication",
    variant: "prod",
    change: "the S3 replication removed",
    mutate: (g) => removeResources(g, (r) => r.type === REPLICATION),
    expected: [
      `mandatory ${ROOT("prod")} | The stack has no object replication (S3 replication or a Storage Transfer job).${fix("run the stack as warm-standby or pilot-light with a secondary (pulumi config set drMode warm-standby).")}`,
    ],
  },
  {
    rule: "s3-replication-rtc",
    variant: "prod",
    change: "Replication Time Control off",
    mutate: (g) =>
      setInput(g, REPLICATION, "objects-replication", "rules.0.destination.replicationTime.status", "Disabled"),
    expected: [
      `mandatory ${URN("prod", `platform:data:BucketReplication$${REPLICATION}`, "objects-replication")} | aws:s3/bucketReplicationConfig:BucketReplicationConfig "objects-replication" rule "to-secondary": Replication Time Control is off.${fix("use the BucketReplication component, which enables RTC and replication metrics on every rule.")}`,
    ],
  },
  {
    rule: "dns-failover-pair",
    variant: "prod",
    change: "the PRIMARY record's health check removed",
    mutate: (g) => setInput(g, RECORD, "dns-primary", "healthCheckId", undefined),
    expected: [
      `mandatory ${URN("prod", `platform:dns:DnsFailover$${RECORD}`, "dns-primary")} | The PRIMARY failover record app.example.com has no health check.${fix("let the DnsFailover component create the pair (it is created when the stack has a secondary).")}`,
    ],
  },
  {
    rule: "dns-ttl",
    variant: "prod-gcp",
    change: "the SECONDARY record's TTL raised to 300 s",
    mutate: (g) => setInput(g, RECORD, "dns-secondary", "ttl", 300),
    expected: [
      `mandatory ${URN("prod", `platform:dns:DnsFailover$${RECORD}`, "dns-secondary")} | aws:route53/record:Record "dns-secondary" has TTL 300s; failover records need at most 60s.${fix("lower the record's TTL (pulumi config set --path dns.ttl 60).")}`,
    ],
  },
  {
    rule: "dr-objectives-met",
    variant: "prod",
    change: "health checks every 30 s with threshold 10, against a 5 min target",
    mutate: (g) => {
      g.outputs.drTargets = { rtoSeconds: 300, rpoSeconds: 1 };
      // The HTTPS check the PRIMARY record follows: the calculated check's endpoint child, else the check itself.
      const endpoint = g.resources.some((r) => r.type === CHECK && r.name === "dns-primary-endpoint")
        ? "dns-primary-endpoint"
        : "dns-primary";
      setInput(g, CHECK, endpoint, "requestInterval", 30);
      setInput(g, CHECK, endpoint, "failureThreshold", 10);
    },
    expected: [
      `mandatory ${ROOT("prod")} | Computed RTO 7m15s (health check 5m + quorum alarm 60s + starter 15s + DB promotion 60s) exceeds the target 5m.${fix("fix the link named (a health check that detects, an alarm with a subscriber, a promotion the plan starts by itself), shorten dns.requestInterval / dns.failureThreshold, choose a faster replication (drMode warm-standby), or relax drTargets deliberately.")}`,
    ],
  },
  {
    rule: "failover-target-servable",
    variant: "prod",
    change: "the secondary's node groups removed",
    mutate: (g) => removeResources(g, (r) => r.type === T.nodeGroup && r.name.startsWith("secondary-")),
    expected: [
      `mandatory ${URN("prod", `platform:dns:DnsFailover$${RECORD}`, "dns-secondary")} | The failover target (AWS ap-northeast-1, SECONDARY of app.example.com) cannot be healthy before it receives traffic, and Route 53 sends none to an unhealthy SECONDARY: no capacity: the AWS secondary has no node group or node pool.${fix(SERVABLE_FIX)}`,
    ],
  },
  {
    rule: "backup-retention",
    variant: "prod",
    change: "Aurora backups kept 7 days",
    mutate: (g) => setInput(g, T.cluster, "primary-db", "backupRetentionPeriod", 7),
    expected: [
      `mandatory ${URN("prod", `${DB}$${T.cluster}`, "primary-db")} | aws:rds/cluster:Cluster "primary-db" keeps backups 7 day(s); at least 14 are required.${fix("raise database.backupRetentionDays (pulumi config set --path database.backupRetentionDays 14).")}`,
    ],
  },
  {
    rule: "backup-cross-region-copy",
    variant: "prod",
    change: "the copy action removed from the backup plan",
    mutate: (g) => setInput(g, PLAN, "primary-backups", "rules.0.copyActions", []),
    expected: [
      `mandatory ${ROOT("prod")} | No AWS Backup plan copies recovery points to another region.${fix("keep the Backups component's copy to the secondary vault (it is added whenever the stack has a BackupVault).")}`,
    ],
  },
  {
    rule: "alarms-reach-someone",
    variant: "prod",
    change: "the us-east-1 alarm topic's email subscription removed",
    mutate: (g) => removeResources(g, (r) => r.type === SUBSCRIPTION && r.name === "dns-alarms"),
    // Both sites' health alarms, the primary's checker-quorum alarm, and the alarm that starts the failover.
    expected: [
      ["platform:dns:DnsFailover", "dns-primary-quorum"],
      ["platform:dns:DnsFailover", "dns-secondary-health"],
      ["platform:dns:DnsFailover", "dns-primary-health"],
      ["platform:failover:FailoverStarter", "failover-start"],
    ].map(
      ([parent, alarm]) =>
        `mandatory ${URN("prod", `${parent}$${ALARM}`, alarm!)} | ${ALARM} "${alarm}" watches a Route 53 health check but its SNS topic has no subscription.${fix(PAGING_FIX)}`,
    ),
  },
  {
    rule: "eks-secrets-encryption",
    variant: "prod",
    change: "Secrets encryption removed",
    mutate: (g) => setInput(g, T.eks, "primary-eks", "encryptionConfig", undefined),
    expected: [
      `mandatory ${URN("prod", `${EKS}$${T.eks}`, "primary-eks")} | aws:eks/cluster:Cluster "primary-eks" does not encrypt Secrets with a KMS key.${fix("set encryptionConfig {resources: [secrets], provider.keyArn} (the EksCluster component does).")}`,
    ],
  },
  {
    rule: "eks-endpoint-restricted",
    variant: "prod",
    change: "the public endpoint on with no CIDR list",
    mutate: (g) => setInput(g, T.eks, "primary-eks", "vpcConfig.endpointPublicAccess", true),
    expected: [
      `mandatory ${URN("prod", `${EKS}$${T.eks}`, "primary-eks")} | aws:eks/cluster:Cluster "primary-eks" has a public API endpoint open to 0.0.0.0/0 (default).${fix("leave eks.publicAccessCidrs empty, or list only your office/VPN CIDRs.")}`,
    ],
  },
  {
    rule: "eks-control-plane-logging",
    variant: "prod",
    change: "audit and scheduler logs off",
    mutate: (g) =>
      setInput(g, T.eks, "primary-eks", "enabledClusterLogTypes", ["api", "authenticator", "controllerManager"]),
    expected: [
      `mandatory ${URN("prod", `${EKS}$${T.eks}`, "primary-eks")} | aws:eks/cluster:Cluster "primary-eks" does not log audit, scheduler.${fix("enable api, audit, authenticator, controllerManager and scheduler logs (enabledClusterLogTypes).")}`,
    ],
  },
  {
    rule: "imdsv2-required",
    variant: "prod",
    change: "IMDSv1 allowed on the node launch template",
    mutate: (g) => setInput(g, T.lt, "primary-nodes-node", "metadataOptions.httpTokens", "optional"),
    expected: [
      `mandatory ${URN("prod", `${NODES}$${T.lt}`, "primary-nodes-node")} | aws:ec2/launchTemplate:LaunchTemplate "primary-nodes-node" has httpTokens "optional" and hop limit 1; "required" and 1 are required.${fix("give node groups the NodeGroups launch template (metadataOptions httpTokens required, hop limit 1).")}`,
    ],
  },
  {
    rule: "ebs-encrypted-cmk",
    variant: "prod",
    change: "the node volume's KMS key removed",
    mutate: (g) => setInput(g, T.lt, "primary-nodes-node", "blockDeviceMappings.0.ebs.kmsKeyId", undefined),
    expected: [
      `mandatory ${URN("prod", `${NODES}$${T.lt}`, "primary-nodes-node")} | aws:ec2/launchTemplate:LaunchTemplate "primary-nodes-node" has 1 volume(s) without a customer KMS key.${fix("set blockDeviceMappings[].ebs {encrypted: true, kmsKeyId} on the launch template.")}`,
    ],
  },
  {
    rule: "aurora-encrypted-cmk",
    variant: "prod",
    change: "storage encryption off",
    mutate: (g) => setInput(g, T.cluster, "primary-db", "storageEncrypted", false),
    expected: [
      `mandatory ${URN("prod", `${DB}$${T.cluster}`, "primary-db")} | aws:rds/cluster:Cluster "primary-db" has storageEncrypted false and a KMS key.${fix("set storageEncrypted true and kmsKeyId (the Aurora component creates the key).")}`,
    ],
  },
  {
    rule: "messaging-encrypted-cmk",
    variant: "prod",
    change: "the queue on the AWS-managed key",
    mutate: (g) => setInput(g, QUEUE, "primary-queue", "kmsMasterKeyId", "alias/aws/sqs"),
    expected: [
      `mandatory ${URN("prod", `platform:site:AwsSite$platform:data:Queue$${QUEUE}`, "primary-queue")} | aws:sqs/queue:Queue "primary-queue" is encrypted with the AWS-managed alias/aws/sqs.${fix("set kmsMasterKeyId to a customer key (the Queue and Alarms components do).")}`,
    ],
  },
  {
    rule: "kms-key-rotation",
    variant: "prod",
    change: "rotation off on the EKS secrets key",
    mutate: (g) => setInput(g, KEY, "primary-eks-secrets", "enableKeyRotation", false),
    expected: [
      `mandatory ${URN("prod", `${EKS}$${KEY}`, "primary-eks-secrets")} | aws:kms/key:Key "primary-eks-secrets" does not rotate.${fix("set enableKeyRotation true (createCustomerKey in components/aws/kms.ts does).")}`,
    ],
  },
  {
    rule: "database-not-public",
    variant: "prod",
    change: "the writer publicly accessible",
    mutate: (g) => setInput(g, T.instance, "primary-db-1", "publiclyAccessible", true),
    expected: [
      `mandatory ${URN("prod", `${DB}$${T.instance}`, "primary-db-1")} | aws:rds/clusterInstance:ClusterInstance "primary-db-1" has a public IP address.${fix("set publiclyAccessible false (Aurora) or settings.ipConfiguration.ipv4Enabled false (Cloud SQL).")}`,
    ],
  },
  {
    rule: "s3-encrypted-cmk",
    variant: "prod",
    change: "the object store on SSE-S3",
    mutate: (g) =>
      setInput(g, SSE, "primary-objects", "rules.0.applyServerSideEncryptionByDefault", { sseAlgorithm: "AES256" }),
    expected: [
      `mandatory ${URN("prod", `${OBJ}$${T.bucket}`, "primary-objects")} | aws:s3/bucket:Bucket "primary-objects" has default encryption without a customer KMS key.${fix("add a BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and kmsMasterKeyId (ObjectStore does).")}`,
    ],
  },
  {
    rule: "s3-public-access-blocked",
    variant: "prod",
    change: "restrictPublicBuckets off",
    mutate: (g) => setInput(g, PAB, "primary-objects", "restrictPublicBuckets", false),
    expected: [
      `mandatory ${URN("prod", `${OBJ}$${T.bucket}`, "primary-objects")} | aws:s3/bucket:Bucket "primary-objects" does not set restrictPublicBuckets.${fix("add a BucketPublicAccessBlock with all four flags true.")}`,
    ],
  },
  {
    rule: "s3-tls-only",
    variant: "prod",
    change: "the bucket policy without its TLS statement",
    mutate: (g) =>
      setInput(g, POLICY, "primary-objects", "policy", JSON.stringify({ Version: "2012-10-17", Statement: [] })),
    expected: [
      `mandatory ${URN("prod", `${OBJ}$${T.bucket}`, "primary-objects")} | aws:s3/bucket:Bucket "primary-objects" accepts requests without TLS.${fix('add a Deny statement on aws:SecureTransport "false" to the bucket policy.')}`,
    ],
  },
  {
    rule: "iam-conformance",
    variant: "prod",
    change: "a misspelt action in the deep check's login policy",
    mutate: (g) =>
      setInput(
        g,
        ROLE_POLICY,
        "primary-deep-check-login",
        "policy",
        String(
          g.resources.find((x) => x.name === "primary-deep-check-login" && x.type === ROLE_POLICY)!.inputs.policy,
        ).replace("GetSecretValue", "GetSecretValu"),
      ),
    expected: [
      `mandatory ${URN("prod", `platform:site:AwsSite$${ROLE_POLICY}`, "primary-deep-check-login")} | ${ROLE_POLICY} "primary-deep-check-login" policy: Statement ReadTheLogin: action "secretsmanager:GetSecretValu" does not exist.${fix("correct the name the message quotes, or split the statement so each condition applies to every resource it names.")}`,
    ],
  },
  {
    rule: "log-groups-encrypted-cmk",
    variant: "prod",
    change: "the primary VPC's flow-log group without its key",
    mutate: (g) => setInput(g, LOG_GROUP, "primary-network-flow-logs", "kmsKeyId", undefined),
    expected: [
      `mandatory ${URN("prod", `${NET}$${LOG_GROUP}`, "primary-network-flow-logs")} | ${LOG_GROUP} "primary-network-flow-logs" is not encrypted with a customer KMS key.${fix("create the group with createEncryptedLogGroup (components/aws/log-group.ts), which gives it a key of its own.")}`,
    ],
  },
  {
    rule: "audit-log-retention",
    variant: "prod",
    change: "the primary EKS control plane's log kept 90 days",
    mutate: (g) => setInput(g, LOG_GROUP, "primary-eks-control-plane", "retentionInDays", 90),
    expected: [
      `mandatory ${URN("prod", `${EKS}$${LOG_GROUP}`, "primary-eks-control-plane")} | ${LOG_GROUP} "primary-eks-control-plane" (EKS control plane) keeps 90 day(s); at least 365 are required.${fix("keep the site's audit logs as long as its environment's profile says (auditLogRetentionDays).")}`,
    ],
  },
  {
    rule: "aurora-enhanced-monitoring",
    variant: "prod",
    change: "the primary writer without enhanced monitoring",
    mutate: (g) => setInput(g, "aws:rds/clusterInstance:ClusterInstance", "primary-db-1", "monitoringInterval", 0),
    expected: [
      `mandatory ${URN("prod", `${DB}$aws:rds/clusterInstance:ClusterInstance`, "primary-db-1")} | aws:rds/clusterInstance:ClusterInstance "primary-db-1" has monitoringInterval 0 and a monitoring role.${fix("set monitoringInterval (60 or less) and monitoringRoleArn (the Aurora component does).")}`,
    ],
  },
  {
    rule: "database-audit-logging",
    variant: "prod",
    change: "the primary cluster's parameter group without pgaudit.log",
    mutate: (g) => {
      const group = g.resources.find(
        (r) => r.type === "aws:rds/clusterParameterGroup:ClusterParameterGroup" && r.name === "primary-db",
      )!;
      return setInput(
        g,
        group.type,
        group.name,
        "parameters",
        (group.inputs.parameters as { name: string }[]).filter((p) => p.name !== "pgaudit.log"),
      );
    },
    expected: [
      `mandatory ${URN("prod", `${DB}$aws:rds/cluster:Cluster`, "primary-db")} | aws:rds/cluster:Cluster "primary-db" does not audit: its parameter group lacks pgaudit.log.${fix("keep the Aurora component's auditLogging (on by default) and the Cloud SQL component's audit flags.")}`,
    ],
  },
  {
    rule: "secrets-encrypted-cmk",
    variant: "prod",
    change: "the master secret's Tokyo replica under AWS's key",
    mutate: (g) => setInput(g, SECRET, "primary-db-master", "replicas", [{ region: "ap-northeast-1" }]),
    expected: [
      `mandatory ${URN("prod", `${DB}$${SECRET}`, "primary-db-master")} | ${SECRET} "primary-db-master"'s replica in ap-northeast-1 is encrypted with AWS's key there.${fix("give the secret a customer key (kmsKeyId) and each replica one in its Region (the Aurora component's secretReplica.kmsKeyArn).")}`,
    ],
  },
  {
    rule: "database-password-rotation",
    variant: "prod",
    change: "the master password's rotation removed",
    mutate: (g) => removeResources(g, (r) => r.type === "aws:secretsmanager/secretRotation:SecretRotation"),
    expected: [
      `mandatory ${URN("prod", `${DB}$${SECRET}`, "primary-db-master")} | ${SECRET} "primary-db-master" holds ${T.cluster} "primary-db"'s master password, which never rotates.${fix("keep the environment's passwordRotationDays (stack-config/profiles.ts): the Aurora component's passwordRotation deploys AWS's rotation function and schedule.")}`,
    ],
  },
  {
    rule: "gcp-data-encrypted-cmk",
    variant: "prod-gcp",
    change: "Cloud SQL without its Cloud KMS key",
    mutate: (g) => setInput(g, SQL, "secondary-db", "encryptionKeyName", undefined),
    expected: [
      `mandatory ${URN("prod", `platform:site:GcpSite$platform:gcpdata:CloudSqlPostgres$${SQL}`, "secondary-db")} | ${SQL} "secondary-db" is encrypted with a Google-managed key, not a Cloud KMS key of the stack.${fix("keep the Google Cloud site's customerManagedKeys (on by default) and the GCS replica's customerManagedKey; Cloud SQL takes a key only at creation (docs/security.md#customer-managed-keys-on-google-cloud).")}`,
    ],
  },
  {
    rule: "gcs-access-logging",
    variant: "prod-gcp",
    change: "the usage-log writer's grant on the replica's log bucket removed",
    mutate: (g) =>
      removeResources(
        g,
        (r) => r.type === "gcp:storage/bucketIAMMember:BucketIAMMember" && r.name === "objects-replica-access-logs",
      ),
    expected: [
      `mandatory ${URN("prod", "platform:gcpdata:GcsReplica$gcp:storage/bucket:Bucket", "objects-replica")} | gcp:storage/bucket:Bucket "objects-replica" logs to gcp:storage/bucket:Bucket "objects-replica-access-logs", which Cloud Storage's log writer may not write to.${fix("create the bucket with a log bucket (components/gcp-data/gcs-access-logs.ts, as GcsReplica does) and name it in logging.logBucket.")}`,
    ],
  },
  {
    rule: "alb-web-acl",
    variant: "prod",
    change: "the primary ALB's web ACL association removed",
    mutate: (g) =>
      removeResources(
        g,
        (r) => r.type === "aws:wafv2/webAclAssociation:WebAclAssociation" && r.name === "primary-alb-waf",
      ),
    expected: [
      `mandatory ${URN("prod", `${ALB}$${LB}`, "primary-alb")} | ${LB} "primary-alb" is public and no web ACL filters it.${fix("create the load balancer with the ApplicationLoadBalancer component, which puts components/ingress/web-acl.ts in front of it.")}`,
    ],
  },
  {
    rule: "gke-edge-cloud-armor",
    variant: "prod-gcp",
    change: "the Cloud Armor policy's rate limit removed",
    mutate: (g) => {
      const armor = g.resources.find((r) => r.type === "gcp:compute/securityPolicy:SecurityPolicy")!;
      setInput(
        g,
        armor.type,
        armor.name,
        "rules",
        (armor.inputs.rules as { action: string }[]).filter((r) => r.action !== "throttle"),
      );
    },
    expected: ["secondary-app/secondary-app", "secondary-deep-check/regional-health"].map(
      (service) =>
        `mandatory ${URN("prod", "platform:site:GcpSite$platform:gcpingress:GkeGateway$kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "secondary-gateway")} | kubernetes:gateway.networking.k8s.io/v1:HTTPRoute "secondary-gateway" sends traffic to ${service} behind gcp:compute/securityPolicy:SecurityPolicy "secondary-gateway-armor", which has no rate limit.${fix("expose the service through the GkeGateway component, whose backend policies name its Cloud Armor policy (components/gcp-ingress/edge-security-policy.ts).")}`,
    ),
  },
  {
    rule: "admission-pinned-images",
    variant: "prod",
    change: "the primary cluster's admission policy only warning, and the sample service's image by tag",
    mutate: (g) => {
      const binding = g.resources.find(
        (r) =>
          r.type === "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding" &&
          r.name === "primary-pinned-images",
      )!;
      setInput(g, binding.type, binding.name, "spec.validationActions", ["Warn", "Audit"]);
      setInput(
        g,
        "kubernetes:apps/v1:Deployment",
        "primary-app",
        "spec.template.spec.containers.0.image",
        "ghcr.io/stefanprodan/podinfo:6.7.1",
      );
    },
    expected: [
      `mandatory ${URN("prod", "platform:site:AwsSite$platform:kubernetes:PinnedImagesAdmission$kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding", "primary-pinned-images")} | The cluster of provider primary-eks-k8s only warns about images not pinned by digest; it must deny them.${fix("keep the sites' PinnedImagesAdmission (components/kubernetes/pinned-images-admission.ts) and Binary Authorization, and pin each image as repository:tag@sha256:digest (components/kubernetes/images.ts).")}`,
      `mandatory ${URN("prod", `${APP}$kubernetes:apps/v1:Deployment`, "primary-app")} | kubernetes:apps/v1:Deployment "primary-app" names ghcr.io/stefanprodan/podinfo:6.7.1, not pinned by digest: the cluster would refuse its pods.${fix("keep the sites' PinnedImagesAdmission (components/kubernetes/pinned-images-admission.ts) and Binary Authorization, and pin each image as repository:tag@sha256:digest (components/kubernetes/images.ts).")}`,
    ],
  },
  {
    rule: "no-open-ingress",
    variant: "prod",
    change: "PostgreSQL open to the internet",
    mutate: (g) =>
      setInput(g, SG, "primary-db", "ingress", [
        { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] },
      ]),
    expected: [
      `mandatory ${URN("prod", `${DB}$${SG}`, "primary-db")} | aws:ec2/securityGroup:SecurityGroup "primary-db" admits the internet on tcp/5432.${fix("narrow the rule's source to the VPC or a security group; only internet-facing load balancers take 80/443 from anywhere.")}`,
    ],
  },
  {
    rule: "vpc-flow-logs",
    variant: "prod",
    change: "the primary VPC's flow log removed",
    mutate: (g) =>
      removeResources(g, (r) => r.type === "aws:ec2/flowLog:FlowLog" && r.name === "primary-network-flow-logs"),
    expected: [
      `mandatory ${URN("prod", `${NET}$aws:ec2/vpc:Vpc`, "primary-network")} | aws:ec2/vpc:Vpc "primary-network" has no flow log of ALL traffic.${fix("keep the AwsNetwork flow log (trafficType ALL) on every VPC.")}`,
    ],
  },
  {
    rule: "alb-https-modern-tls",
    variant: "prod",
    change: "the HTTPS listener on the 2016 TLS policy",
    mutate: (g) => setInput(g, LISTENER, "primary-alb-https", "sslPolicy", "ELBSecurityPolicy-2016-08"),
    expected: [
      `mandatory ${URN("prod", `${ALB}$${LISTENER}`, "primary-alb-https")} | aws:lb/listener:Listener "primary-alb-https" uses TLS policy ELBSecurityPolicy-2016-08.${fix("use sslPolicy ELBSecurityPolicy-TLS13-1-2-2021-06 on HTTPS and a 301 redirect on HTTP (ApplicationLoadBalancer does).")}`,
    ],
  },
  {
    rule: "alb-drop-invalid-headers",
    variant: "prod",
    change: "invalid headers kept",
    mutate: (g) => setInput(g, LB, "primary-alb", "dropInvalidHeaderFields", false),
    expected: [
      `mandatory ${URN("prod", `${ALB}$${LB}`, "primary-alb")} | aws:lb/loadBalancer:LoadBalancer "primary-alb" keeps invalid header fields.${fix("set dropInvalidHeaderFields true on the load balancer.")}`,
    ],
  },
  {
    rule: "deletion-protection",
    variant: "prod",
    change: "the database's deletion protection off",
    mutate: (g) => setInput(g, T.cluster, "primary-db", "deletionProtection", false),
    expected: [
      `mandatory ${URN("prod", `${DB}$${T.cluster}`, "primary-db")} | aws:rds/cluster:Cluster "primary-db" can be deleted outside Pulumi: deletion protection is off.${fix("pulumi config set --path protection.deletionProtection true")}`,
    ],
  },
  {
    rule: "stateful-protected",
    variant: "prod",
    change: "the object store without Pulumi protect",
    mutate: (g) => ((find(g, T.bucket, "primary-objects") as { protect: boolean }).protect = false),
    expected: [
      `mandatory ${URN("prod", `${OBJ}$${T.bucket}`, "primary-objects")} | aws:s3/bucket:Bucket "primary-objects" is not protected: a replace or destroy would delete its data.${fix("pulumi config set --path protection.protect true")}`,
    ],
  },
  {
    rule: "final-snapshot",
    variant: "prod",
    change: "the final snapshot skipped",
    mutate: (g) => setInput(g, T.cluster, "primary-db", "skipFinalSnapshot", true),
    expected: [
      `mandatory ${URN("prod", `${DB}$${T.cluster}`, "primary-db")} | aws:rds/cluster:Cluster "primary-db" would be deleted without a final snapshot.${fix("set skipFinalSnapshot false with a finalSnapshotIdentifier (the Aurora component does unless teardown is allowed).")}`,
    ],
  },
  {
    rule: "no-force-destroy",
    variant: "prod",
    change: "forceDestroy on the object store",
    mutate: (g) => setInput(g, T.bucket, "primary-objects", "forceDestroy", true),
    expected: [
      `mandatory ${URN("prod", `${OBJ}$${T.bucket}`, "primary-objects")} | aws:s3/bucket:Bucket "primary-objects" has forceDestroy: a destroy deletes every object in it.${fix("pulumi config set --path teardown.allowed false (forceDestroy follows it).")}`,
    ],
  },
  {
    rule: "required-tags",
    variant: "prod",
    change: "the owner tag blanked on one bucket",
    mutate: (g) => setInput(g, T.bucket, "primary-objects", "tags", { owner: "" }),
    expected: [
      `mandatory ${URN("prod", `${OBJ}$${T.bucket}`, "primary-objects")} | aws:s3/bucket:Bucket "primary-objects" lacks owner.${fix("set them on the provider (providers.ts defaultTags/defaultLabels come from the `tags` config).")}`,
    ],
  },
  {
    rule: "eks-upgrade-policy",
    variant: "staging",
    change: "EXTENDED support outside prod",
    mutate: (g) => setInput(g, T.eks, "primary-eks", "upgradePolicy.supportType", "EXTENDED"),
    expected: [
      `mandatory ${URN("staging", `${EKS}$${T.eks}`, "primary-eks")} | aws:eks/cluster:Cluster "primary-eks" has supportType EXTENDED; allowed: STANDARD.${fix("set upgradePolicy.supportType STANDARD and upgrade the cluster before standard support ends.")}`,
    ],
  },
  {
    rule: "allowed-instance-types",
    variant: "dev",
    change: "a prod-sized node type in dev",
    mutate: (g) => setInput(g, T.nodeGroup, "primary-nodes-general-az1", "instanceTypes", ["m6i.4xlarge"]),
    expected: [
      `mandatory ${URN("dev", `${NODES}$${T.nodeGroup}`, "primary-nodes-general-az1")} | aws:eks/nodeGroup:NodeGroup "primary-nodes-general-az1" uses m6i.4xlarge, not allowed here (allowed: t3.*, t3a.*, t4g.*, db.serverless, db.t4g.*, e2-standard-2, e2-medium, db-custom-1-*, db-custom-2-*).${fix("pick a listed size, or add the pattern to policy/config/<env>.json in review.")}`,
    ],
  },
  {
    rule: "off-hours-schedule",
    variant: "dev",
    change: "every schedule removed",
    mutate: (g) =>
      removeResources(
        g,
        (r) => r.type === "aws:scheduler/schedule:Schedule" || r.type === "gcp:cloudscheduler/job:Job",
      ),
    expected: [
      `mandatory ${ROOT("dev")} | The stack has no off-hours schedule, so it runs (and bills) around the clock.${fix("add a schedule (pulumi config set --path schedule.stop 20:00); see docs/schedules.md.")}`,
    ],
  },
  {
    rule: "explicit-provider",
    variant: "prod",
    change: "a queue on the default provider",
    mutate: (g) => ((find(g, QUEUE, "primary-queue") as { provider: string }).provider = ""),
    expected: [
      `mandatory ${URN("prod", `platform:site:AwsSite$platform:data:Queue$${QUEUE}`, "primary-queue")} | aws:sqs/queue:Queue "primary-queue" uses the default provider.${fix("pass the site's provider (opts.provider or the parent's providers) to the resource.")}`,
    ],
  },
];

// Known, named mandatory failures of the shipped stacks: the honest verdicts of rules the shipped stacks do not
// pass yet, until the change that fixes them lands. The rules stay mandatory; a rule leaves this list when its
// stack passes it. None today.
const KNOWN_FAILURES: Record<Variant, string[]> = {
  dev: [],
  staging: [],
  prod: [],
  "prod-gcp": [],
};

/** A verdict without the known failures of its variant (see KNOWN_FAILURES). */
const withoutKnown = (v: Verdict, variant: Variant): Verdict => ({
  ...v,
  diagnostics: v.diagnostics.filter((d) => !(d.level === "mandatory" && KNOWN_FAILURES[variant].includes(d.policy))),
});

describe("policy rules: one protection removed from a rendered stack", function () {
  this.timeout(120_000);
  const graphs = new Map<Variant, Promise<Graph>>();
  const graphOf = (v: Variant) => {
    if (!graphs.has(v)) graphs.set(v, render(options(v)));
    return graphs.get(v)!;
  };
  // The passing case of every rule: the shipped stack judged once with its environment's config.
  const verdicts = new Map<Variant, Promise<Verdict>>();
  const shipped = (v: Variant) => {
    if (!verdicts.has(v))
      verdicts.set(
        v,
        graphOf(v).then((g) => judgeWith(g, envConfig(envOf(v)))),
      );
    return verdicts.get(v)!;
  };

  // Dev is weaker on purpose (docs/sources.md#environment-matrix); its config turns exactly these into warnings.
  const EXPECTED_ADVISORIES: Record<Variant, string[]> = {
    dev: ["alarms-reach-someone", "dns-failover-pair", "dr-secondary-replication", "final-snapshot", "nat-per-az"],
    staging: [],
    prod: [],
    "prod-gcp": [],
  };
  for (const variant of ["dev", "staging", "prod", "prod-gcp"] as Variant[]) {
    it(`passes every mandatory rule on the shipped ${variant} stack but its known failures, warning only where the environment is weaker`, async () => {
      const verdict = await shipped(variant);
      assert.deepEqual(
        lines(withoutKnown(verdict, variant)).filter((l) => l.startsWith("mandatory")),
        [],
      );
      assert.deepEqual(
        [...new Set(verdict.diagnostics.filter((d) => d.level !== "mandatory").map((d) => d.policy))].sort(),
        EXPECTED_ADVISORIES[variant],
      );
    });
  }

  it("has a case for every rule of the pack", () => {
    assert.deepEqual(
      CASES.map((c) => c.rule).sort(),
      allPolicies()
        .map((p) => p.name)
        .sort(),
    );
  });

  for (const c of CASES) {
    describe(`${c.rule} (${c.variant})`, () => {
      it("passes on the shipped stack (or fails only as a known failure)", async () => {
        const verdict = await shipped(c.variant);
        if (!KNOWN_FAILURES[c.variant].includes(c.rule)) {
          assert.deepEqual(lines(verdict, c.rule), []);
        }
      });
      it(`fails with ${c.change}`, async () => {
        const graph = copy(await graphOf(c.variant));
        c.mutate(graph);
        // Only the analyses of the rule's kind: the others would only be asked of a disabled rule.
        const rule = allPolicies().find((p) => p.name === c.rule);
        const scope = rule && "validateStack" in rule ? "stack" : "resources";
        const verdict = await judgeWith(graph, onlyRule(envOf(c.variant), c.rule), { scope });
        // The engine reports in no promised order.
        assert.deepEqual([...lines(verdict)].sort(), [...c.expected].sort());
      });
    });
  }
});

describe("policy rules: alarms-reach-someone on Google Cloud", function () {
  this.timeout(120_000);
  it("fails an alert policy whose notification channels are removed (prod-gcp)", async () => {
    const graph = copy(await render(options("prod-gcp")));
    const policy = graph.resources.find((r) => r.type === ALERT_POLICY);
    assert.ok(policy, "prod-gcp renders an alert policy");
    setInput(graph, ALERT_POLICY, policy.name, "notificationChannels", undefined);
    const verdict = await judgeWith(graph, onlyRule("prod", "alarms-reach-someone"));
    assert.deepEqual(lines(verdict), [
      `mandatory ${policy.urn} | ${ALERT_POLICY} "${policy.name}" has no notification channel, so its incidents page nobody.${fix(PAGING_FIX)}`,
    ]);
  });
});

describe("policy rules: failover-target-servable on a pilot light", function () {
  this.timeout(120_000);
  it("passes a Tokyo pilot light the starter's plan scales up, and fails one only a person scales up, naming the step", async () => {
    const graph = copy(await render(options("prod")));
    for (const group of graph.resources.filter((r) => r.type === T.nodeGroup && r.name.startsWith("secondary-"))) {
      setInput(graph, T.nodeGroup, group.name, "scalingConfig.minSize", 0);
    }
    // Pods that always run would make the autoscaler keep nodes: a pilot light at rest runs none.
    const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
    for (const d of graph.resources.filter((r) => r.type === DEPLOYMENT && r.name.startsWith("secondary-"))) {
      setInput(graph, DEPLOYMENT, d.name, "spec.replicas", 0);
    }
    // With the starter, the plan it runs scales Tokyo up before DNS can move: servable.
    assert.deepEqual(lines(await judgeWith(graph, onlyRule("prod", "failover-target-servable"))), []);
    // Without it (no rule forwards the alarm to Tokyo), only a person scales it up.
    removeResources(graph, (r) => r.type === "aws:cloudwatch/eventRule:EventRule" && r.urn.includes("FailoverStarter"));
    const verdict = await judgeWith(graph, onlyRule("prod", "failover-target-servable"));
    assert.deepEqual(lines(verdict), [
      `mandatory ${URN("prod", `platform:dns:DnsFailover$${RECORD}`, "dns-secondary")} | The failover target (AWS ap-northeast-1, SECONDARY of app.example.com) cannot be healthy before it receives traffic, and Route 53 sends none to an unhealthy SECONDARY: a pilot light (every node group at minimum 0) passes its check only after a scale-up, which only a person starts: human step A3, scale the secondary's node groups up (docs/runbooks/failover.md#step-a3-scale-up); give the Region switch plan region-switch a trigger, and its EKS resource-scaling step scales it up.${fix(SERVABLE_FIX)}`,
    ]);
  });
});

describe("policy rules: values unknown during a first preview", function () {
  this.timeout(120_000);
  // In a first preview no resource exists, so every ID, ARN and document naming one is unknown. A rule
  // that read such a value through @pulumi/policy's proxy would throw and be reported as an advisory
  // "can't run ... during preview", silently dropping a mandatory check: none may.
  for (const variant of ["staging", "prod", "prod-gcp"] as Variant[]) {
    it(`judges ${variant} fully: no rule skipped, no violation but the known failures`, async () => {
      const verdict = await judgeWith(await render(options(variant)), envConfig(envOf(variant)), { unknowns: true });
      assert.deepEqual(lines(withoutKnown(verdict, variant)), []);
    });
  }

  it("still fails a removed protection whose evidence is known (storage encryption off)", async () => {
    const graph = setInput(copy(await render({ stack: "prod" })), T.cluster, "primary-db", "storageEncrypted", false);
    const verdict = await judgeWith(graph, onlyRule("prod", "aurora-encrypted-cmk"), { unknowns: true });
    assert.deepEqual(lines(verdict), [
      `mandatory ${URN("prod", `${DB}$${T.cluster}`, "primary-db")} | aws:rds/cluster:Cluster "primary-db" has storageEncrypted false and a KMS key.${fix("set storageEncrypted true and kmsKeyId (the Aurora component creates the key).")}`,
    ]);
  });
});
