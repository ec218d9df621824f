import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, policyDocument, Statement } from "../aws";
import { failOnProblems, intRange } from "../problems";
import { physicalName } from "../naming";
import { offHoursProblems } from "./hours-rules";
import {
  CronRule,
  NodeGroupSizes,
  OffHours,
  offHoursSizes,
  planEventBridge,
  switchesOff,
  workingHoursSizes,
} from "./schedule-plan";
import {
  alarmNameOf,
  alarmNamesInput,
  CLOUDWATCH_DISABLE_ALARM_ACTIONS,
  CLOUDWATCH_ENABLE_ALARM_ACTIONS,
  dbClusterInput,
  EKS_UPDATE_NODEGROUP_CONFIG,
  RDS_START_DB_CLUSTER,
  RDS_STOP_DB_CLUSTER,
  universalTarget,
  updateNodegroupConfigInput,
} from "./schedule-targets";

/** An EKS managed node group the schedule scales to zero and back. */
export interface ScheduledNodeGroup {
  readonly clusterName: pulumi.Input<string>;
  readonly nodeGroupName: pulumi.Input<string>;
  /** The node group's ARN: the scheduler's role may update this group and no other. */
  readonly arn: pulumi.Input<string>;
  /** The sizes it is restored to at the start of working hours. */
  readonly sizes: NodeGroupSizes;
}

/** An Aurora cluster the schedule stops and starts. It must not be in a global database or feed DMS. */
export interface ScheduledDatabase {
  readonly clusterIdentifier: pulumi.Input<string>;
  readonly clusterArn: pulumi.Input<string>;
}

/** Arguments of {@link OffHoursSchedule}. The region is the provider's: pass `provider` in opts. */
export interface OffHoursScheduleArgs {
  /** Working hours, days and holidays, wall clock in their time zone. */
  readonly hours: OffHours;
  /**
   * Node groups by key (the key becomes part of child names); those resting at zero anyway are skipped.
   * @default none
   */
  readonly nodeGroups?: Readonly<Record<string, ScheduledNodeGroup>>;
  /** The Aurora cluster to stop off hours. @default none - the database stays up */
  readonly database?: ScheduledDatabase;
  /**
   * CloudWatch alarms (ARNs, in the provider's Region) whose actions are disabled at the stop and enabled at
   * the start: the alarms of what this schedule (or another at the same hours) switches off, so a planned
   * night does not page and an unplanned one still does in working hours. The alarms keep their state.
   * @default none
   */
  readonly silencedAlarmArns?: readonly pulumi.Input<string>[];
  /**
   * How long the scheduler keeps retrying a failed call, in seconds (60 to 86400): an EKS update refused
   * while another one runs, or a cluster still starting. @default 3600
   */
  readonly retryWindowSeconds?: number;
}

/** How many times the scheduler retries a failed call: bounded, so a harmless refusal is not retried all day. */
const RETRY_ATTEMPTS = 5;

/**
 * OffHoursSchedule switches one AWS site's compute off outside working hours with EventBridge Scheduler
 * universal targets, no Lambda: `eks:updateNodegroupConfig` scales each node group to min 0 / desired 0
 * (max kept, EKS requires >= 1) and back to its configured sizes; `rds:stopDBCluster` and
 * `rds:startDBCluster` stop and start the Aurora cluster. Every schedule lives in the component's own
 * schedule group and acts through one role that may only update these node groups and stop or start this
 * cluster, and that only the scheduler may assume, for schedules of this account and group.
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
 */
export class OffHoursSchedule extends pulumi.ComponentResource {
  /** The schedule group's name. */
  public readonly groupName: pulumi.Output<string>;
  /** The role the schedules act as. */
  public readonly roleArn: pulumi.Output<string>;
  /** Every schedule's name, keyed `<target>-<rule>` (e.g. `nodes-general-az1-stop`, `database-start`). */
  public readonly scheduleNames: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: OffHoursScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:schedules:OffHoursSchedule", name, {}, opts);
    const retryWindowSeconds = args.retryWindowSeconds ?? 3600;
    const nodeGroups = Object.entries(args.nodeGroups ?? {}).filter(([, g]) => switchesOff(g.sizes));
    const silenced = args.silencedAlarmArns ?? [];
    failOnProblems(this, `OffHoursSchedule ${name}`, [
      ...offHoursProblems(args.hours),
      ...(nodeGroups.length === 0 && !args.database && silenced.length === 0
        ? [
            {
              path: "nodeGroups",
              message: "no node group above zero, no database and no alarm",
              fix: "pass something to switch off",
            },
          ]
        : []),
      ...(silenced.length > 100
        ? [{ path: "silencedAlarmArns", message: `names ${silenced.length} alarms`, fix: "pass at most 100" }]
        : []),
      ...intRange(
        "retryWindowSeconds",
        retryWindowSeconds,
        60,
        86400,
        "EventBridge Scheduler retries for 1 minute to 24 hours",
      ),
    ]);
    const plan = planEventBridge(args.hours);
    const context = awsContext(this);

