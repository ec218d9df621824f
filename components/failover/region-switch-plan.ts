import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, policyDocument, serviceTrust } from "../aws";
import { physicalName } from "../naming";
import { regionSwitchPlanProblems } from "./plan-shape";

type Step = aws.types.input.arcregionswitch.PlanWorkflowStep;
type ParallelStep = aws.types.input.arcregionswitch.PlanWorkflowStepParallelConfigStep;

/** The sample service's Deployment and HPA in one Region's cluster, which the plan scales. */
export interface ScaledDeployment {
  readonly namespace: pulumi.Input<string>;
  readonly deploymentName: pulumi.Input<string>;
  readonly hpaName: pulumi.Input<string>;
}

/** One Region's EKS cluster as the plan's scaling step uses it. */
export interface RegionSwitchCluster {
  readonly region: string;
  readonly clusterArn: pulumi.Input<string>;
  readonly clusterName: pulumi.Input<string>;
  /** The namespace the scaled Deployment lives in: the access policy is scoped to it. */
  readonly service: ScaledDeployment;
  /** The cluster Region's provider: its access entry is created there. */
  readonly provider: pulumi.ProviderResource;
}

/** Arguments of {@link RegionSwitchPlan}. Created with the primary region's provider. */
export interface RegionSwitchPlanArgs {
  readonly primaryRegion: string;
  readonly secondaryRegion: string;
  readonly globalClusterIdentifier: pulumi.Input<string>;
  /** The primary and secondary Aurora cluster ARNs of the global database. */
  readonly databaseClusterArns: pulumi.Input<string>[];
  /** Both Regions' clusters: the API's EKS scaling step needs at least two, one per Region. */
  readonly clusters: { readonly primary: RegionSwitchCluster; readonly secondary: RegionSwitchCluster };
  /** The failover record pair the plan checks after switching. */
  readonly hostedZoneId: pulumi.Input<string>;
  readonly recordName: string;
  /** The plan's recovery time objective, in minutes (the stack's RTO target). */
  readonly recoveryTimeObjectiveMinutes: number;
  /**
   * A person approves before the secondary is activated: a ManualApproval step first, which `roleArn`
   * approves (ApprovePlanExecutionStep) within `timeoutMinutes`. A planned or automatic run waits for it.
   * @default none: the plan promotes as soon as it runs
   */
  readonly approval?: { readonly roleArn: pulumi.Input<string>; readonly timeoutMinutes: number };
  /**
   * The WriterGrowth function in each Region (components/failover/writer-growth.ts): run in the Region the plan
   * activates, beside the promotion, so the new writer's cluster gets its in-Region HA with the promotion.
   * @default no such step
   */
  readonly writerGrowthFunctionArns?: readonly pulumi.Input<string>[];
  /** The Region the DNS PRIMARY record points at (the active site's). @default `primaryRegion` */
  readonly activeRegion?: string;
  /**
   * Regions whose Aurora cluster is headless at rest (a pilot light): no instance to promote. Activating one runs
   * the growth first, beside the service's scaling, and retries it until the first instance is available; the
   * promotion follows (its WriterGrowth must wait: `waitForAvailable`).
   * @default none
   */
  readonly growFirstIn?: readonly string[];
}

/**
 * The EKS access policy ARC's scaling step needs on each cluster, for the plan's execution role.
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/eks-resource-scaling-block.html
 */
export const ARC_SCALING_ACCESS_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonARCRegionSwitchScalingPolicy";

/** An EKS cluster ARN's access entries, as `eks:ListAssociatedAccessPolicies` names them. */
export const accessEntriesOf = (clusterArn: string) => `${clusterArn.replace(":cluster/", ":access-entry/")}/*`;

/**
 * RegionSwitchPlan is the AWS-side failover runbook as code (ARC Region switch). Activating the secondary
 * region promotes its Aurora cluster (behaviour `failover`: a graceful run switches over without loss, an
 * ungraceful one, for a lost Region, fails over with `FailoverGlobalCluster`) while it scales the secondary's
 * service to the primary's last-24-hour capacity, then checks the Route 53 failover records. Activating the
 * primary again is the failback. Route 53 moves traffic by itself through health checks; the plan brings the
 * data and capacity behind it. The shape is checked against the API's constraints (plan-shape.ts); ARC also
 * evaluates the plan every 30 minutes, so a broken one is found before it is needed.
 * @see https://docs.aws.amazon.com/r53recovery/latest/dg/region-switch.html
 */
