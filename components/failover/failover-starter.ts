import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, policyDocument, serviceTrust } from "../aws";
import { healthStatusAlarmArgs } from "../dns/health-status-alarm";

/**
 * The event a CloudWatch alarm sends EventBridge when it changes state, narrowed to one alarm going to ALARM.
 * EventBridge receives these whether or not the alarm's actions are enabled.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
export function alarmStateChangePattern(alarmNames: readonly string[]): string {
  return JSON.stringify({
    source: ["aws.cloudwatch"],
    "detail-type": ["CloudWatch Alarm State Change"],
    detail: { alarmName: [...alarmNames], state: { value: ["ALARM"] } },
  });
}

/** The Step Functions AWS SDK integration that starts a Region switch plan (docs/sources.md#failover-starter). */
export const START_PLAN_TASK = "arn:aws:states:::aws-sdk:arcregionswitch:startPlanExecution";

/**
 * The state machine's definition: one task that starts the plan's `activate` workflow for `targetRegion` in
 * ungraceful mode (a lost Region cannot switch over), retried twice on any failure.
 */
export function starterDefinition(planArn: string, targetRegion: string, alarmName: string): string {
  return JSON.stringify({
    Comment: `Starts the Region switch plan for ${targetRegion} when ${alarmName} goes to ALARM`,
    StartAt: "StartPlan",
    States: {
      StartPlan: {
        Type: "Task",
        Resource: START_PLAN_TASK,
        Parameters: {
          PlanArn: planArn,
          TargetRegion: targetRegion,
          Action: "activate",
          Mode: "ungraceful",
          Comment: `started by ${alarmName}`,
        },
        // Any failure is retried twice (a throttle, a transient error; a refusal fails again and the execution
        // fails, which the runbook's list-plan-executions check shows).
        Retry: [{ ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 2 }],
        End: true,
      },
    },
  });
}

/** Arguments of {@link FailoverStarter}. */
export interface FailoverStarterArgs {
  /**
   * The health check whose failure starts the plan: the PRIMARY's endpoint check (its deep check from all
   * checker regions), never the calculated check the record follows, whose manual override a person inverts
   * for a planned move or a pin: that must not start a lossy failover.
   */
  readonly healthCheckId: pulumi.Input<string>;
  /**
   * Other alarms whose ALARM also starts it (any one is enough), e.g. the checker-quorum alarm, which sees a
   * partial partition the endpoint check calls healthy. They must not treat missing data as breaching.
   * @default none
   */
  readonly alsoOnAlarmNames?: readonly pulumi.Input<string>[];
  readonly planArn: pulumi.Input<string>;
  /** The Region the plan activates; the state machine runs there, since ARC's data plane is called in it. */
  readonly targetRegion: string;
  /** The topic that pages when the starter's alarm fires (it is on the failover path). */
  readonly alarmTopicArn: pulumi.Input<string>;
  /**
   * A topic in the target Region, which the starter's own failures page: the state machine's failed executions
   * and the start rule's failed invocations (a starter that fails silently is no starter). The forward rule's
   * failed invocations page `alarmTopicArn`, in us-east-1.
   * @default none: only the forward rule's failures page
   */
  readonly targetAlarmTopicArn?: pulumi.Input<string>;
  /** Minutes the check must stay unhealthy before the plan starts. @default 1 */
  readonly evaluationMinutes?: number;
  /** The target Region's provider: the state machine and its rule. */
  readonly targetProvider: pulumi.ProviderResource;
}

/**
 * FailoverStarter starts the Region switch plan by itself, from outside Seoul, in ungraceful mode: an alarm on
 * the PRIMARY's Route 53 health check (in us-east-1, where Route 53's metrics are), an EventBridge rule there
 * that forwards the alarm's state change to the target Region's event bus, a rule there, and a Step Functions
 * state machine that calls `StartPlanExecution` in that Region. An ARC trigger would start the plan too, but
 * a trigger carries no execution mode, and only an ungraceful run fails the database over without the lost
 * Region (docs/sources.md#arc-region-switch-triggers). The alarm treats missing data as not breaching: a gap
 * in Route 53's metrics must never fail a Region over with data loss. Create it with the us-east-1 provider.
 */
export class FailoverStarter extends pulumi.ComponentResource {
  public readonly alarmName: pulumi.Output<string>;
  public readonly stateMachineArn: pulumi.Output<string>;

