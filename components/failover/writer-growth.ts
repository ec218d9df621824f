import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { awsContext, createEncryptedLogGroup, policyDocument, regionOf, serviceTrust } from "../aws";
import { physicalName } from "../naming";

/** The handler file, shipped as is (plain CommonJS; the runtime brings the AWS SDK). */
const HANDLER_FILE = "writer-growth-handler.js";

/** Arguments of {@link WriterGrowth}. Its Region is its provider's: the cluster's. */
export interface WriterGrowthArgs {
  readonly clusterIdentifier: pulumi.Input<string>;
  readonly clusterArn: pulumi.Input<string>;
  /** The class every added instance gets (`db.serverless` for Serverless v2). */
  readonly instanceClass: string;
  /** The identifiers the program gives instances 1..n (`auroraInstanceIdentifier`): n is the writer's count. */
  readonly identifiers: readonly string[];
  /** The AZs the program places instances in, in its order (instance i in AZ i mod count). */
  readonly availabilityZones: pulumi.Input<string[]>;
  /** The cluster's key, which Performance Insights encrypts with. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Enhanced monitoring as the program gives every instance: the role and the interval. */
  readonly monitoring: { readonly roleArn: pulumi.Input<string>; readonly intervalSeconds: number };
  /** The tags the program's provider puts on every resource, so an adopted instance shows no diff. */
  readonly tags: Readonly<Record<string, string>>;
  /** Days the function's log is kept. */
  readonly logRetentionDays: number;
  /**
   * Fail until the first instance is available, so a plan step that runs it before the promotion retries until
   * a headless cluster (no instance at rest) has a writer to promote.
   * @default false: create what is missing and return
   */
  readonly waitForAvailable?: boolean;
}

/**
 * WriterGrowth is a Lambda function a Region switch plan runs in the Region it activates: it adds to that
 * Region's Aurora cluster the instances it lacks to match the writer's count, in the program's AZs, with the
 * program's identifiers, so in-Region HA comes with the promotion and never from a `pulumi up` in the middle of
 * the event. The day-after `pulumi up` (`activeSite: secondary`) adopts them. It may only describe its cluster and
 * create instances of the listed identifiers in it.
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/custom-action-lambda-block.html
 */
export class WriterGrowth extends pulumi.ComponentResource {
  public readonly functionArn: pulumi.Output<string>;
  public readonly functionName: pulumi.Output<string>;

  constructor(name: string, args: WriterGrowthArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:failover:WriterGrowth", name, {}, opts);
    const parent = { parent: this };
    const stack = pulumi.getStack();
    const functionName = physicalName(name, stack, 64);
    const { accountId, partition } = awsContext(this);
    const region = regionOf(this);
    const arn = (type: string, id: string) =>
      pulumi.interpolate`arn:${partition}:rds:${region}:${accountId}:${type}:${id}`;

    const log = createEncryptedLogGroup(this, name, {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: args.logRetentionDays,
    });
    const role = new aws.iam.Role(
      name,
      { assumeRolePolicy: serviceTrust("lambda.amazonaws.com", "sts:AssumeRole") },
      parent,
    );
    const policy = new aws.iam.RolePolicy(
      name,
      {
        role: role.id,
        policy: policyDocument([
          { Sid: "ReadCluster", Effect: "Allow", Action: ["rds:DescribeDBClusters"], Resource: [args.clusterArn] },
          ...(args.waitForAvailable
            ? [
                {
                  Sid: "ReadItsInstances",
                  Effect: "Allow",
                  Action: ["rds:DescribeDBInstances"],
                  Resource: args.identifiers.map((id) => arn("db", id)),
                },
              ]
            : []),
          {
            Sid: "AddInstances",
            Effect: "Allow",
            Action: ["rds:CreateDBInstance", "rds:AddTagsToResource"],
            Resource: [
              args.clusterArn,
              ...args.identifiers.map((id) => arn("db", id)),
              // The engine's default parameter and option groups, and the cluster's subnet group.
              arn("pg", "*"),
              arn("og", "*"),
              arn("subgrp", "*"),
            ],
          },
          // CreateDBInstance hands RDS the enhanced-monitoring role.
          { Sid: "PassMonitoringRole", Effect: "Allow", Action: ["iam:PassRole"], Resource: [args.monitoring.roleArn] },
          {
            Sid: "PerformanceInsightsKey",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:DescribeKey"],
            Resource: [args.kmsKeyArn],
          },
          {
            Sid: "Log",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [pulumi.interpolate`${log.arn}:*`],
          },
        ]),
      },
      parent,
    );
    const config = pulumi
      .all([args.clusterIdentifier, args.availabilityZones, args.kmsKeyArn, args.monitoring.roleArn])
      .apply(([clusterIdentifier, availabilityZones, performanceInsightsKmsKeyId, monitoringRoleArn]) =>
        JSON.stringify({
          clusterIdentifier,
          instanceClass: args.instanceClass,
          identifiers: args.identifiers,
          availabilityZones,
          performanceInsightsKmsKeyId,
          monitoringRoleArn,
          monitoringInterval: args.monitoring.intervalSeconds,
          tags: args.tags,
          ...(args.waitForAvailable ? { waitForAvailable: true } : {}),
        }),
      );
    const fn = new aws.lambda.Function(
      name,
      {
        name: functionName,
        description: `Grows ${name}'s Aurora cluster to the writer's instance count when a Region switch plan activates it`,
        runtime: "nodejs22.x",
        handler: HANDLER_FILE.replace(/\.js$/, ".handler"),
        code: new pulumi.asset.AssetArchive({
          [HANDLER_FILE]: new pulumi.asset.FileAsset(path.join(__dirname, HANDLER_FILE)),
        }),
        role: role.arn,
        timeout: 60,
        memorySize: 128,
        environment: { variables: { CONFIG: config } },
        loggingConfig: { logFormat: "Text", logGroup: log.name },
      },
      { parent: this, dependsOn: [policy, log] },
    );

    this.functionArn = fn.arn;
    this.functionName = fn.name;
    this.registerOutputs({ functionArn: this.functionArn, functionName: this.functionName });
  }
}
