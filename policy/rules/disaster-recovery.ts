import { computeObjectives, DrTargets, failoverPairs, formatDuration, servability } from "@dr-platform/dr";
import { alarms, facts, GraphResource, referrers, resolve } from "@dr-platform/model";
import { asGraph } from "../lib/as-graph";
import { resourceRule, stackRule } from "../lib/rule";
import { at, isUnknown, label, list, num, obj, ofType, str } from "../lib/read";
import { onSecondary, roleOf, ROOT_STACK_TYPE, T } from "../lib/sites";

/**
 * Disaster recovery: a second site that holds the data and can take the traffic, inside the stack's
 * recovery objectives. The objectives rule reuses dr/, the same arithmetic as the offline plan's report.
 */

export const secondaryReplication = () =>
  stackRule(
    {
      name: "dr-secondary-replication",
      area: "disaster-recovery",
      description:
        "The stack has a secondary site that receives database, object and queue replication from the primary.",
      severity: "critical",
      remediation:
        "run the stack as warm-standby or pilot-light with a secondary (pulumi config set drMode warm-standby).",
    },
    (resources, report) => {
      const root = ofType(resources, ROOT_STACK_TYPE)[0];
      const secondary = resources.filter(onSecondary);
      const missing: string[] = [];
      if (secondary.length === 0) {
        missing.push("no secondary site");
      } else {
        const globalMembers = ofType(resources, T.rdsCluster).filter((c) => str(c.props.globalClusterIdentifier));
        const globalDb = globalMembers.some(onSecondary) && globalMembers.some((c) => roleOf(c) === "primary");
        if (!globalDb && ofType(resources, T.migrationJob).length === 0) {
          missing.push("no database replication (an Aurora global database or a DMS continuous job)");
        }
        if (ofType(resources, T.bucketReplication, T.transferJob).length === 0) {
          missing.push("no object replication (S3 replication or a Storage Transfer job)");
        }
        if (!secondary.some((r) => r.type === T.queue || r.type === T.pubsubTopic)) {
          missing.push("no queue on the secondary (SQS or Pub/Sub)");
        }
      }
      if (missing.length > 0) {
        report(`The stack has ${missing.join("; ")}.`, root?.urn);
      }
    },
  );

export const s3ReplicationRtc = () =>
  resourceRule(
    {
      name: "s3-replication-rtc",
      area: "disaster-recovery",
      description:
        "S3 replication rules are enabled with Replication Time Control and metrics (99.99 % of objects in 15 minutes).",
      severity: "high",
      remediation: "use the BucketReplication component, which enables RTC and replication metrics on every rule.",
      related: [
        {
          id: "CKV_AWS_144",
          difference:
            "CKV_AWS_144 asks only that every bucket have an enabled replication rule; ours judges each replication rule for Replication Time Control and metrics and does not ask every bucket to replicate.",
        },
      ],
    },
    [T.bucketReplication],
    (props, report, { args }) => {
      for (const rule of list(props.rules).map(obj)) {
        const id = str(rule.id) ?? "(unnamed)";
        const problems = [
          rule.status !== "Enabled" && "the rule is not Enabled",
          at(rule, "destination.replicationTime.status") !== "Enabled" && "Replication Time Control is off",
          at(rule, "destination.metrics.status") !== "Enabled" && "replication metrics are off",
        ].filter((p): p is string => typeof p === "string");
        if (problems.length > 0) {
          report(`${label(args)} rule "${id}": ${problems.join(", ")}.`);
        }
      }
    },
  );

export const dnsFailoverPair = () =>
  stackRule(
    {
      name: "dns-failover-pair",
      area: "disaster-recovery",
      description:
        "The service name is a Route 53 failover pair: a PRIMARY record with a health check and a SECONDARY record.",
      severity: "critical",
      remediation: "let the DnsFailover component create the pair (it is created when the stack has a secondary).",
    },
    (resources, report) => {
      const graph = asGraph(resources);
      const pairs = failoverPairs(graph);
      const root = ofType(resources, ROOT_STACK_TYPE)[0];
      if (pairs.length === 0) {
        report("The stack has no Route 53 failover record, so traffic cannot move to the secondary.", root?.urn);
      }
      for (const pair of pairs) {
        if (!pair.primaryCheck) {
          report(`The PRIMARY failover record ${pair.name} has no health check.`, pair.primary.urn);
        }
        if (!pair.secondary) {
          report(`The PRIMARY failover record ${pair.name} has no SECONDARY record.`, pair.primary.urn);
        }
      }
    },
  );

