import {
  AwsSiteArgs,
  AwsSiteClusterArgs,
  AwsSiteDataArgs,
  AwsSiteDeepCheckArgs,
  AwsSiteFaultInjectionTags,
  AwsSiteServiceArgs,
} from "../components";
import { AlarmSubscribers } from "../components/alarms";
import {
  AuroraGlobalMembership,
  BackupCopyTarget,
  BackupsArgs,
  globalRpoParameter,
  SERVERLESS_CLASS,
} from "../components/data";
import { FIS_POD_REQUESTERS, FIS_TARGET_TAGS, tagOf } from "../components/resilience";
import { StackConfig } from "../config";
import { AwsSecondaryConfig, AwsSiteConfig, PROFILES } from "../stack-config";
import { activeShape } from "../stack-config/active-site";
import { CONTROLLER_NODE_GROUP, SiteShape } from "../stack-config/site-shape";

/**
 * How the stack config becomes AWS site arguments: the environment's profile (stack-config/profiles.ts) and
 * the DR mode's shape (stack-config/site-shape.ts) become explicit arguments here, in one pure place, so
 * components only see arguments. The GCP site's are its module's (wiring/secondary/gcp.ts).
 */

/**
 * The fault-injection target tags (components/resilience/tags.ts) on every AWS site, whether or not the stack
 * runs experiments: a tag alone does nothing (only an experiment template acts on it), and tagging from the
 * start means turning experiments on changes no resource. The experiments select targets by the same constants.
 */
const FAULT_INJECTION_TAGS: AwsSiteFaultInjectionTags = {
  subnets: tagOf(FIS_TARGET_TAGS.azSubnet),
  privateSubnets: tagOf(FIS_TARGET_TAGS.crossRegionSubnet),
  nodeInstances: tagOf(FIS_TARGET_TAGS.azInstance),
  database: tagOf(FIS_TARGET_TAGS.azDatabase),
  objectBucket: tagOf(FIS_TARGET_TAGS.replicatingBucket),
};

/** Days the audit logs are kept: the stack's log retention, or longer where the environment's profile asks. */
export const auditLogRetentionDays = (cfg: StackConfig): number =>
  Math.max(cfg.logRetentionDays, PROFILES[cfg.environment].auditLogRetentionDays);

/** Network and log settings every AWS site shares; `key` is the site's config key, named in AZ errors. */
function networkArgs(site: AwsSiteConfig, cfg: StackConfig, key: string): AwsSiteArgs {
  return {
    vpcCidr: site.vpcCidr,
    azCount: site.azCount,
    azCountName: `${key}.azCount`,
    natGateways: site.natGateways,
    logRetentionDays: cfg.logRetentionDays,
    // Audit logs outlive the rest where the environment's profile asks (a year in prod).
    auditLogRetentionDays: auditLogRetentionDays(cfg),
    faultInjectionTags: FAULT_INJECTION_TAGS,
  };
}

function clusterArgs(site: AwsSiteConfig, cfg: StackConfig, controllers: boolean): AwsSiteClusterArgs {
  const profile = PROFILES[cfg.environment];
  return {
    version: cfg.eks.version,
    nodeGroups: site.nodeGroups,
    clusterAutoscalerChartVersion: cfg.eks.clusterAutoscalerChartVersion,
    publicAccessCidrs: [...cfg.eks.publicAccessCidrs],
    adminRoleArns: [...cfg.eks.adminRoleArns],
    // STANDARD upgrades a version leaving standard support automatically; EXTENDED pays so an upgrade
    // happens on the team's schedule, never the provider's (the profile says which environments pay).
    supportType: profile.eksSupportType,
    zonalShift: profile.zonalShift,
    deletionProtection: cfg.protection.deletionProtection,
    controllers,
    imageAdmission: profile.imageAdmission,
  };
}

function serviceArgs(cfg: StackConfig, deepCheck: AwsSiteDeepCheckArgs): AwsSiteServiceArgs {
  return {
    image: cfg.workload.image,
    minReplicas: cfg.workload.minReplicas,
    maxReplicas: cfg.workload.maxReplicas,
    targetCpuPercent: cfg.workload.targetCpuPercent,
    domainName: cfg.dns.recordName,
    zoneName: cfg.dns.zoneName,
    publicPaths: cfg.workload.publicPaths,
    deepCheck,
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
    application: { username: cfg.database.applicationUser, database: cfg.database.applicationDatabase },
  };
}

