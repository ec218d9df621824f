import { AwsSiteArgs, AwsSiteClusterArgs, AwsSiteDataArgs, AwsSiteServiceArgs, GcpSiteArgs } from "../components";
import { AuroraGlobalMembership, BackupCopyTarget } from "../components/data";
import { StackConfig } from "../config";
import { AwsSiteConfig, GcpSecondary } from "../stack-config";

/**
 * How the stack config becomes site arguments: the environment- and DR-mode-driven choices
 * (docs/sources.md#environment-matrix) live here, in one pure place, so components only see explicit arguments.
 */

/** What the DR mode puts on an AWS secondary (docs/sources.md#environment-matrix). */
export interface AwsSecondaryShape {
  /** Aurora Global Database with a secondary cluster in the secondary region. */
  readonly globalDatabase: boolean;
  /** Instances in the secondary Aurora cluster: 0 is headless (storage only). */
  readonly replicaInstances: number;
  /** S3 replication with RTC, and a queue in the secondary region. */
  readonly replicateObjects: boolean;
  /** EKS in the secondary: none, the control plane with nodes at rest (pilot light), or serving (warm). */
  readonly cluster: "none" | "pilot-light" | "warm-standby";
}

export function awsSecondaryShape(cfg: StackConfig): AwsSecondaryShape {
  switch (cfg.drMode) {
    case "warm-standby":
      return { globalDatabase: true, replicaInstances: 1, replicateObjects: true, cluster: "warm-standby" };
    case "pilot-light":
      return { globalDatabase: true, replicaInstances: 0, replicateObjects: true, cluster: "pilot-light" };
    case "backup-restore":
      return { globalDatabase: false, replicaInstances: 0, replicateObjects: false, cluster: "none" };
  }
}

/** Network and log settings every AWS site shares; `key` is the site's config key, named in AZ errors. */
function networkArgs(site: AwsSiteConfig, cfg: StackConfig, key: string): AwsSiteArgs {
  return {
    vpcCidr: site.vpcCidr,
    azCount: site.azCount,
    azCountName: `${key}.azCount`,
    natGateways: site.natGateways,
    logRetentionDays: cfg.logRetentionDays,
  };
}

function clusterArgs(site: AwsSiteConfig, cfg: StackConfig, controllers: boolean): AwsSiteClusterArgs {
  const prod = cfg.environment === "prod";
  return {
    version: cfg.eks.version,
    nodeGroups: site.nodeGroups,
    clusterAutoscalerChartVersion: cfg.eks.clusterAutoscalerChartVersion,
    publicAccessCidrs: [...cfg.eks.publicAccessCidrs],
    adminRoleArns: [...cfg.eks.adminRoleArns],
    // Outside prod a version leaving standard support is upgraded automatically (STANDARD); prod pays
    // for EXTENDED so an upgrade always happens on the team's schedule, never the provider's.
    supportType: prod ? "EXTENDED" : "STANDARD",
    zonalShift: prod,
    deletionProtection: cfg.protection.deletionProtection,
    controllers,
  };
}

function serviceArgs(cfg: StackConfig): AwsSiteServiceArgs {
  return {
    image: cfg.workload.image,
    minReplicas: cfg.workload.minReplicas,
    maxReplicas: cfg.workload.maxReplicas,
    targetCpuPercent: cfg.workload.targetCpuPercent,
    domainName: cfg.dns.recordName,
    zoneName: cfg.dns.zoneName,
    loadBalancerControllerChartVersion: cfg.eks.loadBalancerControllerChartVersion,
    deletionProtection: cfg.protection.deletionProtection,
    protect: cfg.protection.protect,
    forceDestroy: cfg.teardown.allowed,
  };
}

function dataArgs(cfg: StackConfig, instances: number): AwsSiteDataArgs {
  return {
    engineVersion: cfg.database.engineVersion,
    // Serverless v2 instances have their own class; the configured one is for provisioned instances.
    instanceClass: cfg.database.serverless ? undefined : cfg.database.instanceClass,
    instances,
    serverless: cfg.database.serverless,
    backupRetentionDays: cfg.database.backupRetentionDays,
    deletionProtection: cfg.protection.deletionProtection,
    protect: cfg.protection.protect,
    // A stack that may be torn down on a schedule would pile up a snapshot every night.
    finalSnapshot: !cfg.teardown.allowed,
    forceDestroy: cfg.teardown.allowed,
  };
}

