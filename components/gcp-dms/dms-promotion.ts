import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { gcpProject } from "../gcp-data/project";
import { physicalName } from "../naming";
import { AfterPromotionJob } from "./after-promotion-job";
import { promotionWorkflow } from "./promotion-workflow";
import { PromotionSignal, PromotionSignalArgs } from "./promotion-signal";

/** Arguments of {@link DmsPromotion}. Its project is its provider's: pass `providers: { gcp }`. */
export interface DmsPromotionArgs {
  readonly region: string;
  /** The migration job's full name (`DmsContinuousReplication.migrationJobName`). */
  readonly migrationJobName: pulumi.Input<string>;
  /** The destination Cloud SQL instance's name. */
  readonly instanceName: pulumi.Input<string>;
  /** The job that readies the promoted instance for the application. */
  readonly afterPromotion: AfterPromotionJob;
  /** What starts the workflow: the uptime check of the primary's deep check. */
  readonly signal: PromotionSignalArgs;
  /**
   * Minutes the workflow waits for a person's approval before it promotes; `null`: promote without one.
   * DMS promotion is one-way (failing back is a new migration the other way), so the default asks.
   * @default 30
   */
  readonly approvalTimeoutMinutes?: number | null;
  /**
   * Principals (`group:oncall@example.com`) who may approve: `roles/workflows.invoker` on the project, which
   * holds `workflows.callbacks.send`. Project owners can always approve.
   * @default none
   */
  readonly approvers?: readonly string[];
  readonly labels?: Record<string, string>;
}

/** The project roles the workflow's service account needs, each for one step. */
export const PROMOTION_WORKFLOW_ROLES = {
  /** Read the migration job and promote it. */
  "roles/datamigration.admin": "readJob, promote",
  /** Set the promoted instance's postgres password (cloudsql.users.update). */
  "roles/cloudsql.admin": "setAdminPassword",
  /** Run the after-promotion job and wait for its execution. */
  "roles/run.developer": "afterPromotion",
  /** Write the execution's logs (sys.log: the approval request). */
  "roles/logging.logWriter": "askForApproval",
} as const;

/**
 * DmsPromotion promotes the Google Cloud secondary's database by itself, from Google Cloud: the signal
 * (components/gcp-dms/promotion-signal.ts) runs a Cloud Workflows workflow through Eventarc, which checks
 * the migration job, waits for approval when asked to, promotes the job, sets the instance's admin password
 * and runs the after-promotion job (promotion-workflow.ts). Each hop has its own service account with the
 * roles its step needs. A person can run the same workflow with `{"mode": "manual"}`, or rehearse it with
 * `{"mode": "practice"}`, which stops before promoting (docs/runbooks/failover.md).
 */
export class DmsPromotion extends pulumi.ComponentResource {
  /** The workflow's full name (`projects/<p>/locations/<r>/workflows/<id>`). */
  public readonly workflowId: pulumi.Output<string>;
  /** The workflow's short name, for `gcloud workflows run`. */
  public readonly workflowName: pulumi.Output<string>;
  public readonly signal: PromotionSignal;

  constructor(name: string, args: DmsPromotionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gcpdms:DmsPromotion", name, {}, opts);
    const approval = args.approvalTimeoutMinutes === undefined ? 30 : args.approvalTimeoutMinutes;
    if (approval !== null && (!Number.isInteger(approval) || approval < 1 || approval > 1440)) {
      throw new pulumi.ResourceError(
        `DmsPromotion ${name}: approvalTimeoutMinutes must be 1 to 1440 (a callback waits at most a day), got ${approval}`,
        this,
      );
    }
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const project = gcpProject(this);

    const account = new gcp.serviceaccount.Account(
      name,
      { accountId: physicalName(`${name}-wf`, stack, 30), displayName: "Runs the Cloud SQL promotion workflow" },
      parent,
    );
    const member = pulumi.interpolate`serviceAccount:${account.email}`;
    const grants: pulumi.Resource[] = Object.keys(PROMOTION_WORKFLOW_ROLES).map(
      (role) =>
        new gcp.projects.IAMMember(
          `${name}-${role.replace(/^roles\//, "").replace(/\./g, "-")}`,
          { project: project.projectId, role, member },
          parent,
        ),
    );
    grants.push(
      new gcp.secretmanager.SecretIamMember(
        `${name}-reads-admin-password`,
        { secretId: args.afterPromotion.adminPasswordSecret, role: "roles/secretmanager.secretAccessor", member },
        parent,
      ),
    );

    const source = pulumi
      .all([
        project.projectId,
        args.migrationJobName,
        args.instanceName,
        args.afterPromotion.jobName,
        args.afterPromotion.adminPasswordSecret,
      ])
      .apply(([projectId, migrationJob, instance, afterPromotionJob, adminPasswordSecret]) =>
        promotionWorkflow({
          migrationJob,
          afterPromotionJob,
          instance: { project: projectId, name: instance },
          adminPasswordSecret,
          approvalTimeoutSeconds: approval === null ? undefined : approval * 60,
        }),
      );
    const workflow = new gcp.workflows.Workflow(
      name,
      {
        name: physicalName(name, stack),
        region: args.region,
        description: "Promotes the Cloud SQL destination of the DMS job when the primary is lost",
        serviceAccount: account.id,
        sourceContents: source,
        // Errors only: a step's result (the admin password it reads) must never reach the logs.
        callLogLevel: "LOG_ERRORS_ONLY",
        labels: args.labels,
        deletionProtection: false,
      },
      { parent: this, dependsOn: grants },
    );

    this.signal = new PromotionSignal(`${name}-signal`, { ...args.signal, labels: args.labels }, parent);
    const trigger = new gcp.serviceaccount.Account(
      `${name}-trigger`,
      { accountId: physicalName(`${name}-tr`, stack, 30), displayName: "Starts the Cloud SQL promotion workflow" },
      parent,
    );
    const invoker = new gcp.projects.IAMMember(
      `${name}-trigger-invokes`,
      {
        project: project.projectId,
        role: "roles/workflows.invoker",
        member: pulumi.interpolate`serviceAccount:${trigger.email}`,
      },
      parent,
    );
    new gcp.eventarc.Trigger(
      name,
      {
        name: physicalName(name, stack),
        location: args.region,
        matchingCriterias: [{ attribute: "type", value: "google.cloud.pubsub.topic.v1.messagePublished" }],
        transport: { pubsub: { topic: this.signal.topicId } },
        destination: { workflow: workflow.id },
        serviceAccount: trigger.email,
        labels: args.labels,
      },
      { parent: this, dependsOn: [invoker] },
    );
    // Approving takes the callback (workflows.callbacks.send) and reading the URL the workflow logs.
    for (const approver of args.approvers ?? []) {
      const id = approver.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
      for (const role of ["roles/workflows.invoker", "roles/logging.viewer"]) {
        new gcp.projects.IAMMember(
          `${name}-approver-${id}-${role.split("/")[1]!.replace(/\./g, "-")}`,
          { project: project.projectId, role, member: approver },
          parent,
        );
      }
    }
    this.workflowId = workflow.id;
    this.workflowName = workflow.name;
    this.registerOutputs({ workflowId: this.workflowId });
  }
}
