import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One IAM policy statement, as AWS reads it (values may still be Outputs until the document is rendered). */
export type Statement = Record<string, unknown>;

/**
 * The account and partition of the provider a component was placed with, for ARNs built by hand and for
 * conditions that pin a request to this account.
 */
export interface AwsContext {
  readonly accountId: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
}

/**
 * Looks up {@link AwsContext} through `parent`, so the invokes answer for the caller's provider and never
 * an ambient (default) one: a component in the secondary region must not read the primary's account.
 */
export function awsContext(parent: pulumi.Resource): AwsContext {
  return {
    accountId: aws.getCallerIdentityOutput({}, { parent }).accountId,
    partition: partitionOf(parent),
  };
}

/** The partition of `parent`'s provider. It is not always "aws" (aws-cn, aws-us-gov): ARNs built by hand must ask. */
export function partitionOf(parent: pulumi.Resource): pulumi.Output<string> {
  return aws.getPartitionOutput({}, { parent }).partition;
}

/** The region of `parent`'s provider: components take their region from the provider they were given. */
export function regionOf(parent: pulumi.Resource): pulumi.Output<string> {
  return aws.getRegionOutput({}, { parent }).region;
}

/** A policy document as JSON text, once every Output inside it is known. */
export function policyDocument(statements: pulumi.Input<Statement>[]): pulumi.Output<string> {
  return pulumi.output(statements).apply((resolved) => JSON.stringify({ Version: "2012-10-17", Statement: resolved }));
}

/**
 * Denies every request that does not arrive over TLS, whoever makes it. A Deny wins over any Allow, so
 * no identity policy can reopen plain HTTP.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
 */
export function denyInsecureTransport(action: string, resources: pulumi.Input<string>[]): Statement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: action,
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * Lets CloudWatch Logs use a key for one log group. CloudWatch Logs encrypts as itself, not with a
 * caller's permissions, so the key's root statement does not cover it; the encryption context limits the
 * grant to the named group.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function cloudWatchLogsKeyStatement(
  context: AwsContext,
  region: pulumi.Output<string>,
  logGroupName: string,
): Statement {
  return {
    Sid: "CloudWatchLogsUsesTheKeyForOneLogGroup",
    Effect: "Allow",
    Principal: { Service: pulumi.interpolate`logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: {
      ArnEquals: {
        "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${context.partition}:logs:${region}:${context.accountId}:log-group:${logGroupName}`,
      },
    },
  };
}