export const dnsTtl = () =>
  resourceRule<{ maxTtl: number }>(
    {
      name: "dns-ttl",
      area: "disaster-recovery",
      description:
        "Records that take part in failover (they carry a routing policy or a health check) have TTL <= `maxTtl`.",
      severity: "medium",
      remediation: "lower the record's TTL (pulumi config set --path dns.ttl 60).",
      configSchema: { properties: { maxTtl: { type: "integer", minimum: 1, default: 60, description: "Seconds" } } },
    },
    [T.record],
    (props, report, { args, config }) => {
      const inFailover = list(props.failoverRoutingPolicies).length > 0 || props.healthCheckId !== undefined;
      // Alias records have no TTL of their own: Route 53 answers with the target's.
      const ttl = num(props.ttl);
      if (inFailover && ttl !== undefined && ttl > config.maxTtl) {
        report(`${label(args)} has TTL ${ttl}s; failover records need at most ${config.maxTtl}s.`);
      }
    },
  );

export const drObjectivesMet = () =>
  stackRule(
    {
      name: "dr-objectives-met",
      area: "disaster-recovery",
      description:
        "On a Region loss the failover chain holds link by link (detection, paging, decision, promotion and scale-up, TTL) within the stack's RTO, and replication within its RPO (`drTargets`).",
      severity: "critical",
      remediation:
        "fix the link named (a health check that detects, an alarm with a subscriber, a promotion the plan starts by itself), shorten dns.requestInterval / dns.failureThreshold, choose a faster replication (drMode warm-standby), or relax drTargets deliberately.",
    },
    (resources, report) => {
      const graph = asGraph(resources);
      const root = ofType(resources, ROOT_STACK_TYPE)[0];
      const targets = graph.outputs.drTargets as DrTargets | undefined;
      if (num(obj(targets).rtoSeconds) === undefined || num(obj(targets).rpoSeconds) === undefined) {
        report(
          "The stack exports no drTargets {rtoSeconds, rpoSeconds}, so its objectives cannot be judged.",
          root?.urn,
        );
        return;
      }
      const result = computeObjectives(graph, targets);
      if (result.kind === "no-failover") {
        report(`The stack cannot meet RTO ${formatDuration(targets!.rtoSeconds)}: ${result.reason}.`, root?.urn);
        return;
      }
      if (!result.meets?.rto) {
        const { rto } = result;
        const [regionLoss] = result.scenarios;
        const goal = formatDuration(targets!.rtoSeconds);
        // The recovery link's misses are the failover target's: failover-target-servable reports them in full.
        const target = "the failover target cannot be healthy before it receives traffic (failover-target-servable)";
        const links = [
          ...new Set(
            regionLoss.links.flatMap((l) => (l.name === "recovery" && l.misses.length > 0 ? [target] : l.misses)),
          ),
        ];
        const computed = Number.isFinite(rto.seconds)
          ? `Computed RTO ${rto.atLeast ? ">= " : ""}${formatDuration(rto.seconds)} (${rto.terms.map(termText).join(" + ")})`
          : "Computed RTO unbounded";
        report(
          links.length > 0
            ? `${computed} on a Region loss cannot meet the target ${goal}: ${links.join("; ")}.`
            : `${computed} exceeds the target ${goal}.`,
          root?.urn,
        );
      }
      if (!result.meets?.rpo) {
        report(
          `Computed RPO ${formatDuration(result.rpo.seconds)} exceeds the target ${formatDuration(targets!.rpoSeconds)}.`,
          root?.urn,
        );
      }
    },
  );

/** A term in the rule's words: "health check 30s", "human step A4". */
const termText = (t: { label: string; seconds: number; human?: boolean }) =>
  t.human ? t.label : `${t.label} ${formatDuration(t.seconds)}`;

