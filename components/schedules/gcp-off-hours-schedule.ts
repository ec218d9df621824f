import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { failOnProblems, intRange } from "../problems";
import { gcpProject } from "../gcp-data/project";
import { physicalName } from "../naming";
import { offHoursProblems } from "./hours-rules";
import { cloudSchedulerCron, OffHours } from "./schedule-plan";
import { GoogleApiCall, NodePoolRef, setActivationPolicy, setAutoscaling, setSize } from "./schedule-targets";

/** The GKE node pool the schedule holds at zero nodes off hours. */
export interface ScheduledNodePool {
  readonly clusterName: pulumi.Input<string>;
  /** The cluster's location: its region for a regional cluster. */
  readonly location: string;
  readonly nodePoolName: pulumi.Input<string>;
  /** The pool's autoscaling limits (per zone), restored at the start of working hours. */
  readonly minNodesPerZone: number;
  readonly maxNodesPerZone: number;
}

/** Arguments of {@link GcpOffHoursSchedule}. Pass `providers: { gcp, random }` in opts. */
export interface GcpOffHoursScheduleArgs {
  /** Working hours and days, wall clock in their time zone. Holidays are not applied (no year in unix-cron). */
  readonly hours: OffHours;
  /** The Cloud Scheduler region the jobs run in (jobs are regional): the site's. */
  readonly region: string;
  /** @default none */
  readonly nodePool?: ScheduledNodePool;
  /** A standalone Cloud SQL instance to stop; never a replica (NEVER is refused) or a DMS destination. @default none */
  readonly cloudSql?: { readonly instanceName: pulumi.Input<string> };
  /**
   * Minutes between the two calls of a node pool change: GKE runs one operation per cluster at a time,
   * and turning the autoscaler off can restart the control plane. @default 10
   */
  readonly stepMinutes?: number;
}

const CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

/** The narrowest permissions each call needs: GKE authorises node pool changes as cluster updates. */
export const GKE_SCHEDULE_PERMISSIONS = ["container.clusters.get", "container.clusters.update"];
export const CLOUD_SQL_SCHEDULE_PERMISSIONS = ["cloudsql.instances.get", "cloudsql.instances.update"];

/**
 * GcpOffHoursSchedule switches the Google Cloud site's compute off outside working hours with Cloud
 * Scheduler HTTP jobs that call Google APIs with an OAuth token of a dedicated service account. The node
 * pool's autoscaler is turned off and the pool resized to zero (an autoscaler left on would add nodes
 * back for the pending pods); in the morning the autoscaler returns with the configured limits, and the
 * floor is set at once when it is above zero. Cloud SQL is stopped and started through its activation
 * policy. The account holds two custom roles and nothing else: cluster get/update on the project (GKE
 * has no per-cluster IAM), and instance get/update conditioned on the one Cloud SQL instance.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-autoscaler
 * @see https://cloud.google.com/scheduler/docs/http-target-auth
 */
export class GcpOffHoursSchedule extends pulumi.ComponentResource {
  /** The service account the jobs call the APIs as. */
  public readonly serviceAccountEmail: pulumi.Output<string>;
  /** Every job's name, keyed like the child names (`pool-stop-autoscaling`, `database-start`, ...). */
  public readonly jobNames: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: GcpOffHoursScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:schedules:GcpOffHoursSchedule", name, {}, opts);
    const stepMinutes = args.stepMinutes ?? 10;
    failOnProblems(this, `GcpOffHoursSchedule ${name}`, [
      ...offHoursProblems(args.hours),
      ...(!args.nodePool && !args.cloudSql
        ? [{ path: "nodePool", message: "no node pool and no Cloud SQL instance", fix: "pass something to switch off" }]
        : []),
      ...intRange("stepMinutes", stepMinutes, 1, 60, "the second call of a change follows the first within the hour"),
    ]);
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const project = gcpProject(this).projectId;
    const { hours } = args;

