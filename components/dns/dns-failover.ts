import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { failOnProblems } from "../problems";
import { physicalName } from "../naming";
import { healthStatusAlarmArgs } from "./health-status-alarm";
import { dnsFailoverProblems, HEALTH_CHECK_METRICS_REGION, ROUTE53_CHECKER_REGIONS } from "./validate";

/** An AWS load balancer a record aliases to: its DNS name and its canonical hosted zone. */
export interface AliasTarget {
  /** The load balancer's DNS name (`ApplicationLoadBalancer.dnsName`). */
  readonly aliasDnsName: pulumi.Input<string>;
  /** The load balancer's canonical hosted zone id (`ApplicationLoadBalancer.zoneId`), not the public zone's. */
  readonly aliasZoneId: pulumi.Input<string>;
}

/**
 * Where a record sends users: an AWS ALB (an alias), or the Google Cloud load balancer's static IP (a plain
 * A record, health-checked by IP with the record name as Host and SNI).
 */
export type SiteTarget =
  | ({ readonly kind: "alias" } & AliasTarget)
  | {
      readonly kind: "ip";
      /** The GCP external load balancer's static IPv4 address. */
      readonly ipAddress: pulumi.Input<string>;
    };

/** Arguments of {@link DnsFailover}. */
export interface DnsFailoverArgs {
  /** The public hosted zone that holds the record, e.g. `example.com` (looked up, never created). */
  readonly zoneName: string;
  /** The name users resolve, e.g. `app.example.com`; must be inside `zoneName`. */
  readonly recordName: string;
  /**
   * The path each site's endpoint check requests: the deep regional check (components/health), which
   * probes the site's own dependencies from inside it. @default "/healthz/region"
   */
  readonly healthCheckPath?: string;
  /**
   * Seconds between checks from each checker: 10 (fast, extra charge) or 30. Route 53 cannot change it
   * after the health check is created: changing it here replaces both health checks (and re-points the
   * records), so pick it up front.
   * @default 10
   */
  readonly requestInterval?: 10 | 30;
  /** Consecutive failed checks before a site counts as unhealthy (1 to 10). @default 3 */
  readonly failureThreshold?: number;
  /**
   * TTL of the secondary's plain A record (the GCP case), at most 60 s so resolvers drop the answer
   * quickly. Alias records have no TTL of their own: an alias to an ELB answers with a fixed 60 s.
   * @default 60
   */
  readonly ttl?: number;
  /** The active site, the PRIMARY record's target: the Seoul ALB, or the secondary's after a failover. */
  readonly primary: SiteTarget;
  /**
   * The standby the SECONDARY record sends users to: the Tokyo ALB (`kind: "alias"`) or the GCP static IP
   * (`kind: "ip"`), or Seoul's ALB while the secondary is active.
   * @default none - see `failoverRecord`
   */
  readonly secondary?: SiteTarget;
  /**
   * Keep the PRIMARY record a failover record even with no SECONDARY: a stack whose standby cannot take
   * traffic for now (Seoul after a Google Cloud promotion, until the failback restores it). Route 53 then
   * answers with the PRIMARY whatever its health; the record's type and identifier stay, so the SECONDARY
   * comes back later as an added record.
   * @default whether `secondary` is given; without either, a site with nothing to fail over to (backup and
   * restore) gets a plain record to the primary, still health-checked and alarmed
   */
  readonly failoverRecord?: boolean;
  /**
   * Route 53 health-checker regions (at least 3). Seoul is not a checker region, so every checker looks
   * at Seoul from outside it. All eight by default: with five, one region that still sees Seoul is 20 %, above
   * the 18 % Route 53 needs to call an endpoint healthy (docs/sources.md#route-53-checker-share). Tokyo is one
   * of the eight: when it is the PRIMARY (activeSite: secondary), its own checker is 12.5 %, below both the
   * 18 % and the quorum, so it cannot keep a lost Tokyo healthy alone.
   * @default all eight {@link ROUTE53_CHECKER_REGIONS}
   */
  readonly regions?: readonly string[];
  /**
   * The checker quorum: a site counts as unhealthy when fewer than this percentage of checkers see it healthy,
   * through an alarm on Route 53's `HealthCheckPercentageHealthy` and a metric health check on it. It catches
   * a partial partition that the 18 % rule calls healthy (two of eight regions still seeing Seoul is 25 %).
   * 0 turns the guard off.
   * @default 50
   */
  readonly quorumPercent?: number;
  /**
   * SNS topic the health-check alarms notify. It must be in us-east-1: Route 53 publishes health-check
   * metrics only there, so the alarms live there, and an alarm notifies topics of its own region only.
   * A literal ARN is checked for that; an Output is taken as given.
   */
  readonly alarmTopicArn: pulumi.Input<string>;
  /**
   * Also page when the secondary's health check fails. Turn off for a pilot-light secondary, which
   * serves nothing (and so fails its check) until it is scaled up.
   * @default true
   */
  readonly alarmOnSecondary?: boolean;
  /**
   * An AWS provider in us-east-1. Route 53 is global, but its health-check metrics (and so the alarms on
   * them) exist only in us-east-1; the zone lookup, health checks, records and alarms all use it.
   */
  readonly globalProvider: aws.Provider;
}

