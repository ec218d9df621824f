import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { attachManaged, awsContext, createCustomerKey, createEncryptedLogGroup, regionOf, serviceTrust } from "../aws";
import { physicalName } from "../naming";
import { renderKubeconfig } from "./kubeconfig";

/** Every control-plane log type EKS can send to CloudWatch Logs. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** Arguments of {@link EksCluster}. Its region is its provider's: pass `providers: { aws }` in opts. */
export interface EksClusterArgs {
  /** Kubernetes minor version, e.g. "1.34". Required: version-like values are never defaulted. */
  readonly version: string;
  /** Private subnets, one per AZ: the control plane places its network interfaces there (>= 3 AZs in prod). */
  readonly subnetIds: pulumi.Input<string>[];
  /**
   * CIDRs allowed to reach the public API endpoint. Empty turns the public endpoint off; `pulumi up`
   * must then run from inside the VPC's network (a self-hosted runner, VPN or Direct Connect).
   * @default [] - private endpoint only
   */
  readonly publicAccessCidrs?: string[];
  /** IAM role ARNs given cluster-admin through access entries. @default [] */
  readonly adminRoleArns?: string[];
  /** Days to keep control-plane logs. @default 90 */
  readonly logRetentionDays?: number;
  /**
   * EKS support policy once the version leaves standard support. EXTENDED is the API's default and costs
   * six times more per cluster-hour ($0.60 against $0.10); STANDARD upgrades automatically instead.
   * @default "STANDARD"
   */
  readonly supportType?: "STANDARD" | "EXTENDED";
  /** Register with ARC zonal shift so traffic can be moved away from an impaired AZ. @default false */
  readonly zonalShift?: boolean;
  /** Cloud-side deletion protection on the cluster. @default true */
  readonly deletionProtection?: boolean;
}

/**
 * EksCluster is an EKS control plane built from `@pulumi/aws` resources: EKS itself runs at least two
 * API servers and three etcd nodes across three AZs; our part is subnets in every AZ, a private
 * endpoint, all control-plane logs, KMS envelope encryption of Secrets, access entries (API
 * authentication mode), the support policy and zonal shift. It exposes a `k8s.Provider` for everything
 * in-cluster and a kubeconfig that holds no credential.
 * @see https://docs.aws.amazon.com/eks/latest/best-practices/control-plane.html
 */
export class EksCluster extends pulumi.ComponentResource {
  /** The cluster's name in EKS. */
  public readonly clusterName: pulumi.Output<string>;
  public readonly clusterArn: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string>;
  /** The security group EKS creates for the control plane and managed nodes (nodes use it by default). */
  public readonly clusterSecurityGroupId: pulumi.Output<string>;
  /** The KMS key that encrypts Kubernetes Secrets. */
  public readonly secretsKeyArn: pulumi.Output<string>;
  /** Kubeconfig (secret) using `aws eks get-token`. */
  public readonly kubeconfig: pulumi.Output<string>;
  /** Provider for Kubernetes resources in this cluster. */
  public readonly provider: k8s.Provider;
  /** The cluster resource, for `dependsOn`. */
  public readonly cluster: aws.eks.Cluster;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:eks:EksCluster", name, {}, opts);
    const publicAccessCidrs = args.publicAccessCidrs ?? [];
    const adminRoleArns = args.adminRoleArns ?? [];
    const logRetentionDays = args.logRetentionDays ?? 90;
    const supportType = args.supportType ?? "STANDARD";
    const zonalShift = args.zonalShift ?? false;
    const deletionProtection = args.deletionProtection ?? true;
    const parent = { parent: this };
    const clusterName = physicalName(name, pulumi.getStack(), 100);
    const region = regionOf(this);

    const role = new aws.iam.Role(
      `${name}-control-plane`,
      { assumeRolePolicy: serviceTrust("eks.amazonaws.com") },
      parent,
    );
    const policies = attachManaged(this, `${name}-control-plane`, role, ["AmazonEKSClusterPolicy"]);

    // Not protected: the Secrets it encrypts live and die with the cluster, and the 30-day deletion window
    // still recovers a key deleted by mistake.
    const secretsKey = createCustomerKey(this, `${name}-secrets`, {
      description: `Envelope encryption of Kubernetes Secrets in ${clusterName}`,
      context: awsContext(this),
      protect: false,
    });

    // EKS writes to this exact group name; creating it first is what sets the retention.
    const logGroup = createEncryptedLogGroup(this, `${name}-control-plane`, {
      name: `/aws/eks/${clusterName}/cluster`,
      retentionInDays: logRetentionDays,
    });

    this.cluster = new aws.eks.Cluster(
      name,
      {
        name: clusterName,
        version: args.version,
        roleArn: role.arn,
        vpcConfig: {
          subnetIds: args.subnetIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: publicAccessCidrs.length > 0,
          publicAccessCidrs: publicAccessCidrs.length > 0 ? publicAccessCidrs : undefined,
        },
        enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
        encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
        accessConfig: {
          authenticationMode: "API",
          // The identity running `pulumi up` installs the in-cluster controllers, so it must be admin.
          bootstrapClusterCreatorAdminPermissions: true,
        },
        upgradePolicy: { supportType },
        zonalShiftConfig: { enabled: zonalShift },
        deletionProtection,
      },
      { parent: this, dependsOn: [logGroup, ...policies] },
    );

    for (const arn of adminRoleArns) {
      const roleName = arn.split("/").pop()!;
      const entry = new aws.eks.AccessEntry(
        `${name}-admin-${roleName}`,
        { clusterName: this.cluster.name, principalArn: arn, type: "STANDARD" },
        parent,
      );
      new aws.eks.AccessPolicyAssociation(
        `${name}-admin-${roleName}`,
        {
          clusterName: this.cluster.name,
          principalArn: entry.principalArn,
          policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
          accessScope: { type: "cluster" },
        },
        parent,
      );
    }

    // Networking add-ons come with the control plane; the ones that need nodes are in EksAddons.
    for (const addonName of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]) {
      new aws.eks.Addon(
        `${name}-${addonName}`,
        {
          clusterName: this.cluster.name,
          addonName,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "PRESERVE",
        },
        parent,
      );
    }

    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;
    this.endpoint = this.cluster.endpoint;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;
    this.secretsKeyArn = secretsKey.arn;
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([this.cluster.name, this.cluster.endpoint, this.cluster.certificateAuthority, region])
        .apply(([n, endpoint, ca, r]) =>
          renderKubeconfig({ clusterName: n, endpoint, certificateAuthority: ca.data ?? "", region: r }),
        ),
    );
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this, dependsOn: [this.cluster] },
    );
    this.registerOutputs({
      clusterName: this.clusterName,
      clusterArn: this.clusterArn,
      endpoint: this.endpoint,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      secretsKeyArn: this.secretsKeyArn,
      kubeconfig: this.kubeconfig,
    });
  }
}