  constructor(name: string, args: FailoverStarterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:failover:FailoverStarter", name, {}, opts);
    const here = { parent: this };
    const there = { parent: this, provider: args.targetProvider };
    const minutes = args.evaluationMinutes ?? 1;

    // A gap in Route 53's metrics must never fail a Region over with data loss: missing data is not breaching.
    const alarm = new aws.cloudwatch.MetricAlarm(
      name,
      healthStatusAlarmArgs({
        healthCheckId: args.healthCheckId,
        description: `Starts the Region switch plan for ${args.targetRegion}: the PRIMARY has been unhealthy for ${minutes} min`,
        topicArn: args.alarmTopicArn,
        minutes,
        treatMissingData: "notBreaching",
      }),
      here,
    );
    const pattern = pulumi.all([alarm.name, ...(args.alsoOnAlarmNames ?? [])]).apply(alarmStateChangePattern);
    const target = awsContext(this);
    const targetBus = pulumi.interpolate`arn:${target.partition}:events:${args.targetRegion}:${target.accountId}:event-bus/default`;

    // us-east-1 -> the target Region's default bus.
    const forwardRole = new aws.iam.Role(
      `${name}-forward`,
      { assumeRolePolicy: serviceTrust("events.amazonaws.com", "sts:AssumeRole") },
      here,
    );
    new aws.iam.RolePolicy(
      `${name}-forward`,
      {
        role: forwardRole.id,
        policy: policyDocument([
          { Sid: "ForwardToTheTargetBus", Effect: "Allow", Action: "events:PutEvents", Resource: targetBus },
        ]),
      },
      here,
    );
    const forward = new aws.cloudwatch.EventRule(
      `${name}-forward`,
      { description: "Forwards the starter alarm's ALARM to the target Region", eventPattern: pattern },
      here,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-forward`,
      { rule: forward.name, arn: targetBus, roleArn: forwardRole.arn },
      here,
    );

    // In the target Region: the state machine that starts the plan, and the rule that runs it.
    const machineRole = new aws.iam.Role(
      `${name}-machine`,
      { assumeRolePolicy: serviceTrust("states.amazonaws.com", "sts:AssumeRole") },
      here,
    );
    const machinePolicy = new aws.iam.RolePolicy(
      `${name}-machine`,
      {
        role: machineRole.id,
        policy: policyDocument([
          {
            Sid: "StartThisPlan",
            Effect: "Allow",
            Action: "arc-region-switch:StartPlanExecution",
            Resource: args.planArn,
          },
        ]),
      },
      here,
    );
    const machine = new aws.sfn.StateMachine(
      name,
      {
        roleArn: machineRole.arn,
        type: "STANDARD",
        definition: pulumi
          .all([args.planArn, alarm.name])
          .apply(([plan, alarmName]) => starterDefinition(plan, args.targetRegion, alarmName)),
      },
      { ...there, dependsOn: [machinePolicy] },
    );
    const startRole = new aws.iam.Role(
      `${name}-start`,
      { assumeRolePolicy: serviceTrust("events.amazonaws.com", "sts:AssumeRole") },
      here,
    );
    new aws.iam.RolePolicy(
      `${name}-start`,
      {
        role: startRole.id,
        policy: policyDocument([
          { Sid: "RunTheStarter", Effect: "Allow", Action: "states:StartExecution", Resource: machine.arn },
        ]),
      },
      here,
    );
    const start = new aws.cloudwatch.EventRule(
      `${name}-start`,
      { description: "Runs the starter when the forwarded alarm goes to ALARM", eventPattern: pattern },
      there,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-start`,
      { rule: start.name, arn: machine.arn, roleArn: startRole.arn },
      there,
    );

    // The starter's own failures page: any failed hop means the plan did not start.
    const failures = (
      short: string,
      namespace: string,
      metricName: string,
      dimensions: Record<string, pulumi.Input<string>>,
      topic: pulumi.Input<string>,
      opts: pulumi.CustomResourceOptions,
    ) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${short}`,
        {
          alarmDescription: `The failover starter's ${short.replace(/-/g, " ")}: the Region switch plan may not have started; start it by hand (runbook A4)`,
          namespace,
          metricName,
          dimensions,
          statistic: "Sum",
          period: 60,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [topic],
          okActions: [topic],
        },
        opts,
      );
    failures("forward-failed", "AWS/Events", "FailedInvocations", { RuleName: forward.name }, args.alarmTopicArn, here);
    if (args.targetAlarmTopicArn !== undefined) {
      failures(
        "start-failed",
        "AWS/Events",
        "FailedInvocations",
        { RuleName: start.name },
        args.targetAlarmTopicArn,
        there,
      );
      failures(
        "execution-failed",
        "AWS/States",
        "ExecutionsFailed",
        { StateMachineArn: machine.arn },
        args.targetAlarmTopicArn,
        there,
      );
    }

    this.alarmName = alarm.name;
    this.stateMachineArn = machine.arn;
    this.registerOutputs({ alarmName: this.alarmName, stateMachineArn: this.stateMachineArn });
  }
}
