import {
  databaseClasses,
  Facts,
  InstanceClasses,
  Requests,
  SizedPool,
  standbyCapacity,
  StandbyCapacity,
  str,
  T,
  Workload,
} from "@dr-platform/model";
import type { ChainContext } from "./chain";
import { after, At, never } from "./detect";
import type { Step } from "./promotion";
import { constant } from "./terms";

/**
 * Can the warm standby take the primary's steady-state load when the traffic arrives? The standby's nodes at
 * rest (every pool at its minimum), less the kubelet's reservation and the system pods, against the primary's
 * workloads at their minimum replicas (docs/sources.md#node-allocatable-capacity). Pure arithmetic on requests,
 * not a scheduler: it sums resources and checks that the largest pod fits one node, and it ignores affinity and
 * topology spread. When the standby is too small, the chain (dr/chain.ts) counts the scale-up before users are
 * served; when even its maximum is too small, it is a miss.
 */

export type CapacityVerdict =
  | { readonly kind: "not-judged"; readonly reason: string }
  /** Holds the load at rest: no scaling before users are served. */
  | { readonly kind: "fits" }
  /** Holds it only after the autoscaler adds nodes, up to `nodes` in all. */
  | { readonly kind: "scale-up"; readonly nodes: number }
  /** Cannot hold it even at every pool's maximum. */
  | { readonly kind: "short"; readonly why: string };

export interface Capacity {
  readonly facts?: StandbyCapacity;
  readonly verdict: CapacityVerdict;
  /** What the standby's pods can request at rest, after its system pods. */
  readonly offered?: Requests;
  /** What the primary's workloads request at their minimum replicas. */
  readonly needed?: Requests;
  /** The vCPU quota the standby needs at its maximum nodes, and which quota counts them. */
  readonly quota?: { readonly vcpus: number; readonly name: string };
  /** The report's lines. */
  readonly lines: readonly string[];
}

const zero: Requests = { cpuMilli: 0, memoryMiB: 0, pods: 0 };
const plus = (a: Requests, b: Requests): Requests => ({
  cpuMilli: a.cpuMilli + b.cpuMilli,
  memoryMiB: a.memoryMiB + b.memoryMiB,
  pods: a.pods + b.pods,
});

/** Workloads at their minimum replicas, summed. */
const total = (ws: readonly Workload[]): Requests =>
  ws.reduce(
    (sum, w) =>
      plus(sum, {
        cpuMilli: w.perPod.cpuMilli * w.replicas,
        memoryMiB: w.perPod.memoryMiB * w.replicas,
        pods: w.replicas,
      }),
    zero,
  );

const vcpu = (milli: number) => `${(milli / 1000).toFixed(2)} vCPU`;
const gib = (mib: number) => `${(mib / 1024).toFixed(1)} GiB`;
const amounts = (r: Requests) => `${vcpu(r.cpuMilli)}, ${gib(r.memoryMiB)}, ${r.pods} pods`;
const covers = (offered: Requests, needed: Requests) =>
  offered.cpuMilli >= needed.cpuMilli && offered.memoryMiB >= needed.memoryMiB && offered.pods >= needed.pods;

/** What one node of a pool leaves for workloads once its daemonsets run. */
const freePerNode = (p: SizedPool, perNode: Requests): Requests => ({
  cpuMilli: p.allocatable!.cpuMilli - perNode.cpuMilli,
  memoryMiB: p.allocatable!.memoryMiB - perNode.memoryMiB,
  pods: p.allocatable!.pods - perNode.pods,
});

/** What the pools offer workloads with `nodes` nodes (the pools' own ratio, the smallest node's size). */
function offeredAt(c: StandbyCapacity, nodes: number): Requests {
  const free = c.pools.map((p) => freePerNode(p, c.system.perNode));
  const smallest = free.reduce((a, b) => (b.cpuMilli < a.cpuMilli ? b : a));
  return {
    cpuMilli: smallest.cpuMilli * nodes - c.system.perCluster.cpuMilli,
    memoryMiB: smallest.memoryMiB * nodes - c.system.perCluster.memoryMiB,
    pods: smallest.pods * nodes - c.system.perCluster.pods,
  };
}

