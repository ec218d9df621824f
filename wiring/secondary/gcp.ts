import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import { AwsSite, GcpSite, GcpSiteArgs } from "../../components";
import { GcsReplica, GcsReturn } from "../../components/gcp-data";
import { DnsAuthorizationRecord } from "../../components/gcp-ingress";
import {
  AfterPromotionJob,
  DMS_REPLICATION_USERNAME,
  DmsReplicationAlert,
  DmsContinuousReplication,
  DmsPromotion,
  pglogicalParameters,
} from "../../components/gcp-dms";
import { NotificationChannels } from "../../components/alarms";
import { alarmSubscribers } from "../site-args";
import { HaVpn } from "../../components/interconnect";
import { gcpLabels } from "../../components/naming";
import { planGcpRanges } from "../../components/network";
import { GcpOffHoursSchedule } from "../../components/schedules";
import { StackConfig } from "../../config";
import { GcpSecondary } from "../../stack-config";
import { gkeDrills } from "../drills";
import { Providers } from "../../providers";
import { SecondaryModule } from "./seam";
import { SHAPES, SiteShape } from "../../stack-config/site-shape";
import { activeShape } from "../../stack-config/active-site";

/** The Google Cloud secondary: a GcpSite, linked to the AWS primary over an HA VPN. */
export type GcpSecondarySite = { readonly cloud: "gcp"; readonly site: GcpSite };

type GcpSiteConfig = GcpSecondary["site"];

function gcpConfig(cfg: StackConfig): GcpSiteConfig {
  if (cfg.secondary.cloud !== "gcp") {
    throw new Error(`the GCP secondary module was picked for secondary.cloud "${cfg.secondary.cloud}"`);
  }
  return cfg.secondary.site;
}

/**
 * The GCP site's arguments: a serving shape runs the regional GKE cluster with the service (a pilot light's
 * pool may rest at zero nodes; GKE's autoscaler adds them when pods are pending), a replica database is
 * Cloud SQL as the DMS target with a Pub/Sub queue; network only otherwise.
 */
export function gcpSiteArgs(site: GcpSiteConfig, cfg: StackConfig, shape: SiteShape): GcpSiteArgs {
  return {
    vpcCidr: site.vpcCidr,
    region: site.region,
    routerAsn: site.vpn.gcpAsn,
    cluster:
      shape.cluster === "none"
        ? undefined
        : {
            nodePool: { ...site.nodePool },
            masterCidr: site.masterCidr,
            releaseChannel: site.releaseChannel,
            deletionProtection: cfg.protection.deletionProtection,
            // The private control plane is reached from the AWS primary's network, over the VPN.
            authorizedCidrs: [{ name: "aws-primary", cidr: cfg.primary.vpcCidr }, ...site.breakGlassCidrs],
          },
    service:
      shape.cluster === "serving"
        ? {
            image: cfg.workload.image,
            minReplicas: cfg.workload.minReplicas,
            maxReplicas: cfg.workload.maxReplicas,
            targetCpuPercent: cfg.workload.targetCpuPercent,
            domainName: cfg.dns.recordName,
            // Both clouds' edges forward the same allow-list; the health path goes to the deep check.
            publicPaths: cfg.workload.publicPaths,
            deepCheck: { path: cfg.dns.healthCheckPath },
          }
        : undefined,
    data:
      shape.database === "none"
        ? undefined
        : {
            databaseVersion: cloudSqlVersion(cfg.database.engineVersion),
            tier: site.databaseTier,
            deletionProtection: cfg.protection.deletionProtection,
            protect: cfg.protection.protect,
            application: { username: cfg.database.applicationUser, database: cfg.database.applicationDatabase },
          },
  };
}

/** Cloud SQL's version for an Aurora PostgreSQL version: the same major (DMS needs same or higher). */
export function cloudSqlVersion(auroraEngineVersion: string): string {
  return `POSTGRES_${auroraEngineVersion.split(".")[0]}`;
}

