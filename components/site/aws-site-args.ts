import * as pulumi from "@pulumi/pulumi";
import { AlarmSubscribers, AlarmThresholds } from "../alarms";
import { AuroraArgs, AuroraGlobalMembership, BackupCopyTarget, BackupsArgs } from "../data";
import { NodeGroupSpec } from "../eks";

/** The compute part of an AWS site: an EKS cluster and its node groups. */
export interface AwsSiteClusterArgs {
  /** Kubernetes minor version; required. */
  readonly version: string;
  /** Node groups by name, one managed node group per AZ each; sizes are per AZ. */
  readonly nodeGroups: Readonly<Record<string, NodeGroupSpec>>;
  /** Pinned Cluster Autoscaler chart version. */
  readonly clusterAutoscalerChartVersion: string;
  /** CIDRs for the public API endpoint. @default [] - private only */
  readonly publicAccessCidrs?: string[];
  /** Roles given cluster-admin. @default [] */
  readonly adminRoleArns?: string[];
  /** EKS support policy. @default "STANDARD" */
  readonly supportType?: "STANDARD" | "EXTENDED";
  /** ARC zonal shift. @default false */
  readonly zonalShift?: boolean;
  /** Cloud-side deletion protection of the cluster. @default true */
  readonly deletionProtection?: boolean;
  /**
   * Install the in-cluster controllers and add-ons that need nodes (CoreDNS, EBS CSI, metrics, Cluster
   * Autoscaler). Off only for a cluster no node will ever run on (they could never start, and the load balancer
   * controller's webhooks would then refuse other objects); a pilot light keeps one controller node instead.
   * @default true
   */
  readonly controllers?: boolean;
  /**
   * What the cluster's admission policy does with a pod whose image is not pinned by digest, in the namespaces the
   * platform manages (components/kubernetes/pinned-images-admission.ts). @default "deny"
   */
  readonly imageAdmission?: "deny" | "warn";
  /**
   * Requesters the admission policy does not judge: FIS's pod actions on a cluster the drills target.
   * @default none
   */
  readonly imageAdmissionExempt?: {
    readonly users?: readonly string[];
    /** Service account names in the site's service namespace (the one FIS's pod drill targets). */
    readonly serviceAccounts?: readonly string[];
  };
}

/** The sample service and the load balancer in front of it. Needs the site's cluster. */
export interface AwsSiteServiceArgs {
  /** Container image with a pinned tag (podinfo, serving on 9898). */
  readonly image: string;
  readonly minReplicas: number;
  /**
   * The Deployment's replicas when first created, if not `minReplicas`: 0 for a pilot light, whose service waits
   * for the failover plan's scaling step (an HPA does not act on a Deployment at zero replicas).
   * @default minReplicas
   */
  readonly initialReplicas?: number;
  readonly maxReplicas: number;
  /** HPA CPU utilisation target, percent. */
  readonly targetCpuPercent: number;
  /** The service's name, for the certificate (the failover record name). */
  readonly domainName: string;
  /** Public hosted zone that validates the certificate. */
  readonly zoneName: string;
  /**
   * The exact paths the load balancer forwards (ApplicationLoadBalancerArgs.publicPaths), the Route 53 health
   * check's included; anything else gets 404 at the edge. @default the ALB's default
   */
  readonly publicPaths?: readonly string[];
  /** Pinned AWS Load Balancer Controller chart version. */
  readonly loadBalancerControllerChartVersion: string;
  /** Cloud-side deletion protection of the load balancer. */
  readonly deletionProtection: boolean;
  /** Pulumi `protect` on the load balancer. */
  readonly protect: boolean;
  /** Let the access-log bucket be emptied on delete (teardown). */
  readonly forceDestroy: boolean;
  /** Let AWS FIS pod actions run in the service's pods (SampleServiceArgs.faultInjection). @default false */
  readonly faultInjection?: boolean;
  /**
   * The deep regional check Route 53 requests on this site (RegionalHealthCheck): served on `path` through
   * the load balancer, probing this site's database and its Region's SQS, S3 and STS endpoints.
   * @default none: Route 53 can only check what the load balancer answers
   */
  readonly deepCheck?: AwsSiteDeepCheckArgs;
}

/** The deep regional check of an AWS site. */
export interface AwsSiteDeepCheckArgs {
  /** The path served through the load balancer (the Route 53 health check's `resourcePath`). */
  readonly path: string;
  /**
   * Healthy only while this Region holds the Aurora global database's writer (the primary's check): after a
   * promotion elsewhere the old primary stays red, so traffic never returns to it without a failback.
   */
  readonly writerOnly: boolean;
  /**
   * The login of the database probe, and the database it logs in to: the application's, so a green check
   * proves the path an application takes. @default the site's own application login (a global secondary has
   * none of its own: pass the primary's, which the global database replicates)
   */
  readonly databaseCredentials?: DatabaseLoginArgs;
}

/** A database login and the database it uses. */
export interface DatabaseLoginArgs {
  readonly username: string;
  readonly password: pulumi.Input<string>;
  readonly database: string;
  /** The login's Secrets Manager secret (the primary's ARN; a secondary reads its replica). @default none */
  readonly secretArn?: pulumi.Input<string>;
}