export const DEFAULT_CHECKER_REGIONS: readonly string[] = ROUTE53_CHECKER_REGIONS;

/**
 * DnsFailover is the traffic half of a regional failover: a Route 53 PRIMARY/SECONDARY record pair for
 * `recordName`. Each record follows a calculated health check that is healthy only while all of its children
 * are: an HTTPS check of the site's deep regional check from all eight checker regions, a checker-quorum
 * check, and a manual override. A CloudWatch alarm watches each site's calculated check.
 *
 * Failover is done by the Route 53 data plane alone: when the primary's deep check fails
 * `failureThreshold` times in a row (or the quorum is lost), Route 53 answers with the secondary; nobody
 * edits a record during the event. On 22 November 2018 every EC2 instance in Seoul lost DNS resolution for
 * 84 minutes while DNS outside EC2 kept working (https://aws.amazon.com/message/74876/), so the trigger must
 * sit outside the region, look inside it (the deep check), and need no control-plane call (record edits are
 * control plane; health-check answers are data plane). Every record and check exists before any event; the
 * override is the only thing a person ever changes, and it lives in us-east-1.
 *
 * If the secondary is unhealthy Route 53 answers with the primary, whatever the primary's health: the
 * secondary must be servable before it is needed (docs/sources.md#route-53-secondary-unhealthy).
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 */
export class DnsFailover extends pulumi.ComponentResource {
  /** The calculated check the PRIMARY record follows (endpoint, quorum and override together). */
  public readonly primaryHealthCheckId: pulumi.Output<string>;
  public readonly secondaryHealthCheckId?: pulumi.Output<string>;
  /** The primary's HTTPS check of the deep regional check: what each checker region sees. */
  public readonly primaryEndpointHealthCheckId: pulumi.Output<string>;
  public readonly secondaryEndpointHealthCheckId?: pulumi.Output<string>;
  /** The primary's manual override: invert it to force traffic away from the primary. */
  public readonly primaryOverrideHealthCheckId: pulumi.Output<string>;
  /** The name of the primary's checker-quorum alarm, unless `quorumPercent` is 0. */
  public readonly primaryQuorumAlarmName?: pulumi.Output<string>;
  /** The secondary's manual override: invert it to keep traffic away from the secondary. */
  public readonly secondaryOverrideHealthCheckId?: pulumi.Output<string>;
  /** The record's name as Route 53 reports it (no trailing dot). */
  public readonly recordFqdn: pulumi.Output<string>;
  /** The public hosted zone's id. */
  public readonly hostedZoneId: pulumi.Output<string>;
  /**
   * Health-check alarm ARNs by site: `primary`, `secondary` unless `alarmOnSecondary` is false, and
   * `primary-quorum` unless `quorumPercent` is 0.
   */
  public readonly alarmArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: DnsFailoverArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:dns:DnsFailover", name, {}, opts);
    const healthCheckPath = args.healthCheckPath ?? "/healthz/region";
    const requestInterval = args.requestInterval ?? 10;
    const failureThreshold = args.failureThreshold ?? 3;
    const ttl = args.ttl ?? 60;
    const regions = [...(args.regions ?? DEFAULT_CHECKER_REGIONS)];
    const alarmOnSecondary = args.alarmOnSecondary ?? true;
    const quorumPercent = args.quorumPercent ?? 50;
    failOnProblems(
      this,
      `DnsFailover ${name}`,
      dnsFailoverProblems({
        zoneName: args.zoneName,
        recordName: args.recordName,
        healthCheckPath,
        requestInterval,
        failureThreshold,
        ttl,
        regions,
        quorumPercent,
        alarmTopicArn: typeof args.alarmTopicArn === "string" ? args.alarmTopicArn : undefined,
      }),
    );
    const stack = pulumi.getStack();
    const global = { parent: this, provider: args.globalProvider };

