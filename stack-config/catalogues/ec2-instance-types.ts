import * as aws from "@pulumi/aws";

/**
 * EC2 instance types for node groups: the `aws.ec2.InstanceType` enumeration of the pinned AWS provider
 * (generated from the EC2 API's own list; 1,405 types in @pulumi/aws 7.48.0), so the list moves with the
 * provider, and its date with the provider's release, instead of being kept by hand. The AWS SDK's `_InstanceType` enum would be the same list but
 * brings a multi-megabyte client and its dependency tree for one constant; the provider is already here.
 * Whether a type is offered in a given region or AZ is left to AWS.
 */
export const EC2_INSTANCE_TYPES_SOURCE = "https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html";
/** The list is the installed provider's: its version stands for the as-of date. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const EC2_INSTANCE_TYPES_AS_OF = `@pulumi/aws ${(require("@pulumi/aws/package.json") as { version: string }).version}`;

export const EC2_INSTANCE_TYPES: ReadonlySet<string> = new Set(Object.values(aws.ec2.InstanceType));