/** The class of the writer's instances: what a failover's growth gives the instances it adds to the promoted site. */
export const writerInstanceClass = (cfg: StackConfig): string =>
  cfg.database.serverless ? SERVERLESS_CLASS : cfg.database.instanceClass;

/**
 * The standby's own database instance (`secondary.aws.database`): a smaller provisioned class, or Serverless v2
 * that rests at its minimum and grows in place when promoted. It keeps it as the writer too, so the day-after
 * `pulumi up` restarts nothing; the growth's instances beside it have the writer's class. A Serverless v2 writer's
 * standby follows its capacity range (the config check refuses the key then).
 */
function standbyDatabase(
  site: AwsSecondaryConfig,
  cfg: StackConfig,
): Pick<AwsSiteDataArgs, "instanceClass" | "serverless"> {
  const own = site.database;
  if (cfg.database.serverless || own === undefined) return {};
  return own.serverless
    ? { instanceClass: undefined, serverless: own.serverless }
    : { instanceClass: own.instanceClass ?? cfg.database.instanceClass, serverless: undefined };
}

/** Cross-site handles the primary joins: the global database, the vault its backups are copied to. */
export interface PrimaryDrLinks {
  readonly global?: AuroraGlobalMembership;
  readonly backupCopyTo?: BackupCopyTarget;
  /** The database as a DMS source: pglogical parameters, and the GCP range admitted over the VPN. */
  readonly dmsSource?: Pick<AwsSiteDataArgs, "extraParameters" | "allowedCidrBlocks" | "replicationUsername">;
  /** The AWS secondary's region (and its key), where the database password must still be readable when Seoul is gone. */
  readonly secretReplica?: AwsSiteDataArgs["secretReplica"];
}

/**
 * The RPO bound lives on the writer's parameter group only: left set on a lone survivor after a failover, with
 * no secondary within it, it would pause every commit. So it goes where `activeSite` says the writer is.
 */
function writerParameters(cfg: StackConfig, global: AuroraGlobalMembership | undefined, writes: boolean) {
  return global && writes && cfg.database.rpoBoundSeconds !== undefined
    ? [globalRpoParameter(cfg.database.rpoBoundSeconds)]
    : [];
}

/** The primary site: network, EKS, the sample service, the data stores and alarms. */
export function primarySiteArgs(cfg: StackConfig, links: PrimaryDrLinks = {}): AwsSiteArgs {
  const writes = cfg.activeSite === "primary";
  return {
    ...networkArgs(cfg.primary, cfg, "primary"),
    cluster: {
      ...clusterArgs(cfg.primary, cfg, true),
      // FIS's pod drill runs AWS's images in the service's namespace: exempt its two requesters, nobody else.
      imageAdmissionExempt: cfg.resilience.experiments ? FIS_POD_REQUESTERS : undefined,
    },
    // The pod CPU-stress drill runs on the primary only; nowhere else gives up the read-only root.
    // With a global database the writer's check is role-aware: red once the writer has moved away, so
    // traffic comes back only through an explicit failback (docs/runbooks/failback.md).
    service: {
      ...serviceArgs(cfg, { path: cfg.dns.healthCheckPath, writerOnly: links.global !== undefined && writes }),
      faultInjection: cfg.resilience.experiments,
    },
    data: {
      ...dataArgs(cfg, cfg.database.instances),
      global: links.global,
      backupCopyTo: links.backupCopyTo,
      secretReplica: links.secretReplica,
      passwordRotationDays: PROFILES[cfg.environment].passwordRotationDays,
      // The rotation function reaches the writer from Seoul's VPC: it rotates only while Seoul writes.
      passwordRotationPaused: !writes,
      ...links.dmsSource,
      extraParameters: [...(links.dmsSource?.extraParameters ?? []), ...writerParameters(cfg, links.global, writes)],
    },
    alarms: { thresholds: cfg.alarms, subscribers: alarmSubscribers(cfg) },
  };
}

/** Where an active AWS secondary keeps its backups: the DR vault in its Region, copied to the primary's vault. */
export interface ActiveSecondaryBackups {
  readonly vault: NonNullable<BackupsArgs["vault"]>;
  readonly copyTo?: BackupCopyTarget;
}

