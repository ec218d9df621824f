import { byUrn, cloudResources, componentPath, Graph, GraphResource, sites, T } from "@dr-platform/model";
import { BillingSite, CostAssumptions, Metering, NotBilled, ResourceMeter, Rule, RuleContext } from "./meter-types";
import { monthly } from "./rule-helpers";
import { AWS_RULES } from "./rules-aws";
import { notBilledReason } from "./rules-free";
import { GCP_RULES } from "./rules-gcp";

/** Turns the offline plan's graph into what each resource bills for (quantities, not prices). */

const RULES: Readonly<Record<string, Rule>> = {
  ...AWS_RULES,
  ...GCP_RULES,
  // Public ACM certificates are commonly free, but no stored source says so: priced, so it shows as unknown.
  [T.certificate]: (r) => [monthly(r, "acm:public-certificate", 1, "public certificate")],
};

export const DEFAULT_ASSUMPTIONS: Required<CostAssumptions> = {
  eksExtendedSupportActive: false,
  // GKE places a regional pool in three zones of the region unless told otherwise (components/gke).
  gkeZonesPerRegion: 3,
};

const CLOUDS = new Set(["aws", "gcp"]);

/**
 * Billing sites: one per AWS or GCP provider. A Kubernetes provider is not a site of its own: its
 * objects run on the cluster it talks to, so they belong to the cloud site in the same region.
 */
export function billingSites(g: Graph): { sites: BillingSite[]; siteOf: (r: GraphResource) => string } {
  const all = sites(g);
  const cloudSites = all
    .filter((s) => CLOUDS.has(s.cloud))
    .map(({ key, cloud, region, role }) => ({ key, cloud, region, role }));
  const providerKey = new Map<string, string>();
  for (const s of all) {
    const home = CLOUDS.has(s.cloud) ? s : cloudSites.find((c) => c.region === s.region);
    for (const r of s.resources) {
      providerKey.set(r.urn, home?.key ?? s.key);
    }
  }
  const siteOf = (r: GraphResource): string => {
    const key = providerKey.get(r.urn) ?? "default-provider";
    const own = cloudSites.find((s) => s.key === key);
    // AWS v7 lets a resource name its own region: it is billed there, so it belongs to that region's site.
    const region = r.region?.toLowerCase();
    if (own && region && region !== own.region) {
      const elsewhere = cloudSites.find((s) => s.cloud === own.cloud && s.region === region);
      return elsewhere?.key ?? key;
    }
    return key;
  };
  // Providers of no cloud (random) place nothing billable: they are not sites.
  return { sites: cloudSites, siteOf };
}

/** `hours` is the month the quantities are counted over (the price table's convention, 730). */
export function meterGraph(g: Graph, assumptions: CostAssumptions = {}, hours = 730): Metering {
  const urns = byUrn(g);
  const ctx: RuleContext = {
    graph: g,
    urns,
    hours,
    assumptions: { ...DEFAULT_ASSUMPTIONS, ...assumptions },
  };
  const { sites: billing, siteOf } = billingSites(g);
  const meters: ResourceMeter[] = [];
  const notBilled: NotBilled[] = [];
  const unclassified: { resource: GraphResource; site: string }[] = [];
  for (const r of cloudResources(g)) {
    const rule = RULES[r.type];
    if (rule === undefined) {
      const reason = notBilledReason(r);
      if (reason === undefined) {
        unclassified.push({ resource: r, site: siteOf(r) });
      } else {
        notBilled.push({ resource: r, reason });
      }
      continue;
    }
    const result = rule(r, ctx);
    if ("notBilled" in result) {
      notBilled.push({ resource: r, reason: result.notBilled });
      continue;
    }
    const path = componentPath(g, r, urns).map((c) => c.name);
    meters.push({ resource: r, site: siteOf(r), component: path[0] ?? "(stack)", path, lines: result });
  }
  return { graph: g, sites: billing, meters, notBilled, unclassified };
}