    const group = new aws.scheduler.ScheduleGroup(
      name,
      { name: physicalName(name, pulumi.getStack(), 64) },
      { parent: this },
    );
    const role = new aws.iam.Role(
      name,
      {
        description: `EventBridge Scheduler: off-hours schedules of ${name}`,
        // Confused-deputy guard: only schedules of this account, in this component's group.
        assumeRolePolicy: policyDocument([
          {
            Effect: "Allow",
            Principal: { Service: "scheduler.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": context.accountId, "aws:SourceArn": group.arn } },
          },
        ]),
      },
      { parent: this },
    );
    const statements: Statement[] = [];
    if (nodeGroups.length > 0) {
      statements.push({
        Sid: "ScaleTheseNodeGroupsOnly",
        Effect: "Allow",
        Action: "eks:UpdateNodegroupConfig",
        Resource: nodeGroups.map(([, g]) => g.arn),
      });
    }
    if (args.database) {
      statements.push({
        Sid: "StopAndStartThisClusterOnly",
        Effect: "Allow",
        Action: ["rds:StopDBCluster", "rds:StartDBCluster"],
        Resource: args.database.clusterArn,
      });
    }
    if (silenced.length > 0) {
      statements.push({
        Sid: "SilenceTheseAlarmsOnly",
        Effect: "Allow",
        Action: ["cloudwatch:DisableAlarmActions", "cloudwatch:EnableAlarmActions"],
        Resource: [...silenced],
      });
    }
    const policy = new aws.iam.RolePolicy(
      name,
      { role: role.id, policy: policyDocument(statements) },
      { parent: this },
    );

    this.scheduleNames = {};
    const schedule = (target: string, rule: CronRule, arn: pulumi.Input<string>, input: pulumi.Input<string>) => {
      const key = `${target}-${rule.key}`;
      const created = new aws.scheduler.Schedule(
        `${name}-${key}`,
        {
          // Unique within the group, which is already the stack's; hashed when longer than 64.
          name: physicalName(target, rule.key, 64),
          groupName: group.name,
          description: `${key} (${plan.timeZone})`,
          scheduleExpression: rule.expression,
          scheduleExpressionTimezone: plan.timeZone,
          flexibleTimeWindow: { mode: "OFF" },
          target: {
            arn,
            roleArn: role.arn,
            input,
            retryPolicy: { maximumEventAgeInSeconds: retryWindowSeconds, maximumRetryAttempts: RETRY_ATTEMPTS },
          },
        },
        // The first run must find its permissions in place.
        { parent: this, dependsOn: [policy] },
      );
      this.scheduleNames[key] = created.name;
    };

    const target = (service: "eks" | "rds" | "cloudwatch", action: string) =>
      context.partition.apply((partition) => universalTarget(partition, service, action));
    for (const [key, g] of nodeGroups) {
      const input = (sizes: NodeGroupSizes) =>
        pulumi
          .all([g.clusterName, g.nodeGroupName])
          .apply(([cluster, nodegroup]) => JSON.stringify(updateNodegroupConfigInput(cluster, nodegroup, sizes)));
      for (const rule of plan.stop) {
        schedule(`nodes-${key}`, rule, target("eks", EKS_UPDATE_NODEGROUP_CONFIG), input(offHoursSizes(g.sizes)));
      }
      for (const rule of plan.start) {
        schedule(`nodes-${key}`, rule, target("eks", EKS_UPDATE_NODEGROUP_CONFIG), input(workingHoursSizes(g.sizes)));
      }
    }
    if (args.database) {
      const input = pulumi.output(args.database.clusterIdentifier).apply((id) => JSON.stringify(dbClusterInput(id)));
      for (const rule of plan.stop) {
        schedule("database", rule, target("rds", RDS_STOP_DB_CLUSTER), input);
      }
      for (const rule of plan.start) {
        schedule("database", rule, target("rds", RDS_START_DB_CLUSTER), input);
      }
    }

    if (silenced.length > 0) {
      const input = pulumi.all([...silenced]).apply((arns) => JSON.stringify(alarmNamesInput(arns.map(alarmNameOf))));
      for (const rule of plan.stop) {
        schedule("alarms", rule, target("cloudwatch", CLOUDWATCH_DISABLE_ALARM_ACTIONS), input);
      }
      for (const rule of plan.start) {
        schedule("alarms", rule, target("cloudwatch", CLOUDWATCH_ENABLE_ALARM_ACTIONS), input);
      }
    }

    this.groupName = group.name;
    this.roleArn = role.arn;
    this.registerOutputs({ groupName: this.groupName, roleArn: this.roleArn, scheduleNames: this.scheduleNames });
  }
}
