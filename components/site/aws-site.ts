import * as pulumi from "@pulumi/pulumi";
import { AwsNetwork } from "../network";

/** Arguments of {@link AwsSite}. The site's region is its provider's: pass `providers: { aws }` in opts. */
export interface AwsSiteArgs {
  /** The VPC's IPv4 block (/16 to /20). */
  readonly vpcCidr: string;
  /** Availability zones to spread every tier over. */
  readonly azCount: number;
  /** NAT gateways per AZ or a single one. @default "per-az" */
  readonly natGateways?: "single" | "per-az";
  /** Days to keep the site's logs (VPC flow logs). @default 90 */
  readonly logRetentionDays?: number;
}

/**
 * AwsSite is everything that runs in one AWS region, primary or secondary: the same component with
 * other sizes, so the secondary is a faithful copy of the primary and nothing assumes Seoul.
 */
export class AwsSite extends pulumi.ComponentResource {
  public readonly network: AwsNetwork;

  constructor(name: string, args: AwsSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:site:AwsSite", name, {}, opts);
    this.network = new AwsNetwork(
      `${name}-network`,
      {
        cidr: args.vpcCidr,
        azCount: args.azCount,
        natGateways: args.natGateways,
        flowLogRetentionDays: args.logRetentionDays,
      },
      { parent: this },
    );
    this.registerOutputs({ vpcId: this.network.vpcId });
  }
}
