import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { gcpProject, serviceAgentMember } from "../gcp-data/project";
import { physicalName } from "../naming";

/** Arguments of {@link PromotionSignal}. Its project is its provider's: pass `providers: { gcp }`. */
export interface PromotionSignalArgs {
  /** The primary's load balancer, asked as Route 53's checkers ask it (its DNS name, HTTPS, SNI, no name check). */
  readonly host: pulumi.Input<string>;
  /** The deep regional check's path. */
  readonly path: string;
  /**
   * Checker regions that must fail at once: fewer is one region's network, not the primary. Of the three
   * regions used, 2 by default.
   * @default 2
   */
  readonly failingRegions?: number;
  /** Other notification channels (`projects/<p>/notificationChannels/<id>`) the incident pages. @default none */
  readonly pageChannels?: pulumi.Input<string>[];
  readonly labels?: Record<string, string>;
}

/** Google's uptime checkers the signal asks from: three continents, so one region's trouble is not Seoul's. */
export const SIGNAL_CHECKER_REGIONS = ["ASIA_PACIFIC", "USA_OREGON", "EUROPE"] as const;
/** Seconds between an uptime check's requests from each region. */
export const SIGNAL_PERIOD_SECONDS = 60;
/** Seconds the failing condition must hold before the incident opens. */
export const SIGNAL_DURATION_SECONDS = 60;

/**
 * PromotionSignal is the one signal that starts the Google Cloud promotion, measured from Google Cloud so it
 * needs nothing in Seoul: a Cloud Monitoring uptime check requests the primary's deep regional check (the
 * request Route 53 makes, so both clouds judge the same answer), an alert policy opens an incident when the
 * check fails from `failingRegions` checker regions for {@link SIGNAL_DURATION_SECONDS}, and the incident is
 * published to a Pub/Sub topic that Eventarc delivers to the promotion workflow. Missing data never opens
 * the incident (a metrics gap must not promote a database with data loss).
 * @see https://cloud.google.com/monitoring/uptime-checks
 * @see https://cloud.google.com/monitoring/support/notification-options#pubsub
 */
export class PromotionSignal extends pulumi.ComponentResource {
  /** The topic the incidents are published to (`projects/<p>/topics/<id>`). */
  public readonly topicId: pulumi.Output<string>;
  /** The alert policy's resource name. */
  public readonly alertPolicyName: pulumi.Output<string>;
  public readonly uptimeCheckId: pulumi.Output<string>;

  constructor(name: string, args: PromotionSignalArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gcpdms:PromotionSignal", name, {}, opts);
    const failing = args.failingRegions ?? 2;
    if (!Number.isInteger(failing) || failing < 1 || failing > SIGNAL_CHECKER_REGIONS.length) {
      throw new pulumi.ResourceError(
        `PromotionSignal ${name}: failingRegions must be 1 to ${SIGNAL_CHECKER_REGIONS.length}, got ${failing}`,
        this,
      );
    }
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const project = gcpProject(this);

    const uptime = new gcp.monitoring.UptimeCheckConfig(
      name,
      {
        displayName: `Primary deep check (${stack})`,
        period: `${SIGNAL_PERIOD_SECONDS}s`,
        timeout: "10s",
        selectedRegions: [...SIGNAL_CHECKER_REGIONS],
        httpCheck: {
          path: args.path,
          port: 443,
          useSsl: true,
          // The load balancer's own name is not on its certificate; Route 53 does not check the name either.
          validateSsl: false,
          requestMethod: "GET",
          acceptedResponseStatusCodes: [{ statusClass: "STATUS_CLASS_2XX" }],
        },
        monitoredResource: { type: "uptime_url", labels: { project_id: project.projectId, host: args.host } },
      },
      parent,
    );
    const topic = new gcp.pubsub.Topic(
      name,
      { name: physicalName(name, stack), labels: args.labels, messageRetentionDuration: "86400s" },
      parent,
    );
    const publisher = new gcp.pubsub.TopicIAMMember(
      `${name}-monitoring-publishes`,
      {
        topic: topic.name,
        role: "roles/pubsub.publisher",
        member: serviceAgentMember(project.number, "monitoringNotifications"),
      },
      parent,
    );
    const channel = new gcp.monitoring.NotificationChannel(
      name,
      { displayName: `Promotion signal (${stack})`, type: "pubsub", labels: { topic: topic.id } },
      { parent: this, dependsOn: [publisher] },
    );
    const policy = new gcp.monitoring.AlertPolicy(
      name,
      {
        displayName: `Primary lost: promote the Cloud SQL destination (${stack})`,
        combiner: "OR",
        severity: "CRITICAL",
        conditions: [
          {
            displayName: `deep check failing from ${failing} of ${SIGNAL_CHECKER_REGIONS.length} regions`,
            conditionThreshold: {
              filter: pulumi.interpolate`metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND metric.label.check_id="${uptime.uptimeCheckId}" AND resource.type="uptime_url"`,
              comparison: "COMPARISON_GT",
              thresholdValue: failing - 1,
              duration: `${SIGNAL_DURATION_SECONDS}s`,
              aggregations: [
                {
                  alignmentPeriod: `${SIGNAL_PERIOD_SECONDS}s`,
                  perSeriesAligner: "ALIGN_NEXT_OLDER",
                  crossSeriesReducer: "REDUCE_COUNT_FALSE",
                  groupByFields: ["resource.label.*"],
                },
              ],
              trigger: { count: 1 },
              evaluationMissingData: "EVALUATION_MISSING_DATA_INACTIVE",
            },
          },
        ],
        notificationChannels: [channel.name, ...(args.pageChannels ?? [])],
        alertStrategy: { autoClose: "1800s" },
        userLabels: args.labels,
      },
      parent,
    );
    this.topicId = topic.id;
    this.alertPolicyName = policy.name;
    this.uptimeCheckId = uptime.uptimeCheckId;
    this.registerOutputs({ topicId: this.topicId, alertPolicyName: this.alertPolicyName });
  }
}
