/**
 * The machine sizes the capacity check reads (model/capacity.ts), in one place: vCPUs, memory and the pods a
 * node admits, for the instance and machine types the stacks use, and how each cloud turns a machine into
 * allocatable CPU and memory. A type missing here is reported, never guessed (`@aws-sdk/client-ec2` carries no
 * sizes, and the price table in cost-model/ carries prices only). Each row names the public page it comes
 * from; docs/sources.md#node-allocatable-capacity explains the formulas.
 */

export interface MachineSize {
  readonly cloud: "aws" | "gcp";
  readonly vcpus: number;
  readonly memoryMiB: number;
  /**
   * The pods one node admits. EKS: the AMI's table for the VPC CNI without prefix delegation, which both
   * nodeadm (AL2023) and bootstrap.sh write as the kubelet's maxPods. GKE: the default maximum per node.
   */
  readonly maxPods: number;
  readonly source: string;
}

const GIB = 1024;
const EKS_MAX_PODS = "https://github.com/awslabs/amazon-eks-ami/blob/main/nodeadm/internal/kubelet/eni-max-pods.txt";
/** GKE Standard's default when a cluster does not set a maximum pods per node. */
const GKE_DEFAULT_MAX_PODS = 110;
const GKE_MAX_PODS = "https://cloud.google.com/kubernetes-engine/docs/how-to/flexible-pod-cidr";

const aws = (vcpus: number, memoryGiB: number, maxPods: number, page: string): MachineSize => ({
  cloud: "aws",
  vcpus,
  memoryMiB: memoryGiB * GIB,
  maxPods,
  source: `${page} (vCPUs, memory); ${EKS_MAX_PODS} (max pods)`,
});

const gcp = (vcpus: number, memoryGiB: number, page: string): MachineSize => ({
  cloud: "gcp",
  vcpus,
  memoryMiB: memoryGiB * GIB,
  maxPods: GKE_DEFAULT_MAX_PODS,
  source: `${page} (vCPUs, memory); ${GKE_MAX_PODS} (max pods)`,
});

const M6I = "https://aws.amazon.com/ec2/instance-types/m6i/";
const M5 = "https://aws.amazon.com/ec2/instance-types/m5/";
const T3 = "https://aws.amazon.com/ec2/instance-types/t3/";
const E2 = "https://cloud.google.com/compute/docs/general-purpose-machines#e2_machine_types";

/** The sizes of the types the stacks name (stack-config/), and their usual neighbours. */
export const MACHINE_SIZES: Readonly<Record<string, MachineSize>> = {
  "m6i.large": aws(2, 8, 29, M6I),
  "m6i.xlarge": aws(4, 16, 58, M6I),
  "m6i.2xlarge": aws(8, 32, 58, M6I),
  "m5.large": aws(2, 8, 29, M5),
  "m5.xlarge": aws(4, 16, 58, M5),
  "m5.2xlarge": aws(8, 32, 58, M5),
  "t3.medium": aws(2, 4, 17, T3),
  "t3.large": aws(2, 8, 35, T3),
  "t3a.large": aws(2, 8, 35, "https://aws.amazon.com/ec2/instance-types/t3/#t3a"),
  "e2-standard-2": gcp(2, 8, E2),
  "e2-standard-4": gcp(4, 16, E2),
  "e2-standard-8": gcp(8, 32, E2),
};

/** What one node offers pods once the node's own reservations are taken. */
export interface Allocatable {
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly pods: number;
}

/** The kubelet's hard eviction threshold both EKS and GKE set: memory.available < 100 MiB. */
export const EVICTION_HARD_MIB = 100;

/**
 * CPU both EKS and GKE reserve for the kubelet and the runtime: 6 % of the first core, 1 % of the next,
 * 0.5 % of the next two, 0.25 % of every core above four.
 */
export function reservedCpuMilli(vcpus: number): number {
  const bands: [cores: number, share: number][] = [
    [1, 0.06],
    [1, 0.01],
    [2, 0.005],
    [Infinity, 0.0025],
  ];
  let left = vcpus;
  let reserved = 0;
  for (const [cores, share] of bands) {
    const used = Math.min(left, cores);
    reserved += used * 1000 * share;
    left -= used;
  }
  return Math.round(reserved);
}

/** EKS (nodeadm and bootstrap.sh): kube-reserved memory is 255 MiB plus 11 MiB per pod the node admits. */
export const eksReservedMemoryMiB = (maxPods: number): number => 255 + 11 * maxPods;

/** GKE: 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the next 8, 6 % of the next 112, 2 % above. */
export function gkeReservedMemoryMiB(memoryMiB: number): number {
  const bands: [mib: number, share: number][] = [
    [4 * GIB, 0.25],
    [4 * GIB, 0.2],
    [8 * GIB, 0.1],
    [112 * GIB, 0.06],
    [Infinity, 0.02],
  ];
  let left = memoryMiB;
  let reserved = 0;
  for (const [mib, share] of bands) {
    const used = Math.min(left, mib);
    reserved += used * share;
    left -= used;
  }
  return Math.round(reserved);
}

/** A node's allocatable resources under its cloud's documented reservations. */
export function allocatable(size: MachineSize): Allocatable {
  const reserved = size.cloud === "aws" ? eksReservedMemoryMiB(size.maxPods) : gkeReservedMemoryMiB(size.memoryMiB);
  return {
    cpuMilli: size.vcpus * 1000 - reservedCpuMilli(size.vcpus),
    memoryMiB: size.memoryMiB - reserved - EVICTION_HARD_MIB,
    pods: size.maxPods,
  };
}
