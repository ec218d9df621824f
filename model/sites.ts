import { CATALOGUE, Tier } from "./catalogue";
import { cloudResources, Graph, GraphResource, PROVIDER_TYPE_PREFIX, providerUrn } from "./graph";
import { dnsRecords } from "./dns";
import { urnIndex } from "./resolve";

/**
 * A site: the resources placed through one provider (one cloud and region, primary or secondary). The
 * program names its cloud providers `<cloud>-<role>` (aws-primary, aws-secondary, gcp-secondary,
 * aws-global: providers.ts), by role and never by region, so a site's role is its provider's name less
 * the cloud. A Kubernetes provider is named after its cluster (primary-eks-k8s) and keeps its name.
 */
export interface Site {
  /** The provider's logical name, e.g. aws-primary, gcp-secondary. */
  readonly key: string;
  readonly cloud: string;
  readonly region: string;
  readonly role: string;
  readonly resources: GraphResource[];
}

export type SiteRole = "primary" | "secondary" | "global";
const ROLES: readonly string[] = ["primary", "secondary", "global"];
const CLOUDS: readonly string[] = ["aws", "gcp"];

/** The site role a provider gives its resources: aws-primary -> primary; undefined for other providers. */
export function siteRoleOf(providerType: string, providerName: string): SiteRole | undefined {
  const cloud = providerType.replace(PROVIDER_TYPE_PREFIX, "");
  const prefix = `${cloud}-`;
  const role = providerName.startsWith(prefix) ? providerName.slice(prefix.length) : undefined;
  return CLOUDS.includes(cloud) && role !== undefined && ROLES.includes(role) ? (role as SiteRole) : undefined;
}

/**
 * Sites with their roles as the stack runs them. A provider's name gives the site's role as built (the
 * program never renames a provider: that would replace everything placed through it); after a failover the
 * stack says the secondary is active (`activeSite`), and the DNS PRIMARY record then sends users to it. So
 * the role the analyses read is the one the PRIMARY failover record gives: the site its target is placed in is
 * the primary, and the built primary becomes the secondary.
 */
export function sites(g: Graph): Site[] {
  const built = builtSites(g);
  const active = activeSiteKey(g, built);
  const swap = active !== undefined && built.find((s) => s.key === active)?.role === "secondary";
  if (!swap) {
    return built;
  }
  const swapped: Record<string, string> = { primary: "secondary", secondary: "primary" };
  return built.map((s) => (CLOUDS.includes(s.cloud) && s.role in swapped ? { ...s, role: swapped[s.role] } : s));
}

/** The provider key of the site the PRIMARY failover record points at, if there is one. */
function activeSiteKey(g: Graph, siteList: readonly Site[]): string | undefined {
  const primaryRecords = dnsRecords(g).filter((d) => d.failover === "PRIMARY");
  for (const record of primaryRecords) {
    for (const target of record.targets) {
      const site = siteList.find((s) => s.resources.includes(target));
      if (site && CLOUDS.includes(site.cloud)) return site.key;
    }
  }
  return undefined;
}

/** Sites by provider, each with the role its provider's name gives (as built). */
function builtSites(g: Graph): Site[] {
  const urns = urnIndex(g);
  const groups = new Map<string, GraphResource[]>();
  for (const r of cloudResources(g)) {
    const key = providerUrn(r.provider);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()].map(([urn, resources]) => {
    const provider = urns.get(urn);
    const key = provider?.name ?? "default-provider";
    const cloud = provider ? provider.type.replace(PROVIDER_TYPE_PREFIX, "") : "unknown";
    return {
      key,
      cloud,
      // Region-less providers (random) place nothing in a region: "global".
      region: String(provider?.inputs.region ?? provider?.region ?? "global"),
      // aws-primary -> primary; a cluster's provider keeps its full name (primary-eks-k8s).
      role: CLOUDS.includes(cloud) ? key.split("-").slice(1).join("-") : key,
      resources,
    };
  });
}

/**
 * Cloud sites (AWS and Google Cloud providers), each with the Kubernetes objects of clusters in its region:
 * those run on the site's nodes.
 */
export function cloudSites(g: Graph): Site[] {
  const all = sites(g);
  const clouds = all.filter((s) => CLOUDS.includes(s.cloud));
  return clouds.map((site) => ({
    ...site,
    resources: [
      ...site.resources,
      ...all.filter((s) => !clouds.includes(s) && s.region === site.region).flatMap((s) => s.resources),
    ],
  }));
}

/** A resource's tier, from the catalogue; undefined for an uncatalogued type. */
export const tierOf = (r: { type: string }): Tier | undefined => CATALOGUE.get(r.type)?.tier;

/** The resources of a site by tier (uncatalogued types under "unknown"). */
export function tiersOf(site: Site): Map<Tier | "unknown", GraphResource[]> {
  const tiers = new Map<Tier | "unknown", GraphResource[]>();
  for (const r of site.resources) {
    const tier = tierOf(r) ?? "unknown";
    tiers.set(tier, [...(tiers.get(tier) ?? []), r]);
  }
  return tiers;
}
