import { byUrn, cloudResources, Graph, GraphResource } from "../tools/offline/graph";

/**
 * Where things are: the zonal map of a plan, read from the graph's inputs and dependency edges.
 *
 * How an AZ is known. Only two kinds of resource name an AZ themselves: subnets (`availabilityZone`) and
 * Aurora instances (`availabilityZone`). Everything else is placed through the subnets it references:
 * NAT gateways (`subnetId`), route tables (through their associations' `subnetId`), load balancers
 * (`subnets` or `subnetMappings`), EKS clusters (`vpcConfig.subnetIds`) and node groups (`subnetIds`).
 *
 * How a reference is resolved. In the graph an input that referenced another resource holds that
 * resource's id as the engine saw it at plan time, and the referenced resource's URN is in `dependsOn`
 * (the renderer records input references as dependencies). Under the offline mocks an id is
 * `<logical name>-id`; under a real preview it is unknown or opaque. So, for each value:
 *  1. a `dependsOn` resource of the expected type whose mock id is the value (exact, and the usual case);
 *  2. any resource of that type in the graph whose mock id is the value (hand-built graphs without edges);
 *  3. when values are left over, the `dependsOn` resources of that type not yet matched, if there are as
 *     many of them as values left (a real preview: the edge is exact even when the id is not).
 * Anything still unresolved is reported by the callers as "AZ unknown" and treated as lost (worst case),
 * never silently dropped.
 */

export const TYPES = {
  subnet: "aws:ec2/subnet:Subnet",
  natGateway: "aws:ec2/natGateway:NatGateway",
  routeTable: "aws:ec2/routeTable:RouteTable",
  route: "aws:ec2/route:Route",
  routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  eksCluster: "aws:eks/cluster:Cluster",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  rdsCluster: "aws:rds/cluster:Cluster",
  rdsInstance: "aws:rds/clusterInstance:ClusterInstance",
  queue: "aws:sqs/queue:Queue",
  bucket: "aws:s3/bucket:Bucket",
  deployment: "kubernetes:apps/v1:Deployment",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  gkeCluster: "gcp:container/cluster:Cluster",
  nodePool: "gcp:container/nodePool:NodePool",
  cloudSql: "gcp:sql/databaseInstance:DatabaseInstance",
  gcsBucket: "gcp:storage/bucket:Bucket",
  transferJob: "gcp:storage/transferJob:TransferJob",
  pubsubTopic: "gcp:pubsub/topic:Topic",
} as const;

type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The id the offline mock engine gives a resource (tools/offline/mocks.ts). */
export const mockId = (r: GraphResource) => `${r.name}-id`;

/** A graph with its lookups built once. */
export interface Indexed {
  readonly graph: Graph;
  readonly urns: Map<string, GraphResource>;
  readonly resources: GraphResource[];
}

export function indexGraph(graph: Graph): Indexed {
  return { graph, urns: byUrn(graph), resources: cloudResources(graph) };
}

export const ofType = (ix: Indexed, type: string, region?: string): GraphResource[] =>
  ix.resources.filter((r) => r.type === type && (region === undefined || r.region === region));

/** The resources of `type` that the values of one input of `from` refer to (see the file comment). */
export function resolveRefs(ix: Indexed, from: GraphResource, values: unknown, type: string): Resolved {
  const wanted = (Array.isArray(values) ? values : [values]).map(str).filter((v): v is string => v !== undefined);
  const edges = from.dependsOn.map((u) => ix.urns.get(u)).filter((r): r is GraphResource => r?.type === type);
  const found: GraphResource[] = [];
  const left: string[] = [];
  for (const value of wanted) {
    const hit =
      edges.find((r) => mockId(r) === value) ?? ix.resources.find((r) => r.type === type && mockId(r) === value);
    if (hit) {
      found.push(hit);
    } else {
      left.push(value);
    }
  }
  const spare = edges.filter((r) => !found.includes(r));
  if (left.length > 0 && spare.length === left.length) {
    return { found: [...found, ...spare], unresolved: [] };
  }
  return { found, unresolved: left };
}

export interface Resolved {
  readonly found: GraphResource[];
  /** Values that name no resource of the expected type in this graph. */
  readonly unresolved: string[];
}

/** The AZ a subnet names, if it names one. */
export const subnetAz = (subnet: GraphResource): string | undefined => str(subnet.inputs.availabilityZone);

/** The AZs of the subnets a resource references through `values`, and whether some could not be placed. */
export function azsOf(ix: Indexed, from: GraphResource, values: unknown): Placement {
  const { found, unresolved } = resolveRefs(ix, from, values, TYPES.subnet);
  const azs = found.map(subnetAz);
  return {
    azs: [...new Set(azs.filter((a): a is string => a !== undefined))].sort(),
    unknown: unresolved.length + azs.filter((a) => a === undefined).length,
  };
}

export interface Placement {
  readonly azs: string[];
  /** Referenced subnets whose AZ could not be read (counted as lost by the tiers). */
  readonly unknown: number;
}

/** The subnets of a load balancer: `subnets`, or the `subnetId` of each `subnetMappings` entry. */
export function loadBalancerSubnets(lb: GraphResource): unknown[] {
  const direct = list(lb.inputs.subnets);
  return direct.length > 0 ? direct : list(lb.inputs.subnetMappings).map((m) => obj(m).subnetId);
}

/** Every AZ named by a subnet in the region, sorted: the AZs a scenario can lose there. */
export function regionAzs(ix: Indexed, region: string): string[] {
  const azs = ofType(ix, TYPES.subnet, region).map(subnetAz);
  return [...new Set(azs.filter((a): a is string => a !== undefined))].sort();
}

/** The region of the AWS subnets that name this AZ, if any. */
export function regionOfAz(ix: Indexed, az: string): string | undefined {
  return ofType(ix, TYPES.subnet).find((s) => subnetAz(s) === az)?.region;
}

/** Readable names of the resource types the reports count. */
const LABELS: Record<string, string> = {
  [TYPES.eksCluster]: "EKS cluster",
  [TYPES.nodeGroup]: "node group",
  [TYPES.loadBalancer]: "load balancer",
  [TYPES.rdsCluster]: "Aurora cluster",
  [TYPES.rdsInstance]: "Aurora instance",
  [TYPES.queue]: "SQS queue",
  [TYPES.bucket]: "S3 bucket",
  [TYPES.natGateway]: "NAT gateway",
  [TYPES.subnet]: "subnet",
};

/** "2 node groups, 1 EKS cluster": counts of the given types among `resources`, in the order given. */
export function countText(resources: readonly GraphResource[], types: readonly string[]): string {
  return types
    .map((type) => [type, resources.filter((r) => r.type === type).length] as const)
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${n} ${LABELS[type] ?? type.split(":").pop()}${n === 1 ? "" : "s"}`)
    .join(", ");
}

/** The types a site is counted by in region reports: what serves users and holds data. */
export const SERVING_TYPES = [
  TYPES.eksCluster,
  TYPES.nodeGroup,
  TYPES.loadBalancer,
  TYPES.rdsCluster,
  TYPES.rdsInstance,
  TYPES.queue,
  TYPES.bucket,
  TYPES.natGateway,
] as const;

/** Short AZ names for reports: "ap-northeast-2a, ap-northeast-2b". */
export const azList = (azs: readonly string[]) => (azs.length === 0 ? "none" : azs.join(", "));
