import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { podIdentityTrust, regionOf } from "../aws";
import { physicalName } from "../naming";
import { LBC_IAM_POLICY } from "./lbc-iam-policy";

/** The namespace the controller runs in; its webhooks and leader election assume a cluster-wide install. */
export const LBC_NAMESPACE = "kube-system";
/** The controller's service account: the chart creates it, and the Pod Identity association names it. */
export const LBC_SERVICE_ACCOUNT = "aws-load-balancer-controller";
/** The chart's name in the eks-charts repository, also used as the Helm release name. */
export const LBC_CHART = "aws-load-balancer-controller";
export const LBC_CHART_REPO = "https://aws.github.io/eks-charts";

/**
 * Arguments of {@link LoadBalancerController}. Pass `providers: { aws, kubernetes }` in opts: the AWS
 * provider places the IAM role and Pod Identity association (and gives the region), the Kubernetes
 * provider is the target cluster's.
 */
export interface LoadBalancerControllerArgs {
  /** The EKS cluster's name: the controller's `--cluster-name` and the Pod Identity association's cluster. */
  readonly clusterName: pulumi.Input<string>;
  /** The cluster's VPC, given explicitly so the controller never depends on IMDS to discover it. */
  readonly vpcId: pulumi.Input<string>;
  /**
   * The `aws-load-balancer-controller` chart version (chart 1.14.x installs controller v2.14.x). Keep the
   * IAM policy in `lbc-iam-policy.ts` in step with the controller version the chart installs.
   */
  readonly chartVersion: pulumi.Input<string>;
}

/**
 * LoadBalancerController is the AWS Load Balancer Controller installed from its Helm chart, with its own
 * IAM role handed to its service account through EKS Pod Identity (no OIDC provider, no IRSA annotation).
 * The cluster must run the EKS Pod Identity Agent add-on.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/
 */
export class LoadBalancerController extends pulumi.ComponentResource {
  /** The ARN of the IAM role the controller's pods receive. */
  public readonly roleArn: pulumi.Output<string>;
  /** The Helm release's name. */
  public readonly releaseName: pulumi.Output<string>;

  constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:ingress:LoadBalancerController", name, {}, opts);
    const parent = { parent: this };
    const label = { Name: physicalName(name, pulumi.getStack()) };

    const role = new aws.iam.Role(
      name,
      {
        description: "AWS Load Balancer Controller, through EKS Pod Identity",
        assumeRolePolicy: podIdentityTrust({ namespace: LBC_NAMESPACE, serviceAccount: LBC_SERVICE_ACCOUNT }),
        tags: label,
      },
      parent,
    );
    // Inline rather than managed: the minified document is about 5.2 KB, within the 10,240-character
    // inline limit, and it lives and dies with the role.
    new aws.iam.RolePolicy(`${name}-controller`, { role: role.id, policy: JSON.stringify(LBC_IAM_POLICY) }, parent);

    const association = new aws.eks.PodIdentityAssociation(
      name,
      {
        clusterName: args.clusterName,
        namespace: LBC_NAMESPACE,
        serviceAccount: LBC_SERVICE_ACCOUNT,
        roleArn: role.arn,
        tags: label,
      },
      parent,
    );

    const region = regionOf(this);
    const release = new k8s.helm.v3.Release(
      name,
      {
        name: LBC_CHART,
        chart: LBC_CHART,
        version: args.chartVersion,
        repositoryOpts: { repo: LBC_CHART_REPO },
        namespace: LBC_NAMESPACE,
        values: {
          clusterName: args.clusterName,
          region,
          vpcId: args.vpcId,
          serviceAccount: { create: true, name: LBC_SERVICE_ACCOUNT },
          // Off: the chart's Service webhook (failurePolicy Fail, on every Service CREATE) refuses every Service
          // created before the controller's pods are Ready, and a first deploy creates the sample Service, the
          // autoscaler chart's and the add-ons' in parallel with it. The webhook only gives type LoadBalancer
          // Services the controller's loadBalancerClass; this platform creates none (users reach the pods through
          // a TargetGroupBinding on a ClusterIP Service), so nothing is lost (docs/components.md#edge-allow-list).
          enableServiceMutatorWebhook: false,
          replicaCount: 2,
          // Two replicas, one of which may be evicted at a time: node drains proceed and the webhooks
          // (which every Service, Ingress and TargetGroupBinding change calls) stay served.
          podDisruptionBudget: { maxUnavailable: 1 },
          // The chart's default affinity already prefers distinct nodes; this adds distinct zones, so one
          // AZ's loss never takes both replicas. ScheduleAnyway: two replicas must run even in one AZ.
          configureDefaultAffinity: true,
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: "topology.kubernetes.io/zone",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: { "app.kubernetes.io/name": LBC_CHART } },
            },
          ],
        },
      },
      // Pod Identity injects credentials when a pod is admitted, so the association must exist before the
      // controller's pods do; otherwise they start without AWS credentials until restarted.
      { parent: this, dependsOn: [association] },
    );

    this.roleArn = role.arn;
    this.releaseName = release.name;
    this.registerOutputs({ roleArn: this.roleArn, releaseName: this.releaseName });
  }
}
