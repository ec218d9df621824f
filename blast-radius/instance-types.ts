/**
 * Node sizes for the capacity tier: vCPU and memory of the machine types the stacks use, and what
 * Kubernetes can schedule on them once the node's own reservations are taken out. A type missing here
 * is reported as "capacity unknown", never guessed; add it with its source.
 */
export interface MachineType {
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** EKS only: the pod limit the VPC CNI sets from the ENI limits (the kubelet's maxPods). */
  readonly maxPods?: number;
  readonly source: string;
}

const EC2 = "https://aws.amazon.com/ec2/instance-types/ (vCPU, memory)";
const ENI_MAX_PODS = "awslabs/amazon-eks-ami templates/shared/runtime/eni-max-pods.txt (maxPods)";
const E2 = "https://cloud.google.com/compute/docs/general-purpose-machines#e2-standard (vCPU, memory)";

export const MACHINE_TYPES: Record<string, MachineType> = {
  "m6i.xlarge": { vcpu: 4, memoryGiB: 16, maxPods: 58, source: `${EC2}; ${ENI_MAX_PODS}` },
  "m5.xlarge": { vcpu: 4, memoryGiB: 16, maxPods: 58, source: `${EC2}; ${ENI_MAX_PODS}` },
  "m6i.large": { vcpu: 2, memoryGiB: 8, maxPods: 29, source: `${EC2}; ${ENI_MAX_PODS}` },
  "m5.large": { vcpu: 2, memoryGiB: 8, maxPods: 29, source: `${EC2}; ${ENI_MAX_PODS}` },
  // Burstable: the scheduler counts all vCPUs, though sustained use above the baseline spends credits.
  "t3.large": { vcpu: 2, memoryGiB: 8, maxPods: 35, source: `${EC2}; ${ENI_MAX_PODS}` },
  "t3a.large": { vcpu: 2, memoryGiB: 8, maxPods: 35, source: `${EC2}; ${ENI_MAX_PODS}` },
  "e2-standard-2": { vcpu: 2, memoryGiB: 8, source: E2 },
  "e2-standard-4": { vcpu: 4, memoryGiB: 16, source: E2 },
};

/** What the scheduler can place on one node. */
export interface Allocatable {
  readonly machineType: string;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly pods: number;
}

/** GKE's default pod limit per node (110) when the pool does not set one. */
const GKE_MAX_PODS = 110;

/**
 * CPU kept back for the kubelet and runtime, the same tiers on EKS and GKE: 6 % of the first core, 1 % of
 * the second, 0.5 % of the third and fourth, 0.25 % of the rest (amazon-eks-ami's kubelet config and
 * https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#cpu_reservations).
 */
function reservedCpuMillis(vcpu: number): number {
  const tiers: [cores: number, share: number][] = [
    [1, 0.06],
    [1, 0.01],
    [2, 0.005],
    [Infinity, 0.0025],
  ];
  let left = vcpu;
  let reserved = 0;
  for (const [cores, share] of tiers) {
    const used = Math.min(left, cores);
    reserved += used * 1000 * share;
    left -= used;
  }
  return reserved;
}

/**
 * Memory kept back. EKS: 255 MiB + 11 MiB per schedulable pod (amazon-eks-ami's kubeReserved formula).
 * GKE: 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the next 8, 6 % of the next 112, 2 % above
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#memory_reservations). Both add
 * the kubelet's default hard eviction threshold, 100 MiB.
 */
function reservedMemoryMiB(type: MachineType): number {
  const eviction = 100;
  if (type.maxPods !== undefined) {
    return 255 + 11 * type.maxPods + eviction;
  }
  const tiers: [gib: number, share: number][] = [
    [4, 0.25],
    [4, 0.2],
    [8, 0.1],
    [112, 0.06],
    [Infinity, 0.02],
  ];
  let left = type.memoryGiB;
  let reserved = 0;
  for (const [gib, share] of tiers) {
    const used = Math.min(left, gib);
    reserved += used * 1024 * share;
    left -= used;
  }
  return reserved + eviction;
}

/** The allocatable resources of one node of this type; undefined when the type is not in the table. */
export function allocatable(machineType: string): Allocatable | undefined {
  const type = MACHINE_TYPES[machineType];
  if (!type) {
    return undefined;
  }
  return {
    machineType,
    cpuMillis: Math.floor(type.vcpu * 1000 - reservedCpuMillis(type.vcpu)),
    memoryMiB: Math.floor(type.memoryGiB * 1024 - reservedMemoryMiB(type)),
    pods: type.maxPods ?? GKE_MAX_PODS,
  };
}

/**
 * The smallest of a node group's instance types: a managed node group may launch any of them (Spot
 * capacity especially), so the capacity it promises is that of the smallest.
 */
export function smallestAllocatable(machineTypes: readonly string[]): Allocatable | undefined {
  const known = machineTypes.map(allocatable);
  if (known.length === 0 || known.some((a) => a === undefined)) {
    return undefined;
  }
  return (known as Allocatable[]).reduce((a, b) => (b.cpuMillis * b.memoryMiB < a.cpuMillis * a.memoryMiB ? b : a));
}
