import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";
import { awsContext, AwsContext, policyDocument, regionOf, Statement } from "./policy";

/** What {@link createCustomerKey} needs besides its parent component and name. */
export interface CustomerKeyArgs {
  /** Shown in the KMS console, so an operator knows what the key protects before touching it. */
  readonly description: pulumi.Input<string>;
  /** The account (and partition) whose root administers the key: the caller's provider's, from `awsContext`. */
  readonly context: AwsContext;
  /**
   * Pulumi `protect` on the key. Protect a key whenever the data it encrypts is protected: deleting the
   * key makes that data unreadable once the deletion window ends.
   */
  readonly protect: boolean;
  /**
   * Statements for principals that act on their own behalf rather than with a caller's IAM permissions
   * (CloudWatch Logs, CloudWatch alarms publishing to SNS, EC2 Auto Scaling through `kms:ViaService`).
   * Services that use grants created with the caller's permissions (RDS, S3, SQS, AWS Backup, Secrets
   * Manager, EKS) need none: the root statement delegates to IAM.
   * @default none - the root statement only
   */
  readonly serviceStatements?: pulumi.Input<Statement>[];
  /**
   * Also create `alias/<physicalName(alias, stack)>`, a logical resource named like the key, so operators
   * find the key by name rather than by ID in the console and CLI.
   * @default no alias
   */
  readonly alias?: string;
}

/**
 * A customer managed key named `name` (used as-is, so callers keep their existing logical names and
 * URNs), with yearly automatic rotation, the longest deletion window and an explicit key policy. A key
 * per purpose limits what one compromised or mis-edited key policy exposes, and lets each be disabled on
 * its own.
 */
export function createCustomerKey(parent: pulumi.Resource, name: string, args: CustomerKeyArgs): aws.kms.Key {
  const { accountId, partition } = args.context;
  const key = new aws.kms.Key(
    name,
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
  if (args.alias !== undefined) {
    new aws.kms.Alias(
      name,
      { name: `alias/${physicalName(args.alias, pulumi.getStack())}`, targetKeyId: key.keyId },
      { parent },
    );
  }
  return key;
}

/** Lets the account's principals use a key only through `service` in `region` (the AWS managed keys' pattern). */
export function viaServiceStatement(service: string, region: pulumi.Input<string>, context: AwsContext): Statement {
  return {
    Sid: `UseThrough${service.charAt(0).toUpperCase()}${service.slice(1)}`,
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:DescribeKey",
      "kms:CreateGrant",
    ],
    Resource: "*",
    Condition: {
      StringEquals: {
        "kms:CallerAccount": context.accountId,
        "kms:ViaService": pulumi.interpolate`${service}.${region}.amazonaws.com`,
      },
    },
  };
}

/** Arguments of {@link RegionalKey}. Its region is its provider's: pass `providers: { aws }` in opts. */
export interface RegionalKeyArgs {
  /** Shown in the KMS console. */
  readonly description: string;
  /** Pulumi `protect`: on whenever what the key encrypts is protected. */
  readonly protect: boolean;
  /**
   * The AWS service (its endpoint prefix, such as `secretsmanager`) that uses the key in this Region on behalf
   * of the account's principals. The key policy then lets any principal of the account use it through that
   * service only (`kms:ViaService` and `kms:CallerAccount`, the statement of the AWS managed key of that service),
   * so a replica keeps being written when the principal that changes the source (a rotation function, a
   * deployer) holds no IAM grant on this Region's key.
   * @default none - the root statement only; callers need IAM permissions on the key
   * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
   */
  readonly usedVia?: string;
}

/**
 * A customer managed key of its own in one Region ({@link createCustomerKey}, aliased by name), for data another
 * Region's component keeps there: the database secrets' replica in the DR Region.
 */
export class RegionalKey extends pulumi.ComponentResource {
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: RegionalKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:aws:RegionalKey", name, {}, opts);
    const context = awsContext(this);
    const region = regionOf(this);
    const key = createCustomerKey(this, `${name}-key`, {
      description: args.description,
      context,
      protect: args.protect,
      alias: name,
      serviceStatements: args.usedVia === undefined ? [] : [viaServiceStatement(args.usedVia, region, context)],
    });
    this.arn = key.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
