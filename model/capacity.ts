import { T } from "./catalogue";
import { placedSite } from "./detection";
import { Facts } from "./facts";
import { cloudResources, GraphResource } from "./graph";
import { allocatable, Allocatable, MACHINE_SIZES, MachineSize } from "./node-sizes";
import { ComputePool } from "./ops";
import { at, list, num, obj, str, strings } from "./read";
import { Site } from "./sites";
import { SystemReservation, systemReservation } from "./system-pods";

/**
 * Capacity facts for the warm standby: what the secondary's nodes offer before a failover, what its own system
 * pods take, and what the primary's workloads request at their minimum replicas (the steady-state load that
 * arrives with the traffic). Facts only: dr/capacity.ts judges them. Sizes come from model/node-sizes.ts.
 */

/** A Kubernetes quantity in millicores ("100m", "0.5", "2"); undefined when unreadable. */
export function cpuMilli(v: unknown): number | undefined {
  const s = typeof v === "number" ? String(v) : str(v);
  if (s === undefined) return undefined;
  const n = s.endsWith("m") ? num(s.slice(0, -1)) : num(s);
  return n === undefined ? undefined : s.endsWith("m") ? n : n * 1000;
}

const MEMORY_UNITS: Record<string, number> = {
  "": 1 / 2 ** 20,
  k: 1e3 / 2 ** 20,
  M: 1e6 / 2 ** 20,
  G: 1e9 / 2 ** 20,
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 * 1024,
};

/** A Kubernetes memory quantity in MiB ("64Mi", "1Gi", "128M", bytes); undefined when unreadable. */
export function memoryMiB(v: unknown): number | undefined {
  const s = typeof v === "number" ? String(v) : str(v);
  const m = s?.match(/^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G)?$/);
  const n = m ? num(m[1]) : undefined;
  return m && n !== undefined ? n * MEMORY_UNITS[m[2] ?? ""] : undefined;
}

/** One container's requests; Kubernetes takes the limit as the request when only a limit is set. */
function containerRequests(c: unknown): { cpuMilli: number; memoryMiB: number } {
  const resources = obj(obj(c).resources);
  const pick = (key: string) => obj(resources.requests)[key] ?? obj(resources.limits)[key];
  return { cpuMilli: cpuMilli(pick("cpu")) ?? 0, memoryMiB: memoryMiB(pick("memory")) ?? 0 };
}

/** A pod's effective request: its containers summed, or its largest init container if that is larger. */
export function podRequests(podSpec: unknown): { cpuMilli: number; memoryMiB: number } {
  const sum = list(obj(podSpec).containers)
    .map(containerRequests)
    .reduce((a, b) => ({ cpuMilli: a.cpuMilli + b.cpuMilli, memoryMiB: a.memoryMiB + b.memoryMiB }), {
      cpuMilli: 0,
      memoryMiB: 0,
    });
  const init = list(obj(podSpec).initContainers).map(containerRequests);
  return {
    cpuMilli: Math.max(sum.cpuMilli, ...init.map((c) => c.cpuMilli)),
    memoryMiB: Math.max(sum.memoryMiB, ...init.map((c) => c.memoryMiB)),
  };
}

/** A Deployment at its minimum replicas (its HPA's minReplicas, else its own replicas). */
export interface Workload {
  readonly resource: GraphResource;
  readonly replicas: number;
  /** The HPA that sets the minimum, when there is one. */
  readonly hpa?: GraphResource;
  readonly perPod: { readonly cpuMilli: number; readonly memoryMiB: number };
}

const metaKey = (r: GraphResource) => {
  const m = obj(r.inputs.metadata);
  return `${str(m.namespace) ?? "default"}/${str(m.name) ?? r.name}`;
};

/** The Deployments a site's clusters run, each at the replicas it keeps at rest. */
export function workloads(f: Facts, site: Site): Workload[] {
  const onSite = (r: GraphResource) => placedSite(f.graph, r, f.sites) === site;
  const hpas = cloudResources(f.graph).filter((r) => r.type === T.hpa && onSite(r));
  return cloudResources(f.graph)
    .filter((r) => r.type === T.deployment && onSite(r))
    .map((d) => {
      const hpa = hpas.find(
        (h) =>
          str(at(h.inputs, "spec.scaleTargetRef.kind")) === "Deployment" &&
          `${str(obj(h.inputs.metadata).namespace) ?? "default"}/${str(at(h.inputs, "spec.scaleTargetRef.name"))}` ===
            metaKey(d),
      );
      // A Deployment without replicas runs one; an HPA without minReplicas keeps one.
      const replicas = hpa ? (num(at(hpa.inputs, "spec.minReplicas")) ?? 1) : (num(at(d.inputs, "spec.replicas")) ?? 1);
      return {
        resource: d,
        replicas,
        ...(hpa ? { hpa } : {}),
        perPod: podRequests(at(d.inputs, "spec.template.spec")),
      };
    });
}

/** A node group or pool with its machine size and node counts (all zones). */
export interface SizedPool {
  readonly pool: ComputePool;
  /** The machine types it may launch; the smallest is the one counted. */
  readonly types: readonly string[];
  /** The smallest known size among them; undefined when none is in model/node-sizes.ts. */
  readonly size?: MachineSize & { readonly type: string };
  readonly allocatable?: Allocatable;
  /** Nodes it keeps at rest and the most it may reach, over every zone it spans. */
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly zones: number;
}

