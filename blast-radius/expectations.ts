import { Graph } from "@dr-platform/model";
import { ScenarioReport } from "./model";

/**
 * What each environment promises, so a report can say "as promised" or "FAILS" rather than leave the
 * reader to judge. An environment is not held to more than it was built for: dev's single NAT gateway
 * and single database instance (docs/sources.md#environment-matrix) are accepted, and reported plainly.
 *
 * | environment | any single AZ of the primary | the primary region                                |
 * |-------------|------------------------------|---------------------------------------------------|
 * | prod        | no loss of service           | DNS failover to the secondary within DR targets   |
 * | staging     | no loss of service           | DNS failover to the secondary within DR targets   |
 * | dev         | best effort (may be lost)    | recovery (a rebuild) within DR targets            |
 *
 * "No loss of service" allows `degraded` (the service keeps answering: an Aurora writer failover, fewer
 * replicas) and forbids `lost`. An AZ or region of the secondary is held to the same AZ promise: users
 * are served from the primary, so the service must not be lost.
 */
export interface Expectation {
  readonly environment: string;
  readonly az: "no-loss-of-service" | "best-effort";
  readonly region: "failover-within-targets" | "recovery-within-targets";
  readonly why: string;
}

export const EXPECTATIONS: Readonly<Record<string, Expectation>> = {
  prod: {
    environment: "prod",
    az: "no-loss-of-service",
    region: "failover-within-targets",
    why: "three AZs, a NAT gateway per AZ, two or more database instances in distinct AZs, a warm standby behind Route 53 failover (docs/sources.md#environment-matrix, docs/sources.md#zonal-spread; issue 7)",
  },
  staging: {
    environment: "staging",
    az: "no-loss-of-service",
    region: "failover-within-targets",
    why: "prod's zonal shape (three AZs, a NAT gateway per AZ, two database instances) so that it rehearses prod; a pilot-light standby behind Route 53 failover (docs/sources.md#environment-matrix)",
  },
  dev: {
    environment: "dev",
    az: "best-effort",
    region: "recovery-within-targets",
    why: "two AZs, one NAT gateway and one Serverless database instance to keep it cheap; backup and restore, so its only promise is a rebuild within its DR targets (docs/sources.md#environment-matrix)",
  },
};

/** The stack's expectation from its `environment` output; an unknown one is held to prod's (the strictest). */
export function expectationFor(g: Graph): { expectation: Expectation; assumed: boolean } {
  const environment = typeof g.outputs.environment === "string" ? g.outputs.environment : undefined;
  const known = environment !== undefined ? EXPECTATIONS[environment] : undefined;
  return known ? { expectation: known, assumed: false } : { expectation: EXPECTATIONS.prod, assumed: true };
}

export function promiseText(e: Expectation): string {
  const az =
    e.az === "no-loss-of-service"
      ? "any single AZ with no loss of service"
      : "no promise for a single AZ (best effort: it may lose service)";
  const region =
    e.region === "failover-within-targets"
      ? "the loss of the primary region through DNS failover within the DR targets"
      : "the loss of the primary region through recovery (a rebuild) within the DR targets";
  return `${az}; ${region}`;
}

export interface Judgement {
  /** What this scenario was held to. */
  readonly promise: string;
  readonly met: boolean;
  readonly detail: string;
}

export function judge(report: ScenarioReport, e: Expectation): Judgement {
  if (report.scenario.kind === "region" && report.primary) {
    const failover = e.region === "failover-within-targets";
    const promise = failover ? "DNS failover within DR targets" : "recovery within DR targets";
    const way = failover ? report.recovery.kind === "failover" : report.recovery.kind !== "none";
    const met = way && report.dr.meets === true;
    const detail = !way
      ? `no ${failover ? "failover" : "recovery"} path: ${report.recovery.summary}`
      : report.dr.meets === true
        ? `recovered by ${report.recovery.kind} within targets`
        : report.dr.meets === false
          ? "recovered, but NOT within the DR targets"
          : "no DR targets to judge against (drTargets missing from the plan)";
    return { promise, met, detail };
  }
  if (e.az === "best-effort") {
    return {
      promise: "best effort",
      met: true,
      detail:
        report.service === "lost"
          ? `loses service, as ${e.environment} is allowed to: ${report.reasons.join("; ")}`
          : `service ${report.service === "degraded" ? `degraded: ${report.reasons.join("; ")}` : "survives"}`,
    };
  }
  const met = report.service !== "lost";
  return {
    promise: "no loss of service",
    met,
    detail: met
      ? report.service === "degraded"
        ? `service degraded, not lost: ${report.reasons.join("; ")}`
        : "service survives"
      : `service LOST: ${report.reasons.join("; ")}`,
  };
}

/** A stack's scenarios, each judged against its environment's promise. */
export interface Assessment {
  readonly stack: string;
  readonly project: string;
  readonly expectation: Expectation;
  /** True when the plan names no known environment and prod's promise was assumed. */
  readonly assumed: boolean;
  readonly results: readonly { readonly report: ScenarioReport; readonly judgement: Judgement }[];
  /** Every scenario as the environment promises. */
  readonly ok: boolean;
}
