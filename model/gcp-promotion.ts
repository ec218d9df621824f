import { cloudResources, Graph, GraphResource } from "./graph";
import { T } from "./catalogue";
import { at, list, obj, str } from "./read";
import { referrers, resolve } from "./resolve";

/**
 * The Google Cloud promotion that runs itself (components/gcp-dms): an uptime check of the primary, an alert
 * policy on it publishing to a Pub/Sub channel, an Eventarc trigger from that topic to a Cloud Workflows
 * workflow that promotes a DMS migration job of this plan. Read from the graph link by link, so a broken
 * link shows as no promotion rather than an assumed one.
 */
export interface GcpPromotion {
  readonly workflow: GraphResource;
  /** The workflow waits for a person's callback before it promotes. */
  readonly approval: boolean;
  readonly uptimeCheck: GraphResource;
  readonly policy: GraphResource;
  /** Seconds between the uptime check's requests. */
  readonly periodSeconds: number;
  /** Seconds the alert condition must hold. */
  readonly durationSeconds: number;
  /** The uptime check asks a load balancer of the primary site (not the failover name, which moves). */
  readonly asksPrimary: boolean;
  /** The condition treats missing data as failing (a metrics gap would promote the database). */
  readonly missingDataFires: boolean;
}

/** "60s" -> 60. */
const seconds = (v: unknown): number | undefined => {
  const m = /^(\d+)s$/.exec(str(v) ?? "");
  return m ? Number(m[1]) : undefined;
};

/** The promotions of a graph whose every link resolves; `primaryLoadBalancers` are the primary site's. */
export function gcpPromotions(g: Graph, primaryLoadBalancers: ReadonlySet<GraphResource>): GcpPromotion[] {
  const jobs = new Set(cloudResources(g).filter((r) => r.type === T.migrationJob));
  return cloudResources(g)
    .filter((w) => w.type === T.gcpWorkflow && /migrationJobs\.promote/.test(str(w.inputs.sourceContents) ?? ""))
    .filter((w) => resolve(g, w, "sourceContents", T.migrationJob).some((j) => jobs.has(j)))
    .flatMap((workflow) => {
      const topics = referrers(g, workflow, "destination", T.gcpEventarcTrigger).flatMap((t) =>
        resolve(g, t, "transport", T.pubsubTopic),
      );
      const channels = cloudResources(g).filter(
        (c) =>
          c.type === T.gcpNotificationChannel &&
          str(c.inputs.type) === "pubsub" &&
          resolve(g, c, "labels", T.pubsubTopic).some((t) => topics.includes(t)),
      );
      const policies = [...new Set(channels.flatMap((c) => referrers(g, c, "notificationChannels", T.gcpAlertPolicy)))];
      return policies.flatMap((policy) => {
        const uptime = resolve(g, policy, "conditions", T.gcpUptimeCheck)[0];
        const condition = obj(obj(list(policy.inputs.conditions)[0]).conditionThreshold);
        const period = seconds(uptime?.inputs.period);
        const duration = seconds(condition.duration) ?? 0;
        if (!uptime || period === undefined) {
          return [];
        }
        return [
          {
            workflow,
            approval: /events\.await_callback/.test(str(workflow.inputs.sourceContents) ?? ""),
            uptimeCheck: uptime,
            policy,
            periodSeconds: period,
            durationSeconds: duration,
            asksPrimary: resolve(g, uptime, "monitoredResource", T.loadBalancer).some((lb) =>
              primaryLoadBalancers.has(lb),
            ),
            missingDataFires: str(at(condition, "evaluationMissingData")) === "EVALUATION_MISSING_DATA_ACTIVE",
          },
        ];
      });
    });
}
