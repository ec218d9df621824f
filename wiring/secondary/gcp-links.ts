import * as gcp from "@pulumi/gcp";
import { AwsSite, GcpSite } from "../../components";
import { NotificationChannels } from "../../components/alarms";
import { GcsReplica, GcsReturn } from "../../components/gcp-data";
import {
  AfterPromotionJob,
  DmsContinuousReplication,
  DmsPromotion,
  DmsReplicationAlert,
} from "../../components/gcp-dms";
import { HaVpn } from "../../components/interconnect";
import { StackConfig } from "../../config";
import { Providers } from "../../providers";
import { GcpSecondary } from "../../stack-config";
import { SHAPES } from "../../stack-config/site-shape";
import { alarmSubscribers, auditLogRetentionDays } from "../site-args";

/**
 * The Google Cloud secondary's links to the AWS primary (wiring/secondary/gcp.ts builds the site): the HA VPN,
 * the DMS job, the promotion that runs itself, and the object copies both ways.
 */

type GcpSiteConfig = GcpSecondary["site"];

/** The database link: the DMS job, the job that readies the promoted instance, the promotion that runs it. */
export interface LinkedDatabase {
  readonly replication: DmsContinuousReplication;
  /** The promotion and what it runs; none once promoted (the job is COMPLETED: nothing left to promote). */
  readonly promotion?: DmsPromotion;
  readonly lagAlert?: DmsReplicationAlert;
  /** The DataSync task that copies the GCS bucket back to S3 at the failback. */
  readonly objectReturn?: GcsReturn;
}

/**
 * The links to the primary: the HA VPN, DMS from Aurora to Cloud SQL over it (started once the primary's
 * setup job has made its replication login and pglogical), the promotion that runs itself when the primary
 * is lost, and Storage Transfer from S3 to GCS. Nothing to link when the secondary holds no data. Once
 * promoted (`activeSite: secondary`) the job, the VPN and the transfer stay (paused where they would copy
 * Seoul's older data over the writer's), and the promotion chain and the lag alert go: there is no lag to
 * watch and nothing left to promote (docs/runbooks/failback.md#google-cloud).
 */
export function linkGcpSecondary(
  cfg: StackConfig,
  providers: Providers,
  provider: gcp.Provider,
  config: GcpSiteConfig,
  primary: AwsSite,
  secondary: GcpSite,
): LinkedDatabase | undefined {
  if (!secondary.database || !primary.database) {
    return undefined;
  }
  const source = primary.database.replication;
  const logins = secondary.database.logins;
  if (!logins) {
    throw new Error("the Cloud SQL destination must keep the application's login secrets the promotion readies");
  }
  if (source === undefined || !primary.databaseSetup) {
    throw new Error("the primary database must have the replication login and the setup job DMS reads it with");
  }
  const promoted = cfg.activeSite === "secondary";
  const vpn = new HaVpn(
    "vpn",
    {
      awsProvider: providers.primary,
      gcpProvider: provider,
      gcpRegion: config.region,
      vpcId: primary.network.vpcId,
      routeTableIds: {
        ...Object.fromEntries(primary.network.privateRouteTableIds.map((id, i) => [`private-az${i + 1}`, id])),
        isolated: primary.network.isolatedRouteTableId,
      },
      gcpNetwork: secondary.network.networkId,
      gcpRouterName: secondary.network.routerName,
      amazonSideAsn: config.vpn.awsAsn,
      gcpRouterAsn: config.vpn.gcpAsn,
      // Cloud SQL lives in Google's peered network, inside the site's block; AWS must learn it to answer DMS.
      advertisedIpRanges: [config.vpcCidr],
      // As many tunnels as the DR mode's shape asks for: a pilot light's replication may pause on one path.
      redundancy: SHAPES.gcp[cfg.drMode].vpnTunnels === 2 ? "two-tunnels" : "four-tunnels",
    },
    { providers: { random: providers.random } },
  );
  const replication = new DmsContinuousReplication(
    "database-replication",
    {
      region: config.region,
      sourceHost: primary.database.endpoint,
      sourceUsername: source.username,
      sourcePassword: source.password,
      destinationInstanceId: secondary.database.instanceName,
      networkId: secondary.network.networkId,
      // The setup job has granted the login and created pglogical: the job can start, and is kept running.
      start: true,
      promoted,
      after: [vpn, primary.databaseSetup],
    },
    { providers: { gcp: provider } },
  );
  const chain = promoted ? {} : promotionChain(cfg, provider, config, primary, secondary, replication);
  let objectReturn: GcsReturn | undefined;
  if (primary.objectStore) {
    const replica = new GcsReplica(
      "objects-replica",
      {
        sourceBucketName: primary.objectStore.bucketName,
        sourceKmsKeyArns: [primary.objectStore.kmsKeyArn],
        awsProvider: providers.primary,
        location: config.region,
        // As the S3 source is encrypted with its own KMS key.
        customerManagedKey: true,
        protect: cfg.protection.protect,
        forceDestroy: cfg.teardown.allowed,
        accessLogRetentionDays: auditLogRetentionDays(cfg),
        paused: promoted,
      },
      { providers: { gcp: provider } },
    );
    // The way back: what Google Cloud received while it served returns to S3 at the failback.
    objectReturn = new GcsReturn(
      "objects-return",
      {
        sourceBucketName: replica.bucketName,
        sourceKmsKeyId: replica.kmsKeyId,
        destination: primary.objectStore,
        awsProvider: providers.primary,
        logRetentionDays: cfg.logRetentionDays,
      },
      // Its AWS side (DataSync, its role and log) is in the primary's Region.
      { providers: { gcp: provider, aws: providers.primary } },
    );
  }
  return { replication, objectReturn, ...chain };
}

