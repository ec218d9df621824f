import {
  CATALOGUE,
  cloudResources,
  cloudSites,
  diagramWords,
  Graph,
  GraphResource,
  T,
  urnIndex,
} from "@dr-platform/model";

/**
 * The cross-site links worth an arrow, recognised by the dependent and dependency resource types; the
 * arrow follows the data (primary to secondary), which is not always the direction of the dependency.
 */
const EDGE_RULES: { dependent: string; dependency: string; label: string; dataFlowsToDependent: boolean }[] = [
  {
    dependent: T.rdsCluster,
    dependency: T.rdsCluster,
    label: "Aurora global replication",
    dataFlowsToDependent: true,
  },
  {
    dependent: T.bucketReplication,
    dependency: T.bucket,
    label: "S3 replication, RTC 15 min",
    dataFlowsToDependent: false,
  },
  {
    dependent: T.backupPlan,
    dependency: T.backupVault,
    label: "backup copies",
    dataFlowsToDependent: false,
  },
  {
    dependent: T.connectionProfile,
    dependency: T.rdsCluster,
    label: "DMS continuous replication",
    dataFlowsToDependent: true,
  },
  {
    dependent: T.transferJob,
    dependency: T.bucket,
    label: "Storage Transfer",
    dataFlowsToDependent: true,
  },
  {
    dependent: T.gcpExternalVpnGateway,
    dependency: T.vpnConnection,
    label: "HA VPN, BGP",
    dataFlowsToDependent: true,
  },
  {
    dependent: T.record,
    dependency: T.gcpGlobalAddress,
    label: "DNS failover",
    dataFlowsToDependent: false,
  },
  {
    dependent: T.record,
    dependency: T.loadBalancer,
    label: "DNS failover",
    dataFlowsToDependent: false,
  },
];

const id = (text: string) => text.replace(/[^A-Za-z0-9]/g, "_");
const shortType = (type: string) => type.split(":").pop() ?? type;

function summary(resources: GraphResource[]): string[] {
  const lines: string[] = [];
  const vpc = resources.find((r) => r.type === T.vpc);
  const zones = new Set(resources.map((r) => r.inputs.availabilityZone).filter((z) => typeof z === "string"));
  if (vpc) {
    lines.push(`VPC ${String(vpc.inputs.cidrBlock)} across ${zones.size} AZs`);
  }
  const counts = new Map<string, number>();
  for (const r of resources) {
    const words = diagramWords(r.type);
    if (words) {
      counts.set(words[1], (counts.get(words[1]) ?? 0) + 1);
    }
  }
  const singular = new Map(
    [...CATALOGUE.values()].flatMap((e) => (e.diagram ? [[e.diagram[1], e.diagram[0]] as const] : [])),
  );
  const items = [...counts.entries()].map(([many, n]) => (n === 1 ? singular.get(many)! : `${n} ${many}`));
  if (items.length > 0) {
    lines.push(items.join(", "));
  }
  return lines;
}

/**
 * A Mermaid flowchart of the deployment: one box per site (cloud and region), one node per component
 * that owns cloud resources, and an arrow for each cross-site link in {@link EDGE_RULES} (replication,
 * backup copies, VPN, failover).
 */
export function formatMermaid(g: Graph): string {
  const urns = urnIndex(g);
  const componentOf = (r: GraphResource) => (r.parent ? (urns.get(r.parent) ?? r) : r);
  const siteOf = new Map<string, string>();
  const lines = ["flowchart LR"];
  for (const site of cloudSites(g)) {
    const title = `${site.cloud === "aws" ? "AWS" : site.cloud === "gcp" ? "Google Cloud" : site.cloud} ${site.region} (${site.role})`;
    lines.push(`  subgraph ${id(`site-${site.key}`)}["${title}"]`);
    const groups = new Map<string, GraphResource[]>();
    for (const r of site.resources) {
      const component = componentOf(r);
      groups.set(component.urn, [...(groups.get(component.urn) ?? []), r]);
      siteOf.set(r.urn, site.key);
    }
    const ordered = [...groups.entries()].sort(([a], [b]) => urns.get(a)!.name.localeCompare(urns.get(b)!.name));
    for (const [urn, resources] of ordered) {
      const component = urns.get(urn)!;
      const label = [`${shortType(component.type)} ${component.name}`, ...summary(resources)].join("<br/>");
      lines.push(`    ${id(`${site.key}-${component.name}`)}["${label}"]`);
    }
    lines.push("  end");
  }
  const edges = new Set<string>();
  for (const r of cloudResources(g)) {
    for (const dep of r.dependsOn) {
      const target = urns.get(dep);
      const from = siteOf.get(dep);
      const to = siteOf.get(r.urn);
      const rule = target && EDGE_RULES.find((e) => e.dependent === r.type && e.dependency === target.type);
      if (target && rule && from && to && from !== to) {
        const dependency = id(`${from}-${componentOf(target).name}`);
        const dependent = id(`${to}-${componentOf(r).name}`);
        const [a, b] = rule.dataFlowsToDependent ? [dependency, dependent] : [dependent, dependency];
        edges.add(`  ${a} -->|${rule.label}| ${b}`);
      }
    }
  }
  lines.push(...[...edges].sort());
  return lines.join("\n");
}
