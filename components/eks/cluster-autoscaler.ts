import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { podIdentityTrust, policyDocument, regionOf } from "../aws";

/** Arguments of {@link ClusterAutoscaler}. Pass `providers: { aws, kubernetes }` in opts. */
export interface ClusterAutoscalerArgs {
  readonly clusterName: pulumi.Input<string>;
  /** Helm chart version (kubernetes.github.io/autoscaler); pinned, matched to the Kubernetes minor. */
  readonly chartVersion: string;
}

const SERVICE_ACCOUNT = "cluster-autoscaler";
const NAMESPACE = "kube-system";

/**
 * The Cluster Autoscaler flags, chosen for an HA service spread over per-AZ node groups:
 * - balance-similar-node-groups keeps the AZs' node counts even (labels that differ per AZ group by
 *   construction are ignored when comparing groups);
 * - least-waste picks the group that leaves the least idle CPU and memory after scale-up;
 * - scale-down waits 10 minutes after a node becomes unneeded or after a scale-up, so a short dip does
 *   not remove capacity the HPA is about to need, and nodes running kube-system pods may still go.
 * The chart turns `name_N` keys into repeated `--name` flags.
 */
export const AUTOSCALER_FLAGS: Readonly<Record<string, string | boolean | number>> = {
  "balance-similar-node-groups": true,
  expander: "least-waste",
  "skip-nodes-with-system-pods": false,
  "skip-nodes-with-local-storage": false,
  "scale-down-unneeded-time": "10m",
  "scale-down-delay-after-add": "10m",
  "scale-down-utilization-threshold": 0.5,
  "max-node-provision-time": "10m",
  "balancing-ignore-label_1": "eks.amazonaws.com/nodegroup",
  "balancing-ignore-label_2": "eks.amazonaws.com/sourceLaunchTemplateId",
  "balancing-ignore-label_3": "eks.amazonaws.com/sourceLaunchTemplateVersion",
  "balancing-ignore-label_4": "eks.amazonaws.com/nodegroup-image",
  "balancing-ignore-label_5": "topology.ebs.csi.aws.com/zone",
};

/**
 * ClusterAutoscaler installs the Cluster Autoscaler by Helm with auto-discovery of the cluster's managed
 * node groups (EKS tags their Auto Scaling groups), two replicas with leader election, and an IAM role
 * through Pod Identity that may resize or shrink only Auto Scaling groups tagged as this cluster's.
 * @see https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md
 */
export class ClusterAutoscaler extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:eks:ClusterAutoscaler", name, {}, opts);
    const parent = { parent: this };
    const region = regionOf(this);

    const role = new aws.iam.Role(name, { assumeRolePolicy: podIdentityTrust() }, parent);
    new aws.iam.RolePolicy(
      name,
      {
        role: role.id,
        policy: pulumi.output(args.clusterName).apply((cluster) =>
          policyDocument([
            {
              Sid: "Discover",
              Effect: "Allow",
              Action: [
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations",
                "autoscaling:DescribeScalingActivities",
                "autoscaling:DescribeTags",
                "ec2:DescribeImages",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:GetInstanceTypesFromInstanceRequirements",
                "eks:DescribeNodegroup",
              ],
              Resource: "*",
            },
            {
              Sid: "ResizeOwnGroupsOnly",
              Effect: "Allow",
              Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
              Resource: "*",
              Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster}`]: "owned" } },
            },
          ]),
        ),
      },
      parent,
    );
    const association = new aws.eks.PodIdentityAssociation(
      name,
      { clusterName: args.clusterName, namespace: NAMESPACE, serviceAccount: SERVICE_ACCOUNT, roleArn: role.arn },
      parent,
    );

    new k8s.helm.v3.Release(
      name,
      {
        chart: "cluster-autoscaler",
        version: args.chartVersion,
        repositoryOpts: { repo: "https://kubernetes.github.io/autoscaler" },
        namespace: NAMESPACE,
        values: {
          autoDiscovery: { clusterName: args.clusterName },
          awsRegion: region,
          cloudProvider: "aws",
          replicaCount: 2,
          priorityClassName: "system-cluster-critical",
          podDisruptionBudget: { maxUnavailable: 1 },
          rbac: { serviceAccount: { create: true, name: SERVICE_ACCOUNT } },
          extraArgs: AUTOSCALER_FLAGS,
        },
      },
      { parent: this, dependsOn: [association] },
    );

    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
