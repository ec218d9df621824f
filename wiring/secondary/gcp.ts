import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import { GcpSite, GcpSiteArgs } from "../../components";
import { DnsAuthorizationRecord } from "../../components/gcp-ingress";
import { DMS_REPLICATION_USERNAME, pglogicalParameters } from "../../components/gcp-dms";
import { gcpLabels } from "../../components/naming";
import { planGcpRanges } from "../../components/network";
import { GcpOffHoursSchedule } from "../../components/schedules";
import { StackConfig } from "../../config";
import { GcpSecondary, PROFILES } from "../../stack-config";
import { gkeDrills } from "../drills";
import { LinkedDatabase, linkGcpSecondary } from "./gcp-links";
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
            imageAdmission: PROFILES[cfg.environment].imageAdmission,
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