const ON_DEMAND_QUOTA = "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances (L-1216C47A)";
const SPOT_QUOTA = "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests (L-34B43A08)";

/** The vCPUs the standby's pools reach at their maximum: each pool's largest type, as EC2 may launch it. */
function quotaOf(c: StandbyCapacity): Capacity["quota"] {
  const vcpus = c.pools.reduce((n, p) => n + p.maxNodes * (p.size?.vcpus ?? 0), 0);
  if (c.standby.cloud === "gcp") return { vcpus, name: `Compute Engine CPUs in ${c.standby.region}` };
  const spot = c.pools.some((p) => str(p.pool.resource.inputs.capacityType) === "SPOT");
  return { vcpus, name: `${spot ? SPOT_QUOTA : ON_DEMAND_QUOTA} in ${c.standby.region}` };
}

const classList = (c: InstanceClasses) =>
  Object.entries(c)
    .map(([cls, n]) => `${n} x ${cls}`)
    .join(", ");

/**
 * The AWS standby's database against the writer's. A standby instance of its own class (`secondary.aws.database`)
 * takes writes the moment it is promoted, so it adds no time: Serverless v2 grows in place within its range, a
 * smaller provisioned class stays the writer until the team moves the writer to the growth instance. Undefined when
 * the classes match or there is no AWS standby database.
 */
export function databaseCapacityLine(f: Facts): string | undefined {
  const d = databaseClasses(f);
  if (!d || Object.keys(d.standby).length === 0) return undefined;
  const writer = Object.keys(d.primary);
  if (Object.keys(d.standby).every((cls) => writer.includes(cls))) return undefined;
  const growth = `the growth function adds ${writer.join(", ")} beside it (a graceful run of the plan; by hand after an ungraceful one: docs/sources.md#arc-lambda-ungraceful)`;
  const own = d.standbyRange
    ? `promoted, it takes writes at once and grows in place from ${d.standbyRange.min} to at most ${d.standbyRange.max} ACU (about ${d.standbyRange.max * 2} GiB) with no restart (no time added; Serverless v2 scales in steps, more slowly from a low minimum, and its cache starts cold); ${growth}`
    : `promoted, it takes writes at once on its own class (no time added); ${growth}, and the writer moves to it when the team fails over to it (docs/runbooks/failback.md#the-stack-after-a-failover)`;
  return `database (${d.region} at rest): ${classList(d.standby)} against the writer's ${classList(d.primary)}: ${own}; a standby that falls behind the writer pages through the replication-lag alarm`;
}

/** The standby's capacity against the primary's steady state (pass the model's `facts(graph)`). */
export function capacity(f: Facts): Capacity {
  const judged = nodeCapacity(f);
  const database = databaseCapacityLine(f);
  return database === undefined ? judged : { ...judged, lines: [...judged.lines, database] };
}