    const account = new gcp.serviceaccount.Account(
      name,
      { accountId: physicalName(name, stack, 30), displayName: `Off-hours schedules of ${name} (${stack})` },
      parent,
    );
    // A deleted custom role keeps its ID for up to 37 days, so a stack destroyed and restored within that
    // window could not create it again: the suffix makes each incarnation's ID new.
    const suffix = new random.RandomId(`${name}-role`, { byteLength: 3 }, parent);
    const grant = (
      key: string,
      title: string,
      permissions: string[],
      condition?: gcp.types.input.projects.IAMMemberCondition,
    ) => {
      const role = new gcp.projects.IAMCustomRole(
        `${name}-${key}`,
        {
          project,
          roleId: pulumi.interpolate`${physicalName(`${name}-${key}`, stack, 56).replace(/-/g, "_")}_${suffix.hex}`,
          title: `${title} (${stack})`,
          permissions,
        },
        parent,
      );
      return new gcp.projects.IAMMember(
        `${name}-${key}`,
        { project, role: role.name, member: account.member, condition },
        parent,
      );
    };

    this.jobNames = {};
    const job = (key: string, schedule: string, call: pulumi.Output<GoogleApiCall>, after: pulumi.Resource) => {
      const created = new gcp.cloudscheduler.Job(
        `${name}-${key}`,
        {
          name: physicalName(`${name}-${key}`, stack),
          region: args.region,
          description: `${key} (${hours.timeZone})`,
          schedule,
          timeZone: hours.timeZone,
          // The APIs answer at once with an operation; the work itself runs on.
          attemptDeadline: "60s",
          // GKE refuses a call while another operation runs on the cluster (an upgrade, the previous step).
          retryConfig: {
            retryCount: 5,
            minBackoffDuration: "60s",
            maxBackoffDuration: "600s",
            maxRetryDuration: "3600s",
          },
          httpTarget: {
            httpMethod: call.method,
            uri: call.uri,
            body: call.apply((c) => Buffer.from(JSON.stringify(c.body)).toString("base64")),
            headers: { "Content-Type": "application/json" },
            oauthToken: { serviceAccountEmail: account.email, scope: CLOUD_PLATFORM },
          },
        },
        { parent: this, dependsOn: [after] },
      );
      this.jobNames[key] = created.name;
    };

    const pool = args.nodePool;
    if (pool) {
      const member = grant("gke", "Off-hours node pool scaling", GKE_SCHEDULE_PERMISSIONS);
      const ref = pulumi
        .all([project, pool.clusterName, pool.nodePoolName])
        .apply(([p, cluster, nodePool]): NodePoolRef => ({ project: p, location: pool.location, cluster, nodePool }));
      const limits = { minNodesPerZone: pool.minNodesPerZone, maxNodesPerZone: pool.maxNodesPerZone };
      job(
        "pool-stop-autoscaling",
        cloudSchedulerCron(hours.stop, "daily"),
        ref.apply((r) => setAutoscaling(r, "off")),
        member,
      );
      job(
        "pool-stop-size",
        cloudSchedulerCron(hours.stop, "daily", stepMinutes),
        ref.apply((r) => setSize(r, 0)),
        member,
      );
      job(
        "pool-start-autoscaling",
        cloudSchedulerCron(hours.start, hours.workingDays),
        ref.apply((r) => setAutoscaling(r, limits)),
        member,
      );
      // With a floor of zero the autoscaler adds what the pending pods need; a floor above zero is set at once.
      if (pool.minNodesPerZone > 0) {
        const schedule = cloudSchedulerCron(hours.start, hours.workingDays, stepMinutes);
        job(
          "pool-start-size",
          schedule,
          ref.apply((r) => setSize(r, pool.minNodesPerZone)),
          member,
        );
      }
    }
    if (args.cloudSql) {
      const instance = pulumi.output(args.cloudSql.instanceName);
      const member = grant("sql", "Off-hours Cloud SQL stop and start", CLOUD_SQL_SCHEDULE_PERMISSIONS, {
        title: "this instance only",
        expression: pulumi.interpolate`resource.type == "sqladmin.googleapis.com/Instance" && resource.name == "projects/${project}/instances/${instance}"`,
      });
      const call = (policy: "NEVER" | "ALWAYS") =>
        pulumi.all([project, instance]).apply(([p, i]) => setActivationPolicy(p, i, policy));
      job("database-stop", cloudSchedulerCron(hours.stop, "daily"), call("NEVER"), member);
      job("database-start", cloudSchedulerCron(hours.start, hours.workingDays), call("ALWAYS"), member);
    }

    this.serviceAccountEmail = account.email;
    this.registerOutputs({ serviceAccountEmail: this.serviceAccountEmail, jobNames: this.jobNames });
  }
}
