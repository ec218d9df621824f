import { byUrn, cloudResources, Graph, GraphResource, sites } from "./graph";

/** Resource types worth naming in a component's box, with the word to count them by. */
const NOTABLE: Record<string, string> = {
  "aws:ec2/subnet:Subnet": "subnets",
  "aws:ec2/natGateway:NatGateway": "NAT gateways",
  "aws:ec2/flowLog:FlowLog": "flow logs",
  "aws:eks/cluster:Cluster": "EKS cluster",
  "aws:eks/nodeGroup:NodeGroup": "node groups",
  "aws:lb/loadBalancer:LoadBalancer": "load balancer",
  "aws:rds/cluster:Cluster": "Aurora cluster",
  "aws:rds/clusterInstance:ClusterInstance": "DB instances",
  "aws:s3/bucketV2:BucketV2": "buckets",
  "aws:s3/bucket:Bucket": "buckets",
  "aws:sqs/queue:Queue": "queues",
  "gcp:compute/subnetwork:Subnetwork": "subnets",
  "gcp:compute/routerNat:RouterNat": "Cloud NAT",
  "gcp:container/cluster:Cluster": "GKE cluster",
  "gcp:container/nodePool:NodePool": "node pools",
  "gcp:sql/databaseInstance:DatabaseInstance": "Cloud SQL",
};

const id = (text: string) => text.replace(/[^A-Za-z0-9]/g, "_");
const shortType = (type: string) => type.split(":").pop() ?? type;

function summary(resources: GraphResource[]): string[] {
  const lines: string[] = [];
  const vpc = resources.find((r) => r.type === "aws:ec2/vpc:Vpc");
  const zones = new Set(resources.map((r) => r.inputs.availabilityZone).filter((z) => typeof z === "string"));
  if (vpc) {
    lines.push(`VPC ${String(vpc.inputs.cidrBlock)} across ${zones.size} AZs`);
  }
  const counts = new Map<string, number>();
  for (const r of resources) {
    const word = NOTABLE[r.type];
    if (word) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const items = [...counts.entries()].map(([word, n]) => (n === 1 ? word : `${n} ${word}`));
  if (items.length > 0) {
    lines.push(items.join(", "));
  }
  return lines;
}

/**
 * A Mermaid flowchart of the deployment: one box per site (cloud and region), one node per component
 * that owns cloud resources, and an arrow wherever a resource in one site depends on a resource in
 * another (replication, failover targets, VPN peers), labelled with the dependent resource's type.
 */
export function formatMermaid(g: Graph): string {
  const urns = byUrn(g);
  const componentOf = (r: GraphResource) => (r.parent ? (urns.get(r.parent) ?? r) : r);
  const siteOf = new Map<string, string>();
  const lines = ["flowchart LR"];
  for (const site of sites(g)) {
    const title = `${site.cloud === "aws" ? "AWS" : site.cloud === "gcp" ? "Google Cloud" : site.cloud} ${site.region} (${site.role})`;
    lines.push(`  subgraph ${id(`site-${site.key}`)}["${title}"]`);
    const groups = new Map<string, GraphResource[]>();
    for (const r of site.resources) {
      const component = componentOf(r);
      groups.set(component.urn, [...(groups.get(component.urn) ?? []), r]);
      siteOf.set(r.urn, site.key);
    }
    for (const [urn, resources] of groups) {
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
      if (target && from && to && from !== to) {
        const a = id(`${from}-${componentOf(target).name}`);
        const b = id(`${to}-${componentOf(r).name}`);
        edges.add(`  ${a} -->|${shortType(r.type)}| ${b}`);
      }
    }
  }
  lines.push(...[...edges].sort());
  return lines.join("\n");
}
