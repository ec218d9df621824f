import {
  at,
  cloudResources,
  Graph,
  GraphResource,
  labelOf,
  list,
  obj,
  resolve,
  str,
  T,
  urnIndex,
} from "@dr-platform/model";

/**
 * Where things are: the zonal map of a plan, read from the graph's inputs and its references.
 *
 * How an AZ is known. Only two kinds of resource name an AZ themselves: subnets (`availabilityZone`) and
 * Aurora instances (`availabilityZone`). Everything else is placed through the subnets it references:
 * NAT gateways (`subnetId`), route tables (through their associations' `subnetId`), load balancers
 * (`subnets` or `subnetMappings`), EKS clusters (`vpcConfig.subnetIds`) and node groups (`subnetIds`).
 *
 * How a reference is resolved: through the property dependencies the engine records (the model's
 * `resolve`, docs/model.md), never by matching ids or names. An input value no dependency accounts for (a
 * literal id) is counted as unresolved; the callers report it as "AZ unknown" and treat it as lost (worst
 * case), never silently dropped.
 */

/** The catalogue's tokens (model/catalogue.ts), under the name this folder has always used. */
export const TYPES = T;

export { list, num, obj, str } from "@dr-platform/model";

/** A graph with its lookups built once. */
export interface Indexed {
  readonly graph: Graph;
  readonly urns: Map<string, GraphResource>;
  readonly resources: GraphResource[];
}

export function indexGraph(graph: Graph): Indexed {
  return { graph, urns: urnIndex(graph), resources: cloudResources(graph) };
}

export const ofType = (ix: Indexed, type: string, region?: string): GraphResource[] =>
  ix.resources.filter((r) => r.type === type && (region === undefined || r.region === region));

/** The present values of an input (a dotted path; a list gives each entry). */
export function valuesAt(r: GraphResource, property: string): unknown[] {
  const v = at(r.inputs, property);
  return (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined && x !== null && x !== "");
}

/**
 * The resources of `type` that input `property` of `from` refers to (see the file comment); `values` are
 * the input's values to account for (by default the input itself).
 */
export function resolveRefs(
  ix: Indexed,
  from: GraphResource,
  property: string,
  type: string,
  values: readonly unknown[] = valuesAt(from, property),
): Resolved {
  const found = resolve(ix.graph, from, property, type);
  return { found, unresolved: Math.max(0, values.length - found.length) };
}

export interface Resolved {
  readonly found: GraphResource[];
  /** How many of the input's values no reference of the expected type accounts for. */
  readonly unresolved: number;
}

/** The AZ a subnet names, if it names one. */
export const subnetAz = (subnet: GraphResource): string | undefined => str(subnet.inputs.availabilityZone);

/** The AZs of the subnets a resource references through `property`, and whether some could not be placed. */
export function azsOf(ix: Indexed, from: GraphResource, property: string, values?: readonly unknown[]): Placement {
  const { found, unresolved } = resolveRefs(ix, from, property, T.subnet, values);
  const azs = found.map(subnetAz);
  return {
    azs: [...new Set(azs.filter((a): a is string => a !== undefined))].sort(),
    unknown: unresolved + azs.filter((a) => a === undefined).length,
  };
}

export interface Placement {
  readonly azs: string[];
  /** Referenced subnets whose AZ could not be read (counted as lost by the tiers). */
  readonly unknown: number;
}

/** The subnets of a load balancer: `subnets`, or the `subnetId` of each `subnetMappings` entry. */
export function loadBalancerSubnets(lb: GraphResource): { property: string; values: unknown[] } {
  const direct = list(lb.inputs.subnets);
  return direct.length > 0
    ? { property: "subnets", values: direct }
    : { property: "subnetMappings", values: list(lb.inputs.subnetMappings).map((m) => obj(m).subnetId) };
}

/** Every AZ named by a subnet in the region, sorted: the AZs a scenario can lose there. */
export function regionAzs(ix: Indexed, region: string): string[] {
  const azs = ofType(ix, T.subnet, region).map(subnetAz);
  return [...new Set(azs.filter((a): a is string => a !== undefined))].sort();
}

/** The region of the AWS subnets that name this AZ, if any. */
export function regionOfAz(ix: Indexed, az: string): string | undefined {
  return ofType(ix, T.subnet).find((s) => subnetAz(s) === az)?.region;
}

/** "2 node groups, 1 EKS cluster": counts of the given types among `resources`, in the order given. */
export function countText(resources: readonly GraphResource[], types: readonly string[]): string {
  return types
    .map((type) => [type, resources.filter((r) => r.type === type).length] as const)
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${n} ${labelOf(type)}${n === 1 ? "" : "s"}`)
    .join(", ");
}

/** The types a site is counted by in region reports: what serves users and holds data. */
export const SERVING_TYPES = [
  T.eksCluster,
  T.nodeGroup,
  T.loadBalancer,
  T.rdsCluster,
  T.rdsInstance,
  T.queue,
  T.bucket,
  T.natGateway,
] as const;

/** Short AZ names for reports: "ap-northeast-2a, ap-northeast-2b". */
export const azList = (azs: readonly string[]) => (azs.length === 0 ? "none" : azs.join(", "));
