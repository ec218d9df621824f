import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { attachManaged, podIdentityTrust } from "../aws";

/** Arguments of {@link EksAddons}. */
export interface EksAddonsArgs {
  readonly clusterName: pulumi.Input<string>;
}

/**
 * EksAddons are the EKS-managed add-ons that run as pods and so need nodes: CoreDNS, the EBS CSI driver
 * (with its own IAM role through Pod Identity), metrics-server (which the HPA reads) and CloudWatch
 * observability (Container Insights, which the node alarms read). Create it with
 * `dependsOn` the node groups; an add-on whose pods cannot schedule leaves `pulumi up` waiting.
 */
export class EksAddons extends pulumi.ComponentResource {
  public readonly ebsCsiRoleArn: pulumi.Output<string>;

  constructor(name: string, args: EksAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:eks:EksAddons", name, {}, opts);
    const parent = { parent: this };
    const common = {
      clusterName: args.clusterName,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "PRESERVE",
    };

    const ebsRole = new aws.iam.Role(`${name}-ebs-csi`, { assumeRolePolicy: podIdentityTrust() }, parent);
    const ebsPolicies = attachManaged(this, `${name}-ebs-csi`, ebsRole, ["service-role/AmazonEBSCSIDriverPolicy"]);

    // Two CoreDNS replicas spread over zones is the add-on's default; pinned here because losing DNS is
    // how the 2018 Seoul event began.
    new aws.eks.Addon(
      `${name}-coredns`,
      {
        ...common,
        addonName: "coredns",
        configurationValues: JSON.stringify({
          replicaCount: 2,
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: "topology.kubernetes.io/zone",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
        }),
      },
      parent,
    );
    new aws.eks.Addon(
      `${name}-aws-ebs-csi-driver`,
      {
        ...common,
        addonName: "aws-ebs-csi-driver",
        podIdentityAssociations: [{ roleArn: ebsRole.arn, serviceAccount: "ebs-csi-controller-sa" }],
      },
      { parent: this, dependsOn: ebsPolicies },
    );
    new aws.eks.Addon(`${name}-metrics-server`, { ...common, addonName: "metrics-server" }, parent);

    // Container Insights: the node-count and failed-node metrics the capacity alarms watch.
    const observabilityRole = new aws.iam.Role(`${name}-cloudwatch`, { assumeRolePolicy: podIdentityTrust() }, parent);
    const observabilityPolicies = attachManaged(this, `${name}-cloudwatch`, observabilityRole, [
      "CloudWatchAgentServerPolicy",
    ]);
    new aws.eks.Addon(
      `${name}-amazon-cloudwatch-observability`,
      {
        ...common,
        addonName: "amazon-cloudwatch-observability",
        podIdentityAssociations: [{ roleArn: observabilityRole.arn, serviceAccount: "cloudwatch-agent" }],
      },
      { parent: this, dependsOn: observabilityPolicies },
    );

    this.ebsCsiRoleArn = ebsRole.arn;
    this.registerOutputs({ ebsCsiRoleArn: this.ebsCsiRoleArn });
  }
}
