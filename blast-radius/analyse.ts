import { DrTargets, formatObjectives } from "../dr";
import { countByType, Graph, sites } from "@dr-platform/model";
import { Recovery, Scenario, ScenarioReport, Tier, tier, verdictOf } from "./model";
import { objectives, primaryRegionTiers, regionRecovery } from "./region";
import { nodeCapacityTier, poolsIn } from "./tiers-compute";
import { databaseTier, regionalDataTier, zonalDnsTier } from "./tiers-data";
import { AzLoss, controlPlaneTier, egressTier, loadBalancerTier } from "./tiers-network";
import { countText, Indexed, indexGraph, regionAzs, regionOfAz, SERVING_TYPES } from "./topology";
import { workloadsIn } from "./workload";

/** Sites with a region: the clouds' own providers (aws-primary, gcp-secondary, aws-global). */
const cloudSites = (g: Graph) => sites(g).filter((s) => s.cloud === "aws" || s.cloud === "gcp");

/** The primary AWS region: the site the program names primary, else the stack output. */
export function primaryRegion(g: Graph): string | undefined {
  const site = cloudSites(g).find((s) => s.role === "primary");
  const output = (g.outputs.primarySite as { region?: unknown } | undefined)?.region;
  return site?.region ?? (typeof output === "string" ? output : undefined);
}

const secondaryRegions = (g: Graph) =>
  cloudSites(g)
    .filter((s) => s.role === "secondary")
    .map((s) => s.region);

/** The scenarios analysed when none is named: every AZ of the primary, then the primary region. */
export function defaultScenarios(g: Graph): Scenario[] {
  const region = primaryRegion(g);
  if (region === undefined) {
    return [];
  }
  const azs = regionAzs(indexGraph(g), region).map((az): Scenario => ({ kind: "az", az }));
  return [...azs, { kind: "region", region }];
}

/** Why a scenario cannot be analysed on this plan (an AZ or region it does not use), or undefined. */
export function scenarioProblem(g: Graph, s: Scenario): string | undefined {
  const ix = indexGraph(g);
  if (s.kind === "az") {
    if (regionOfAz(ix, s.az) !== undefined) {
      return undefined;
    }
    const known = [...new Set(cloudSites(g).flatMap((site) => regionAzs(ix, site.region)))];
    return `no subnet of ${g.stack} is in AZ "${s.az}"; its AZs are ${known.join(", ")}`;
  }
  const regions = [...new Set(cloudSites(g).map((site) => site.region))];
  return regions.includes(s.region)
    ? undefined
    : `${g.stack} has no site in region "${s.region}"; its regions are ${regions.join(", ")}`;
}

function siteLabel(g: Graph, region: string): string {
  const site = cloudSites(g).find((s) => s.region === region);
  return site ? `${site.cloud.toUpperCase()} ${region} (${site.role})` : region;
}

/** What happens to the stack when this AZ or region is lost, tier by tier. */
export function analyse(g: Graph, scenario: Scenario, targets?: DrTargets): ScenarioReport {
  const problem = scenarioProblem(g, scenario);
  if (problem !== undefined) {
    throw new Error(problem);
  }
  const ix = indexGraph(g);
  return scenario.kind === "az" ? analyseAz(ix, scenario.az, targets) : analyseRegion(ix, scenario.region, targets);
}

/** The tiers of one AWS site when one of its AZs is lost. */
export function zonalTiers(ix: Indexed, region: string, lost: string): Tier[] {
  const c: AzLoss = { ix, region, lost, survivors: regionAzs(ix, region).filter((a) => a !== lost) };
  const workloads = workloadsIn(ix, region);
  const pools = poolsIn(ix, region);
  const nodeZones = new Set(pools.flatMap((p) => p.azs)).size;
  return [
    egressTier(c, workloads, nodeZones),
    loadBalancerTier(c),
    controlPlaneTier(c),
    nodeCapacityTier(c, pools, workloads),
    databaseTier(c),
    regionalDataTier(c),
    zonalDnsTier(ix),
  ];
}

const reasonsFor = (tiers: readonly Tier[], effect: Tier["effect"]) =>
  tiers.filter((t) => t.effect === effect).map((t) => `${t.name}: ${t.summary}`);

