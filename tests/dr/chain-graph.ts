import { ROUTE53_CHECKER_REGIONS } from "../../lib/route53";
import { CONFIG_MAP_TYPE, CERTIFICATE_TYPES, Graph, T } from "@dr-platform/model";
import { handGraph, ref, Spec } from "../hand-graph";

/**
 * Hand-built graphs of the failover chain for the DR model's tests: the DnsFailover shape (a calculated check
 * per record over an HTTPS endpoint check, a checker-quorum metric check and a manual override), the deep
 * in-site check's ConfigMap (components/health's contract), the alarms and who they page, the secondary's
 * capacity and certificate, and an ARC Region switch plan. Every option changes one link, so a test names
 * exactly what it breaks.
 */

export interface ChainOptions {
  /** The secondary: AWS Tokyo (Aurora global) or Google Cloud (DMS). @default "aws" */
  readonly secondary?: "aws" | "gcp";
  /** Minimum nodes per secondary node group or pool; undefined: none at all. @default 1 */
  readonly secondaryMin?: number | undefined;
  /** The PRIMARY record follows a calculated check (endpoint, quorum, override), or the endpoint check itself. @default "calculated" */
  readonly tree?: "calculated" | "endpoint";
  /** The calculated check's children: "all" (endpoint, quorum, override) or without one of them. @default "all" */
  readonly without?: "quorum" | "override";
  /** childHealthThreshold of the calculated check. @default every child */
  readonly childThreshold?: number;
  /** The endpoint check's path. @default the deep check's "/healthz/region" */
  readonly path?: string;
  readonly interval?: number;
  readonly threshold?: number;
  /** Checker regions. @default all eight */
  readonly regions?: readonly string[];
  /** The quorum alarm's threshold (percent). @default 50 */
  readonly quorumPercent?: number;
  /** Deep checks: in both sites, only the primary, or none. @default "both" */
  readonly deep?: "both" | "primary" | "none";
  /** The primary deep check's database host. @default the reader endpoint */
  readonly dbHost?: string;
  /** The primary deep check's postgres probe is role-aware (has a query). @default true */
  readonly roleAware?: boolean;
  /** The secondary deep check is role-aware too (healthy only where the writer is). @default false */
  readonly secondaryRoleAware?: boolean;
  /** The deep checks' resolver. @default the VPC's base + 2 */
  readonly resolver?: string;
  /** The deep check's config.json text, to replace (e.g. an unknown). */
  readonly deepConfigText?: string;
  /** The failover-path alarm: on the calculated check, with a subscribed topic. */
  readonly alarm?: "subscribed" | "no-subscription" | "no-topic" | "none" | "wrong-region";
  /** The primary load balancer's AZs. @default 3 */
  readonly zones?: number;
  /** The GCP edge's certificate. @default "dns-authorized" */
  readonly certificate?: "dns-authorized" | "load-balancer-authorized" | "classic-ssl" | "gke-managed" | "none";
  /**
   * An ARC Region switch plan (AWS secondary): none, without a trigger, triggered by the health alarm (an
   * ARC trigger), or started by a starter (components/failover: a rule in us-east-1 forwarding the alarm to
   * Tokyo, a rule there running a state machine that starts the plan ungracefully).
   */
  readonly plan?: "none" | "untriggered" | "triggered" | "started";
  /** The plan's Aurora step behaviour. @default "switchoverOnly" */
  readonly auroraBehavior?: "switchoverOnly" | "failover";
  /** Replicas of a Deployment the secondary's cluster always runs (its service, its deep check). @default none */
  readonly steadyPods?: number;
  /**
   * The starter's forward (us-east-1 to Tokyo): as components/failover renders it, without its role, or to a
   * bus other than the one the start rule listens on. @default "role"
   */
  readonly forward?: "role" | "no-role" | "other-bus";
  /**
   * Capacity: the secondary node groups' instance type and the primary's service at its HPA minimum, each pod
   * requesting `cpu` and `memory`. @default none (capacity not judged)
   */
  readonly capacity?: {
    readonly instanceType: string;
    readonly pods: number;
    readonly cpu: string;
    readonly memory: string;
  };
}

export const SEOUL = "ap-northeast-2";
export const TOKYO = "ap-northeast-1";
const HC = T.healthCheck;
const RECORD = T.record;
const ALARM = T.metricAlarm;
const READER = "primary-db.cluster-ro-c7tj4example.ap-northeast-2.rds.amazonaws.com";
const AZS = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"];

