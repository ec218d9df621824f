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

/** The primary site: network, EKS, the sample service, the data stores and alarms. */
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
    service: {
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
    },
    data: {
      engineVersion: cfg.database.engineVersion,
      // Serverless v2 instances have their own class; the configured one is for provisioned instances.
      instanceClass: cfg.database.serverless ? undefined : cfg.database.instanceClass,
      instances: cfg.database.instances,
      serverless: cfg.database.serverless,
      backupRetentionDays: cfg.database.backupRetentionDays,
      deletionProtection: cfg.protection.deletionProtection,
      protect: cfg.protection.protect,
      // A stack that may be torn down on a schedule would pile up a snapshot every night.
      finalSnapshot: !cfg.teardown.allowed,
      forceDestroy: cfg.teardown.allowed,
    },
    alarms: {
      thresholds: cfg.alarms,
      email: cfg.alarms.email,
    },
  };
}

/** The AWS secondary: the network only, until the DR modes size its compute. */
export function secondaryAwsSiteArgs(site: AwsSiteConfig, cfg: StackConfig): AwsSiteArgs {
  return networkArgs(site, cfg);
}
