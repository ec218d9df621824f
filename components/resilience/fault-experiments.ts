import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, createEncryptedLogGroup, regionOf } from "../aws";
import { physicalName } from "../naming";
import { azPowerInterruption, ExperimentSpec, nodeLoss, podCpuStress, regionIsolation } from "./experiment-specs";
import { FisRoleScope } from "./fis-actions";
import { allowExperiments, createExperimentRole, grantPodAccess } from "./fis-roles";

/** A CloudWatch alarm that stops every experiment when it fires. */
export interface StopAlarm {
  readonly name: pulumi.Input<string>;
  readonly arn: pulumi.Input<string>;
}

/**
 * Arguments of {@link FaultExperiments}. The region is the provider's: pass `providers: { aws, kubernetes }`
 * in opts (kubernetes only with `podStress`).
 */
export interface FaultExperimentsArgs {
  /** Minutes each disruption lasts, 1 to 720 (FIS allows PT1M to PT12H). */
  readonly durationMinutes: number;
  /** Percentage (1-100) of one node group's instances the node-loss experiment terminates. */
  readonly nodeLossPercent: number;
  /** The VPC and its AZs in ordinal order; one AZ experiment is made per AZ. */
  readonly network: {
    readonly vpcId: pulumi.Input<string>;
    readonly availabilityZones: pulumi.Input<string[]>;
    readonly azCount: number;
  };
  /** The EKS cluster and the KMS key of its nodes' volumes (stopped nodes restart only with a grant on it). */
  readonly cluster: { readonly clusterName: pulumi.Input<string>; readonly volumeKeyArn: pulumi.Input<string> };
  /** Tags only this stack's resources carry (the providers' default `stack` tag), to scope tag-selected targets. */
  readonly scopeTags: Readonly<Record<string, string>>;
  /**
   * The service level the experiments must not break: an alarm on the load balancer's 5xx rate stops
   * them, with any extra alarms (the control-plane probe's).
   */
  readonly stopConditions: {
    readonly loadBalancerArnSuffix: pulumi.Input<string>;
    /** 5xx responses as a percentage of requests, per minute, above which an experiment stops. */
    readonly max5xxPercent: number;
    /** @default none */
    readonly extraAlarms?: StopAlarm[];
    /** Topic notified when the stop alarm fires. @default no notification */
    readonly alarmTopicArn?: pulumi.Input<string>;
  };
  /** The Aurora cluster whose writer the AZ experiments fail over. @default no database action (one instance has nowhere to fail over to) */
  readonly database?: { readonly clusterArn: pulumi.Input<string> };
  /** The deployment the pod CPU stress targets; its pods must allow FIS's ephemeral containers. @default no pod stress */
  readonly podStress?: {
    readonly namespace: pulumi.Input<string>;
    readonly deploymentName: pulumi.Input<string>;
    readonly containerName: string;
  };
  /** The AWS secondary to isolate the primary from. @default no region-isolation drill */
  readonly regionIsolation?: {
    readonly destinationRegion: string;
    readonly sourceBucketArn: pulumi.Input<string>;
    readonly destinationBucketName: pulumi.Input<string>;
  };
  /** Days to keep experiment logs. @default 90 */
  readonly logRetentionDays?: number;
}

/**
 * FaultExperiments is the AWS FIS side of the drills: experiment templates for an AZ power interruption
 * (one per AZ), node loss, pod CPU stress and region isolation, each with its own role allowed exactly
 * its actions, stopped by a 5xx alarm (and any extra alarms), logging to one CloudWatch log group.
 * Templates cost nothing until someone starts one (docs/runbooks).
 * @see https://docs.aws.amazon.com/fis/latest/userguide/experiment-templates.html
 */
