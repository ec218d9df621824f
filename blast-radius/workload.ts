import { GraphResource } from "@dr-platform/model";
import { Indexed, list, num, obj, ofType, str, TYPES } from "./topology";

/**
 * The workloads a site must keep running: each Deployment with the floor its HorizontalPodAutoscaler
 * keeps (or its own `replicas`), what one pod requests, and how it is spread over zones. Helm releases
 * (controllers, the autoscaler) are opaque in the plan and are not counted: the report says so.
 */
export interface Workload {
  readonly name: string;
  readonly namespace: string;
  /** The replicas that must run: the HPA's minReplicas, else the Deployment's replicas (default 1). */
  readonly minReplicas: number;
  readonly maxReplicas?: number;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  /** The zone spread that can stop pods from scheduling (`DoNotSchedule`), if any. */
  readonly zoneSpread?: { readonly maxSkew: number; readonly minDomains: number };
  readonly images: string[];
  /**
   * True when users reach it: its pods are behind a Service that a load balancer sends traffic to (a
   * TargetGroupBinding on EKS, an Ingress on GKE). Supporting workloads (probes, load generators) use
   * capacity but do not decide whether the service is up. Without any such binding in the site, every
   * Deployment counts as serving.
   */
  readonly serving: boolean;
}

/** Kubernetes CPU quantity to millicores: "100m", "0.5", "2". */
export function cpuMillis(quantity: unknown): number {
  if (typeof quantity === "number") {
    return quantity * 1000;
  }
  const text = str(quantity);
  if (text === undefined) {
    return 0;
  }
  return text.endsWith("m") ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** Kubernetes memory quantity to MiB: "64Mi", "1Gi", "128M", "134217728". */
export function memoryMiB(quantity: unknown): number {
  if (typeof quantity === "number") {
    return quantity / 2 ** 20;
  }
  const match = /^([0-9.]+)([KMGT]i|[kMGT])?$/.exec(str(quantity) ?? "");
  if (!match) {
    return 0;
  }
  const unit = match[2] === undefined ? 1 : (BINARY[match[2]] ?? DECIMAL[match[2]]);
  return (Number(match[1]) * unit) / 2 ** 20;
}

const metadata = (r: GraphResource) => obj(r.inputs.metadata);
const namespaceOf = (r: GraphResource) => str(metadata(r).namespace) ?? "default";

/** The HPA that scales this Deployment (same namespace, `scaleTargetRef` naming it). */
function hpaFor(ix: Indexed, deployment: GraphResource): GraphResource | undefined {
  const name = str(metadata(deployment).name) ?? deployment.name;
  return ofType(ix, TYPES.hpa, deployment.region).find((h) => {
    const target = obj(obj(h.inputs.spec).scaleTargetRef);
    return namespaceOf(h) === namespaceOf(deployment) && target.kind === "Deployment" && target.name === name;
  });
}

/** The pod-label selectors of the Services a load balancer sends traffic to, by namespace; undefined if none. */
function servedSelectors(
  ix: Indexed,
  region: string,
): { namespace: string; selector: Record<string, unknown> }[] | undefined {
  const bound = [
    ...ofType(ix, TYPES.targetGroupBinding, region).map((b) => ({
      namespace: namespaceOf(b),
      name: str(obj(obj(b.inputs.spec).serviceRef).name),
    })),
    ...ofType(ix, TYPES.ingress, region).flatMap(
      (i) =>
        JSON.stringify(i.inputs.spec ?? {})
          .match(/"service":\{"name":"[^"]+"/g)
          ?.map((m) => ({ namespace: namespaceOf(i), name: m.split('"')[5] })) ?? [],
    ),
  ];
  if (bound.length === 0) {
    return undefined;
  }
  return ofType(ix, TYPES.service, region)
    .filter((svc) => bound.some((b) => b.namespace === namespaceOf(svc) && b.name === str(metadata(svc).name)))
    .map((svc) => ({ namespace: namespaceOf(svc), selector: obj(obj(svc.inputs.spec).selector) }));
}

export function workloadOf(ix: Indexed, deployment: GraphResource, serving = true): Workload {
  const spec = obj(deployment.inputs.spec);
  const pod = obj(obj(spec.template).spec);
  const containers = list(pod.containers).map(obj);
  const requests = containers.map((c) => obj(obj(c.resources).requests));
  const hpaSpec = obj(hpaFor(ix, deployment)?.inputs.spec);
  const zone = list(pod.topologySpreadConstraints)
    .map(obj)
    .find((c) => c.topologyKey === "topology.kubernetes.io/zone" && c.whenUnsatisfiable === "DoNotSchedule");
  return {
    name: str(metadata(deployment).name) ?? deployment.name,
    namespace: namespaceOf(deployment),
    minReplicas: num(hpaSpec.minReplicas) ?? num(spec.replicas) ?? 1,
    maxReplicas: num(hpaSpec.maxReplicas),
    cpuMillis: requests.reduce((total, r) => total + cpuMillis(r.cpu), 0),
    memoryMiB: requests.reduce((total, r) => total + memoryMiB(r.memory), 0),
    ...(zone ? { zoneSpread: { maxSkew: num(zone.maxSkew) ?? 1, minDomains: num(zone.minDomains) ?? 1 } } : {}),
    images: containers.map((c) => str(c.image)).filter((i): i is string => i !== undefined),
    serving,
  };
}

/** Every Deployment placed in the region, with a floor above zero (a scaled-to-zero one needs nothing). */
export function workloadsIn(ix: Indexed, region: string): Workload[] {
  const selectors = servedSelectors(ix, region);
  const serves = (d: GraphResource) => {
    const labels = obj(obj(obj(obj(d.inputs.spec).template).metadata).labels);
    return (
      selectors === undefined ||
      selectors.some(
        (s) =>
          s.namespace === namespaceOf(d) &&
          Object.keys(s.selector).length > 0 &&
          Object.entries(s.selector).every(([k, v]) => labels[k] === v),
      )
    );
  };
  return ofType(ix, TYPES.deployment, region)
    .map((d) => workloadOf(ix, d, serves(d)))
    .filter((w) => w.minReplicas > 0);
}

/**
 * The most replicas the zone spread lets the scheduler place when only `zones` zones have nodes. With
 * `DoNotSchedule`, while fewer zones than `minDomains` are eligible the scheduler treats the global
 * minimum as 0, so no zone may hold more than `maxSkew` pods
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#spread-constraint-definition).
 */
export function spreadCeiling(w: Workload, zones: number): number {
  if (!w.zoneSpread || zones >= w.zoneSpread.minDomains) {
    return Infinity;
  }
  return w.zoneSpread.maxSkew * zones;
}

/**
 * The replicas still running the moment a zone is lost, at worst: spread evenly over `zones` zones, the
 * lost zone held ceil(min / zones) of them. Pods on unreachable nodes are only evicted after the default
 * `node.kubernetes.io/unreachable` toleration (300 s), so the rest are not replaced sooner than that.
 */
export function replicasLeftAtOnce(w: Workload, zones: number): number {
  return zones <= 1 ? 0 : w.minReplicas - Math.ceil(w.minReplicas / zones);
}
