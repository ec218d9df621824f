import { T } from "./catalogue";
import { DnsRecord, HealthCheck } from "./dns";
import { Facts } from "./facts";
import { cloudResources, Graph, GraphResource, providerUrn } from "./graph";
import { compact, isUnknown, json, list, num, obj, str } from "./read";
import { referrers, resolve, urnIndex } from "./resolve";
import { Site } from "./sites";

/**
 * How the plan detects that a site is down and who hears of it: the deep in-site checks (the
 * `regional-health` ConfigMaps), each failover record's tree of Route 53 health checks (endpoint, metric
 * and calculated checks, docs/sources.md#route-53-calculated-and-metric-health-checks), and the CloudWatch
 * alarms on Route 53's health-check metrics with the subscriptions their topics have. Facts only: the DR
 * model (dr/) times them and judges them.
 */

/**
 * A type the catalogue (model/catalogue.ts) does not list yet; read here by its token until the change that
 * renders it adds it there.
 */
export const CONFIG_MAP_TYPE = "kubernetes:core/v1:ConfigMap";

/** The `app.kubernetes.io/name` label that marks the deep regional check's objects (components/health). */
export const REGIONAL_HEALTH_NAME = "regional-health";

/** A CloudWatch alarm's settings as registered (the one reader of `aws:cloudwatch/metricAlarm:MetricAlarm`). */
export interface AlarmSettings {
  readonly name?: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly statistic?: string;
  readonly period?: number;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
  readonly threshold?: number;
  readonly comparison?: string;
  readonly treatMissingData?: string;
}

export function readAlarm(r: GraphResource): AlarmSettings {
  const i = r.inputs;
  return compact({
    name: str(i.name),
    namespace: str(i.namespace),
    metricName: str(i.metricName),
    statistic: str(i.statistic),
    period: num(i.period),
    evaluationPeriods: num(i.evaluationPeriods),
    datapointsToAlarm: num(i.datapointsToAlarm),
    threshold: num(i.threshold),
    comparison: str(i.comparisonOperator),
    treatMissingData: str(i.treatMissingData),
  });
}

/** An SNS subscription: who a topic reaches. */
export interface Subscription {
  readonly resource: GraphResource;
  readonly protocol?: string;
  readonly endpoint?: string;
}

/** A CloudWatch alarm on a Route 53 health-check metric, the checks it watches and who it pages. */
export interface HealthAlarm extends AlarmSettings {
  readonly resource: GraphResource;
  /** The region the alarm lives in (Route 53 publishes its metrics in us-east-1 only). */
  readonly region?: string;
  /** The health checks its `dimensions` refer to. */
  readonly checks: readonly GraphResource[];
  /** The SNS topics its alarm actions refer to (OK actions page nobody about a failure). */
  readonly topics: readonly GraphResource[];
  /** The subscriptions of those topics. */
  readonly subscriptions: readonly Subscription[];
}

const ROUTE53_NAMESPACE = "AWS/Route53";

export function healthAlarms(g: Graph): HealthAlarm[] {
  return cloudResources(g)
    .filter((r) => r.type === T.metricAlarm && str(r.inputs.namespace) === ROUTE53_NAMESPACE)
    .map((r) => {
      const topics = resolve(g, r, "alarmActions", T.topic);
      const subscriptions = topics.flatMap((topic) =>
        referrers(g, topic, "topic", T.topicSubscription).map((s) => ({
          resource: s,
          ...compact({ protocol: str(s.inputs.protocol), endpoint: str(s.inputs.endpoint) }),
        })),
      );
      return {
        resource: r,
        ...readAlarm(r),
        ...(r.region !== undefined ? { region: r.region } : {}),
        checks: resolve(g, r, "dimensions", T.healthCheck),
        topics,
        subscriptions,
      };
    });
}

/** One dependency the deep check probes (the contract with components/health/probe-plan.ts). */
export interface DeepCheckProbe {
  readonly kind: string;
  readonly name: string;
  readonly host?: string;
  readonly port?: number;
  /** postgres: the query that must return true (a role-aware check asks "does this Region hold the writer"). */
  readonly query?: string;
}

/** The deep check's `config.json` as registered; undefined fields where the ConfigMap does not say. */
export interface DeepCheckConfig {
  readonly path?: string;
  readonly listenPort?: number;
  readonly intervalSeconds?: number;
  readonly timeoutMs?: number;
  readonly failAfter?: number;
  readonly recoverAfter?: number;
  readonly staleAfterSeconds?: number;
  /** The resolver every probe's name is resolved through. */
  readonly resolver?: { readonly address?: string; readonly port?: number };
  readonly probes: readonly DeepCheckProbe[];
}

/** The one reader of the deep check's config; undefined when the document is unknown (a preview) or not JSON. */
export function readDeepCheckConfig(configMap: GraphResource): DeepCheckConfig | undefined {
  const text = obj(configMap.inputs.data)["config.json"];
  if (isUnknown(text)) {
    return undefined;
  }
  const doc = json(text);
  if (doc === undefined || Object.keys(obj(doc)).length === 0) {
    return undefined;
  }
  const c = obj(doc);
  const resolver = obj(c.resolver);
  const address = str(resolver.address);
  const resolverPort = num(resolver.port);
  return {
    ...compact({
      path: str(c.path),
      listenPort: num(c.listenPort),
      intervalSeconds: num(c.intervalSeconds),
      timeoutMs: num(c.timeoutMs),
      failAfter: num(c.failAfter),
      recoverAfter: num(c.recoverAfter),
      staleAfterSeconds: num(c.staleAfterSeconds),
    }),
    ...(address !== undefined || resolverPort !== undefined
      ? { resolver: compact({ address, port: resolverPort }) }
      : {}),
    probes: list(c.probes).map((p) => {
      const probe = obj(p);
      return {
        kind: str(probe.kind) ?? "",
        name: str(probe.name) ?? "",
        ...compact({ host: str(probe.host), port: num(probe.port), query: str(probe.query) }),
      };
    }),
  };
}

