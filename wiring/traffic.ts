import * as pulumi from "@pulumi/pulumi";
import { AwsSite } from "../components";
import { AlarmTopic, ReplicationDashboard } from "../components/alarms";
import { DnsFailover, SiteTarget } from "../components/dns";
import { StackConfig } from "../config";
import { Providers } from "../providers";
import { BuiltSecondary } from "./secondary/seam";
import { oldPrimaryReplicates } from "../stack-config/active-site";
import { SiteShape } from "../stack-config/site-shape";
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
  shape: SiteShape,
): { readonly dns: DnsFailover; readonly dashboard: ReplicationDashboard } | undefined {
  if (!primary.loadBalancer) {
    return undefined;
  }
  const routes = trafficRoutes(
    cfg,
    shape,
    { kind: "alias", aliasDnsName: primary.loadBalancer.dnsName, aliasZoneId: primary.loadBalancer.zoneId },
    secondary.trafficTarget(),
  );
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
      ...routes,
      alarmTopicArn: alarms.topicArn,
      // A resting pilot light fails its check by design (no service replicas, a headless database): an alarm
      // always in ALARM would never page again. It pages once the site is active (activeShape).
      alarmOnSecondary: !(
        cfg.activeSite === "primary" &&
        (shape.serviceAtRest === "none" || shape.database === "headless")
      ),
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

/**
 * Which site each failover record sends users to. The PRIMARY record follows the active site: Seoul, or the
 * secondary once `activeSite` says a failover moved the writer there. The SECONDARY is the standby: the
 * secondary while Seoul writes; Seoul while the secondary writes, if it replicates from the new writer
 * (stack-config/active-site.ts); none otherwise, with the PRIMARY kept a failover record so Seoul can be
 * added back as an added record after the failback.
 */
export function trafficRoutes(
  cfg: StackConfig,
  shape: SiteShape,
  seoul: SiteTarget,
  other: SiteTarget | undefined,
): { primary: SiteTarget; secondary?: SiteTarget; failoverRecord: boolean } {
  if (cfg.activeSite === "primary") {
    return { primary: seoul, ...(other ? { secondary: other } : {}), failoverRecord: other !== undefined };
  }
  if (!other) {
    // The config rules admit an active secondary only where it serves (stack-config/active-site.ts).
    throw new Error("activeSite is secondary, but the secondary has no load balancer to send users to");
  }
  return { primary: other, ...(oldPrimaryReplicates(shape) ? { secondary: seoul } : {}), failoverRecord: true };
}