/** The site's data stores: Aurora, the object store, the queue and their backups. */
export interface AwsSiteDataArgs {
  readonly engineVersion: string;
  /** Provisioned instance class. @default the Aurora component's; ignored with `serverless` */
  readonly instanceClass?: string;
  readonly instances: number;
  /** Serverless v2 capacity; provisioned instances when absent. */
  readonly serverless?: { readonly minCapacity: number; readonly maxCapacity: number };
  /** Days of Aurora automated backups and of AWS Backup recovery points. */
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  /** Pulumi `protect` on every stateful resource. */
  readonly protect: boolean;
  /** Take a final snapshot when the database is deleted. */
  readonly finalSnapshot: boolean;
  /** Let buckets and the backup vault be emptied on delete (teardown). */
  readonly forceDestroy: boolean;
  /** Membership of an Aurora Global Database (primary or secondary). @default a regional cluster */
  readonly global?: AuroraGlobalMembership;
  /** Back up the database and bucket with AWS Backup. @default true; a global secondary leaves it to the primary */
  readonly backups?: boolean;
  /** Copy every recovery point to a vault in another region. @default no copy */
  readonly backupCopyTo?: BackupCopyTarget;
  /** Keep recovery points in this existing vault (same Region). @default a vault of the site's own */
  readonly backupVault?: BackupsArgs["vault"];
  /** Extra Aurora cluster parameters (pglogical for a DMS replica). @default none */
  readonly extraParameters?: AuroraArgs["extraParameters"];
  /** CIDRs admitted to the database over a VPN (the GCP side's DMS). @default none */
  readonly allowedCidrBlocks?: string[];
  /** Replicate the credential secrets to this region (the AWS secondary's), with its key. @default no replica */
  readonly secretReplica?: AuroraArgs["secretReplica"];
  /**
   * Rotate the master password every this many days (AuroraArgs.passwordRotation), from the site's private
   * subnets. @default no rotation
   */
  readonly passwordRotationDays?: number;
  /** Schedule no rotation for now (the writer is in the other Region). @default false */
  readonly passwordRotationPaused?: boolean;
  /**
   * The application's own login and database, created by the site's setup job (components/database-setup)
   * on a cluster with credentials of its own (not a global secondary).
   */
  readonly application: { readonly username: string; readonly database: string };
  /** A replication login for a Google DMS job reading the database. @default none */
  readonly replicationUsername?: string;
  /** Instances from this index on were added by a failover plan and are adopted. @default none */
  readonly adoptInstancesFrom?: AuroraArgs["adoptInstancesFrom"];
  /** The class a failover's growth gave the adopted instances (the old writer's). @default the site's class */
  readonly adoptedInstanceClass?: AuroraArgs["adoptedInstanceClass"];
}

/** Paging for the site. Needs the service and the data stores. */
export interface AwsSiteAlarmsArgs {
  readonly thresholds: AlarmThresholds;
  /** The alarm topic's subscribers. @default none */
  readonly subscribers?: AlarmSubscribers;
}

/** Arguments of {@link AwsSite}. The site's region is its provider's: pass `providers: { aws, random }` in opts. */
export interface AwsSiteArgs {
  /** The VPC's IPv4 block (/16 to /20). */
  readonly vpcCidr: string;
  /** Availability zones to spread every tier over. */
  readonly azCount: number;
  /** What the network's AZ error calls `azCount` (the config key it came from). @default "azCount" */
  readonly azCountName?: string;
  /** NAT gateways per AZ or a single one. @default "per-az" */
  readonly natGateways?: "single" | "per-az";
  /** Days to keep the site's logs (flow, control-plane, database, access). @default 90 */
  readonly logRetentionDays?: number;
  /**
   * Days to keep the site's audit logs: the VPC flow logs, the EKS control plane's (the Kubernetes audit log) and
   * the database's. A CloudWatch Logs retention value.
   * @default `logRetentionDays`
   */
  readonly auditLogRetentionDays?: number;
  /** The site's EKS cluster. @default none - a site that holds only network and data (backup-restore) */
  readonly cluster?: AwsSiteClusterArgs;
  /** The sample service behind an ALB. @default none; requires `cluster` */
  readonly service?: AwsSiteServiceArgs;
  /** Aurora, S3, SQS and AWS Backup. @default none */
  readonly data?: AwsSiteDataArgs;
  /** CloudWatch alarms and their SNS topic. @default none; requires `service` and `data` */
  readonly alarms?: AwsSiteAlarmsArgs;
  /**
   * Tags that mark the site's resources as targets of the fault-injection experiments
   * (components/resilience FIS_TARGET_TAGS), handed to the network, node groups and data stores.
   * @default none - nothing is tagged for fault injection
   */
  readonly faultInjectionTags?: AwsSiteFaultInjectionTags;
}

/** Where an AWS site puts fault-injection target tags; each is a `{ key: value }` map. */
export interface AwsSiteFaultInjectionTags {
  /** Every subnet (the AZ power-interruption experiment cuts the chosen AZ's subnets). @default none */
  readonly subnets?: Readonly<Record<string, string>>;
  /** The private subnets, in addition (the region-isolation drill blackholes their cross-region routes). @default none */
  readonly privateSubnets?: Readonly<Record<string, string>>;
  /** Every EKS node instance (the AZ experiment stops the chosen AZ's nodes). @default none */
  readonly nodeInstances?: Readonly<Record<string, string>>;
  /** The Aurora cluster (the AZ experiment fails the writer over). @default none */
  readonly database?: Readonly<Record<string, string>>;
  /** The object bucket (the region-isolation drill pauses its replication). @default none */
  readonly objectBucket?: Readonly<Record<string, string>>;
}
