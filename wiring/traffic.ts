import { AwsSite, GcpSite } from "../components";
import { AlarmTopic } from "../components/alarms";
import { AuroraGlobalCluster } from "../components/data";
import { DnsFailover, SecondaryTarget } from "../components/dns";
import { RegionSwitchPlan } from "../components/failover";
import { StackConfig } from "../config";
import { Providers } from "../providers";

/** Where Route 53 sends users when the primary fails: the secondary's ALB or its GCP address, if it serves. */
function secondaryTarget(secondary: AwsSite | GcpSite): SecondaryTarget | undefined {
  if (secondary instanceof AwsSite && secondary.loadBalancer) {
    return { kind: "alias", aliasDnsName: secondary.loadBalancer.dnsName, aliasZoneId: secondary.loadBalancer.zoneId };
  }
  if (secondary instanceof GcpSite && secondary.ingress) {
    return { kind: "ip", ipAddress: secondary.ingress.ipAddress };
  }
  return undefined;
}

/**
 * Traffic: Route 53 health checks and records in us-east-1, where their metrics live (a failover pair when
 * the secondary serves, a plain record otherwise), and, for an AWS secondary with a global database, the
 * ARC Region switch plan that brings the data and capacity behind the DNS move.
 */
export function createTraffic(
  cfg: StackConfig,
  providers: Providers,
  primary: AwsSite,
  secondary: AwsSite | GcpSite,
  globalDatabase: AuroraGlobalCluster | undefined,
): DnsFailover | undefined {
  if (!primary.loadBalancer) {
    return undefined;
  }
  const alarms = new AlarmTopic("dns-alarms", { email: cfg.alarms.email }, { provider: providers.global });
  const dns = new DnsFailover(
    "dns",
    {
      zoneName: cfg.dns.zoneName,
      recordName: cfg.dns.recordName,
      healthCheckPath: cfg.dns.healthCheckPath,
      requestInterval: cfg.dns.requestInterval === 30 ? 30 : 10,
      failureThreshold: cfg.dns.failureThreshold,
      ttl: cfg.dns.ttl,
      primary: { aliasDnsName: primary.loadBalancer.dnsName, aliasZoneId: primary.loadBalancer.zoneId },
      secondary: secondaryTarget(secondary),
      alarmTopicArn: alarms.topicArn,
      globalProvider: providers.global,
    },
    { provider: providers.global },
  );

  const placement = providers.secondary;
  if (
    placement.cloud === "aws" &&
    secondary instanceof AwsSite &&
    globalDatabase &&
    primary.database &&
    secondary.database &&
    secondary.cluster &&
    secondary.service
  ) {
    new RegionSwitchPlan(
      "region-switch",
      {
        primaryRegion: cfg.primary.region,
        secondaryRegion: placement.site.region,
        globalClusterIdentifier: globalDatabase.globalClusterIdentifier,
        databaseClusterArns: [primary.database.clusterArn, secondary.database.clusterArn],
        secondaryClusterArn: secondary.cluster.clusterArn,
        service: secondary.service,
        hostedZoneId: dns.hostedZoneId,
        recordName: cfg.dns.recordName,
        recoveryTimeObjectiveMinutes: Math.max(1, Math.ceil((cfg.drTargets?.rtoSeconds ?? 600) / 60)),
      },
      { provider: providers.primary },
    );
  }
  return dns;
}