/** A deep regional check: its ConfigMap, the site it runs in, and its config (undefined while unknown). */
export interface DeepCheck {
  readonly resource: GraphResource;
  readonly site?: Site;
  readonly config?: DeepCheckConfig;
}

const isDeepCheck = (r: GraphResource) =>
  r.type === CONFIG_MAP_TYPE &&
  str(obj(obj(r.inputs.metadata).labels)["app.kubernetes.io/name"]) === REGIONAL_HEALTH_NAME;

/**
 * The cloud site a resource runs in: its own provider's site, or, for a Kubernetes object, the site of the
 * cluster its provider's kubeconfig is built from (else the cloud site of the provider's region).
 */
export function placedSite(g: Graph, r: GraphResource, siteList: readonly Site[]): Site | undefined {
  const clouds = siteList.filter((s) => s.cloud === "aws" || s.cloud === "gcp");
  const own = clouds.find((s) => s.resources.includes(r));
  if (own) {
    return own;
  }
  const provider = urnIndex(g).get(providerUrn(r.provider));
  if (!provider) {
    return undefined;
  }
  const cluster = resolve(g, provider, "kubeconfig", [T.eksCluster, T.gkeCluster])[0];
  const byCluster = cluster ? clouds.find((s) => s.resources.includes(cluster)) : undefined;
  const region = str(provider.inputs.region) ?? provider.region;
  return byCluster ?? clouds.find((s) => s.role !== "global" && s.region === region);
}

export function deepChecks(g: Graph, siteList: readonly Site[]): DeepCheck[] {
  return cloudResources(g)
    .filter(isDeepCheck)
    .map((r) => {
      const site = placedSite(g, r, siteList);
      const config = readDeepCheckConfig(r);
      return { resource: r, ...(site ? { site } : {}), ...(config ? { config } : {}) };
    });
}

/**
 * A node of a record's health-check tree: an endpoint check (with the site it requests and, when it requests
 * that site's deep check, the deep check), a metric check (with the alarm it follows), or a calculated check
 * (with its children; an override is a calculated check with no children and threshold 0: always healthy).
 */
export interface CheckNode {
  readonly check: HealthCheck;
  readonly kind: "endpoint" | "metric" | "calculated";
  readonly children: readonly CheckNode[];
  /** metric: the alarm it follows. */
  readonly alarm?: GraphResource;
  /** endpoint: the site it requests (through its fqdn or address, else the record's target). */
  readonly site?: Site;
  /** endpoint: the deep check of that site on the path it requests. */
  readonly deepCheck?: DeepCheck;
  /** calculated: the manual override (no children, threshold 0). */
  readonly override: boolean;
}

/** The health-check tree a record follows, with what it probes and who hears of it. */
export interface RecordDetection {
  readonly record: DnsRecord;
  readonly tree?: CheckNode;
}

export interface DetectionFacts {
  readonly deepChecks: readonly DeepCheck[];
  readonly alarms: readonly HealthAlarm[];
  /** One per failover record (PRIMARY and SECONDARY). */
  readonly records: readonly RecordDetection[];
}

/** The detection facts of a plan (pass the model's `facts(graph)`). */
export function detectionFacts(f: Facts): DetectionFacts {
  const g = f.graph;
  const checks = new Map(f.healthChecks.map((h) => [h.resource, h] as const));
  const deep = deepChecks(g, f.sites);
  const nodeOf = (check: HealthCheck, record: DnsRecord, seen: ReadonlySet<GraphResource>): CheckNode => {
    const type = check.type ?? "";
    if (type === "CALCULATED") {
      const children = check.children
        .filter((c) => !seen.has(c))
        .map((c) => checks.get(c))
        .filter((c): c is HealthCheck => c !== undefined)
        .map((c) => nodeOf(c, record, new Set([...seen, c.resource])));
      return {
        check,
        kind: "calculated",
        children,
        override: check.children.length === 0 && (check.childThreshold ?? 0) === 0,
      };
    }
    if (type === "CLOUDWATCH_METRIC") {
      return { check, kind: "metric", children: [], ...(check.alarm ? { alarm: check.alarm } : {}), override: false };
    }
    const targets = check.probes.length > 0 ? check.probes : record.targets;
    const site = targets.map((t) => f.siteOf(t)).find((s) => s !== undefined);
    const deepCheck = site
      ? deep.find((d) => d.site?.key === site.key && (d.config === undefined || d.config.path === check.resourcePath))
      : undefined;
    return {
      check,
      kind: "endpoint",
      children: [],
      ...(site ? { site } : {}),
      ...(deepCheck ? { deepCheck } : {}),
      override: false,
    };
  };
  return {
    deepChecks: deep,
    alarms: healthAlarms(g),
    records: f.records
      .filter((d) => d.failover !== undefined)
      .map((record) => {
        const check = record.healthCheck ? checks.get(record.healthCheck) : undefined;
        return { record, ...(check ? { tree: nodeOf(check, record, new Set([check.resource])) } : {}) };
      }),
  };
}

/** Every node of a tree, depth first. */
export function checkNodes(node: CheckNode): CheckNode[] {
  return [node, ...node.children.flatMap(checkNodes)];
}
