import { AWS_VPC_PREFIX_RANGE, GCP_VPC_PREFIX_RANGE, MAX_AWS_AZS } from "../../lib/address-limits";
import { formatBlock, mustParseCidr, subnet } from "../../lib/cidr";

/** The subnets of one availability zone in an AWS site. */
export interface AzSubnets {
  /** Load balancers and NAT gateways. */
  readonly public: string;
  /** EKS nodes and pods (the VPC CNI gives every pod a VPC address, so this tier is the large one). */
  readonly private: string;
  /** Databases and other data stores: no route to the internet in either direction. */
  readonly isolated: string;
}

/**
 * Splits an AWS VPC into per-AZ subnets. The VPC is cut into eight equal blocks (prefix + 3):
 * blocks 0..5 are the private (node) subnets of up to six AZs, block 6 is cut eight ways (prefix + 6)
 * for public subnets and block 7 likewise for isolated subnets. The position of an AZ's subnets
 * depends only on its ordinal, so adding an AZ never moves an existing subnet (no replacement).
 *
 * For 10.0.0.0/16 and three AZs: private 10.0.0.0/19, 10.0.32.0/19, 10.0.64.0/19;
 * public 10.0.192.0/22, 10.0.196.0/22, 10.0.200.0/22; isolated 10.0.224.0/22, ...
 */
export function planAwsSubnets(vpcCidr: string, azCount: number): AzSubnets[] {
  const vpc = mustParseCidr(vpcCidr);
  if (vpc.prefix < AWS_VPC_PREFIX_RANGE.min || vpc.prefix > AWS_VPC_PREFIX_RANGE.max) {
    throw new RangeError(`VPC ${vpcCidr} must be /${AWS_VPC_PREFIX_RANGE.min} to /${AWS_VPC_PREFIX_RANGE.max}`);
  }
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > MAX_AWS_AZS) {
    throw new RangeError(`azCount ${azCount} must be 1 to ${MAX_AWS_AZS}`);
  }
  const publicBlock = subnet(vpc, vpc.prefix + 3, 6);
  const isolatedBlock = subnet(vpc, vpc.prefix + 3, 7);
  return Array.from({ length: azCount }, (_, az) => ({
    private: formatBlock(subnet(vpc, vpc.prefix + 3, az)),
    public: formatBlock(subnet(publicBlock, vpc.prefix + 6, az)),
    isolated: formatBlock(subnet(isolatedBlock, vpc.prefix + 6, az)),
  }));
}

/** The ranges of a GCP site's regional subnet. */
export interface GcpRanges {
  /** Primary range of the subnet: GKE nodes and internal load balancers. */
  readonly nodes: string;
  /** Secondary range for Kubernetes Services (ClusterIPs). */
  readonly services: string;
  /** Secondary range for pods: GKE reserves a /24 per node, so it takes half of the VPC. */
  readonly pods: string;
  /** Private services access (Cloud SQL's peered network): inside the site's block, so the address plan covers it. */
  readonly privateServices: string;
}

/**
 * Splits a GCP site's address space: nodes take the first sixteenth, services the second, and pods
 * the upper half; the third sixteenth is reserved for private services access (Cloud SQL). For 10.2.0.0/16:
 * nodes 10.2.0.0/20, services 10.2.16.0/20, private services 10.2.32.0/20, pods 10.2.128.0/17.
 */
export function planGcpRanges(vpcCidr: string): GcpRanges {
  const vpc = mustParseCidr(vpcCidr);
  if (vpc.prefix < GCP_VPC_PREFIX_RANGE.min || vpc.prefix > GCP_VPC_PREFIX_RANGE.max) {
    throw new RangeError(`GCP range ${vpcCidr} must be /${GCP_VPC_PREFIX_RANGE.min} to /${GCP_VPC_PREFIX_RANGE.max}`);
  }
  return {
    nodes: formatBlock(subnet(vpc, vpc.prefix + 4, 0)),
    services: formatBlock(subnet(vpc, vpc.prefix + 4, 1)),
    pods: formatBlock(subnet(vpc, vpc.prefix + 1, 1)),
    privateServices: formatBlock(subnet(vpc, vpc.prefix + 4, 2)),
  };
}
