import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Trust policy for a role that EKS Pod Identity hands to a Kubernetes service account. */
export const POD_IDENTITY_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    },
  ],
});

/** Trust policy for a role an AWS service assumes. */
export function serviceTrust(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
  });
}

/** Attaches AWS-managed policies to a role, one attachment per policy named by its ARN's last part. */
export function attachManaged(
  name: string,
  role: aws.iam.Role,
  policyNames: readonly string[],
  parent: pulumi.Resource,
): aws.iam.RolePolicyAttachment[] {
  return policyNames.map(
    (policy) =>
      new aws.iam.RolePolicyAttachment(
        `${name}-${policy.split("/").pop()}`,
        { role: role.name, policyArn: `arn:aws:iam::aws:policy/${policy}` },
        { parent },
      ),
  );
}

/**
 * A KMS key policy that lets the account administer the key (the root principal, so IAM policies
 * decide who may use it), plus any `extra` statements; services otherwise reach the key through the caller's permissions.
 */
export function accountKeyPolicy(
  accountId: pulumi.Input<string>,
  extra: (account: string) => object[] = () => [],
): pulumi.Output<string> {
  return pulumi.output(accountId).apply((account) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministers",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        ...extra(account),
      ],
    }),
  );
}