/** Cross-site handles the primary joins: the global database, the vault its backups are copied to. */
export interface PrimaryDrLinks {
  readonly global?: AuroraGlobalMembership;
  readonly backupCopyTo?: BackupCopyTarget;
  /** The database as a DMS source: pglogical parameters, and the GCP range admitted over the VPN. */
  readonly dmsSource?: Pick<AwsSiteDataArgs, "extraParameters" | "allowedCidrBlocks">;
  /** The AWS secondary's region, where the database password must still be readable when Seoul is gone. */
  readonly secretReplicaRegion?: string;
}

/** The primary site: network, EKS, the sample service, the data stores and alarms. */
export function primarySiteArgs(cfg: StackConfig, links: PrimaryDrLinks = {}): AwsSiteArgs {
  return {
    ...networkArgs(cfg.primary, cfg, "primary"),
    cluster: clusterArgs(cfg.primary, cfg, true),
    // The pod CPU-stress drill runs on the primary only; nowhere else gives up the read-only root.
    service: { ...serviceArgs(cfg), faultInjection: cfg.resilience.experiments },
    data: {
      ...dataArgs(cfg, cfg.database.instances),
      global: links.global,
      backupCopyTo: links.backupCopyTo,
      secretReplicaRegion: links.secretReplicaRegion,
      ...links.dmsSource,
    },
    alarms: { thresholds: cfg.alarms, email: cfg.alarms.email },
  };
}

/**
 * The AWS secondary, shaped by `drMode`: warm standby serves at its own (smaller) node-group sizes with
 * a one-instance database replica; pilot light keeps the control plane, node groups at rest and a
 * headless replica; backup and restore has the network only (the backups are copied to a vault there).
 */
export function secondaryAwsSiteArgs(
  site: AwsSiteConfig,
  cfg: StackConfig,
  global?: AuroraGlobalMembership,
): AwsSiteArgs {
  const shape = awsSecondaryShape(cfg);
  const base = networkArgs(site, cfg, "secondary.aws");
  if (shape.cluster === "none") {
    return base;
  }
  const warm = shape.cluster === "warm-standby";
  return {
    ...base,
    cluster: clusterArgs(site, cfg, warm),
    service: warm ? serviceArgs(cfg) : undefined,
    data: shape.globalDatabase ? { ...dataArgs(cfg, shape.replicaInstances), global, backups: false } : undefined,
  };
}

/**
 * The GCP secondary: warm standby and pilot light both run the regional GKE cluster with the service
 * (the pilot light's pool may rest at zero nodes; GKE's autoscaler adds them when pods are pending),
 * Cloud SQL as the DMS target and a Pub/Sub queue; backup and restore keeps the network only.
 */
export function gcpSiteArgs(site: GcpSecondary["site"], cfg: StackConfig): GcpSiteArgs {
  const base: GcpSiteArgs = { vpcCidr: site.vpcCidr, region: site.region, routerAsn: site.vpn.gcpAsn };
  if (cfg.drMode === "backup-restore") {
    return base;
  }
  return {
    ...base,
    cluster: {
      nodePool: { ...site.nodePool },
      masterCidr: site.masterCidr,
      releaseChannel: site.releaseChannel,
      deletionProtection: cfg.protection.deletionProtection,
      // The private control plane is reached from the AWS primary's network, over the VPN.
      authorizedCidrs: [{ name: "aws-primary", cidr: cfg.primary.vpcCidr }],
    },
    service: {
      image: cfg.workload.image,
      minReplicas: cfg.workload.minReplicas,
      maxReplicas: cfg.workload.maxReplicas,
      targetCpuPercent: cfg.workload.targetCpuPercent,
      domainName: cfg.dns.recordName,
    },
    data: {
      databaseVersion: cloudSqlVersion(cfg.database.engineVersion),
      tier: site.databaseTier,
      deletionProtection: cfg.protection.deletionProtection,
      protect: cfg.protection.protect,
    },
  };
}

/** Cloud SQL's version for an Aurora PostgreSQL version: the same major (DMS needs same or higher). */
export function cloudSqlVersion(auroraEngineVersion: string): string {
  return `POSTGRES_${auroraEngineVersion.split(".")[0]}`;
}