export class FaultExperiments extends pulumi.ComponentResource {
  public readonly logGroupName: pulumi.Output<string>;
  /** Names of the alarms that stop every experiment. */
  public readonly stopAlarmNames: pulumi.Output<string>[];
  /** The AZ experiments keyed `az<ordinal>`, with the AZ each one takes out. */
  public readonly azPowerInterruption: Record<
    string,
    { zone: pulumi.Output<string>; templateId: pulumi.Output<string> }
  >;
  public readonly nodeLossTemplateId: pulumi.Output<string>;
  public readonly podCpuStress?: { templateId: pulumi.Output<string>; serviceAccount: pulumi.Output<string> };
  public readonly regionIsolationTemplateId?: pulumi.Output<string>;
  /** The experiment roles by drill, for review. */
  public readonly roleArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: FaultExperimentsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:resilience:FaultExperiments", name, {}, opts);
    if (args.stopConditions.max5xxPercent <= 0) {
      throw new pulumi.ResourceError(
        `FaultExperiments ${name}: stopConditions.max5xxPercent is ${args.stopConditions.max5xxPercent}; give a positive percentage`,
        this,
      );
    }
    const stack = pulumi.getStack();
    const context = awsContext(this);
    const region = regionOf(this);
    const scopeTags = Object.entries(args.scopeTags).map(([key, value]) => ({ key, value }));
    const scope: FisRoleScope = {
      partition: context.partition,
      region,
      accountId: context.accountId,
      vpcId: args.network.vpcId,
      clusterName: args.cluster.clusterName,
      volumeKeyArn: args.cluster.volumeKeyArn,
      databaseClusterArn: args.database?.clusterArn,
      bucketArn: args.regionIsolation?.sourceBucketArn,
    };

    // Under /aws/vendedlogs/ AWS does not add each group to the account's one log resource policy,
    // whose 5,120-character limit stacks sharing an account would otherwise exhaust.
    const logGroup = createEncryptedLogGroup(this, name, {
      name: `/aws/vendedlogs/fis/${physicalName(name, stack)}`,
      retentionInDays: args.logRetentionDays ?? 90,
    });
    const stopAlarm = this.createStopAlarm(name, args.stopConditions);
    const stopAlarms: StopAlarm[] = [
      { name: stopAlarm.name, arn: stopAlarm.arn },
      ...(args.stopConditions.extraAlarms ?? []),
    ];

    const createTemplate = (
      drill: string,
      spec: ExperimentSpec,
      role: aws.iam.Role,
      dependsOn: pulumi.Resource[] = [],
    ) =>
      new aws.fis.ExperimentTemplate(
        `${name}-${drill}`,
        {
          description: spec.description,
          roleArn: role.arn,
          stopConditions: stopAlarms.map((a) => ({ source: "aws:cloudwatch:alarm", value: a.arn })),
          targets: spec.targets,
          actions: spec.actions,
          experimentOptions: {
            accountTargeting: "single-account",
            emptyTargetResolutionMode: spec.emptyTargetResolutionMode,
          },
          logConfiguration: {
            logSchemaVersion: 2,
            // FIS wants the log group's ARN with the `:*` stream suffix.
            cloudwatchLogsConfiguration: { logGroupArn: pulumi.interpolate`${logGroup.arn}:*` },
          },
          tags: { Name: physicalName(`${name}-${drill}`, stack) },
        },
        { parent: this, dependsOn },
      );
    const roles: Record<string, aws.iam.Role> = {};
    const roleFor = (drill: string, specs: ExperimentSpec[]) => {
      roles[drill] = createExperimentRole(this, `${name}-${drill}`, specs, scope, context);
      return roles[drill];
    };

    const zones = pulumi.output(args.network.availabilityZones);
    const azSpecs = Array.from({ length: args.network.azCount }, (_, az) =>
      azPowerInterruption({
        zone: zones.apply((names) => names[az]),
        vpcId: args.network.vpcId,
        clusterName: args.cluster.clusterName,
        durationMinutes: args.durationMinutes,
        databaseScopeTags: args.database ? scopeTags : undefined,
      }),
    );
    const azRole = roleFor("az-power", azSpecs);
    this.azPowerInterruption = {};
    azSpecs.forEach((spec, az) => {
      const template = createTemplate(`az${az + 1}-power`, spec, azRole);
      this.azPowerInterruption[`az${az + 1}`] = { zone: zones.apply((names) => names[az]), templateId: template.id };
    });

