import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, serviceTrust } from "../aws";
import { physicalName } from "../naming";

type Step = aws.types.input.arcregionswitch.PlanWorkflowStep;
type ParallelStep = aws.types.input.arcregionswitch.PlanWorkflowStepParallelConfigStep;

/** The sample service's Deployment and HPA in the secondary cluster, which the plan scales up. */
export interface ScaledDeployment {
  readonly namespace: pulumi.Input<string>;
  readonly deploymentName: pulumi.Input<string>;
  readonly hpaName: pulumi.Input<string>;
}

/** Arguments of {@link RegionSwitchPlan}. Created with the primary region's provider. */
export interface RegionSwitchPlanArgs {
  readonly primaryRegion: string;
  readonly secondaryRegion: string;
  readonly globalClusterIdentifier: pulumi.Input<string>;
  /** The primary and secondary Aurora cluster ARNs of the global database. */
  readonly databaseClusterArns: pulumi.Input<string>[];
  /** The secondary EKS cluster, scaled to the primary's capacity on activation. */
  readonly secondaryClusterArn: pulumi.Input<string>;
  readonly service: ScaledDeployment;
  /** The failover record pair the plan checks after switching. */
  readonly hostedZoneId: pulumi.Input<string>;
  readonly recordName: string;
  /** The plan's recovery time objective, in minutes (the stack's RTO target). */
  readonly recoveryTimeObjectiveMinutes: number;
}

/**
 * RegionSwitchPlan is the AWS-side failover runbook as code (ARC Region switch): activating the
 * secondary region switches the Aurora Global Database over (no data loss when the primary still
 * answers) or fails it over, scales the secondary's service to the primary's capacity in parallel, then
 * checks the Route 53 failover records' health. Route 53 moves traffic by itself through health checks;
 * the plan brings the data and capacity behind it, and is evaluated by ARC every 30 minutes so a broken
 * plan is found before it is needed. Activating the primary again is the failback.
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/region-switch.html
 */
export class RegionSwitchPlan extends pulumi.ComponentResource {
  public readonly planArn: pulumi.Output<string>;
  public readonly executionRoleArn: pulumi.Output<string>;

  constructor(name: string, args: RegionSwitchPlanArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:failover:RegionSwitchPlan", name, {}, opts);
    const parent = { parent: this };

    const role = new aws.iam.Role(
      name,
      { assumeRolePolicy: serviceTrust("arc-region-switch.amazonaws.com", "sts:AssumeRole") },
      parent,
    );
    const policy = new aws.iam.RolePolicy(
      name,
      {
        role: role.id,
        policy: policyDocument([
          {
            Sid: "SwitchTheGlobalDatabase",
            Effect: "Allow",
            Action: [
              "rds:SwitchoverGlobalCluster",
              "rds:FailoverGlobalCluster",
              "rds:DescribeGlobalClusters",
              "rds:DescribeDBClusters",
            ],
            Resource: "*",
          },
          {
            Sid: "ScaleTheSecondaryService",
            Effect: "Allow",
            Action: ["eks:DescribeCluster", "eks:ListClusters"],
            Resource: [args.secondaryClusterArn],
          },
          {
            Sid: "CheckTheFailoverRecords",
            Effect: "Allow",
            Action: ["route53:GetHealthCheckStatus", "route53:ListResourceRecordSets", "route53:ListHealthChecks"],
            Resource: "*",
          },
          {
            Sid: "EvaluateThePlan",
            Effect: "Allow",
            Action: ["cloudwatch:DescribeAlarms", "iam:SimulatePrincipalPolicy"],
            Resource: "*",
          },
        ]),
      },
      parent,
    );

    const database: ParallelStep = {
      name: "switch-database",
      executionBlockType: "AuroraGlobalDatabase",
      // switchoverOnly: a planned move that loses nothing; an unplanned one is started with failover behaviour.
      globalAuroraConfigs: [
        {
          behavior: "switchoverOnly",
          globalClusterIdentifier: args.globalClusterIdentifier,
          databaseClusterArns: args.databaseClusterArns,
          timeoutMinutes: 30,
        },
      ],
    };
    const capacity: ParallelStep = {
      name: "scale-secondary-service",
      executionBlockType: "EKSResourceScaling",
      eksResourceScalingConfigs: [
        {
          capacityMonitoringApproach: "sampledMaxInLast24Hours",
          targetPercent: 100,
          eksClusters: [{ clusterArn: args.secondaryClusterArn }],
          kubernetesResourceTypes: [{ apiVersion: "apps/v1", kind: "Deployment" }],
          scalingResources: [
            {
              namespace: args.service.namespace,
              resources: [
                {
                  resourceName: "service",
                  name: args.service.deploymentName,
                  namespace: args.service.namespace,
                  hpaName: args.service.hpaName,
                },
              ],
            },
          ],
          timeoutMinutes: 20,
        },
      ],
    };
    const checkTraffic = (region: string): Step => ({
      name: "check-failover-records",
      executionBlockType: "Route53HealthCheck",
      route53HealthCheckConfigs: [
        {
          hostedZoneId: args.hostedZoneId,
          recordName: args.recordName,
          recordSets: [
            { recordSetIdentifier: "primary", region: args.primaryRegion },
            { recordSetIdentifier: "secondary", region: args.secondaryRegion },
          ],
          timeoutMinutes: 10,
        },
      ],
      description: `Route 53 answers with the ${region} record once its health check passes`,
    });
    const activate = (region: string, steps: ParallelStep[]): aws.types.input.arcregionswitch.PlanWorkflow => ({
      workflowTargetAction: "activate",
      workflowTargetRegion: region,
      steps: [
        { name: "data-and-capacity", executionBlockType: "Parallel", parallelConfigs: [{ steps }] },
        checkTraffic(region),
      ],
    });

    const plan = new aws.arcregionswitch.Plan(
      name,
      {
        name: physicalName(name, pulumi.getStack()),
        description: "Fail over the service from the primary region to the secondary, or back",
        executionRole: role.arn,
        recoveryApproach: "activePassive",
        regions: [args.primaryRegion, args.secondaryRegion],
        primaryRegion: args.primaryRegion,
        recoveryTimeObjectiveMinutes: args.recoveryTimeObjectiveMinutes,
        workflows: [activate(args.secondaryRegion, [database, capacity]), activate(args.primaryRegion, [database])],
      },
      { parent: this, dependsOn: [policy] },
    );

    this.planArn = plan.arn;
    this.executionRoleArn = role.arn;
    this.registerOutputs({ planArn: this.planArn, executionRoleArn: this.executionRoleArn });
  }
}