/**
 * What promotes Cloud SQL when the primary is lost: the job that readies the promoted instance, the signal
 * that watches Seoul's deep check, the workflow, and the lag alert against the RPO target.
 */
function promotionChain(
  cfg: StackConfig,
  provider: gcp.Provider,
  config: GcpSiteConfig,
  primary: AwsSite,
  secondary: GcpSite,
  replication: DmsContinuousReplication,
): Pick<LinkedDatabase, "promotion" | "lagAlert"> {
  const database = secondary.database!;
  const logins = database.logins!;
  const afterPromotion = new AfterPromotionJob(
    "database-after-promotion",
    {
      region: config.region,
      network: secondary.network.networkId,
      subnetwork: secondary.network.subnetworkId,
      host: database.privateIpAddress,
      application: { username: cfg.database.applicationUser, database: cfg.database.applicationDatabase },
      secrets: { admin: logins.adminPasswordSecret, application: logins.applicationSecret },
    },
    { providers: { gcp: provider } },
  );
  if (!primary.loadBalancer) {
    throw new Error("the promotion signal asks the primary's load balancer, which this stack does not have");
  }
  const pages = new NotificationChannels("database-pages", alarmSubscribers(cfg), { provider });
  const lagAlert = cfg.drTargets
    ? new DmsReplicationAlert(
        "database-replication-lag",
        {
          migrationJobId: replication.migrationJobId,
          rpoTargetSeconds: cfg.drTargets.rpoSeconds,
          channels: pages.channelNames,
        },
        { providers: { gcp: provider } },
      )
    : undefined;
  const promotion = new DmsPromotion(
    "database-promotion",
    {
      region: config.region,
      migrationJobName: replication.migrationJobName,
      instanceName: database.instanceName,
      afterPromotion,
      signal: { host: primary.loadBalancer.dnsName, path: cfg.dns.healthCheckPath, pageChannels: pages.channelNames },
      approvalTimeoutMinutes: cfg.failover.gcpApproval === "required" ? cfg.failover.approvalTimeoutMinutes : null,
      approvers: cfg.failover.gcpApprovers,
    },
    { providers: { gcp: provider } },
  );
  return { promotion, lagAlert };
}
