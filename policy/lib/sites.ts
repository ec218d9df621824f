import { PolicyResource } from "@pulumi/policy";
import { dependenciesOf, providerName, str } from "./read";

/**
 * Where a resource runs. The program names its providers by role (aws-primary, aws-secondary,
 * gcp-secondary, aws-global: providers.ts), never by region, so the role is read from the name.
 */
export type Role = "primary" | "secondary" | "global";

export function roleOf(r: PolicyResource): Role | undefined {
  const name = providerName(r) ?? "";
  return name.endsWith("-primary")
    ? "primary"
    : name.endsWith("-secondary")
      ? "secondary"
      : name.endsWith("-global")
        ? "global"
        : undefined;
}

export const onPrimary = (r: PolicyResource) => roleOf(r) === "primary";
export const onSecondary = (r: PolicyResource) => roleOf(r) === "secondary";

export const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  nat: "aws:ec2/natGateway:NatGateway",
  eks: "aws:eks/cluster:Cluster",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  rdsCluster: "aws:rds/cluster:Cluster",
  rdsInstance: "aws:rds/clusterInstance:ClusterInstance",
  globalCluster: "aws:rds/globalCluster:GlobalCluster",
  bucket: "aws:s3/bucket:Bucket",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  bucketSse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketReplication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  bucketLogging: "aws:s3/bucketLogging:BucketLogging",
  queue: "aws:sqs/queue:Queue",
  topic: "aws:sns/topic:Topic",
  kmsKey: "aws:kms/key:Key",
  record: "aws:route53/record:Record",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  backupPlan: "aws:backup/plan:Plan",
  backupSelection: "aws:backup/selection:Selection",
  backupVault: "aws:backup/vault:Vault",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  sgIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  flowLog: "aws:ec2/flowLog:FlowLog",
  awsSchedule: "aws:scheduler/schedule:Schedule",
  gke: "gcp:container/cluster:Cluster",
  nodePool: "gcp:container/nodePool:NodePool",
  cloudSql: "gcp:sql/databaseInstance:DatabaseInstance",
  gcsBucket: "gcp:storage/bucket:Bucket",
  transferJob: "gcp:storage/transferJob:TransferJob",
  migrationJob: "gcp:databasemigrationservice/migrationJob:MigrationJob",
  pubsubTopic: "gcp:pubsub/topic:Topic",
  gcpSchedulerJob: "gcp:cloudscheduler/job:Job",
  deployment: "kubernetes:apps/v1:Deployment",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  service: "kubernetes:core/v1:Service",
  stack: "pulumi:pulumi:Stack",
} as const;

/** The AZs of the subnets a resource references (its subnets are among its dependencies). */
export function subnetAzs(r: PolicyResource): string[] {
  const azs = dependenciesOf(r, T.subnet)
    .map((s) => str(s.props.availabilityZone))
    .filter((az): az is string => az !== undefined);
  return [...new Set(azs)].sort();
}
