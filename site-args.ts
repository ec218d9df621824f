import { AwsSiteArgs } from "./components";
import { StackConfig } from "./config";
import { AwsSiteConfig } from "./stack-config";

/**
 * How the stack config becomes site arguments: the environment-driven choices of design.md sections 4
 * and 6 live here, in one pure place, so components only ever see explicit arguments.
 */

/** Network and log settings every AWS site shares. */
function networkArgs(site: AwsSiteConfig, cfg: StackConfig): AwsSiteArgs {
  return {
    vpcCidr: site.vpcCidr,
    azCount: site.azCount,
    natGateways: site.natGateways,
    logRetentionDays: cfg.logRetentionDays,
  };
}

/** The primary site: network plus the EKS cluster, with prod's stricter control-plane settings. */
export function primarySiteArgs(cfg: StackConfig): AwsSiteArgs {
  const prod = cfg.environment === "prod";
  return {
    ...networkArgs(cfg.primary, cfg),
    cluster: {
      version: cfg.eks.version,
      nodeGroups: cfg.primary.nodeGroups,
      clusterAutoscalerChartVersion: cfg.eks.clusterAutoscalerChartVersion,
      publicAccessCidrs: [...cfg.eks.publicAccessCidrs],
      adminRoleArns: [...cfg.eks.adminRoleArns],
      // Outside prod a version leaving standard support is upgraded automatically (STANDARD); prod pays
      // for EXTENDED so an upgrade always happens on the team's schedule, never the provider's.
      supportType: prod ? "EXTENDED" : "STANDARD",
      zonalShift: prod,
      deletionProtection: cfg.protection.deletionProtection,
    },
  };
}

/** The AWS secondary: the network only, until the DR modes size its compute. */
export function secondaryAwsSiteArgs(site: AwsSiteConfig, cfg: StackConfig): AwsSiteArgs {
  return networkArgs(site, cfg);
}