    const zone = aws.route53.getZoneOutput({ name: args.zoneName, privateZone: false }, global);

    // Both endpoint checks are HTTPS on the deep regional check's path: a TCP check passes while the app
    // behind it is broken, and the app's own /readyz stays green through a 2018-style failure.
    // Certificates are not validated by Route 53, so checking the ALB by its own DNS name works.
    const endpointCheck = (
      site: "primary" | "secondary",
      target: { fqdn: pulumi.Input<string> } | { ip: pulumi.Input<string> },
    ) =>
      new aws.route53.HealthCheck(
        `${name}-${site}-endpoint`,
        {
          type: "HTTPS",
          port: 443,
          resourcePath: healthCheckPath,
          requestInterval,
          failureThreshold,
          regions,
          measureLatency: true,
          // An ALB is checked by its own name, never by recordName: that would follow the failover answer
          // and check whichever site is live. The GCP IP is checked directly, with recordName as Host
          // header and SNI so its load balancer routes and presents the certificate as for users.
          ...("fqdn" in target ? { fqdn: target.fqdn } : { ipAddress: target.ip, fqdn: args.recordName }),
          enableSni: true,
          tags: { Name: physicalName(`${name}-${site}-endpoint`, stack) },
        },
        global,
      );

    // The checker quorum: an alarm on the share of checkers that see the endpoint, and a metric health
    // check that follows the alarm (missing data keeps the last status: a metrics gap never moves traffic).
    const quorumAlarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
    const quorumCheck = (site: "primary" | "secondary", endpoint: aws.route53.HealthCheck) => {
      const alarm = new aws.cloudwatch.MetricAlarm(
        `${name}-${site}-quorum`,
        {
          alarmDescription: `Fewer than ${quorumPercent} % of Route 53 checkers see the ${site} site of ${args.recordName} healthy`,
          namespace: "AWS/Route53",
          metricName: "HealthCheckPercentageHealthy",
          dimensions: { HealthCheckId: endpoint.id },
          statistic: "Average",
          period: 60,
          evaluationPeriods: 1,
          threshold: quorumPercent,
          comparisonOperator: "LessThanThreshold",
          treatMissingData: "missing",
          // Losing the quorum moves traffic: whoever is paged for the health check is paged for this too.
          alarmActions: [args.alarmTopicArn],
          okActions: [args.alarmTopicArn],
        },
        global,
      );
      quorumAlarms[site] = alarm;
      return new aws.route53.HealthCheck(
        `${name}-${site}-quorum`,
        {
          type: "CLOUDWATCH_METRIC",
          cloudwatchAlarmName: alarm.name,
          cloudwatchAlarmRegion: HEALTH_CHECK_METRICS_REGION,
          insufficientDataHealthStatus: "LastKnownStatus",
          tags: { Name: physicalName(`${name}-${site}-quorum`, stack) },
        },
        global,
      );
    };

    // The manual override: a calculated check with no children and a threshold of 0 is always healthy;
    // inverting it (one call to the Route 53 API, whose control plane is in us-east-1, never in Seoul)
    // makes it always unhealthy, and with it the site. `pulumi up` never undoes that: the program ignores
    // the flag once the check exists (docs/runbooks/failover.md#manual-override).
    const overrideCheck = (site: "primary" | "secondary") =>
      new aws.route53.HealthCheck(
        `${name}-${site}-override`,
        {
          type: "CALCULATED",
          childHealthchecks: [],
          childHealthThreshold: 0,
          invertHealthcheck: false,
          tags: { Name: physicalName(`${name}-${site}-override`, stack) },
        },
        { ...global, ignoreChanges: ["invertHealthcheck"] },
      );