export class RegionSwitchPlan extends pulumi.ComponentResource {
  public readonly planArn: pulumi.Output<string>;
  public readonly executionRoleArn: pulumi.Output<string>;

  constructor(name: string, args: RegionSwitchPlanArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:failover:RegionSwitchPlan", name, {}, opts);
    const parent = { parent: this };
    const clusters = [args.clusters.primary, args.clusters.secondary];
    const context = awsContext(this);

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
          // The one global database and its member clusters: both actions authorize the global cluster and the
          // target cluster (Service Authorization Reference for Amazon RDS).
          {
            Sid: "SwitchTheGlobalDatabase",
            Effect: "Allow",
            Action: [
              "rds:SwitchoverGlobalCluster",
              "rds:FailoverGlobalCluster",
              "rds:DescribeGlobalClusters",
              "rds:DescribeDBClusters",
            ],
            Resource: [
              pulumi.interpolate`arn:${context.partition}:rds::${context.accountId}:global-cluster:${args.globalClusterIdentifier}`,
              ...args.databaseClusterArns,
            ],
          },
          ...(args.writerGrowthFunctionArns && args.writerGrowthFunctionArns.length > 0
            ? [
                {
                  Sid: "GrowTheNewWriter",
                  Effect: "Allow",
                  Action: ["lambda:InvokeFunction", "lambda:GetFunction"],
                  Resource: [...args.writerGrowthFunctionArns],
                },
              ]
            : []),
          {
            Sid: "ReadTheClusters",
            Effect: "Allow",
            Action: ["eks:DescribeCluster"],
            Resource: clusters.map((c) => c.clusterArn),
          },
          {
            Sid: "ReadItsAccessEntries",
            Effect: "Allow",
            Action: ["eks:ListAssociatedAccessPolicies"],
            Resource: clusters.map((c) => pulumi.output(c.clusterArn).apply(accessEntriesOf)),
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
    // The scaling step acts in each cluster as the execution role, through an access entry scoped to the
    // service's namespace (the authentication mode is API: components/eks).
    const access = clusters.map((c) => {
      const site = c === args.clusters.primary ? "primary" : "secondary";
      const entry = new aws.eks.AccessEntry(
        `${name}-${site}`,
        { clusterName: c.clusterName, principalArn: role.arn, type: "STANDARD" },
        { parent: this, provider: c.provider },
      );
      return new aws.eks.AccessPolicyAssociation(
        `${name}-${site}`,
        {
          clusterName: c.clusterName,
          principalArn: role.arn,
          policyArn: ARC_SCALING_ACCESS_POLICY,
          accessScope: { type: "namespace", namespaces: [c.service.namespace] },
        },
        { parent: this, provider: c.provider, dependsOn: [entry] },
      );
    });

    const database: ParallelStep = {
      name: "promote-database",
      executionBlockType: "AuroraGlobalDatabase",
      globalAuroraConfigs: [
        {
          behavior: "failover",
          ungracefuls: [{ ungraceful: "failover" }],
          globalClusterIdentifier: args.globalClusterIdentifier,
          databaseClusterArns: args.databaseClusterArns,
          timeoutMinutes: 30,
        },
      ],
    };
    const capacity: ParallelStep = {
      name: "scale-service",
      executionBlockType: "EKSResourceScaling",
      eksResourceScalingConfigs: [
        {
          capacityMonitoringApproach: "sampledMaxInLast24Hours",
          targetPercent: 100,
          eksClusters: clusters.map((c) => ({ clusterArn: c.clusterArn })),
          kubernetesResourceTypes: [{ apiVersion: "apps/v1", kind: "Deployment" }],
          // The provider turns each entry's `namespace` into the API's outer key, which is a Region.
          scalingResources: clusters.map((c) => ({
            namespace: c.region,
            resources: [
              {
                resourceName: "service",
                name: c.service.deploymentName,
                namespace: c.service.namespace,
                hpaName: c.service.hpaName,
              },
            ],
          })),
          timeoutMinutes: 20,
        },
      ],
    };
    // Last, after the records are checked: CreateDBInstance returns at once, and a failure here (capacity, a
    // cluster still busy with the promotion) fails only this step, after users and writes have moved.
    const growthStep = (headless: boolean): ParallelStep => ({
      name: "grow-new-writer",
      executionBlockType: "CustomActionLambda",
      customActionLambdaConfigs: [
        {
          lambdas: (args.writerGrowthFunctionArns ?? []).map((arn) => ({ arn })),
          regionToRun: "activatingRegion",
          retryIntervalMinutes: 1,
          // A headless cluster's first instance takes minutes to create: the step retries until it is available.
          timeoutMinutes: headless ? 30 : 10,
        },
      ],
      description: headless
        ? "Adds the headless cluster's instances in the activating Region and waits for the first, which the promotion needs"
        : "Adds the instances the new writer's cluster lacks (in-Region HA), in the activating Region",
    });
    const grows = (args.writerGrowthFunctionArns ?? []).length > 0;
    const checkTraffic = (region: string): Step => ({
      name: "check-failover-records",
      executionBlockType: "Route53HealthCheck",
      route53HealthCheckConfigs: [
        {
          hostedZoneId: args.hostedZoneId,
          recordName: args.recordName,
          // The PRIMARY record points at the active site: the secondary's Region after `activeSite: secondary`.
          recordSets: [
            { recordSetIdentifier: "primary", region: args.activeRegion ?? args.primaryRegion },
            {
              recordSetIdentifier: "secondary",
              region:
                (args.activeRegion ?? args.primaryRegion) === args.primaryRegion
                  ? args.secondaryRegion
                  : args.primaryRegion,
            },
          ],
          timeoutMinutes: 10,
        },
      ],
      description: `Route 53 answers with the ${region} record once its health check passes`,
    });
    // A cluster with instances is promoted beside the scaling and grown last (in-Region HA); a headless one is
    // grown beside the scaling first, then promoted.
    const activate = (region: string): aws.types.input.arcregionswitch.PlanWorkflow => {
      const headless = grows && (args.growFirstIn ?? []).includes(region);
      const parallel = (steps: ParallelStep[], name: string): Step => ({
        name,
        executionBlockType: "Parallel",
        parallelConfigs: [{ steps }],
      });
      const steps: Step[] = headless
        ? [parallel([growthStep(true), capacity], "instances-and-capacity"), database as Step, checkTraffic(region)]
        : [
            parallel([database, capacity], "data-and-capacity"),
            checkTraffic(region),
            ...(grows ? [growthStep(false) as Step] : []),
          ];
      return { workflowTargetAction: "activate", workflowTargetRegion: region, steps };
    };

    const approve: Step[] = args.approval
      ? [
          {
            name: "approve-promotion",
            executionBlockType: "ManualApproval",
            executionApprovalConfigs: [
              { approvalRole: args.approval.roleArn, timeoutMinutes: args.approval.timeoutMinutes },
            ],
            description: "A person approves failing the database over (data since the last replication is lost)",
          },
        ]
      : [];
    // A person approves whichever way the plan fails over: after `activeSite: secondary` the starter activates
    // the primary's Region, and that promotion loses data just the same.
    const workflows = [args.secondaryRegion, args.primaryRegion].map((region) => {
      const workflow = activate(region);
      return { ...workflow, steps: [...approve, ...(workflow.steps as Step[])] };
    });
    const shape = {
      recoveryApproach: "activePassive",
      regions: [args.primaryRegion, args.secondaryRegion],
      primaryRegion: args.primaryRegion,
      workflows,
    };
    const problems = regionSwitchPlanProblems(shape as unknown as Record<string, unknown>);
    if (problems.length > 0) {
      throw new pulumi.ResourceError(`RegionSwitchPlan ${name}: the API would refuse it: ${problems.join("; ")}`, this);
    }
    const plan = new aws.arcregionswitch.Plan(
      name,
      {
        name: physicalName(name, pulumi.getStack()),
        description: "Fail over the service from the primary region to the secondary, or back",
        executionRole: role.arn,
        ...shape,
        recoveryTimeObjectiveMinutes: args.recoveryTimeObjectiveMinutes,
      },
      { parent: this, dependsOn: [policy, ...access] },
    );
    // The execution role reads its own plan and executions (the ARC guide's execution role policy).
    new aws.iam.RolePolicy(
      `${name}-plan`,
      {
        role: role.id,
        policy: policyDocument([
          {
            Sid: "ReadThisPlan",
            Effect: "Allow",
            Action: [
              "arc-region-switch:GetPlan",
              "arc-region-switch:GetPlanExecution",
              "arc-region-switch:ListPlanExecutions",
            ],
            Resource: plan.arn,
          },
        ]),
      },
      parent,
    );

    this.planArn = plan.arn;
    this.executionRoleArn = role.arn;
    this.registerOutputs({ planArn: this.planArn, executionRoleArn: this.executionRoleArn });
  }
}
