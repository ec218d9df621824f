import * as pulumi from "@pulumi/pulumi";
import { AwsSite, GcpSite } from "./components";
import { loadConfig } from "./config";
import { buildProviders } from "./providers";

// Composition root: config -> providers -> sites -> exports. Nothing else belongs here.
const cfg = loadConfig();
const providers = buildProviders(cfg);

const primary = new AwsSite(
  "primary",
  {
    vpcCidr: cfg.primary.vpcCidr,
    azCount: cfg.primary.azCount,
    natGateways: cfg.primary.natGateways,
    logRetentionDays: cfg.logRetentionDays,
  },
  { providers: { aws: providers.primary } },
);

const secondary =
  cfg.secondary.cloud === "aws"
    ? new AwsSite(
        "secondary",
        {
          vpcCidr: cfg.secondary.site.vpcCidr,
          azCount: cfg.secondary.site.azCount,
          natGateways: cfg.secondary.site.natGateways,
          logRetentionDays: cfg.logRetentionDays,
        },
        { providers: { aws: providers.secondaryAws! } },
      )
    : new GcpSite(
        "secondary",
        { vpcCidr: cfg.secondary.site.vpcCidr },
        { providers: { gcp: providers.secondaryGcp! } },
      );

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
};
export const secondarySite =
  secondary instanceof AwsSite
    ? {
        cloud: "aws",
        region: cfg.secondary.site.region,
        vpcId: secondary.network.vpcId,
        availabilityZones: secondary.network.availabilityZones,
        privateSubnetIds: pulumi.all(secondary.network.privateSubnetIds),
      }
    : {
        cloud: "gcp",
        region: cfg.secondary.site.region,
        networkId: secondary.network.networkId,
        subnetworkId: secondary.network.subnetworkId,
      };
