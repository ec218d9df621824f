import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createEncryptedLogGroup } from "../aws";
import { physicalName } from "../naming";
import { DATABASE_PASSWORD } from "./database-credentials";

/**
 * AWS's single-user PostgreSQL rotation function in the Serverless Application Repository, at the version the
 * AWS CDK pins for the `aws` partition (aws-cdk-lib/aws-secretsmanager/lib/secret-rotation.ts): AWS maintains
 * its code; upgrading is a change of this constant.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_available-rotation-templates.html
 * @see https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-secretsmanager/lib/secret-rotation.ts
 */
export const POSTGRES_SINGLE_USER_ROTATION = {
  applicationId:
    "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser",
  semanticVersion: "1.1.671",
} as const;

/** Printable ASCII punctuation: what a generated password could draw from. */
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/**
 * The characters a rotated password must not contain: every punctuation mark the program's own passwords do
 * not use (DATABASE_PASSWORD.overrideSpecial), and the space, so a rotated password is as safe for RDS, psql
 * variables and libpq as the first one.
 */
export const ROTATION_EXCLUDED_CHARACTERS = ` ${[...PUNCTUATION]
  .filter((c) => !(DATABASE_PASSWORD.overrideSpecial as string).includes(c))
  .join("")}`;

/** What {@link createPasswordRotationNetwork} needs. */
export interface PasswordRotationNetworkArgs {
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's block: the database port is reachable only inside it. */
  readonly vpcCidr: pulumi.Input<string>;
  readonly port: number;
}

/**
 * The rotation function's security group, made before the database's so that the database can admit it:
 * PostgreSQL to the VPC, HTTPS out (Secrets Manager's regional endpoint through the NAT gateways), nothing in.
 */
export function createPasswordRotationNetwork(
  parent: pulumi.Resource,
  name: string,
  args: PasswordRotationNetworkArgs,
): aws.ec2.SecurityGroup {
  return new aws.ec2.SecurityGroup(
    `${name}-rotation`,
    {
      description: "Secrets Manager rotation function: PostgreSQL in the VPC, HTTPS to Secrets Manager",
      vpcId: args.vpcId,
      ingress: [],
      egress: [
        {
          description: "PostgreSQL (the database it rotates)",
          protocol: "tcp",
          fromPort: args.port,
          toPort: args.port,
          cidrBlocks: [args.vpcCidr],
        },
        {
          description: "Secrets Manager's regional endpoint, through the NAT gateways",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ["0.0.0.0/0"],
        },
      ],
      tags: { Name: physicalName(`${name}-rotation`, pulumi.getStack()) },
    },
    { parent },
  );
}

/** What {@link createPasswordRotation} needs. */
export interface PasswordRotationArgs {
  /** The secret to rotate: `{engine, host, username, password, port}`, as RDS's own secrets. */
  readonly secretId: pulumi.Input<string>;
  /** The secret's KMS key: the function reads and writes the secret through it. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Subnets with a route to the NAT gateways and to the database's subnets (the site's private tier). */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** {@link createPasswordRotationNetwork}'s group. */
  readonly securityGroupId: pulumi.Input<string>;
  /** The secret's Region: the function calls Secrets Manager there. */
  readonly region: pulumi.Input<string>;
  readonly afterDays: number;
  readonly logRetentionDays: number;
  /** The secret's version Pulumi writes first: rotation starts from it. */
  readonly after: pulumi.Resource[];
  /** Deploy the function but schedule no rotation (the writer is out of its reach). @default false */
  readonly paused?: boolean;
}

/**
 * Rotates a database login's password every `afterDays` with AWS's single-user rotation function: it sets a new
 * password with ALTER USER on the writer named in the secret (the global writer endpoint in a global database,
 * so the secondary cluster receives the change through storage replication) and stores it as AWSCURRENT; the
 * secret's replica in the other Region follows. The function runs in the private subnets: PostgreSQL over the
 * VPC's local route into the isolated subnets, Secrets Manager's public regional endpoint through the NAT
 * gateways (no interface endpoint: about $28 a month for three AZs saved, for a few calls a month). RDS-managed
 * passwords would do this without a function, but AWS does not allow them in a global database.
 * The first rotation waits for the schedule (`rotateImmediately: false`), so a first deploy's setup job never
 * races it.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-network-rqmts.html
 */
export function createPasswordRotation(
  parent: pulumi.Resource,
  name: string,
  args: PasswordRotationArgs,
): aws.secretsmanager.SecretRotation | undefined {
  const functionName = physicalName(`${name}-rotation`, pulumi.getStack(), 64);
  // The function's log, made here so it is encrypted and kept as long as the site's logs (Lambda would make
  // one with neither).
  const log = createEncryptedLogGroup(parent, `${name}-rotation`, {
    name: `/aws/lambda/${functionName}`,
    retentionInDays: args.logRetentionDays,
  });
  const application = new aws.serverlessrepository.CloudFormationStack(
    `${name}-rotation`,
    {
      name: functionName,
      applicationId: POSTGRES_SINGLE_USER_ROTATION.applicationId,
      semanticVersion: POSTGRES_SINGLE_USER_ROTATION.semanticVersion,
      capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
      parameters: {
        endpoint: pulumi.interpolate`https://secretsmanager.${args.region}.amazonaws.com`,
        functionName,
        vpcSubnetIds: pulumi.output(args.subnetIds).apply((ids) => ids.join(",")),
        vpcSecurityGroupIds: args.securityGroupId,
        kmsKeyArn: args.kmsKeyArn,
        excludeCharacters: ROTATION_EXCLUDED_CHARACTERS,
      },
    },
    { parent, dependsOn: [log] },
  );
  if (args.paused) {
    return undefined;
  }
  return new aws.secretsmanager.SecretRotation(
    `${name}-rotation`,
    {
      secretId: args.secretId,
      rotationLambdaArn: application.outputs.apply((o) => o.RotationLambdaARN),
      rotationRules: { automaticallyAfterDays: args.afterDays },
      rotateImmediately: false,
    },
    { parent, dependsOn: args.after },
  );
}
