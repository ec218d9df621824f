import { T } from "./catalogue";
import { cloudResources, Graph, GraphResource } from "./graph";
import { bool, compact, list, num, obj, str, strings } from "./read";
import { resolve, resolveOne } from "./resolve";

/** A Route 53 record as the DR and blast-radius analyses read it. */
export interface DnsRecord {
  readonly resource: GraphResource;
  readonly name: string;
  readonly type?: string;
  readonly zoneId?: string;
  /** PRIMARY or SECONDARY for a failover record. */
  readonly failover?: string;
  /** The health check `healthCheckId` refers to (through property dependencies). */
  readonly healthCheck?: GraphResource;
  /** The alias's DNS name, if the record is an alias. */
  readonly alias?: string;
  /** What the record points at: the resources its `aliases` or `records` refer to (a load balancer, an address). */
  readonly targets: readonly GraphResource[];
  /** The plain TTL of a non-alias record. */
  readonly ttl?: number;
  /** The literal values of a non-alias record. */
  readonly values: readonly string[];
}

/** What a record says by itself (no references followed). */
export function readRecord(r: GraphResource): Omit<DnsRecord, "resource" | "healthCheck" | "targets"> {
  const alias = obj(list(r.inputs.aliases)[0]);
  const failover = str(obj(list(r.inputs.failoverRoutingPolicies)[0]).type);
  const zoneId = str(r.inputs.zoneId);
  const type = str(r.inputs.type);
  const aliasName = str(alias.name);
  const ttl = num(r.inputs.ttl);
  return {
    name: String(r.inputs.name),
    ...(type !== undefined ? { type } : {}),
    ...(zoneId !== undefined ? { zoneId } : {}),
    ...(failover !== undefined ? { failover } : {}),
    ...(aliasName !== undefined ? { alias: aliasName } : {}),
    ...(ttl !== undefined ? { ttl } : {}),
    values: list(r.inputs.records).map(String),
  };
}

export function dnsRecords(g: Graph): DnsRecord[] {
  return cloudResources(g)
    .filter((r) => r.type === T.record)
    .map((r) => {
      const healthCheck = resolveOne(g, r, "healthCheckId", T.healthCheck);
      return {
        resource: r,
        ...readRecord(r),
        ...(healthCheck ? { healthCheck } : {}),
        targets: [...resolve(g, r, "aliases"), ...resolve(g, r, "records")],
      };
    });
}

/**
 * A Route 53 health check as registered, by type (docs/sources.md#route-53-calculated-and-metric-health-checks):
 * an endpoint check (`HTTP`, `HTTPS`, `TCP`, ...: interval, threshold, path, checker regions, target), a
 * `CLOUDWATCH_METRIC` check (follows an alarm), or a `CALCULATED` check (healthy while at least
 * `childThreshold` of its children are). Undefined where Route 53's default applies.
 */
export interface HealthCheckSettings {
  readonly type?: string;
  /** Seconds between checks from each checker, and failures before unhealthy (endpoint checks). */
  readonly interval?: number;
  readonly threshold?: number;
  readonly resourcePath?: string;
  /** Checker regions as registered; empty when unset (Route 53 then uses all of them). */
  readonly regions: readonly string[];
  readonly fqdn?: string;
  readonly ipAddress?: string;
  /** CLOUDWATCH_METRIC: the alarm it follows, its region, and what an alarm without data means. */
  readonly alarmName?: string;
  readonly alarmRegion?: string;
  readonly insufficientDataHealthStatus?: string;
  /** CALCULATED: how many children must be healthy. */
  readonly childThreshold?: number;
  readonly inverted?: boolean;
  readonly disabled?: boolean;
}

/** A Route 53 health check and what it probes. */
export interface HealthCheck extends HealthCheckSettings {
  readonly resource: GraphResource;
  /** The resources its `fqdn` or `ipAddress` comes from (the load balancer or address it probes). */
  readonly probes: readonly GraphResource[];
  /** The records that name it. */
  readonly records: readonly GraphResource[];
  /** CALCULATED: the child checks `childHealthchecks` refers to (through property dependencies). */
  readonly children: readonly GraphResource[];
  /** CLOUDWATCH_METRIC: the alarm `cloudwatchAlarmName` refers to. */
  readonly alarm?: GraphResource;
}

export function healthChecks(g: Graph, records = dnsRecords(g)): HealthCheck[] {
  return cloudResources(g)
    .filter((r) => r.type === T.healthCheck)
    .map((r) => {
      const alarm = resolveOne(g, r, "cloudwatchAlarmName", T.metricAlarm);
      return {
        resource: r,
        ...readHealthCheck(r),
        probes: [...resolve(g, r, "fqdn"), ...resolve(g, r, "ipAddress")],
        records: records.filter((d) => d.healthCheck === r).map((d) => d.resource),
        children: resolve(g, r, "childHealthchecks", T.healthCheck),
        ...(alarm ? { alarm } : {}),
      };
    });
}

/** A health check's settings as registered (the one reader of `aws:route53/healthCheck:HealthCheck` inputs). */
export function readHealthCheck(r: GraphResource): HealthCheckSettings {
  const i = r.inputs;
  return {
    ...compact({
      type: str(i.type),
      interval: num(i.requestInterval),
      threshold: num(i.failureThreshold),
      resourcePath: str(i.resourcePath),
      fqdn: str(i.fqdn),
      ipAddress: str(i.ipAddress),
      alarmName: str(i.cloudwatchAlarmName),
      alarmRegion: str(i.cloudwatchAlarmRegion),
      insufficientDataHealthStatus: str(i.insufficientDataHealthStatus),
      childThreshold: num(i.childHealthThreshold),
      inverted: bool(i.invertHealthcheck),
      disabled: bool(i.disabled),
    }),
    regions: strings(i.regions),
  };
}

/** A Route 53 failover pair: the PRIMARY record, its SECONDARY (if any) and the PRIMARY's health check. */
export interface FailoverPair {
  readonly name: string;
  readonly primary: GraphResource;
  readonly secondary?: GraphResource;
  readonly primaryCheck?: GraphResource;
}

/** Failover pairs by (zone, name, type); a pair needs a PRIMARY record to be listed. */
export function failoverPairs(records: readonly DnsRecord[]): FailoverPair[] {
  const failover = records.filter((d) => d.failover !== undefined);
  const key = (d: DnsRecord) =>
    JSON.stringify([d.resource.inputs.zoneId, d.resource.inputs.name, d.resource.inputs.type]);
  return failover
    .filter((d) => d.failover === "PRIMARY")
    .map((primary) => {
      const secondary = failover.find((d) => d.failover === "SECONDARY" && key(d) === key(primary));
      return {
        name: primary.name,
        primary: primary.resource,
        ...(secondary ? { secondary: secondary.resource } : {}),
        ...(primary.healthCheck ? { primaryCheck: primary.healthCheck } : {}),
      };
    });
}
