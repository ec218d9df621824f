/**
 * The address plan's limits, which the subnet planner (components/network/subnet-plan.ts) enforces and the
 * config contract (stack-config/address-plan.ts, stack-config/rules.ts) checks first under config keys.
 * Pure facts, no dependencies.
 */

/** A range of IPv4 prefix lengths, both ends included. */
export interface PrefixRange {
  readonly min: number;
  readonly max: number;
}

/** The most AZs an AWS site plans subnets for; no AWS region has more than six. */
export const MAX_AWS_AZS = 6;

/** VPC prefixes the AWS plan supports: /16 gives 8,187 usable node/pod addresses per AZ, /20 gives 507 (AWS keeps 5 per subnet). */
export const AWS_VPC_PREFIX_RANGE: PrefixRange = { min: 16, max: 20 };

/** VPC prefixes the GCP plan supports: /16 gives pods room for 128 nodes at 110 pods each. */
export const GCP_VPC_PREFIX_RANGE: PrefixRange = { min: 14, max: 18 };