export const failoverTargetServable = () =>
  stackRule(
    {
      name: "failover-target-servable",
      area: "disaster-recovery",
      description:
        "The failover target can be healthy before it receives traffic: a certificate issued without traffic (not a Google-managed one with load balancer authorization), capacity in the secondary, and, for a pilot light, a scale-up the plan starts by itself.",
      severity: "critical",
      remediation:
        "give the Google Cloud edge a Certificate Manager certificate with DNS authorization, keep node groups in the secondary, and scale a pilot light up from an ARC Region switch plan with a trigger (or run warm-standby).",
    },
    (resources, report) => {
      const graph = asGraph(resources);
      const f = facts(graph);
      const pair = f.failoverPairs.find((p) => p.secondary !== undefined);
      if (!pair) {
        // No SECONDARY to move to: dns-failover-pair reports that.
        return;
      }
      const { problems, target } = servability(f);
      if (problems.length > 0) {
        const where = target.site ? `${target.site.cloud.toUpperCase()} ${target.site.region}` : "the secondary";
        report(
          `The failover target (${where}, SECONDARY of ${pair.name}) cannot be healthy before it receives traffic, and Route 53 sends none to an unhealthy SECONDARY: ${problems.join("; ")}.`,
          pair.secondary!.urn,
        );
      }
    },
  );

export const backupRetention = () =>
  resourceRule<{ minDays: number }>(
    {
      name: "backup-retention",
      area: "disaster-recovery",
      description: "Aurora backups and AWS Backup recovery points (and their copies) are kept at least `minDays` days.",
      severity: "high",
      remediation: "raise database.backupRetentionDays (pulumi config set --path database.backupRetentionDays 14).",
      related: [
        {
          id: "CKV_AWS_133",
          difference:
            "CKV_AWS_133 passes any backup_retention_period from 1 to 35 days (and an unset one, 1 day); ours requires `minDays` (14 in prod) and also judges AWS Backup rules and their copies.",
        },
        {
          id: "AVD-AWS-0077",
          difference:
            "AVD-AWS-0077 fails only a retention under 2 days; ours requires `minDays` (14 in prod) and also judges AWS Backup rules and their copies.",
        },
      ],
      configSchema: { properties: { minDays: { type: "integer", minimum: 1, default: 14, description: "Days" } } },
    },
    [T.rdsCluster, T.backupPlan],
    (props, report, { args, config }) => {
      if (args.type === T.rdsCluster) {
        // A headless global secondary keeps no backups of its own until promoted.
        const days = num(props.backupRetentionPeriod) ?? 1;
        if (days < config.minDays) {
          report(`${label(args)} keeps backups ${days} day(s); at least ${config.minDays} are required.`);
        }
        return;
      }
      for (const rule of list(props.rules).map(obj)) {
        const kept = [
          num(at(rule, "lifecycle.deleteAfter")),
          ...list(rule.copyActions).map((a) => num(at(a, "lifecycle.deleteAfter"))),
        ];
        const shortest = Math.min(...kept.map((d) => d ?? Infinity));
        if (shortest < config.minDays) {
          report(
            `${label(args)} rule "${str(rule.ruleName) ?? "?"}" keeps recovery points ${shortest} day(s); at least ${config.minDays} are required.`,
          );
        }
      }
    },
  );