function nodeCapacity(f: Facts): Capacity {
  const c = standbyCapacity(f);
  const notJudged = (reason: string): Capacity => ({
    ...(c ? { facts: c } : {}),
    verdict: { kind: "not-judged", reason },
    lines: [`capacity: not judged (${reason})`],
  });
  if (!c) return notJudged("the plan has no primary and secondary cloud site");
  if (c.pools.length === 0) return notJudged("the secondary has no node group or node pool");
  const unsized = c.pools.filter((p) => !p.allocatable);
  if (unsized.length > 0) {
    const names = unsized
      .map((p) => `${p.pool.resource.name} (${p.types.length > 0 ? p.types.join(", ") : "no type"})`)
      .join(", ");
    return notJudged(`no size in model/node-sizes.ts for ${names}`);
  }
  const steady = c.demand.filter((w) => w.replicas > 0);
  if (steady.length === 0) return notJudged("the primary renders no Deployment with replicas");
  const needed = total(steady);
  const minNodes = c.pools.reduce((n, p) => n + p.minNodes, 0);
  const maxNodes = c.pools.reduce((n, p) => n + p.maxNodes, 0);
  const fewest = (load: Requests) => {
    let nodes = minNodes;
    while (nodes < maxNodes && !covers(offeredAt(c, nodes), load)) nodes++;
    return nodes;
  };
  // The autoscaler keeps nodes for the pods the standby runs at rest (its own service and deep check), so a
  // pilot light that runs them is not at its minimum (dr/servable.ts, "autoscaler").
  const rest = fewest(total(c.standbyWorkloads));
  const offered = offeredAt(c, rest);
  const quota = quotaOf(c);
  const node = c.pools.map((p) => freePerNode(p, c.system.perNode)).reduce((a, b) => (b.cpuMilli < a.cpuMilli ? b : a));
  const tooBig = steady.filter((w) => w.perPod.cpuMilli > node.cpuMilli || w.perPod.memoryMiB > node.memoryMiB);
  let verdict: CapacityVerdict;
  if (tooBig.length > 0) {
    verdict = {
      kind: "short",
      why: `a pod of ${tooBig.map((w) => w.resource.name).join(", ")} requests more than one standby node offers (${vcpu(node.cpuMilli)}, ${gib(node.memoryMiB)})`,
    };
  } else if (covers(offered, needed)) {
    verdict = { kind: "fits" };
  } else {
    const nodes = fewest(needed);
    verdict = covers(offeredAt(c, nodes), needed)
      ? { kind: "scale-up", nodes }
      : {
          kind: "short",
          why: `even at its maximum of ${maxNodes} nodes it offers ${amounts(offeredAt(c, maxNodes))}, against ${amounts(needed)} needed`,
        };
  }
  const types = [...new Set(c.pools.map((p) => p.size!.type))].join(", ");
  const workloads = steady
    .map((w) => `${w.resource.name} ${w.replicas} x ${w.perPod.cpuMilli}m/${Math.round(w.perPod.memoryMiB)}Mi`)
    .join(", ");
  const outcome =
    verdict.kind === "fits"
      ? "takes the steady-state load without scaling"
      : verdict.kind === "scale-up"
        ? `too small at rest: the autoscaler must add nodes (${verdict.nodes} in all) before it takes the load, and the chain counts that time`
        : `cannot take the load: ${verdict.kind === "short" ? verdict.why : ""}`;
  const reservations = f.graph.resources.some((r) => r.type === T.capacityReservation);
  const uncounted = [
    ...c.system.unknown,
    // GKE runs its own system pods (kube-proxy, logging and metrics agents) that the graph does not name.
    ...(c.standby.cloud === "gcp" ? ["GKE's managed system pods"] : []),
  ];
  const unknown = uncounted.length > 0 ? `; not counted (no figures): ${uncounted.join(", ")}` : "";
  return {
    facts: c,
    verdict,
    offered,
    needed,
    quota,
    lines: [
      `capacity (${c.standby.region} at rest: ${rest} node${rest === 1 ? "" : "s"} of ${types}${rest > minNodes ? `, above the minimum ${minNodes} for the pods it runs` : ""}): offers ${amounts(offered)} after the kubelet's reservation and system pods (docs/sources.md#node-allocatable-capacity); the primary's steady state needs ${amounts(needed)} (${workloads}): ${outcome}`,
      `capacity: at its maximum of ${maxNodes} nodes the standby needs ${quota!.vcpus} vCPUs of the ${quota!.name} quota (docs/sources.md#standby-vcpu-quota); capacity reservations: ${reservations ? "some" : "none (docs/sources.md#capacity-reservations)"}${unknown}`,
    ],
  };
}

/**
 * When a standby too small at rest holds the load: the traffic's pods wait as pending, and the cluster
 * autoscaler adds nodes for them, from the moment DNS answers with the SECONDARY (users arrive then). A Region
 * switch plan's EKS scaling step starts on its alarm, which fires after detection, so it is never earlier here.
 * Undefined when the standby holds the load at rest (or cannot be judged).
 */
export function capacityStep(ctx: ChainContext, dnsMoves: At): Step | undefined {
  const verdict = ctx.capacity?.verdict;
  if (!verdict || verdict.kind === "fits" || verdict.kind === "not-judged") return undefined;
  if (verdict.kind === "short") {
    const done = never(`the standby cannot take the primary's steady-state load: ${verdict.why}`);
    return { start: done, done, how: "no scale-up suffices" };
  }
  const term = constant("nodeScaleUp", "node scale-up", true);
  return {
    start: dnsMoves,
    done: after(dnsMoves, term),
    how: "the cluster autoscaler for the traffic's pending pods",
  };
}