/**
 * The AWS secondary, shaped by the DR mode (stack-config/site-shape.ts): a serving cluster runs the service at
 * its own (smaller) node-group sizes, or, as a pilot light, with no service replicas and one controller node while
 * its groups rest at zero; the database is a global-database member with its own instance (replica) or none
 * (headless); network only otherwise (the backups are copied to a vault there). As the active site (`activeSite:
 * secondary`) it serves and writes: the RPO bound and the role-aware check move to it, its database has the
 * primary's instance count (in-Region HA), and it backs up into the DR vault, copying to the primary's.
 */
export function secondaryAwsSiteArgs(
  site: AwsSecondaryConfig,
  cfg: StackConfig,
  restingShape: SiteShape,
  global?: AuroraGlobalMembership,
  databaseCredentials?: AwsSiteDeepCheckArgs["databaseCredentials"],
  activeBackups?: ActiveSecondaryBackups,
): AwsSiteArgs {
  const writes = cfg.activeSite === "secondary";
  const shape = writes ? activeShape(restingShape) : restingShape;
  const serving = shape.cluster === "serving";
  // A replica member rests with one instance, a headless one with none; the writer has the primary's count.
  const restingInstances = restingShape.database === "replica" ? 1 : 0;
  const instances = shape.database === "none" ? 0 : writes ? cfg.database.instances : restingInstances;
  return {
    ...networkArgs(site, cfg, "secondary.aws"),
    cluster: shape.cluster === "none" ? undefined : withControllerNode(clusterArgs(site, cfg, serving), shape),
    service: serving
      ? {
          ...serviceArgs(cfg, {
            path: cfg.dns.healthCheckPath,
            writerOnly: global !== undefined && writes,
            databaseCredentials,
          }),
          ...(shape.serviceAtRest === "none" && { initialReplicas: 0 }),
        }
      : undefined,
    data:
      shape.database === "none"
        ? undefined
        : {
            ...dataArgs(cfg, instances),
            ...standbyDatabase(site, cfg),
            global,
            extraParameters: writerParameters(cfg, global, writes),
            backups: writes,
            backupVault: writes ? activeBackups?.vault : undefined,
            backupCopyTo: writes ? activeBackups?.copyTo : undefined,
            // The plan's WriterGrowth added the rest when it promoted this cluster: adopt them, create none.
            adoptInstancesFrom: writes && global ? restingInstances : undefined,
            adoptedInstanceClass: writes && global ? writerInstanceClass(cfg) : undefined,
          },
    // A serving secondary is watched in steady state like the primary (its own topic, in its own Region), so
    // the site that takes over after a failover is already alarmed.
    alarms:
      serving && shape.database !== "none" ? { thresholds: cfg.alarms, subscribers: alarmSubscribers(cfg) } : undefined,
  };
}

/**
 * Adds the one controller node a shape asks for, when every configured group rests at zero: the first instance type the site's first group names (so the
 * architecture and the catalogue check are the team's), one node across the AZs (the autoscaler may add a second, never remove the first).
 */
function withControllerNode(cluster: AwsSiteClusterArgs, shape: SiteShape): AwsSiteClusterArgs {
  // A group that keeps nodes already runs the controllers.
  if (!shape.controllerNode || Object.values(cluster.nodeGroups).some((g) => g.minSize > 0)) return cluster;
  const first = Object.values(cluster.nodeGroups)[0]?.instanceTypes[0];
  if (first === undefined) return cluster;
  return {
    ...cluster,
    nodeGroups: {
      ...cluster.nodeGroups,
      [CONTROLLER_NODE_GROUP]: {
        instanceTypes: [first],
        capacityType: "ON_DEMAND",
        minSize: 1,
        desiredSize: 1,
        // Room for the autoscaler should the controllers outgrow one node; it never goes below one.
        maxSize: 2,
        acrossAzs: true,
        labels: { "platform/role": "controllers" },
      },
    },
  };
}

/** Who the alarms page, on every alarm topic and every Cloud Monitoring alert policy. */
export function alarmSubscribers(cfg: StackConfig): AlarmSubscribers {
  return { email: cfg.alarms.email, httpsEndpoints: cfg.alarms.httpsEndpoints };
}