export const backupCrossRegionCopy = () =>
  stackRule(
    {
      name: "backup-cross-region-copy",
      area: "disaster-recovery",
      description: "Some AWS Backup plan copies recovery points to a vault in another region, and selects resources.",
      severity: "high",
      remediation:
        "keep the Backups component's copy to the secondary vault (it is added whenever the stack has a BackupVault).",
    },
    (resources, report) => {
      const root = ofType(resources, ROOT_STACK_TYPE)[0];
      const copying = ofType(resources, T.backupPlan).filter((plan) => {
        const region = str(plan.props.region) ?? str(plan.provider?.props.region);
        // A vault created in the same preview has no ARN yet: its region is its provider's.
        const vaultRegions = (plan.propertyDependencies.rules ?? [])
          .filter((v) => v.type === T.backupVault)
          .map((v) => str(v.props.region) ?? str(v.provider?.props.region));
        return list(plan.props.rules).some((rule) =>
          list(obj(rule).copyActions).some((a) => {
            const arn = obj(a).destinationVaultArn;
            const destinations = isUnknown(arn) ? vaultRegions : [str(arn)?.split(":")[3]];
            return destinations.some((d) => d !== undefined && d !== region);
          }),
        );
      });
      const selected = copying.filter((plan) =>
        ofType(resources, T.backupSelection).some((s) => s.dependencies.some((d) => d.urn === plan.urn)),
      );
      if (selected.length === 0) {
        report(
          copying.length === 0
            ? "No AWS Backup plan copies recovery points to another region."
            : "The cross-region backup plan selects no resources.",
          root?.urn,
        );
      }
    },
  );

/** The probe's CloudWatch namespace (components/resilience PROBE_METRIC_NAMESPACE; the pack imports no component). */
const PROBE_NAMESPACE = "Platform/ControlPlane";

/**
 * What a CloudWatch alarm watches on the failover path, read from its metric (or its metric queries' metrics):
 * a Route 53 health check, the load balancer's 5xx, database replication lag, the Kubernetes API probe.
 * Undefined for any other alarm.
 */
function failoverPathOf(alarm: GraphResource): string | undefined {
  const metrics = [
    { namespace: str(alarm.inputs.namespace), name: str(alarm.inputs.metricName) },
    ...list(alarm.inputs.metricQueries).map((q) => ({
      namespace: str(at(q, "metric.namespace")),
      name: str(at(q, "metric.metricName")),
    })),
  ];
  const watches = (namespace: string, name: RegExp) =>
    metrics.some((m) => m.namespace === namespace && m.name !== undefined && name.test(m.name));
  if (watches("AWS/Route53", /^HealthCheck/)) return "a Route 53 health check";
  if (watches("AWS/ApplicationELB", /5XX/)) return "load balancer 5xx";
  if (watches("AWS/RDS", /Replica(tion)?Lag/)) return "database replication lag";
  if (metrics.some((m) => m.namespace === PROBE_NAMESPACE)) return "the Kubernetes API probe";
  return undefined;
}

export const alarmsReachSomeone = () =>
  stackRule(
    {
      name: "alarms-reach-someone",
      area: "disaster-recovery",
      description:
        "Failover-path CloudWatch alarms (health checks, 5xx, replication lag, the API probe) notify an SNS topic with a subscription, and every Cloud Monitoring alert policy names a notification channel.",
      severity: "high",
      remediation:
        "name a notification target (pulumi config set --path alarms.email oncall@example.com, or an https URL in alarms.httpsEndpoints), and confirm the email subscription.",
    },
    (resources, report) => {
      const graph = asGraph(resources);
      const subscribed = (topic: GraphResource) => referrers(graph, topic, "topic", T.topicSubscription).length > 0;
      for (const alarm of alarms(graph)) {
        const r = alarm.resource;
        if (r.type === T.gcpAlertPolicy) {
          const channels = resolve(graph, r, "notificationChannels", T.gcpNotificationChannel);
          if (channels.length === 0 && alarm.channels.length === 0) {
            report(`${r.type} "${r.name}" has no notification channel, so its incidents page nobody.`, r.urn);
          }
          continue;
        }
        const path = failoverPathOf(r);
        const topics = alarm.subscribers.filter((t) => t.type === T.topic);
        if (path !== undefined && !topics.some(subscribed)) {
          report(
            topics.length === 0
              ? `${r.type} "${r.name}" watches ${path} but notifies no SNS topic.`
              : `${r.type} "${r.name}" watches ${path} but its SNS topic has no subscription.`,
            r.urn,
          );
        }
      }
    },
  );

export const disasterRecoveryRules = () => [
  secondaryReplication(),
  s3ReplicationRtc(),
  dnsFailoverPair(),
  dnsTtl(),
  drObjectivesMet(),
  failoverTargetServable(),
  backupRetention(),
  backupCrossRegionCopy(),
  alarmsReachSomeone(),
];
