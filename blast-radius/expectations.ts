import { Graph } from "@dr-platform/model";
import { EnvironmentProfile, PROFILES, STRICTEST } from "../stack-config/profiles";
import { Environment, ENVIRONMENTS } from "../stack-config/schema";
import { ScenarioReport } from "./model";

/**
 * What each environment promises, so a report can say "as promised" or "FAILS" rather than leave the
 * reader to judge. The promises are capabilities of the environment profile (`azLossPromise`,
 * `regionLossPromise`, `lossPromiseWhy` in stack-config/profiles.ts). An environment is not held to more than it
 * was built for: dev's single NAT gateway and single database instance (docs/sources.md#environment-matrix) are
 * accepted, and reported plainly.
 *
 * "No loss of service" allows `degraded` (the service keeps answering: an Aurora writer failover, fewer
 * replicas) and forbids `lost`. An AZ or region of the secondary is held to the same AZ promise: users
 * are served from the primary, so the service must not be lost.
 */
export interface Expectation {
  readonly environment: string;
  readonly az: EnvironmentProfile["azLossPromise"];
  readonly region: EnvironmentProfile["regionLossPromise"];
  readonly why: string;
}

const expectationOf = (environment: Environment): Expectation => ({
  environment,
  az: PROFILES[environment].azLossPromise,
  region: PROFILES[environment].regionLossPromise,
  why: PROFILES[environment].lossPromiseWhy,
});

/** Every environment's promise, read from the profile table. */
export const EXPECTATIONS: Readonly<Record<Environment, Expectation>> = Object.fromEntries(
  ENVIRONMENTS.map((e) => [e, expectationOf(e)]),
) as Record<Environment, Expectation>;

/** The stack's expectation from its `environment` output; an unknown one is held to the strictest (prod's). */
export function expectationFor(g: Graph): { expectation: Expectation; assumed: boolean } {
  const environment = g.outputs.environment;
  const known = ENVIRONMENTS.find((e) => e === environment);
  return known !== undefined
    ? { expectation: EXPECTATIONS[known], assumed: false }
    : { expectation: EXPECTATIONS[STRICTEST], assumed: true };
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
