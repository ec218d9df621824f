import { T } from "./catalogue";
import { GraphResource } from "./graph";
import { json, num, obj, str } from "./read";

/**
 * What the cluster's own pods take before any workload runs: the daemonsets of each node and the system
 * Deployments of each cluster that the EKS add-ons and Helm charts the program installs bring, at their
 * chart's default requests (the program does not override them). The graph names the add-on or chart, not its
 * pods, so the requests are read from this table; docs/sources.md#system-pod-requests gives each source.
 */

export interface Requests {
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly pods: number;
}

export interface SystemPods {
  /** Every node runs these (daemonsets). */
  readonly perNode: Requests;
  /** One replica of the cluster's Deployments (a pod of each). */
  readonly perReplica: Requests;
  /** The chart's default replica count. */
  readonly replicas: number;
  /** Where the replica count can be set: the add-on's configurationValues or the chart's values. */
  readonly replicasKey?: string;
  readonly sure: "confirmed" | "unconfirmed assumption";
  readonly source: string;
}

const none: Requests = { cpuMilli: 0, memoryMiB: 0, pods: 0 };
const req = (cpuMilli: number, memoryMiB: number, pods = 1): Requests => ({ cpuMilli, memoryMiB, pods });

/** By EKS add-on name or Helm chart name. */
export const SYSTEM_PODS: Readonly<Record<string, SystemPods>> = {
  // aws-node requests 25m CPU and no memory.
  "vpc-cni": {
    perNode: req(25, 0),
    perReplica: none,
    replicas: 0,
    sure: "confirmed",
    source: "https://github.com/aws/amazon-vpc-cni-k8s/blob/master/charts/aws-vpc-cni/values.yaml",
  },
  "kube-proxy": {
    perNode: req(100, 0),
    perReplica: none,
    replicas: 0,
    sure: "unconfirmed assumption",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html",
  },
  "eks-pod-identity-agent": {
    perNode: req(0, 0),
    perReplica: none,
    replicas: 0,
    sure: "unconfirmed assumption",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html",
  },
  // The node plugin and its two sidecars, 10m and 40Mi each; the controller's six containers likewise.
  "aws-ebs-csi-driver": {
    perNode: req(30, 120, 1),
    perReplica: req(60, 240),
    replicas: 2,
    sure: "unconfirmed assumption",
    source: "https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/charts/aws-ebs-csi-driver/values.yaml",
  },
  // The CloudWatch agent (250m, 128Mi) and Fluent Bit (50m, 25Mi) on every node; the operator once.
  "amazon-cloudwatch-observability": {
    perNode: req(300, 153, 2),
    perReplica: req(100, 64),
    replicas: 1,
    sure: "confirmed",
    source:
      "https://github.com/aws-observability/helm-charts/blob/main/charts/amazon-cloudwatch-observability/values.yaml",
  },
  coredns: {
    perNode: none,
    perReplica: req(100, 70),
    replicas: 2,
    replicasKey: "replicaCount",
    sure: "unconfirmed assumption",
    source: "https://github.com/coredns/deployment/blob/master/kubernetes/coredns.yaml.sed",
  },
  "metrics-server": {
    perNode: none,
    perReplica: req(100, 200),
    replicas: 1,
    sure: "unconfirmed assumption",
    source: "https://github.com/kubernetes-sigs/metrics-server/blob/master/charts/metrics-server/values.yaml",
  },
  // Both charts ship `resources: {}`: their pods request nothing, but they occupy pod slots.
  "cluster-autoscaler": {
    perNode: none,
    perReplica: req(0, 0),
    replicas: 1,
    replicasKey: "replicaCount",
    sure: "confirmed",
    source: "https://github.com/kubernetes/autoscaler/blob/master/charts/cluster-autoscaler/values.yaml",
  },
  "aws-load-balancer-controller": {
    perNode: none,
    perReplica: req(0, 0),
    replicas: 2,
    replicasKey: "replicaCount",
    sure: "confirmed",
    source: "https://github.com/aws/eks-charts/blob/master/stable/aws-load-balancer-controller/values.yaml",
  },
};

export interface SystemReservation {
  readonly perNode: Requests;
  readonly perCluster: Requests;
  /** The add-ons and charts counted, with how sure their figures are. */
  readonly counted: readonly { readonly name: string; readonly sure: SystemPods["sure"] }[];
  /** Add-ons and charts the table does not know: their pods are not counted. */
  readonly unknown: readonly string[];
}

const add = (a: Requests, b: Requests): Requests => ({
  cpuMilli: a.cpuMilli + b.cpuMilli,
  memoryMiB: a.memoryMiB + b.memoryMiB,
  pods: a.pods + b.pods,
});
const times = (r: Requests, n: number): Requests => ({
  cpuMilli: r.cpuMilli * n,
  memoryMiB: r.memoryMiB * n,
  pods: r.pods * n,
});

/** The add-on or chart a resource installs, and the values it passes. */
function installed(r: GraphResource): { name: string; values: unknown } | undefined {
  if (r.type === T.eksAddon) {
    const name = str(r.inputs.addonName);
    return name ? { name, values: json(r.inputs.configurationValues) } : undefined;
  }
  if (r.type === T.helmRelease) {
    const name = str(r.inputs.chart);
    return name ? { name, values: r.inputs.values } : undefined;
  }
  return undefined;
}

/** The system pods of one cluster's add-ons and charts (the resources of its site). */
export function systemReservation(resources: readonly GraphResource[]): SystemReservation {
  let perNode = none;
  let perCluster = none;
  const counted: { name: string; sure: SystemPods["sure"] }[] = [];
  const unknown: string[] = [];
  for (const r of resources) {
    const what = installed(r);
    if (!what) continue;
    const row = SYSTEM_PODS[what.name];
    if (!row) {
      unknown.push(what.name);
      continue;
    }
    const replicas = (row.replicasKey ? num(obj(what.values)[row.replicasKey]) : undefined) ?? row.replicas;
    const cluster = times(row.perReplica, replicas);
    perNode = add(perNode, row.perNode);
    perCluster = add(perCluster, cluster);
    counted.push({ name: what.name, sure: row.sure });
  }
  return { perNode, perCluster, counted, unknown: [...new Set(unknown)] };
}
