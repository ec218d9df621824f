import { DR_CONSTANTS } from "../dr";

/** What fails: one availability zone by name, or a whole region. */
export type Scenario =
  | { readonly kind: "az"; readonly az: string }
  | { readonly kind: "region"; readonly region: string };

export const scenarioLabel = (s: Scenario) => (s.kind === "az" ? `lose AZ ${s.az}` : `lose region ${s.region}`);

/**
 * How a tier fares: `ok` untouched, `reduced` still working with less (fewer AZs, a failover, less
 * headroom), `lost` gone, `unknown` the plan does not say enough to tell, `absent` not in this site.
 */
export type TierStatus = "ok" | "reduced" | "lost" | "unknown" | "absent";

/** What the tier's state does to the service: nothing, a degraded service, or no service. */
export type Effect = "none" | "degraded" | "down";

export interface Tier {
  readonly name: string;
  readonly status: TierStatus;
  readonly effect: Effect;
  /** One line: what survives and what does not, with the resources named. */
  readonly summary: string;
  /** Why, how long, and what the model assumed. */
  readonly notes: readonly string[];
}

/**
 * The service in place after the loss: `survives` (nothing the user sees), `degraded` (still answering,
 * with less capacity or a short write interruption), `lost` (not answering from this site until something
 * is rescheduled, restored or failed over).
 */
export type Verdict = "survives" | "degraded" | "lost";

/** How service comes back when it is lost in place, and how long that takes. */
export interface Recovery {
  readonly kind: "not-needed" | "failover" | "rebuild" | "none";
  readonly summary: string;
}

export interface ScenarioReport {
  readonly stack: string;
  readonly scenario: Scenario;
  /** The site the loss hits, e.g. "AWS ap-northeast-2 (primary)". */
  readonly site: string;
  /** True when the lost AZ or region is the primary's (the one serving users). */
  readonly primary: boolean;
  readonly tiers: readonly Tier[];
  readonly service: Verdict;
  /** The tiers that set the verdict, as "tier: summary". */
  readonly reasons: readonly string[];
  readonly recovery: Recovery;
  /** Whether the stack still meets its DR targets after this loss, from dr/ (undefined: no targets). */
  readonly dr: { readonly meets?: boolean; readonly summary: string };
}

export const tier = (
  name: string,
  status: TierStatus,
  effect: Effect,
  summary: string,
  notes: readonly string[] = [],
): Tier => ({ name, status, effect, summary, notes });

/** The worst effect wins: one tier down takes the service down. */
export function verdictOf(tiers: readonly Tier[]): Verdict {
  if (tiers.some((t) => t.effect === "down")) {
    return "lost";
  }
  return tiers.some((t) => t.effect === "degraded") ? "degraded" : "survives";
}

/**
 * Figures the zonal analysis uses that the graph cannot supply, sourced as in dr/constants.ts: an entry of
 * docs/sources.md and its confidence (confirmed, secondary source, or an unconfirmed assumption to measure in a drill).
 */
export const ZONAL_FACTS = {
  auroraFailover: DR_CONSTANTS.auroraInRegionFailover,
  auroraNoReplica: {
    seconds: 600,
    source:
      "docs/sources.md#aurora-without-a-replica (confirmed): with no replica Aurora creates a new primary, " +
      "typically in under 10 minutes; that in an AZ outage it may have nowhere to go until the AZ returns is an " +
      "unconfirmed assumption",
  },
  podEviction: {
    seconds: 300,
    source:
      "Kubernetes DefaultTolerationSeconds: pods tolerate node.kubernetes.io/unreachable for 300 s before eviction " +
      "(https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions)",
  },
  nodeScaleUp: DR_CONSTANTS.nodeScaleUp,
  albMinimumAzs: {
    count: 2,
    source:
      'Elastic Load Balancing API, CreateLoadBalancer and SetSubnets: "[Application Load Balancers] You must specify ' +
      'subnets from at least two Availability Zones"',
  },
  eksControlPlane:
    'EKS runs "at least two API server instances and three etcd instances ... across three AZs" and replaces ' +
    "unhealthy ones, possibly in another AZ (docs/sources.md#eks-control-plane, confirmed); the cluster's network " +
    "interfaces sit in the subnets it is given",
} as const;
