import { byUrn, cloudResources, Graph, GraphResource, Site, sites } from "./graph";

/** Resource types worth naming in a component's box, with the word to count them by. */
const NOTABLE: Record<string, [singular: string, plural: string]> = {
  "aws:ec2/subnet:Subnet": ["subnet", "subnets"],
  "aws:ec2/natGateway:NatGateway": ["NAT gateway", "NAT gateways"],
  "aws:ec2/flowLog:FlowLog": ["flow logs", "flow logs"],
  "aws:eks/cluster:Cluster": ["EKS cluster", "EKS cluster"],
  "aws:eks/nodeGroup:NodeGroup": ["node group", "node groups"],
  "aws:eks/addon:Addon": ["EKS add-on", "EKS add-ons"],
  "kubernetes:helm.sh/v3:Release": ["Helm release", "Helm releases"],
  "aws:lb/loadBalancer:LoadBalancer": ["load balancer", "load balancer"],
  "aws:rds/cluster:Cluster": ["Aurora cluster", "Aurora cluster"],
  "aws:rds/clusterInstance:ClusterInstance": ["DB instance", "DB instances"],
  "aws:s3/bucketV2:BucketV2": ["bucket", "buckets"],
  "aws:s3/bucket:Bucket": ["bucket", "buckets"],
  "aws:sqs/queue:Queue": ["queue", "queues"],
  "aws:backup/vault:Vault": ["backup vault", "backup vaults"],
  "aws:cloudwatch/metricAlarm:MetricAlarm": ["alarm", "alarms"],
  "kubernetes:apps/v1:Deployment": ["Deployment", "Deployments"],
  "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": ["HPA", "HPAs"],
  "kubernetes:policy/v1:PodDisruptionBudget": ["PDB", "PDBs"],
  "gcp:compute/subnetwork:Subnetwork": ["subnet", "subnets"],
  "gcp:compute/routerNat:RouterNat": ["Cloud NAT", "Cloud NAT"],
  "gcp:container/cluster:Cluster": ["GKE cluster", "GKE cluster"],
  "gcp:container/nodePool:NodePool": ["node pool", "node pools"],
  "gcp:sql/databaseInstance:DatabaseInstance": ["Cloud SQL", "Cloud SQL"],
};

/**
 * The cross-site links worth an arrow, recognised by the dependent and dependency resource types; the
 * arrow follows the data (primary to secondary), which is not always the direction of the dependency.
 */
const EDGE_RULES: { dependent: string; dependency: string; label: string; dataFlowsToDependent: boolean }[] = [
  {
    dependent: "aws:rds/cluster:Cluster",
    dependency: "aws:rds/cluster:Cluster",
    label: "Aurora global replication",
    dataFlowsToDependent: true,
  },
  {
    dependent: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    dependency: "aws:s3/bucket:Bucket",
    label: "S3 replication, RTC 15 min",
    dataFlowsToDependent: false,
  },
  {
    dependent: "aws:backup/plan:Plan",
    dependency: "aws:backup/vault:Vault",
    label: "backup copies",
    dataFlowsToDependent: false,
  },
  {
    dependent: "gcp:databasemigrationservice/connectionProfile:ConnectionProfile",
    dependency: "aws:rds/cluster:Cluster",
    label: "DMS continuous replication",
    dataFlowsToDependent: true,
  },
  {
    dependent: "gcp:storage/transferJob:TransferJob",
    dependency: "aws:s3/bucket:Bucket",
    label: "Storage Transfer",
    dataFlowsToDependent: true,
  },
  {
    dependent: "gcp:compute/externalVpnGateway:ExternalVpnGateway",
    dependency: "aws:ec2/vpnConnection:VpnConnection",
    label: "HA VPN, 4 tunnels, BGP",
    dataFlowsToDependent: true,
  },
  {
    dependent: "aws:route53/record:Record",
    dependency: "gcp:compute/globalAddress:GlobalAddress",
    label: "DNS failover",
    dataFlowsToDependent: false,
  },
  {
    dependent: "aws:route53/record:Record",
    dependency: "aws:lb/loadBalancer:LoadBalancer",
    label: "DNS failover",
    dataFlowsToDependent: false,
  },
];

const id = (text: string) => text.replace(/[^A-Za-z0-9]/g, "_");
const shortType = (type: string) => type.split(":").pop() ?? type;

/**
 * Sites as the diagram draws them: cloud regions. A cluster's Kubernetes resources are drawn inside the
 * cloud site of the same region, where the cluster runs.
 */
function cloudSites(g: Graph): Site[] {
  const all = sites(g);
  const clouds = all.filter((s) => s.cloud === "aws" || s.cloud === "gcp");
  return clouds.map((site) => ({
    ...site,
    resources: [
      ...site.resources,
      ...all.filter((s) => !clouds.includes(s) && s.region === site.region).flatMap((s) => s.resources),
    ],
  }));
}

function summary(resources: GraphResource[]): string[] {
  const lines: string[] = [];
  const vpc = resources.find((r) => r.type === "aws:ec2/vpc:Vpc");
  const zones = new Set(resources.map((r) => r.inputs.availabilityZone).filter((z) => typeof z === "string"));
  if (vpc) {
    lines.push(`VPC ${String(vpc.inputs.cidrBlock)} across ${zones.size} AZs`);
  }
  const counts = new Map<string, number>();
  for (const r of resources) {
    const words = NOTABLE[r.type];
    if (words) {
      counts.set(words[1], (counts.get(words[1]) ?? 0) + 1);
    }
  }
  const singular = new Map(Object.values(NOTABLE).map(([one, many]) => [many, one]));
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
  const urns = byUrn(g);
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
