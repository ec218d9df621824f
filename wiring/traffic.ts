import * as pulumi from "@pulumi/pulumi";
import { AwsSite } from "../components";
import { AlarmTopic, ReplicationDashboard } from "../components/alarms";
import { DnsFailover } from "../components/dns";
import { StackConfig } from "../config";
import { Providers } from "../providers";
import { BuiltSecondary } from "./secondary/seam";
import { alarmSubscribers } from "./site-args";

/**
 * Traffic: Route 53 health checks and records in us-east-1, where their metrics live (a failover pair when
 * the secondary serves, a plain record otherwise), then whatever the secondary's module brings behind the
 * DNS move (for an AWS secondary with a global database, the ARC Region switch plan), and the dashboard that
 * shows every replication link from us-east-1.
 */
export function createTraffic(
  cfg: StackConfig,
  providers: Providers,
  primary: AwsSite,
  secondary: BuiltSecondary,
): { readonly dns: DnsFailover; readonly dashboard: ReplicationDashboard } | undefined {
  if (!primary.loadBalancer) {
    return undefined;
  }
  // Outside the primary's region: the health-check alarms page through it when Seoul is gone.
  const alarms = new AlarmTopic("dns-alarms", { subscribers: alarmSubscribers(cfg) }, { provider: providers.global });
  const dns = new DnsFailover(
    "dns",
    {
      zoneName: cfg.dns.zoneName,
      recordName: cfg.dns.recordName,
      healthCheckPath: cfg.dns.healthCheckPath,
      requestInterval: cfg.dns.requestInterval === 30 ? 30 : 10,
      failureThreshold: cfg.dns.failureThreshold,
      quorumPercent: cfg.dns.quorumPercent,
      ttl: cfg.dns.ttl,
      primary: { aliasDnsName: primary.loadBalancer.dnsName, aliasZoneId: primary.loadBalancer.zoneId },
      secondary: secondary.trafficTarget(),
      alarmTopicArn: alarms.topicArn,
      globalProvider: providers.global,
    },
    { provider: providers.global },
  );
  secondary.failover(dns, alarms.topicArn);
  // Every replication link and its lag in one place, outside the primary Region.
  const healthChecks = pulumi
    .all([dns.primaryEndpointHealthCheckId, dns.secondaryEndpointHealthCheckId])
    .apply(([primaryId, secondaryId]) => [
      { label: "PRIMARY", id: primaryId },
      ...(secondaryId === undefined ? [] : [{ label: "SECONDARY", id: secondaryId }]),
    ]);
  const dashboard = new ReplicationDashboard(
    "replication",
    {
      links: pulumi
        .all([healthChecks, secondary.replication()])
        .apply(([checks, links]) => ({ ...links, healthChecks: checks })),
    },
    { provider: providers.global },
  );
  return { dns, dashboard };
}
