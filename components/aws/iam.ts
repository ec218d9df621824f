import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "./policy";

/** The one Kubernetes service account a Pod Identity role is meant for. */
export interface PodIdentityScope {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/**
 * Trust policy of a role that EKS Pod Identity hands to pods. `sts:TagSession` is required: Pod Identity
 * tags every session (cluster, namespace, service account, pod). Given `scope`, the policy requires those
 * tags, so no other service account can be associated with the role and receive its credentials; without
 * it, whoever may create Pod Identity associations and pass the role decides which pods get it.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function podIdentityTrust(scope?: PodIdentityScope): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        // Left out of the JSON when undefined.
        Condition: scope && {
          StringEquals: {
            "aws:RequestTag/kubernetes-namespace": [scope.namespace],
            "aws:RequestTag/kubernetes-service-account": [scope.serviceAccount],
          },
        },
      },
    ],
  });
}

/**
 * Trust policy of a role an AWS service assumes. The default actions include `sts:TagSession`, which the
 * EKS cluster role's documented trust policy has (EKS tags its sessions) and which is harmless for the
 * node role; pass `"sts:AssumeRole"` for services whose guides grant only that (AWS Backup, VPC Flow Logs).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html
 */
export function serviceTrust(
  service: string,
  action: string | readonly string[] = ["sts:AssumeRole", "sts:TagSession"],
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: action }],
  });
}

/**
 * Attaches AWS managed policies (paths such as `service-role/AmazonEBSCSIDriverPolicy`) to a role, one
 * attachment each, named `${name}-${suffix}`: the map key, or for a list the path's last segment. The
 * suffix is part of the URN, so keep it when a policy moves. ARNs use the provider's partition.
 */
export function attachManaged(
  parent: pulumi.Resource,
  name: string,
  role: aws.iam.Role,
  policies: readonly string[] | Readonly<Record<string, string>>,
): aws.iam.RolePolicyAttachment[] {
  const named: [string, string][] = Array.isArray(policies)
    ? (policies as readonly string[]).map((policy) => [policy.split("/").pop()!, policy])
    : Object.entries(policies);
  const partition = partitionOf(parent);
  return named.map(
    ([suffix, policy]) =>
      new aws.iam.RolePolicyAttachment(
        `${name}-${suffix}`,
        { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}` },
        { parent },
      ),
  );
}