    // What the record follows: healthy only while every child is (the endpoint, the quorum, the override).
    const siteCheck = (
      site: "primary" | "secondary",
      target: { fqdn: pulumi.Input<string> } | { ip: pulumi.Input<string> },
    ) => {
      const endpoint = endpointCheck(site, target);
      // The quorum guards the PRIMARY only: on the SECONDARY it would make the standby unhealthy more often,
      // and with both sites unhealthy Route 53 answers with the PRIMARY (docs/sources.md#route-53-secondary-unhealthy).
      const quorum = site === "primary" && quorumPercent > 0 ? [quorumCheck(site, endpoint)] : [];
      const children = [endpoint, ...quorum, overrideCheck(site)];
      const decision = new aws.route53.HealthCheck(
        `${name}-${site}`,
        {
          type: "CALCULATED",
          childHealthchecks: children.map((c) => c.id),
          childHealthThreshold: children.length,
          tags: { Name: physicalName(`${name}-${site}`, stack) },
        },
        global,
      );
      return { decision, endpoint, override: children[children.length - 1] };
    };
    const checked = (target: SiteTarget) =>
      target.kind === "alias" ? { fqdn: target.aliasDnsName } : { ip: target.ipAddress };
    // evaluateTargetHealth adds the ALB's own view: no healthy target behind it counts as unhealthy too.
    const answer = (target: SiteTarget) =>
      target.kind === "alias"
        ? { aliases: [{ name: target.aliasDnsName, zoneId: target.aliasZoneId, evaluateTargetHealth: true }] }
        : { ttl, records: [target.ipAddress] };
    const primarySite = siteCheck("primary", checked(args.primary));
    const primaryCheck = primarySite.decision;
    const secondary = args.secondary;
    const failoverRecord = args.failoverRecord ?? secondary !== undefined;
    const secondarySite = secondary && siteCheck("secondary", checked(secondary));
    const secondaryCheck = secondarySite?.decision;

    const primaryRecord = new aws.route53.Record(
      `${name}-primary`,
      {
        zoneId: zone.zoneId,
        name: args.recordName,
        type: "A",
        // Without a secondary there is nothing to fail over to: a plain record, whose check only pages.
        ...(failoverRecord
          ? { setIdentifier: "primary", failoverRoutingPolicies: [{ type: "PRIMARY" }], healthCheckId: primaryCheck.id }
          : {}),
        ...answer(args.primary),
      },
      global,
    );
    if (secondary && secondaryCheck) {
      new aws.route53.Record(
        `${name}-secondary`,
        {
          zoneId: zone.zoneId,
          name: args.recordName,
          type: "A",
          setIdentifier: "secondary",
          failoverRoutingPolicies: [{ type: "SECONDARY" }],
          // With its own check, Route 53 never sends users to a secondary that is down too.
          healthCheckId: secondaryCheck.id,
          ...answer(secondary),
        },
        global,
      );
    }

    const alarm = (site: "primary" | "secondary", healthCheck: aws.route53.HealthCheck) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${site}-health`,
        healthStatusAlarmArgs({
          healthCheckId: healthCheck.id,
          description: `Route 53 health check of the ${site} site for ${args.recordName} is failing (${healthCheckPath})`,
          topicArn: args.alarmTopicArn,
          // One unhealthy minute pages; no data means Route 53 stopped reporting the check (deleted, or
          // metrics missing): page, never assume healthy.
          minutes: 1,
          treatMissingData: "breaching",
        }),
        global,
      );
    const alarms: Record<string, aws.cloudwatch.MetricAlarm> = { primary: alarm("primary", primaryCheck) };
    if (alarmOnSecondary && secondaryCheck) {
      alarms.secondary = alarm("secondary", secondaryCheck);
    }
    for (const [site, quorumAlarm] of Object.entries(quorumAlarms)) {
      alarms[`${site}-quorum`] = quorumAlarm;
    }

    this.primaryHealthCheckId = primaryCheck.id;
    this.secondaryHealthCheckId = secondaryCheck?.id;
    this.primaryEndpointHealthCheckId = primarySite.endpoint.id;
    this.primaryQuorumAlarmName = quorumAlarms.primary?.name;
    this.secondaryEndpointHealthCheckId = secondarySite?.endpoint.id;
    this.primaryOverrideHealthCheckId = primarySite.override.id;
    this.secondaryOverrideHealthCheckId = secondarySite?.override.id;
    this.recordFqdn = primaryRecord.fqdn;
    this.hostedZoneId = zone.zoneId;
    this.alarmArns = Object.fromEntries(Object.entries(alarms).map(([k, a]) => [k, a.arn]));
    this.registerOutputs({
      hostedZoneId: this.hostedZoneId,
      primaryHealthCheckId: this.primaryHealthCheckId,
      secondaryHealthCheckId: this.secondaryHealthCheckId,
      primaryEndpointHealthCheckId: this.primaryEndpointHealthCheckId,
      secondaryEndpointHealthCheckId: this.secondaryEndpointHealthCheckId,
      primaryOverrideHealthCheckId: this.primaryOverrideHealthCheckId,
      secondaryOverrideHealthCheckId: this.secondaryOverrideHealthCheckId,
      recordFqdn: this.recordFqdn,
      alarmArns: this.alarmArns,
    });
  }
}
