import { ROUTE53_CHECKER_REGIONS } from "../../lib/route53";
import { ArgProblem, intRange } from "../problems";

export { ROUTE53_CHECKER_REGIONS };

/** Route 53 refuses a health check with fewer checker regions than this. */
export const MIN_CHECKER_REGIONS = 3;

/**
 * Route 53 recommends a TTL of 60 s or less on records with a health check: resolvers keep a longer
 * answer past a failover (docs/sources.md#route-53-failover-ttl). An alias to an ELB has a fixed 60 s TTL
 * (docs/sources.md#elb-alias-ttl).
 */
export const MAX_FAILOVER_TTL = 60;

/** The settings of a DnsFailover that must be known at construction to be checked. */
export interface DnsFailoverSettings {
  readonly zoneName: string;
  readonly recordName: string;
  readonly healthCheckPath: string;
  readonly requestInterval: number;
  readonly failureThreshold: number;
  readonly ttl: number;
  readonly regions: readonly string[];
  readonly quorumPercent: number;
  /** Checked only when known at construction (a literal ARN); an Output is taken as given. */
  readonly alarmTopicArn?: string;
}

/** Route 53 publishes health-check metrics only in us-east-1, so the alarms and their topic live there. */
export const HEALTH_CHECK_METRICS_REGION = "us-east-1";

/** Every problem with the settings (empty when they are valid), each with the argument, the value and the fix. */
export function dnsFailoverProblems(s: DnsFailoverSettings): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const zone = s.zoneName.replace(/\.$/, "");
  const record = s.recordName.replace(/\.$/, "");
  if (record !== zone && !record.endsWith(`.${zone}`)) {
    problems.push({
      path: "recordName",
      message: `got "${s.recordName}", which is not in the zone "${s.zoneName}"`,
      fix: `pass a name ending in .${zone}, or the zone that holds "${s.recordName}"`,
    });
  }
  if (!s.healthCheckPath.startsWith("/")) {
    problems.push({
      path: "healthCheckPath",
      message: `got "${s.healthCheckPath}"; Route 53 requests the path as given and it must start with /`,
      fix: `pass "/${s.healthCheckPath}"`,
    });
  }
  if (s.requestInterval !== 10 && s.requestInterval !== 30) {
    problems.push({
      path: "requestInterval",
      message: `got ${s.requestInterval}; Route 53 checks every 10 s (fast) or 30 s (standard) only`,
      fix: "pass 10 or 30 (it cannot be changed after the health check is created)",
    });
  }
  problems.push(
    ...intRange("failureThreshold", s.failureThreshold, 1, 10, "Route 53 accepts 1 to 10 consecutive failures"),
    ...intRange(
      "ttl",
      s.ttl,
      0,
      MAX_FAILOVER_TTL,
      `resolvers keep an answer for its TTL, so a failover record above ${MAX_FAILOVER_TTL} s delays the move to the secondary`,
    ),
  );
  const unknown = s.regions.filter((r) => !(ROUTE53_CHECKER_REGIONS as readonly string[]).includes(r));
  if (unknown.length > 0) {
    problems.push({
      path: "regions",
      message: `got ${unknown.map((r) => `"${r}"`).join(", ")}, not a Route 53 health-checker region`,
      fix: `choose from ${ROUTE53_CHECKER_REGIONS.join(", ")}`,
    });
  }
  const distinct = new Set(s.regions);
  if (distinct.size !== s.regions.length) {
    problems.push({
      path: "regions",
      message: `got ${JSON.stringify(s.regions)}, with duplicates`,
      fix: "list each region once",
    });
  }
  if (distinct.size < MIN_CHECKER_REGIONS) {
    problems.push({
      path: "regions",
      message: `got ${distinct.size} distinct region${distinct.size === 1 ? "" : "s"}; Route 53 needs at least ${MIN_CHECKER_REGIONS} checker regions`,
      fix: "leave regions unset for all eight, or list at least three",
    });
  }
  problems.push(
    ...intRange(
      "quorumPercent",
      s.quorumPercent,
      0,
      100,
      "the share of checkers that must see a site healthy, as a percentage (0 turns the guard off)",
    ),
  );
  const topicRegion = s.alarmTopicArn?.split(":")[3];
  if (topicRegion !== undefined && topicRegion !== "" && topicRegion !== HEALTH_CHECK_METRICS_REGION) {
    problems.push({
      path: "alarmTopicArn",
      message: `got "${s.alarmTopicArn}", a topic in ${topicRegion}; the health-check alarms live in ${HEALTH_CHECK_METRICS_REGION} and notify topics of their own region only`,
      fix: `pass a topic created with the ${HEALTH_CHECK_METRICS_REGION} provider`,
    });
  }
  return problems;
}