/** GKE spreads a regional cluster's node pool over three zones unless it names its zones. */
const GKE_REGIONAL_DEFAULT_ZONES = 3;

function poolZones(f: Facts, r: GraphResource): number {
  if (r.type !== T.nodePool) return 1;
  const own = strings(r.inputs.nodeLocations);
  if (own.length > 0) return own.length;
  const location = str(r.inputs.location) ?? "";
  const cluster = cloudResources(f.graph).find((c) => c.type === T.gkeCluster && str(c.inputs.location) === location);
  const clusterZones = cluster ? strings(cluster.inputs.nodeLocations) : [];
  if (clusterZones.length > 0) return clusterZones.length;
  // A zone name ends in a letter (asia-northeast1-a); a region's does not.
  return /-[a-z]$/.test(location) ? 1 : GKE_REGIONAL_DEFAULT_ZONES;
}

function poolTypes(r: GraphResource): string[] {
  return r.type === T.nodeGroup
    ? strings(r.inputs.instanceTypes)
    : [str(at(r.inputs, "nodeConfig.machineType"))].filter((t): t is string => t !== undefined);
}

export function sizedPool(f: Facts, pool: ComputePool): SizedPool {
  const types = poolTypes(pool.resource);
  const sizes = types
    .filter((t) => MACHINE_SIZES[t] !== undefined)
    .map((t) => ({ ...MACHINE_SIZES[t], type: t }))
    .sort((a, b) => a.vcpus - b.vcpus || a.memoryMiB - b.memoryMiB);
  const size = sizes.length === types.length ? sizes[0] : undefined;
  // GKE counts autoscaling limits per zone unless a total is given.
  const auto = obj(pool.resource.inputs.autoscaling);
  const total = num(auto.totalMinNodeCount) !== undefined || num(auto.totalMaxNodeCount) !== undefined;
  const zones = poolZones(f, pool.resource);
  const counted = total ? 1 : zones;
  return {
    pool,
    types,
    ...(size ? { size, allocatable: allocatable(size) } : {}),
    minNodes: pool.min * counted,
    maxNodes: pool.max * counted,
    zones,
  };
}

export interface StandbyCapacity {
  readonly standby: Site;
  readonly primary: Site;
  readonly pools: readonly SizedPool[];
  /** The standby's add-ons and charts. */
  readonly system: SystemReservation;
  /** The primary's workloads at their minimum replicas: the steady-state load that arrives. */
  readonly demand: readonly Workload[];
  /** The standby's own workloads, the copies of those that take the load. */
  readonly standbyWorkloads: readonly Workload[];
}

/** The warm standby's capacity facts; undefined without a primary and a secondary cloud site. */
export function standbyCapacity(f: Facts): StandbyCapacity | undefined {
  const cloud = (s: Site) => s.cloud === "aws" || s.cloud === "gcp";
  const standby = f.sites.find((s) => s.role === "secondary" && cloud(s));
  const primary = f.sites.find((s) => s.role === "primary" && cloud(s));
  if (!standby || !primary) return undefined;
  const onStandby = cloudResources(f.graph).filter((r) => placedSite(f.graph, r, f.sites) === standby);
  return {
    standby,
    primary,
    pools: f.secondary.pools.map((p) => sizedPool(f, p)),
    system: systemReservation(onStandby),
    demand: workloads(f, primary),
    standbyWorkloads: workloads(f, standby),
  };
}

/** The Aurora instance classes of one site, as rendered: `{ "db.r6g.xlarge": 2 }`. */
export type InstanceClasses = Readonly<Record<string, number>>;

/** Each AWS site's Aurora instances by class, the standby's against the primary's (undefined without both). */
export function databaseClasses(f: Facts):
  | {
      standby: InstanceClasses;
      primary: InstanceClasses;
      region: string;
      /** The standby cluster's Serverless v2 range, when it has one. */
      standbyRange?: { min: number; max: number };
    }
  | undefined {
  const standby = f.sites.find((s) => s.role === "secondary" && s.cloud === "aws");
  const primary = f.sites.find((s) => s.role === "primary" && s.cloud === "aws");
  if (!standby || !primary) return undefined;
  const on = (site: Site, type: string) =>
    cloudResources(f.graph).filter((r) => r.type === type && placedSite(f.graph, r, f.sites) === site);
  const classes = (site: Site): InstanceClasses => {
    const counts: Record<string, number> = {};
    for (const r of on(site, T.rdsInstance)) {
      const cls = str(r.inputs.instanceClass) ?? "unknown class";
      counts[cls] = (counts[cls] ?? 0) + 1;
    }
    return counts;
  };
  const scaling = on(standby, T.rdsCluster)
    .map((c) => obj(c.inputs.serverlessv2ScalingConfiguration))
    .find((c) => num(c.maxCapacity) !== undefined);
  return {
    standby: classes(standby),
    primary: classes(primary),
    region: standby.region,
    ...(scaling && { standbyRange: { min: num(scaling.minCapacity) ?? 0, max: num(scaling.maxCapacity)! } }),
  };
}