function analyseAz(ix: Indexed, az: string, targets?: DrTargets): ScenarioReport {
  const g = ix.graph;
  const region = regionOfAz(ix, az)!;
  const tiers = zonalTiers(ix, region, az);
  const report = objectives(ix, targets);
  const line = formatObjectives(report).split("\n")[0];
  const baseMeets = report.meets ? report.meets.rto && report.meets.rpo : undefined;
  const primary = region === primaryRegion(g);
  const base = { stack: g.stack, scenario: { kind: "az", az } as Scenario, site: siteLabel(g, region), primary, tiers };
  if (!primary) {
    // The standby's AZ: users are served from the primary; what is at stake is a failover landing here.
    const standby = verdictOf(tiers);
    return {
      ...base,
      service: "survives",
      reasons: [
        `the primary in ${primaryRegion(g)} keeps serving; the standby here is ${standby === "survives" ? "intact" : standby}`,
      ],
      recovery: { kind: "not-needed", summary: "nothing to recover: the primary is untouched" },
      dr: {
        meets: baseMeets === undefined ? undefined : baseMeets && standby !== "lost",
        summary:
          standby === "lost"
            ? `a failover during this AZ loss would land on a standby that cannot serve: ${reasonsFor(tiers, "down").join("; ")}`
            : `unchanged: ${line}`,
      },
    };
  }
  const service = verdictOf(tiers);
  const reasons = reasonsFor(tiers, service === "lost" ? "down" : "degraded");
  let recovery: Recovery = { kind: "not-needed", summary: "absorbed in the region" };
  if (service === "lost") {
    recovery =
      report.kind === "failover" && report.mechanism !== "backup-restore"
        ? {
            kind: "failover",
            summary: `if the PRIMARY health check fails, Route 53 moves users to the secondary: ${line}`,
          }
        : {
            kind: "none",
            summary:
              "no automatic path: service returns when the AZ does, or when the lost parts are re-created in a surviving AZ",
          };
  }
  return { ...base, service, reasons, recovery, dr: { meets: baseMeets, summary: `unchanged by an AZ loss: ${line}` } };
}

function analyseRegion(ix: Indexed, region: string, targets?: DrTargets): ScenarioReport {
  const g = ix.graph;
  const primary = primaryRegion(g);
  const base = {
    stack: g.stack,
    scenario: { kind: "region", region } as Scenario,
    site: siteLabel(g, region),
    primary: region === primary,
  };
  const report = objectives(ix, targets);
  const line = formatObjectives(report).split("\n")[0];
  if (region === primary) {
    const tiers = primaryRegionTiers(ix, region);
    const { recovery, meets } = regionRecovery(ix, report, tiers);
    return {
      ...base,
      tiers,
      service: "lost",
      reasons: reasonsFor(tiers, "down"),
      recovery,
      dr: { meets, summary: line },
    };
  }
  const here = ix.resources.filter((r) => r.region === region);
  const serving = countText(here, SERVING_TYPES);
  const kinds =
    serving !== ""
      ? serving
      : countByType(here)
          .map(([type, n]) => `${n} ${type.split(":").pop()}`)
          .join(", ");
  const untouched = tier("primary site", "ok", "none", `${primary} is untouched and keeps serving`);
  if (secondaryRegions(g).includes(region)) {
    const tiers = [
      untouched,
      tier("standby", "lost", "none", `the secondary site in ${region} is lost (${here.length} resources: ${kinds})`, [
        "replication into it (database, objects, backup copies) stalls until it returns",
      ]),
    ];
    return {
      ...base,
      tiers,
      service: "survives",
      reasons: [`the primary in ${primary} keeps serving`],
      recovery: { kind: "not-needed", summary: "nothing to recover: the primary is untouched" },
      dr: {
        meets: targets ? false : undefined,
        summary: `no standby while ${region} is out: the DR targets cannot be met until it returns`,
      },
    };
  }
  const route53 = here.some((r) => r.type.startsWith("aws:route53/"));
  const tiers = [
    untouched,
    tier("global resources", "reduced", "none", `${here.length} resources in ${region}: ${kinds}`, [
      ...(route53
        ? [
            "Route 53 answers queries and runs health checks on its global data plane, which does not depend on this region; record changes (the control plane) do, so failover must never need one (docs/sources.md#route-53-data-plane)",
          ]
        : []),
      "CloudWatch alarms placed here stop evaluating, so they stop paging",
    ]),
  ];
  return {
    ...base,
    tiers,
    service: "survives",
    reasons: [`the primary in ${primary} keeps serving`],
    recovery: { kind: "not-needed", summary: "nothing to recover: the primary is untouched" },
    dr: { meets: report.meets ? report.meets.rto && report.meets.rpo : undefined, summary: `unchanged: ${line}` },
  };
}
