import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";
import { AwsContext, policyDocument, Statement } from "./policy";

/** What {@link createDataKey} needs besides its parent component. */
export interface DataKeyArgs {
  /** Shown in the KMS console, so an operator knows what the key protects before touching it. */
  readonly description: string;
  readonly context: AwsContext;
  /** Pulumi `protect` on the key: deleting it makes everything encrypted with it unreadable. */
  readonly protect: boolean;
  /**
   * Statements for service principals that act on their own behalf rather than with a caller's IAM
   * permissions (such as CloudWatch Logs). Services that use grants created with the caller's
   * permissions (RDS, S3, SQS, AWS Backup, Secrets Manager) need none: the root statement delegates
   * to IAM.
   */
  readonly serviceStatements?: pulumi.Input<Statement>[];
}

/**
 * A customer managed key for one data store, with a yearly automatic rotation and an alias named from
 * the component. A key per store limits what one compromised or mis-edited key policy exposes, and lets
 * each store's key be disabled on its own.
 */
export function createDataKey(parent: pulumi.Resource, name: string, args: DataKeyArgs): aws.kms.Key {
  const { accountId, partition } = args.context;
  const key = new aws.kms.Key(
    `${name}-key`,
    {
      description: args.description,
      enableKeyRotation: true,
      // The maximum: a key scheduled for deletion by mistake can be recovered for 30 days.
      deletionWindowInDays: 30,
      // Explicit so the policy is reviewed in code. The root statement keeps the account in control of
      // the key (without it a key can become unmanageable) and lets IAM policies grant its use.
      policy: policyDocument([
        {
          Sid: "AccountAdministersTheKey",
          Effect: "Allow",
          Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        ...(args.serviceStatements ?? []),
      ]),
    },
    { parent, protect: args.protect },
  );
  new aws.kms.Alias(
    `${name}-key`,
    { name: `alias/${physicalName(name, pulumi.getStack())}`, targetKeyId: key.keyId },
    { parent },
  );
  return key;
}
