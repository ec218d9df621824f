import { T } from "./catalogue";
import { cloudResources, Graph, GraphResource } from "./graph";
import { list, num, obj, str } from "./read";
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

/** A Route 53 health check and what it probes. */
export interface HealthCheck {
  readonly resource: GraphResource;
  /** Seconds between checks and failures before unhealthy, as registered (undefined: Route 53's default). */
  readonly interval?: number;
  readonly threshold?: number;
  /** The resources its `fqdn` or `ipAddress` comes from (the load balancer or address it probes). */
  readonly probes: readonly GraphResource[];
  /** The records that name it. */
  readonly records: readonly GraphResource[];
}

export function healthChecks(g: Graph, records = dnsRecords(g)): HealthCheck[] {
  return cloudResources(g)
    .filter((r) => r.type === T.healthCheck)
    .map((r) => ({
      resource: r,
      ...readHealthCheck(r),
      probes: [...resolve(g, r, "fqdn"), ...resolve(g, r, "ipAddress")],
      records: records.filter((d) => d.healthCheck === r).map((d) => d.resource),
    }));
}

/** A health check's interval and threshold as registered (undefined where Route 53's default applies). */
export function readHealthCheck(r: GraphResource): { interval?: number; threshold?: number } {
  const interval = num(r.inputs.requestInterval);
  const threshold = num(r.inputs.failureThreshold);
  return { ...(interval !== undefined ? { interval } : {}), ...(threshold !== undefined ? { threshold } : {}) };
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