    const loss = nodeLoss({ clusterName: args.cluster.clusterName, percent: args.nodeLossPercent });
    this.nodeLossTemplateId = createTemplate("node-loss", loss, roleFor("node-loss", [loss])).id;

    if (args.podStress) {
      const role = roleFor("pod-stress", []);
      const access = grantPodAccess(this, name, args.cluster.clusterName, args.podStress.namespace, role);
      const spec = podCpuStress({
        clusterName: args.cluster.clusterName,
        namespace: args.podStress.namespace,
        deploymentName: args.podStress.deploymentName,
        containerName: args.podStress.containerName,
        serviceAccount: access.serviceAccount,
        durationMinutes: args.durationMinutes,
      });
      allowExperiments(this, `${name}-pod-stress`, role, [spec], scope);
      this.podCpuStress = {
        templateId: createTemplate("pod-stress", spec, role, access.resources).id,
        serviceAccount: access.serviceAccount,
      };
    }

    if (args.regionIsolation) {
      const spec = regionIsolation({
        vpcId: args.network.vpcId,
        destinationRegion: args.regionIsolation.destinationRegion,
        destinationBucketName: args.regionIsolation.destinationBucketName,
        scopeTags,
        durationMinutes: args.durationMinutes,
      });
      this.regionIsolationTemplateId = createTemplate("region-isolation", spec, roleFor("region-isolation", [spec])).id;
    }

    this.logGroupName = logGroup.name;
    this.stopAlarmNames = stopAlarms.map((a) => pulumi.output(a.name));
    this.roleArns = Object.fromEntries(Object.entries(roles).map(([drill, role]) => [drill, role.arn]));
    this.registerOutputs({
      logGroupName: this.logGroupName,
      azPowerInterruption: this.azPowerInterruption,
      nodeLossTemplateId: this.nodeLossTemplateId,
      podCpuStress: this.podCpuStress,
      regionIsolationTemplateId: this.regionIsolationTemplateId,
      roleArns: this.roleArns,
    });
  }

  /** 5xx responses per minute as a share of requests: two bad minutes out of three stop the experiment. */
  private createStopAlarm(name: string, s: FaultExperimentsArgs["stopConditions"]): aws.cloudwatch.MetricAlarm {
    const lb = { LoadBalancer: s.loadBalancerArnSuffix };
    const metric = (id: string, metricName: string) => ({
      id,
      metric: { metricName, namespace: "AWS/ApplicationELB", dimensions: lb, period: 60, stat: "Sum" },
    });
    const topic = s.alarmTopicArn ? [s.alarmTopicArn] : [];
    return new aws.cloudwatch.MetricAlarm(
      `${name}-stop-5xx`,
      {
        name: physicalName(`${name}-stop-5xx`, pulumi.getStack(), 255),
        alarmDescription: `Stops fault-injection experiments: 5xx above ${s.max5xxPercent}% of requests in 2 of 3 minutes`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: s.max5xxPercent,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: "notBreaching",
        metricQueries: [
          {
            id: "rate",
            // The ALB publishes each 5xx count only for minutes where it is non-zero, and math over a missing
            // datapoint yields none: FILL makes a minute of ELB 502s alone (an AZ loss) count.
            expression: "100 * (FILL(elb, 0) + FILL(target, 0)) / FILL(requests, 1)",
            label: "5xx percent",
            returnData: true,
          },
          metric("elb", "HTTPCode_ELB_5XX_Count"),
          metric("target", "HTTPCode_Target_5XX_Count"),
          metric("requests", "RequestCount"),
        ],
        alarmActions: topic,
        okActions: topic,
      },
      { parent: this },
    );
  }
}