export const gcpSecondary: SecondaryModule<GcpSecondarySite> = {
  cloud: "gcp",
  shapes: SHAPES.gcp,
  place({ cfg, shape: restingShape, providers }) {
    const config = gcpConfig(cfg);
    // After a promotion (`activeSite: secondary`) Cloud SQL is the writer and the site serves.
    const shape = cfg.activeSite === "secondary" ? activeShape(restingShape) : restingShape;
    const provider = new gcp.Provider("gcp-secondary", {
      project: config.project,
      region: config.region,
      defaultLabels: gcpLabels({ ...providers.tags }),
    });
    return {
      region: config.region,
      // Backups leave the primary region to an AWS region of the config's choosing.
      backupCopy: providers.aws("aws-backup-copy", cfg.database.backupCopyRegion),
      // DMS reads the primary database over the VPN through pglogical.
      primaryLinks: () =>
        shape.databaseLink === "dms"
          ? {
              dmsSource: {
                extraParameters: pglogicalParameters(),
                replicationUsername: DMS_REPLICATION_USERNAME,
                allowedCidrBlocks: [planGcpRanges(config.vpcCidr).privateServices],
              },
            }
          : {},
      siteArgs: () => gcpSiteArgs(config, cfg, shape),
      create(primary) {
        const site = new GcpSite("secondary", gcpSiteArgs(config, cfg, shape), {
          providers: { gcp: provider, random: providers.random },
        });
        if (site.gateway) {
          // The certificate's DNS authorization lives in the public zone, beside the failover records, so
          // Google issues the certificate while Route 53 still answers with the primary.
          new DnsAuthorizationRecord(
            `${site.gateway.gatewayName}-dns-authorization`,
            { zoneName: cfg.dns.zoneName, record: site.gateway.dnsAuthorizationRecord },
            { provider: providers.global },
          );
        }
        let replication: LinkedDatabase | undefined;
        return {
          secondary: { cloud: "gcp", site },
          link() {
            replication = linkGcpSecondary(cfg, providers, provider, config, primary, site);
          },
          trafficTarget: () => site.gateway && { kind: "ip", ipAddress: site.gateway.ipAddress },
          failover() {
            // DNS alone moves users; promoting Cloud SQL is the runbook's (docs/runbooks).
          },
          // A promoted job replicates nothing: nothing to show until the failback starts a new one.
          replication: () =>
            pulumi.output(
              replication && cfg.activeSite === "primary"
                ? {
                    dms: pulumi
                      .all([replication.replication.migrationJobId, replication.lagAlert?.alertPolicyName ?? "none"])
                      .apply(([migrationJobId, alertPolicy]) => ({
                        project: config.project ?? "",
                        migrationJobId,
                        alertPolicy,
                      })),
                  }
                : {},
            ),
          outputs: () => ({
            site: {
              cloud: "gcp",
              region: config.region,
              project: config.project,
              networkId: site.network.networkId,
              subnetworkId: site.network.subnetworkId,
              clusterName: site.cluster?.clusterName,
              // IAM-authorized from anywhere: how CI and on-call reach GKE with Seoul and the VPN gone.
              clusterDnsEndpoint: site.cluster?.dnsEndpoint,
              nodePoolName: site.cluster?.nodePool.name,
              loadBalancerIp: site.gateway?.ipAddress,
              // Must read ACTIVE before a failover can land on GCP (docs/components.md#the-google-cloud-edge).
              certificateName: site.gateway?.certificateName,
              cloudSqlInstanceName: site.database?.instanceName,
              topicName: site.queue?.topicName,
              // Started by the failback runbook once writes are frozen (docs/runbooks/failback.md).
              objectReturnTaskArn: replication?.objectReturn?.taskArn,
            },
            database: {
              migrationJobName: replication?.replication.migrationJobName,
              // Run by the promotion signal; `gcloud workflows run` with {"mode":"manual"|"practice"} by a person.
              promotionWorkflow: replication?.promotion?.workflowName,
              applicationSecret: site.database?.logins?.applicationSecret.id,
            },
          }),
          drills: () => ({ cluster: gkeDrills("secondary", cfg, site, provider) }),
          schedule(hours, targets) {
            const cluster = targets.has("gkeNodePool") ? site.cluster : undefined;
            const database = targets.has("cloudSql") ? site.database : undefined;
            if (!cluster && !database) {
              return undefined;
            }
            return new GcpOffHoursSchedule(
              "secondary-off-hours",
              {
                hours,
                region: config.region,
                nodePool: cluster && {
                  clusterName: cluster.clusterName,
                  location: config.region,
                  nodePoolName: cluster.nodePool.name,
                  minNodesPerZone: config.nodePool.minNodesPerZone,
                  maxNodesPerZone: config.nodePool.maxNodesPerZone,
                },
                cloudSql: database && { instanceName: database.instanceName },
              },
              { providers: { gcp: provider, random: providers.random } },
            );
          },
        };
      },
    };
  },
};

/** The database link: the DMS job, the job that readies the promoted instance, the promotion that runs it. */
interface LinkedDatabase {
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
function linkGcpSecondary(
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
        protect: cfg.protection.protect,
        forceDestroy: cfg.teardown.allowed,
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
