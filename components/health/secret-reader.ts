import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { podIdentityTrust, policyDocument } from "../aws";

/** What {@link grantSecretRead} lets one service account read. */
export interface SecretReaderArgs {
  readonly clusterName: pulumi.Input<string>;
  readonly namespace: pulumi.Input<string>;
  readonly serviceAccount: string;
  /** The secret as this Region reads it (a replica's ARN names the replica's Region). */
  readonly secretArn: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  /**
   * The customer key the secret is encrypted with, used through Secrets Manager only. A replica is encrypted
   * with its Region's AWS-managed key, whose policy already admits callers of Secrets Manager.
   * @default none
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/**
 * A role for one Kubernetes service account (EKS Pod Identity) that may read one secret and nothing else, and
 * the association that gives its pods the role: the deep check reads its database login as an application
 * does. The trust is scoped to the namespace and service account by the session tags EKS sets.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function grantSecretRead(
  parent: pulumi.Resource,
  name: string,
  args: SecretReaderArgs,
): { readonly role: aws.iam.Role; readonly association: aws.eks.PodIdentityAssociation } {
  const opts = { parent };
  const role = new aws.iam.Role(
    name,
    {
      assumeRolePolicy: pulumi
        .output(args.namespace)
        .apply((namespace) => podIdentityTrust({ namespace, serviceAccount: args.serviceAccount })),
    },
    opts,
  );
  new aws.iam.RolePolicy(
    name,
    {
      role: role.id,
      policy: policyDocument([
        { Sid: "ReadTheLogin", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: args.secretArn },
        ...(args.kmsKeyArn === undefined
          ? []
          : [
              {
                Sid: "DecryptThroughSecretsManager",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: args.kmsKeyArn,
                Condition: {
                  StringEquals: { "kms:ViaService": pulumi.interpolate`secretsmanager.${args.region}.amazonaws.com` },
                },
              },
            ]),
      ]),
    },
    opts,
  );
  // EKS gives credentials only to pods created once the association exists: the pods must wait for it.
  const association = new aws.eks.PodIdentityAssociation(
    name,
    {
      clusterName: args.clusterName,
      namespace: args.namespace,
      serviceAccount: args.serviceAccount,
      roleArn: role.arn,
    },
    opts,
  );
  return { role, association };
}
