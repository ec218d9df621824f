import * as pulumi from "@pulumi/pulumi";
import { AwsSite, GcpSite } from "./components";
import { loadConfig } from "./config";
import { buildProviders } from "./providers";
import { primarySiteArgs, secondaryAwsSiteArgs } from "./site-args";

// Composition root: config -> providers -> sites -> exports. Nothing else belongs here.
const cfg = loadConfig();
const providers = buildProviders(cfg);

const primary = new AwsSite("primary", primarySiteArgs(cfg), {
  providers: { aws: providers.primary, random: providers.random },
});

const placement = providers.secondary;
const secondary =
  placement.cloud === "aws"
    ? new AwsSite("secondary", secondaryAwsSiteArgs(placement.site, cfg), {
        providers: { aws: placement.provider, random: providers.random },
      })
    : new GcpSite("secondary", { vpcCidr: placement.site.vpcCidr }, { providers: { gcp: placement.provider } });

export const environment = cfg.environment;
export const drMode = cfg.drMode;
export const primarySite = {
  cloud: "aws",
  region: cfg.primary.region,
  vpcId: primary.network.vpcId,
  availabilityZones: primary.network.availabilityZones,
  publicSubnetIds: pulumi.all(primary.network.publicSubnetIds),
  privateSubnetIds: pulumi.all(primary.network.privateSubnetIds),
  isolatedSubnetIds: pulumi.all(primary.network.isolatedSubnetIds),
  clusterName: primary.cluster?.clusterName,
  clusterEndpoint: primary.cluster?.endpoint,
  loadBalancerDnsName: primary.loadBalancer?.dnsName,
  loadBalancerZoneId: primary.loadBalancer?.zoneId,
  databaseEndpoint: primary.database?.endpoint,
  databaseReaderEndpoint: primary.database?.readerEndpoint,
  databaseSecretArn: primary.database?.masterUserSecretArn,
  bucketName: primary.objectStore?.bucketName,
  queueUrl: primary.queue?.queueUrl,
  queueName: primary.queue?.queueName,
  backupVaultName: primary.backups?.vaultName,
  alarmTopicArn: primary.alarms?.topicArn,
};
/** Kept apart from primarySite so that being secret does not hide the site's other outputs. */
export const primaryKubeconfig = primary.cluster?.kubeconfig;
export const secondarySite =
  secondary instanceof AwsSite
    ? {
        cloud: "aws",
        region: placement.site.region,
        vpcId: secondary.network.vpcId,
        availabilityZones: secondary.network.availabilityZones,
        publicSubnetIds: pulumi.all(secondary.network.publicSubnetIds),
        privateSubnetIds: pulumi.all(secondary.network.privateSubnetIds),
        isolatedSubnetIds: pulumi.all(secondary.network.isolatedSubnetIds),
      }
    : {
        cloud: "gcp",
        region: placement.site.region,
        networkId: secondary.network.networkId,
        subnetworkId: secondary.network.subnetworkId,
      };
