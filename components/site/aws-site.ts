import * as pulumi from "@pulumi/pulumi";
import { NodeGroupConfig } from "../../stack-config";
import { ClusterAutoscaler, EksAddons, EksCluster, NodeGroups } from "../eks";
import { AwsNetwork } from "../network";

/** The compute part of an AWS site: an EKS cluster and its node groups. */
export interface AwsSiteClusterArgs {
  /** Kubernetes minor version; required. */
  readonly version: string;
  /** Node groups by name, one managed node group per AZ each; sizes are per AZ. */
  readonly nodeGroups: Readonly<Record<string, NodeGroupConfig>>;
  /** Pinned Cluster Autoscaler chart version. */
  readonly clusterAutoscalerChartVersion: string;
  /** CIDRs for the public API endpoint. @default [] - private only */
  readonly publicAccessCidrs?: string[];
  /** Roles given cluster-admin. @default [] */
  readonly adminRoleArns?: string[];
  /** EKS support policy. @default "STANDARD" */
  readonly supportType?: "STANDARD" | "EXTENDED";
  /** ARC zonal shift. @default false */
  readonly zonalShift?: boolean;
  /** Cloud-side deletion protection of the cluster. @default true */
  readonly deletionProtection?: boolean;
}

/** Arguments of {@link AwsSite}. The site's region is its provider's: pass `providers: { aws }` in opts. */
export interface AwsSiteArgs {
  /** The VPC's IPv4 block (/16 to /20). */
  readonly vpcCidr: string;
  /** Availability zones to spread every tier over. */
  readonly azCount: number;
  /** NAT gateways per AZ or a single one. @default "per-az" */
  readonly natGateways?: "single" | "per-az";
  /** Days to keep the site's logs (VPC flow logs, control-plane logs). @default 90 */
  readonly logRetentionDays?: number;
  /** The site's EKS cluster. @default none - a site that only holds network and data (backup-restore) */
  readonly cluster?: AwsSiteClusterArgs;
}

/**
 * AwsSite is everything that runs in one AWS region, primary or secondary: the same component with
 * other sizes, so the secondary is a faithful copy of the primary and nothing assumes Seoul.
 */
export class AwsSite extends pulumi.ComponentResource {
  public readonly network: AwsNetwork;
  /** The EKS cluster, when the site has compute. */
  public readonly cluster?: EksCluster;
  public readonly nodeGroups?: NodeGroups;

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
    if (args.cluster) {
      const c = args.cluster;
      this.cluster = new EksCluster(
        `${name}-eks`,
        {
          version: c.version,
          subnetIds: this.network.privateSubnetIds,
          publicAccessCidrs: c.publicAccessCidrs,
          adminRoleArns: c.adminRoleArns,
          logRetentionDays: args.logRetentionDays,
          supportType: c.supportType,
          zonalShift: c.zonalShift,
          deletionProtection: c.deletionProtection,
        },
        { parent: this },
      );
      this.nodeGroups = new NodeGroups(
        `${name}-nodes`,
        { clusterName: this.cluster.clusterName, subnetIds: this.network.privateSubnetIds, groups: c.nodeGroups },
        { parent: this },
      );
      const inCluster = { parent: this, providers: { kubernetes: this.cluster.provider }, dependsOn: this.nodeGroups };
      new EksAddons(`${name}-addons`, { clusterName: this.cluster.clusterName }, inCluster);
      new ClusterAutoscaler(
        `${name}-cluster-autoscaler`,
        { clusterName: this.cluster.clusterName, chartVersion: c.clusterAutoscalerChartVersion },
        inCluster,
      );
    }
    this.registerOutputs({ vpcId: this.network.vpcId, clusterName: this.cluster?.clusterName });
  }
}