const auroraWriterQuery = (region: string) =>
  "SELECT coalesce(bool_or(session_id = 'MASTER_SESSION_ID' AND aws_region = " +
  `'${region}'), false) FROM aurora_global_db_instance_status()`;

/** The deep check's config.json, as components/health writes it. */
export function deepConfig(o: {
  region: string;
  dbHost: string;
  roleAware: boolean;
  resolver?: string;
  failAfter?: number;
}): string {
  return JSON.stringify({
    listenPort: 8080,
    path: "/healthz/region",
    intervalSeconds: 5,
    timeoutMs: 2000,
    failAfter: o.failAfter ?? 2,
    recoverAfter: 3,
    staleAfterSeconds: 15,
    resolver: { address: o.resolver ?? "10.0.0.2" },
    probes: [
      {
        kind: "postgres",
        name: "database",
        host: o.dbHost,
        port: 5432,
        database: "postgres",
        tls: "require",
        userEnv: "DB_USER",
        passwordEnv: "DB_PASSWORD",
        ...(o.roleAware ? { query: auroraWriterQuery(o.region) } : {}),
      },
      { kind: "https", name: "queue", host: `sqs.${o.region}.amazonaws.com` },
    ],
  });
}

export function chainSpecs(o: ChainOptions = {}): Spec[] {
  const gcp = o.secondary === "gcp";
  const secondaryProvider = gcp ? "gcp-secondary" : "aws-secondary";
  const specs: Spec[] = [];
  const add = (...s: Spec[]) => specs.push(...s);

  // The primary site's load balancer, in its AZs.
  const zones = AZS.slice(0, o.zones ?? 3);
  zones.forEach((az, i) =>
    add({ type: T.subnet, name: `primary-network-public-az${i + 1}`, inputs: { availabilityZone: az } }),
  );
  add({
    type: T.loadBalancer,
    name: "primary-alb",
    inputs: { subnets: zones.map((_, i) => `subnet-${i + 1}`) },
    refs: { subnets: zones.map((_, i) => ref(T.subnet, `primary-network-public-az${i + 1}`)) },
  });
  if (gcp) {
    add({ type: T.gcpGlobalAddress, name: "secondary-ingress", provider: "gcp-secondary" });
  } else {
    add({ type: T.loadBalancer, name: "secondary-alb", provider: "aws-secondary" });
  }

  // Deep checks (components/health): a ConfigMap per site.
  const deep = o.deep ?? "both";
  if (deep !== "none") {
    add({
      type: CONFIG_MAP_TYPE,
      name: "primary-health",
      inputs: {
        metadata: { name: "regional-health", labels: { "app.kubernetes.io/name": "regional-health" } },
        data: {
          "config.json":
            o.deepConfigText ??
            deepConfig({
              region: SEOUL,
              dbHost: o.dbHost ?? READER,
              roleAware: o.roleAware ?? true,
              ...(o.resolver !== undefined ? { resolver: o.resolver } : {}),
            }),
        },
      },
    });
  }
  if (o.capacity) {
    const { pods, cpu, memory } = o.capacity;
    const metadata = { name: "app", namespace: "app" };
    add(
      {
        type: T.deployment,
        name: "primary-app",
        inputs: {
          metadata,
          spec: {
            replicas: pods,
            template: { spec: { containers: [{ name: "app", resources: { requests: { cpu, memory } } }] } },
          },
        },
      },
      {
        type: T.hpa,
        name: "primary-app",
        inputs: {
          metadata,
          spec: { minReplicas: pods, maxReplicas: pods * 4, scaleTargetRef: { kind: "Deployment", name: "app" } },
        },
      },
    );
  }
  if (o.steadyPods !== undefined) {
    add({
      type: T.deployment,
      name: "secondary-app",
      provider: secondaryProvider,
      inputs: { metadata: { name: "app" }, spec: { replicas: o.steadyPods } },
    });
  }
  if (deep === "both") {
    add({
      type: CONFIG_MAP_TYPE,
      name: "secondary-health",
      provider: secondaryProvider,
      inputs: {
        metadata: { name: "regional-health", labels: { "app.kubernetes.io/name": "regional-health" } },
        data: {
          "config.json": deepConfig({
            region: gcp ? "asia-northeast1" : TOKYO,
            dbHost: gcp ? "10.2.32.5" : "secondary-db.cluster-ro-c7tj4example.ap-northeast-1.rds.amazonaws.com",
            roleAware: o.secondaryRoleAware ?? false,
          }),
        },
      },
    });
  }

  // The health checks of each site: endpoint, quorum (alarm + metric check), override, calculated.
  const site = (name: "primary" | "secondary") => {
    const target: Spec["refs"] =
      name === "primary"
        ? { fqdn: ref(T.loadBalancer, "primary-alb") }
        : gcp
          ? { ipAddress: ref(T.gcpGlobalAddress, "secondary-ingress") }
          : { fqdn: ref(T.loadBalancer, "secondary-alb") };
    add({
      type: HC,
      name: `dns-${name}-endpoint`,
      provider: "aws-global",
      inputs: {
        type: "HTTPS",
        port: 443,
        resourcePath: o.path ?? "/healthz/region",
        requestInterval: o.interval ?? 10,
        failureThreshold: o.threshold ?? 3,
        regions: o.regions ?? [...ROUTE53_CHECKER_REGIONS],
        ...(name === "secondary" && gcp ? { ipAddress: "203.0.113.10" } : { fqdn: `${name}-alb.example` }),
      },
      refs: target,
    });
    if (o.tree === "endpoint") {
      return `dns-${name}-endpoint`;
    }
    const children: string[] = [`dns-${name}-endpoint`];
    if (o.without !== "quorum") {
      add(
        {
          type: ALARM,
          name: `dns-${name}-quorum`,
          provider: "aws-global",
          inputs: {
            namespace: "AWS/Route53",
            metricName: "HealthCheckPercentageHealthy",
            dimensions: { HealthCheckId: `dns-${name}-endpoint-id` },
            statistic: "Average",
            period: 60,
            evaluationPeriods: 1,
            threshold: o.quorumPercent ?? 50,
            comparisonOperator: "LessThanThreshold",
            treatMissingData: "missing",
          },
          refs: { dimensions: ref(HC, `dns-${name}-endpoint`) },
        },
        {
          type: HC,
          name: `dns-${name}-quorum`,
          provider: "aws-global",
          inputs: {
            type: "CLOUDWATCH_METRIC",
            cloudwatchAlarmName: `dns-${name}-quorum`,
            cloudwatchAlarmRegion: "us-east-1",
            insufficientDataHealthStatus: "LastKnownStatus",
          },
          refs: { cloudwatchAlarmName: ref(ALARM, `dns-${name}-quorum`) },
        },
      );
      children.push(`dns-${name}-quorum`);
    }
    if (o.without !== "override") {
      add({
        type: HC,
        name: `dns-${name}-override`,
        provider: "aws-global",
        inputs: { type: "CALCULATED", childHealthchecks: [], childHealthThreshold: 0, invertHealthcheck: false },
      });
      children.push(`dns-${name}-override`);
    }
    add({
      type: HC,
      name: `dns-${name}`,
      provider: "aws-global",
      inputs: {
        type: "CALCULATED",
        childHealthchecks: children.map((c) => `${c}-id`),
        childHealthThreshold: o.childThreshold ?? children.length,
      },
      refs: { childHealthchecks: children.map((c) => ref(HC, c)) },
    });
    return `dns-${name}`;
  };
  const primaryCheck = site("primary");
  const secondaryCheck = site("secondary");
  const alias = (name: string) => ({ aliases: [{ name, zoneId: "ZWKZPGTI48KDX", evaluateTargetHealth: true }] });
  add(
    {
      type: RECORD,
      name: "dns-primary",
      provider: "aws-global",
      inputs: {
        zoneId: "ZEXAMPLECOM",
        name: "app.example.com",
        type: "A",
        setIdentifier: "primary",
        failoverRoutingPolicies: [{ type: "PRIMARY" }],
        healthCheckId: `${primaryCheck}-id`,
        ...alias("primary-alb-0123.ap-northeast-2.elb.amazonaws.com"),
      },
      refs: { healthCheckId: ref(HC, primaryCheck), aliases: ref(T.loadBalancer, "primary-alb") },
    },
    {
      type: RECORD,
      name: "dns-secondary",
      provider: "aws-global",
      inputs: {
        zoneId: "ZEXAMPLECOM",
        name: "app.example.com",
        type: "A",
        setIdentifier: "secondary",
        failoverRoutingPolicies: [{ type: "SECONDARY" }],
        healthCheckId: `${secondaryCheck}-id`,
        ...(gcp
          ? { ttl: 60, records: ["203.0.113.10"] }
          : alias("secondary-alb-0456.ap-northeast-1.elb.amazonaws.com")),
      },
      refs: {
        healthCheckId: ref(HC, secondaryCheck),
        ...(gcp
          ? { records: ref(T.gcpGlobalAddress, "secondary-ingress") }
          : { aliases: ref(T.loadBalancer, "secondary-alb") }),
      },
    },
  );

  // The failover-path alarm and who it pages.
  const alarm = o.alarm ?? "subscribed";
  if (alarm !== "none") {
    add({ type: T.topic, name: "dns-alarms", provider: "aws-global" });
    if (alarm !== "no-subscription" && alarm !== "no-topic") {
      add({
        type: T.topicSubscription,
        name: "dns-alarms",
        provider: "aws-global",
        inputs: { protocol: "email", endpoint: "oncall@example.com", topic: "arn:aws:sns:us-east-1:1:dns-alarms" },
        refs: { topic: ref(T.topic, "dns-alarms") },
      });
    }
    add({
      type: ALARM,
      name: "dns-primary-health",
      provider: alarm === "wrong-region" ? "aws-primary" : "aws-global",
      inputs: {
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: `${primaryCheck}-id` },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
        ...(alarm === "no-topic" ? {} : { alarmActions: ["arn:aws:sns:us-east-1:1:dns-alarms"] }),
      },
      refs: {
        dimensions: ref(HC, primaryCheck),
        ...(alarm === "no-topic" ? {} : { alarmActions: ref(T.topic, "dns-alarms") }),
      },
    });
  }

  // Data and capacity.
  if (gcp) {
    add(
      { type: T.rdsCluster, name: "primary-db" },
      { type: T.migrationJob, name: "orders-dms", provider: "gcp-secondary" },
      { type: T.cloudSql, name: "secondary-db", provider: "gcp-secondary" },
    );
    if (o.secondaryMin !== undefined || !("secondaryMin" in o)) {
      add({
        type: T.nodePool,
        name: "secondary-gke-nodes",
        provider: "gcp-secondary",
        inputs: {
          autoscaling: { minNodeCount: o.secondaryMin ?? 1, maxNodeCount: 3 },
          ...(o.capacity ? { location: "asia-northeast1", nodeConfig: { machineType: o.capacity.instanceType } } : {}),
        },
      });
    }
    const certificate = o.certificate ?? "dns-authorized";
    if (certificate === "dns-authorized" || certificate === "load-balancer-authorized") {
      if (certificate === "dns-authorized") {
        add({ type: CERTIFICATE_TYPES.dnsAuthorization, name: "secondary-edge", provider: "gcp-secondary" });
      }
      add({
        type: CERTIFICATE_TYPES.certificateManager,
        name: "secondary-edge",
        provider: "gcp-secondary",
        inputs: {
          managed: {
            domains: ["app.example.com"],
            ...(certificate === "dns-authorized" ? { dnsAuthorizations: ["secondary-edge-id"] } : {}),
          },
        },
        refs:
          certificate === "dns-authorized"
            ? { managed: ref(CERTIFICATE_TYPES.dnsAuthorization, "secondary-edge") }
            : {},
      });
    } else if (certificate === "classic-ssl") {
      add({
        type: CERTIFICATE_TYPES.classicManaged,
        name: "secondary-edge",
        provider: "gcp-secondary",
        inputs: { managed: { domains: ["app.example.com"] } },
      });
    } else if (certificate === "gke-managed") {
      add({
        type: CERTIFICATE_TYPES.gkeManaged,
        name: "secondary-ingress",
        provider: "gcp-secondary",
        inputs: { spec: { domains: ["app.example.com"] } },
      });
    }
  } else {
    add(
      { type: T.globalCluster, name: "orders-global" },
      { type: T.rdsCluster, name: "primary-db" },
      { type: T.rdsCluster, name: "secondary-db", provider: "aws-secondary" },
      { type: T.rdsInstance, name: "secondary-db-1", provider: "aws-secondary" },
    );
    if (o.secondaryMin !== undefined || !("secondaryMin" in o)) {
      [1, 2, 3].forEach((az) =>
        add({
          type: T.nodeGroup,
          name: `secondary-nodes-general-az${az}`,
          provider: "aws-secondary",
          inputs: {
            scalingConfig: { minSize: o.secondaryMin ?? 1, desiredSize: o.secondaryMin ?? 1, maxSize: 6 },
            ...(o.capacity ? { instanceTypes: [o.capacity.instanceType] } : {}),
          },
        }),
      );
    }
    const plan = o.plan ?? "none";
    if (plan !== "none") {
      const steps = [
        {
          name: "data-and-capacity",
          executionBlockType: "Parallel",
          parallelConfigs: [
            {
              steps: [
                {
                  name: "switch-database",
                  executionBlockType: "AuroraGlobalDatabase",
                  globalAuroraConfigs: [{ behavior: o.auroraBehavior ?? "switchoverOnly", timeoutMinutes: 30 }],
                },
                { name: "scale-secondary-service", executionBlockType: "EKSResourceScaling" },
              ],
            },
          ],
        },
      ];
      add({
        type: T.regionSwitchPlan,
        name: "region-switch",
        inputs: {
          primaryRegion: SEOUL,
          regions: [SEOUL, TOKYO],
          workflows: [{ workflowTargetAction: "activate", workflowTargetRegion: TOKYO, steps }],
          ...(plan === "triggered"
            ? {
                associatedAlarms: [
                  { name: "primary-down", alarmType: "trigger", resourceIdentifier: "arn:aws:cloudwatch:alarm" },
                ],
                triggers: [
                  {
                    action: "activate",
                    targetRegion: TOKYO,
                    minDelayMinutesBetweenExecutions: 30,
                    conditions: [{ associatedAlarmName: "primary-down", condition: "red" }],
                  },
                ],
              }
            : {}),
        },
        refs: plan === "triggered" && alarm !== "none" ? { associatedAlarms: ref(ALARM, "dns-primary-health") } : {},
      });
      if (plan === "started" && alarm !== "none") {
        const RULE = T.eventRule;
        const PATTERN = JSON.stringify({
          source: ["aws.cloudwatch"],
          detail: { alarmName: ["dns-primary-health"], state: { value: ["ALARM"] } },
        });
        const TARGET = T.eventTarget;
        add(
          {
            type: T.stateMachine,
            name: "failover-start",
            provider: "aws-secondary",
            inputs: {
              definition: JSON.stringify({
                StartAt: "StartPlan",
                States: {
                  StartPlan: {
                    Type: "Task",
                    Resource: "arn:aws:states:::aws-sdk:arcregionswitch:startPlanExecution",
                    Parameters: { PlanArn: "arn:plan", TargetRegion: TOKYO, Action: "activate", Mode: "ungraceful" },
                    End: true,
                  },
                },
              }),
            },
            refs: { definition: ref(T.regionSwitchPlan, "region-switch") },
          },
          {
            type: RULE,
            name: "failover-start-start",
            provider: "aws-secondary",
            inputs: { eventPattern: PATTERN },
            refs: { eventPattern: ref(ALARM, "dns-primary-health") },
          },
          {
            type: TARGET,
            name: "failover-start-start",
            provider: "aws-secondary",
            inputs: {
              rule: "failover-start-start",
              arn: "arn:aws:states:ap-northeast-1:123456789012:stateMachine:start",
            },
            refs: { rule: ref(RULE, "failover-start-start"), arn: ref(T.stateMachine, "failover-start") },
          },
          {
            type: RULE,
            name: "failover-start-forward",
            provider: "aws-global",
            inputs: { eventPattern: PATTERN },
            refs: { eventPattern: ref(ALARM, "dns-primary-health") },
          },
          { type: T.iamRole, name: "failover-start-forward", provider: "aws-global" },
          {
            type: TARGET,
            name: "failover-start-forward",
            provider: "aws-global",
            inputs: {
              rule: "failover-start-forward",
              arn: `arn:aws:events:${TOKYO}:123456789012:event-bus/${o.forward === "other-bus" ? "dr" : "default"}`,
              ...(o.forward === "no-role" ? {} : { roleArn: "arn:aws:iam::123456789012:role/failover-start-forward" }),
            },
            refs: {
              rule: ref(RULE, "failover-start-forward"),
              ...(o.forward === "no-role" ? {} : { roleArn: ref(T.iamRole, "failover-start-forward") }),
            },
          },
        );
      }
    }
  }
  return specs;
}

export const PROD_TARGETS = { rtoSeconds: 120, rpoSeconds: 1 };
export const GCP_TARGETS = { rtoSeconds: 300, rpoSeconds: 60 };

export const chainGraph = (o: ChainOptions = {}, outputs: Record<string, unknown> = {}): Graph =>
  handGraph(chainSpecs(o), outputs);
