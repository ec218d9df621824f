import { CheckNode, checkNodes, resolve, Site, str, T } from "@dr-platform/model";
import type { ChainContext, ScenarioReport } from "./chain";
import { scenarioTitle } from "./chain";
import { DR_CONSTANTS } from "./constants";
import { checkTerm, deepTerm, endpointOf, TreeClock } from "./detect";
import { formatDuration } from "./duration";
import { HUMAN_STEPS, humanStepText } from "./runbook";

/**
 * The scenarios in which the Region must hold still (dr/chain.ts walks the ones that move it): (d) one AZ of the
 * primary lost, where the checks must keep passing, and (e) the primary Region back after a failover, where
 * traffic must not return to it by itself.
 */

const finite = (seconds: number) => Number.isFinite(seconds);

/** How a database probe reaches Aurora, from the endpoint's documented name (docs/sources.md#aurora-endpoints). */
export function auroraReach(host: string): "any-instance" | "writer" | "one-instance" | "not-aurora" {
  if (/\.cluster-(ro|custom)-[^.]+\./.test(host)) return "any-instance";
  if (/\.cluster-[^.]+\./.test(host)) return "writer";
  if (/\.rds\.amazonaws\.com\.?$/.test(host)) return "one-instance";
  return "not-aurora";
}

/** The AZs the PRIMARY's endpoint reaches: its load balancer's subnets, else the site's subnets. */
function zonesOf(ctx: ChainContext, endpoint: CheckNode | undefined, site: Site | undefined): string[] {
  const g = ctx.facts.graph;
  const balancers = (endpoint?.check.probes ?? []).filter((r) => r.type === T.loadBalancer);
  const subnets = [
    ...balancers.flatMap((lb) => [
      ...resolve(g, lb, "subnets", T.subnet),
      ...resolve(g, lb, "subnetMappings", T.subnet),
    ]),
  ];
  const pool = subnets.length > 0 ? subnets : (site?.resources ?? []).filter((r) => r.type === T.subnet);
  return [
    ...new Set(pool.map((s) => str(s.inputs.availabilityZone)).filter((z): z is string => z !== undefined)),
  ].sort();
}

/** (d) One AZ lost: the Region must not move. */
export function azLoss(ctx: ChainContext): ScenarioReport {
  const base = { id: "az-loss", letter: "d", title: scenarioTitle("az-loss", ctx) } as const;
  const endpoint = endpointOf(ctx.primary.tree);
  const site = endpoint?.site ?? ctx.facts.sites.find((s) => s.role === "primary");
  const zones = zonesOf(ctx, endpoint, site);
  const problems: string[] = [];
  const notes: string[] = [];
  if (zones.length < 2) {
    problems.push(
      zones.length === 0
        ? "the plan does not say which AZs the primary's load balancer spans"
        : `the primary's load balancer spans ${zones.length} AZ (${zones.join(", ")}): losing it fails the check and moves the Region`,
    );
  } else {
    notes.push(`the load balancer spans ${zones.length} AZs (${zones.join(", ")})`);
  }
  const deep = endpoint?.deepCheck;
  if (deep?.config) {
    const hysteresis = deepTerm(deep).seconds + checkTerm(endpoint!).seconds;
    for (const probe of deep.config.probes.filter((p) => p.kind === "postgres" && p.host !== undefined)) {
      const reach = auroraReach(probe.host!);
      if (reach === "one-instance") {
        problems.push(
          `the deep check's ${probe.name} probe targets one instance (${probe.host}): losing its AZ fails the check and moves the Region`,
        );
      } else if (reach === "writer" && hysteresis <= DR_CONSTANTS.auroraInRegionFailover.seconds) {
        problems.push(
          `the deep check's ${probe.name} probe targets the writer endpoint (${probe.host}): an in-Region writer failover ` +
            `(up to ${formatDuration(DR_CONSTANTS.auroraInRegionFailover.seconds)}, docs/sources.md#aurora-in-region-failover) ` +
            `outlasts the ${formatDuration(hysteresis)} the checks wait, and the Region moves; probe the reader endpoint`,
        );
      } else if (reach === "any-instance") {
        notes.push(`the deep check's ${probe.name} probe reaches any instance (${probe.host})`);
      }
    }
  } else if (endpoint) {
    notes.push(
      `${endpoint.check.resource.name} requests ${endpoint.check.resourcePath ?? "/"} through the load balancer, which answers from the other AZs`,
    );
  }
  if (problems.length > 0) {
    const misses = problems.map((p) => `the Region moves on one AZ: ${p}`);
    return {
      ...base,
      links: [
        {
          name: "zones",
          text: notes.length > 0 ? notes.join("; ") : "the primary's check fails with one AZ",
          terms: [],
          misses,
        },
      ],
      verdict: { kind: "miss" },
      misses,
    };
  }
  const text = `no failover (correct): ${notes.join("; ")}`;
  return {
    ...base,
    links: [{ name: "zones", text, terms: [], misses: [] }],
    verdict: { kind: "holds", text, short: "no failover (correct)" },
    misses: [],
  };
}

/** (e) The primary Region comes back after a failover: traffic must not return to it by itself. */
export function failback(ctx: ChainContext): ScenarioReport {
  const base = { id: "failback", letter: "e", title: scenarioTitle("failback", ctx) } as const;
  const endpoint = endpointOf(ctx.primary.tree);
  const query = endpoint?.deepCheck?.config?.probes.find((p) => p.kind === "postgres" && p.query !== undefined);
  const overridable = finite(TreeClock.overridden(ctx.detection, ctx.primary.tree).root.seconds);
  const override = checkNodes(ctx.primary.tree).find((n) => n.override);
  const hold = (text: string, short: string): ScenarioReport => ({
    ...base,
    links: [{ name: "failback", text, terms: [], misses: [] }],
    verdict: { kind: "holds", text, short },
    misses: [],
  });
  // The role-aware answer counts only where the endpoint's failure takes the record down (as in a Region loss).
  const endpointDecides = finite(TreeClock.primary(ctx.detection, ctx.primary.tree, "region-loss").root.seconds);
  if (query && ctx.mechanism === "aurora-global" && endpointDecides) {
    return hold(
      `no automatic failback: the deep check's ${query.name} probe asks whether this Region holds the writer, so the ` +
        `old primary answers 503 after the promotion${overridable ? `; the override ${override!.check.resource.name} pins it too, ${humanStepText(HUMAN_STEPS.pinTraffic)}` : ""}`,
      "no automatic failback",
    );
  }
  if (overridable) {
    return hold(
      `no automatic failback once a person inverts the override ${override!.check.resource.name}: ` +
        humanStepText(HUMAN_STEPS.pinTraffic) +
        (query ? ` (the ${query.name} probe asks Aurora, which does not learn of the Cloud SQL promotion)` : ""),
      `no automatic failback once pinned (${HUMAN_STEPS.pinTraffic.step})`,
    );
  }
  const why =
    "traffic returns to the primary by itself: its check turns healthy when the Region does, and nothing in the plan keeps it red " +
    "(no role-aware deep check, no override in the PRIMARY's calculated check)";
  return {
    ...base,
    links: [{ name: "failback", text: "nothing holds traffic on the secondary", terms: [], misses: [why] }],
    verdict: { kind: "miss" },
    misses: [why],
  };
}
