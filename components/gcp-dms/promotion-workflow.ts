import { stringify } from "yaml";

/** What {@link promotionWorkflow} promotes and runs. */
export interface PromotionWorkflowArgs {
  /** The migration job's full resource name: `projects/<p>/locations/<r>/migrationJobs/<id>`. */
  readonly migrationJob: string;
  /** The after-promotion Cloud Run job's full resource name: `projects/<p>/locations/<r>/jobs/<id>`. */
  readonly afterPromotionJob: string;
  /** The promoted Cloud SQL instance: its `postgres` password is set before the job logs in as it. */
  readonly instance: { readonly project: string; readonly name: string };
  /** The Secret Manager secret (`projects/<p>/secrets/<id>`) holding that password. */
  readonly adminPasswordSecret: string;
  /**
   * Wait this long for a person's approval (an authenticated POST to the execution's callback URL, which the
   * workflow logs at ALERT severity) before promoting; no approval in time ends the run without promoting.
   * Absent: promote as soon as the signal arrives.
   */
  readonly approvalTimeoutSeconds?: number;
}

/** What an execution's argument may say besides the Pub/Sub event Eventarc delivers. */
export const PROMOTION_RUN_MODES = {
  /** A person started it (the runbook): no incident to read. */
  manual: "manual",
  /** A practice run: every check and the approval, then stop before promoting. */
  practice: "practice",
} as const;

type Step = Record<string, unknown>;

/**
 * The Cloud Workflows source that promotes the Cloud SQL destination when the primary is lost. One signal
 * starts it: the alert policy on the uptime check of the primary's deep check opens an incident, Cloud
 * Monitoring publishes it to a Pub/Sub topic, and Eventarc runs this workflow with the message (all in
 * Google Cloud: neither Seoul nor a person has to be there). It then:
 * 1. reads the incident and stops unless it is `open` (a closing incident runs it too);
 * 2. reads the migration job and stops unless it is RUNNING in its CDC phase (already promoted, or never
 *    caught up: promoting a job still dumping would lose the rest);
 * 3. waits for approval when configured (DMS promotion is one-way, so Google Cloud stacks approve by default);
 * 4. stops here on a practice run;
 * 5. promotes the job (the connector waits for the long-running operation);
 * 6. sets the promoted instance's `postgres` password from Secret Manager through the Cloud SQL Admin API
 *    (a replica's users cannot be changed, a primary's can; the value never enters the execution's logs);
 * 7. runs the after-promotion job (the application's login, object owners, sequences), and waits for it.
 * @see https://cloud.google.com/workflows/docs/reference/googleapis/datamigration/Overview
 * @see https://cloud.google.com/workflows/docs/creating-callback-endpoints
 * @see https://cloud.google.com/monitoring/support/notification-options#pubsub
 */
export function promotionWorkflow(args: PromotionWorkflowArgs): string {
  const steps: Step[] = [
    {
      init: {
        assign: [
          { job: args.migrationJob },
          { afterPromotionJob: args.afterPromotionJob },
          { mode: '${default(map.get(event, "mode"), "signal")}' },
        ],
      },
    },
    {
      readSignal: {
        switch: [
          {
            condition: '${mode == "signal"}',
            assign: [{ incident: "${json.decode(base64.decode(event.data.message.data)).incident}" }],
            next: "checkIncident",
          },
        ],
        next: "readJob",
      },
    },
    {
      checkIncident: {
        switch: [
          { condition: '${incident.state != "open"}', return: '${"incident " + incident.state + ": nothing to do"}' },
        ],
      },
    },
    {
      readJob: {
        call: "googleapis.datamigration.v1.projects.locations.migrationJobs.get",
        args: { name: "${job}" },
        result: "migration",
      },
    },
    {
      checkJob: {
        switch: [
          {
            condition: '${migration.state != "RUNNING" or map.get(migration, "phase") != "CDC"}',
            return: '${"migration job " + migration.state + ": nothing to promote"}',
          },
        ],
      },
    },
    // A person who runs it by hand has made the decision the approval asks for: no second approval.
    ...(args.approvalTimeoutSeconds === undefined
      ? []
      : [
          {
            decidedByHand: {
              switch: [{ condition: `\${mode == "${PROMOTION_RUN_MODES.manual}"}`, next: "stopIfPractice" }],
            },
          },
          ...approvalSteps(args.approvalTimeoutSeconds),
        ]),
    {
      stopIfPractice: {
        switch: [
          {
            condition: `\${mode == "${PROMOTION_RUN_MODES.practice}"}`,
            return: "practice run: the job can be promoted and the approval works; nothing promoted",
          },
        ],
      },
    },
    {
      promote: {
        call: "googleapis.datamigration.v1.projects.locations.migrationJobs.promote",
        args: { name: "${job}" },
        result: "promoted",
      },
    },
    {
      readAdminPassword: {
        call: "googleapis.secretmanager.v1.projects.secrets.versions.accessString",
        args: { secret_id: secretId(args.adminPasswordSecret), project_id: args.instance.project },
        result: "adminPassword",
      },
    },
    {
      setAdminPassword: {
        call: "googleapis.sqladmin.v1.users.update",
        args: {
          project: args.instance.project,
          instance: args.instance.name,
          name: "postgres",
          body: { password: "${adminPassword}" },
        },
      },
    },
    {
      afterPromotion: {
        call: "googleapis.run.v2.projects.locations.jobs.run",
        args: { name: "${afterPromotionJob}" },
        result: "setupRun",
      },
    },
    { done: { return: '${"promoted " + job + "; after-promotion setup " + setupRun.name}' } },
  ];
  return stringify({ main: { params: ["event"], steps } }, { lineWidth: 0 });
}

/** The secret's id, from `projects/<p>/secrets/<id>`. */
function secretId(secret: string): string {
  const id = /^projects\/[^/]+\/secrets\/([^/]+)$/.exec(secret)?.[1];
  if (id === undefined) {
    throw new Error(`adminPasswordSecret must be projects/<project>/secrets/<id>, got "${secret}"`);
  }
  return id;
}

/** A callback URL, logged for the approver, awaited until the timeout; a timeout ends the run unpromoted. */
function approvalSteps(timeoutSeconds: number): Step[] {
  return [
    {
      createApproval: {
        call: "events.create_callback_endpoint",
        args: { http_callback_method: "POST" },
        result: "approval",
      },
    },
    {
      askForApproval: {
        call: "sys.log",
        args: {
          severity: "ALERT",
          json: {
            message: "promotion of the Cloud SQL destination waits for approval",
            migrationJob: "${job}",
            approve:
              '${"curl -X POST -H \\"Authorization: Bearer $(gcloud auth print-access-token)\\" " + approval.url}',
          },
        },
      },
    },
    {
      awaitApproval: {
        try: {
          call: "events.await_callback",
          args: { callback: "${approval}", timeout: timeoutSeconds },
          result: "approved",
        },
        except: {
          as: "e",
          steps: [
            {
              notApproved: {
                switch: [
                  { condition: '${"TimeoutError" in e.tags}', return: "not approved in time: nothing promoted" },
                ],
                next: "reraise",
              },
            },
            { reraise: { raise: "${e}" } },
          ],
        },
      },
    },
  ];
}
