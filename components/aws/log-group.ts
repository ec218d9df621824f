import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createCustomerKey } from "./kms";
import { awsContext, cloudWatchLogsKeyStatement, regionOf } from "./policy";

/** What {@link createEncryptedLogGroup} needs besides its parent and logical name. */
export interface EncryptedLogGroupArgs {
  /** The group's name, explicit: the key's policy names the group it may encrypt. */
  readonly name: string;
  readonly retentionInDays: pulumi.Input<number>;
  readonly tags?: Record<string, string>;
}

/**
 * A CloudWatch Logs group encrypted with a customer managed key of its own, which CloudWatch Logs may use for
 * this group only (the encryption context names it): a log group holds what a site did, audit trails among it,
 * and AWS's default encryption leaves no key to revoke or audit. The key is named `<name>-logs`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function createEncryptedLogGroup(
  parent: pulumi.Resource,
  name: string,
  args: EncryptedLogGroupArgs,
): aws.cloudwatch.LogGroup {
  const context = awsContext(parent);
  const key = createCustomerKey(parent, `${name}-logs`, {
    description: `CloudWatch Logs group ${args.name}`,
    context,
    // The log's own retention decides how long it lives; the key follows the group.
    protect: false,
    serviceStatements: [cloudWatchLogsKeyStatement(context, regionOf(parent), args.name)],
  });
  return new aws.cloudwatch.LogGroup(
    name,
    { name: args.name, retentionInDays: args.retentionInDays, kmsKeyId: key.arn, tags: args.tags },
    { parent },
  );
}
