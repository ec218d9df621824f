import {
  CheckNode,
  checkNodes,
  CONFIG_MAP_TYPE,
  DeepCheck,
  DetectionFacts,
  GraphResource,
  HealthAlarm,
} from "@dr-platform/model";
import {
  DR_CONSTANTS,
  PARTIAL_PARTITION_SEEING,
  ROUTE53_CHECKERS,
  ROUTE53_DEFAULT_FAILURE_THRESHOLD,
} from "./constants";
import { formatDuration } from "./duration";
import { Term } from "./terms";

/**
 * When a failover record's health-check tree turns unhealthy, scenario by scenario, and when the alarms on
 * it fire: Route 53 endpoint checks (interval x failure threshold, the 18 % checker quorum), the deep in-site
 * check's hysteresis, metric checks following their alarms, calculated checks following their children
 * (docs/sources.md#route-53-calculated-and-metric-health-checks). Every term comes from the graph or a sourced
 * constant; "never" says why.
 */

/** A moment in the chain: when, the terms that add up to it, and why it never comes (Infinity). */
export interface At {
  readonly seconds: number;
  readonly terms: readonly Term[];
  /** Some term is a human step: the moment is a lower bound (the person's reaction time is on top). */
  readonly human: boolean;
  readonly why?: string;
}

const finite = (a: At) => Number.isFinite(a.seconds);
export const at0: At = { seconds: 0, terms: [], human: false };
export const never = (why: string): At => ({ seconds: Infinity, terms: [], human: false, why });
export const after = (a: At, ...terms: Term[]): At =>
  Number.isFinite(a.seconds)
    ? {
        ...a,
        seconds: terms.reduce((s, t) => s + t.seconds, a.seconds),
        terms: [...a.terms, ...terms],
        human: a.human || terms.some((t) => t.human === true),
      }
    : a;
/** The later of two moments (both must have come). */
export const later = (a: At, b: At): At => (b.seconds > a.seconds ? b : a);

/** What the checkers see of a site in a scenario: when its endpoint check fails, and the share that see it. */
interface EndpointView {
  readonly fails: At;
  /** The share of checkers that see it healthy once the failing ones have failed, and when. */
  readonly share: { readonly percent: number; readonly at: At };
}

export type DetectionScenario = "region-loss" | "grey-failure" | "partial-partition";

const resourceText = (r: GraphResource) => `${r.type} ${r.name}`;

/** interval x threshold of an endpoint check, with Route 53's defaults (sourced) where unset. */
export function checkTerm(node: CheckNode, label = "health check"): Term {
  const { interval: i, threshold: t } = node.check;
  const interval = i ?? DR_CONSTANTS.route53DefaultInterval.seconds;
  const threshold = t ?? ROUTE53_DEFAULT_FAILURE_THRESHOLD.count;
  const defaults = [
    i === undefined ? `interval: ${DR_CONSTANTS.route53DefaultInterval.source}` : "",
    t === undefined ? `threshold: ${ROUTE53_DEFAULT_FAILURE_THRESHOLD.source}` : "",
  ].filter((s) => s !== "");
  return {
    label,
    seconds: interval * threshold,
    approximate: false,
    detail: `${formatDuration(interval)} x ${threshold}`,
    source:
      `graph: ${resourceText(node.check.resource)} requestInterval ${interval}, failureThreshold ${threshold}` +
      (defaults.length > 0 ? ` (Route 53 defaults: ${defaults.join("; ")})` : ""),
  };
}

/** failAfter x intervalSeconds of the deep check: how long it keeps answering 200 after a probe starts failing. */
export function deepTerm(deep: DeepCheck, rounds: "failAfter" | "recoverAfter" = "failAfter"): Term {
  const c = deep.config!;
  const count = c[rounds] ?? 1;
  const interval = c.intervalSeconds ?? 0;
  return {
    label: rounds === "failAfter" ? "deep check" : "deep check recovers",
    seconds: count * interval,
    approximate: false,
    detail: `${formatDuration(interval)} x ${count}`,
    source: `graph: ${CONFIG_MAP_TYPE} ${deep.resource.name} config.json ${rounds} ${count}, intervalSeconds ${interval}`,
  };
}

/** The checker regions of an endpoint check (all eight when unset). */
export const checkerCount = (node: CheckNode) =>
  node.check.regions.length > 0 ? node.check.regions.length : ROUTE53_CHECKERS.regions.length;

/** An address the Region answers itself: private (RFC 1918) or link-local (RFC 3927), not a public resolver. */
export const inRegionResolver = (address: string) =>
  /^(10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.)/.test(address);
const isIpLiteral = (host: string) => /^[\d.]+$/.test(host) || host.includes(":");

/**
 * Why the deep check would not turn red when DNS inside the Region fails (the 2018 event), or undefined when
 * it would: it must be known, probe something by name, and resolve through the Region's own resolver.
 */
export function greyFailureGap(deep: DeepCheck): string | undefined {
  const c = deep.config;
  if (!c) {
    return `the deep check ${deep.resource.name}'s config is not known in this plan`;
  }
  const missing = (["path", "intervalSeconds", "failAfter"] as const).filter((k) => c[k] === undefined);
  if (missing.length > 0) {
    return `the deep check ${deep.resource.name}'s config.json sets no ${missing.join(", ")}`;
  }
  if (!c.probes.some((p) => p.host !== undefined && !isIpLiteral(p.host))) {
    return `the deep check ${deep.resource.name} probes nothing by name, so a resolver failure never reaches it`;
  }
  const address = c.resolver?.address;
  if (address === undefined) {
    return `the deep check ${deep.resource.name} names no resolver, so its probes may be answered from a cache`;
  }
  if (!inRegionResolver(address)) {
    return `the deep check ${deep.resource.name} resolves through ${address}, outside the Region`;
  }
  return undefined;
}

/** The first endpoint check of a tree (what Route 53's checkers request). */
export const endpointOf = (tree: CheckNode | undefined): CheckNode | undefined =>
  tree ? checkNodes(tree).find((n) => n.kind === "endpoint") : undefined;

/** What the checkers see of the PRIMARY's endpoint check in a scenario. */
function primaryEndpoint(node: CheckNode, scenario: DetectionScenario): EndpointView {
  const t = checkTerm(node);
  const failed = after(at0, t);
  if (scenario === "region-loss") {
    // The load balancer stops answering: every checker fails after its threshold, the deep check aside.
    return { fails: failed, share: { percent: 0, at: failed } };
  }
  if (scenario === "grey-failure") {
    const path = node.check.resourcePath ?? "/";
    if (!node.deepCheck) {
      const why =
        `${node.check.resource.name} requests ${path}, which keeps answering 200 while DNS inside the Region ` +
        "fails (docs/sources.md#seoul-2018-dns-event): only the deep in-site check sees it";
      return { fails: never(why), share: { percent: 100, at: never(why) } };
    }
    const gap = greyFailureGap(node.deepCheck);
    if (gap !== undefined) {
      return { fails: never(gap), share: { percent: 100, at: never(gap) } };
    }
    const red = after(at0, deepTerm(node.deepCheck), t);
    return { fails: red, share: { percent: 0, at: red } };
  }
  const n = checkerCount(node);
  const seeing = Math.min(PARTIAL_PARTITION_SEEING, n);
  const percent = (100 * seeing) / n;
  const share = { percent, at: failed };
  if (percent > ROUTE53_CHECKERS.healthyAbovePercent) {
    const why =
      `${seeing} of ${n} checker regions (${Math.round(percent)} %) still see it, above Route 53's ` +
      `${ROUTE53_CHECKERS.healthyAbovePercent} % (docs/sources.md#route-53-checker-share)`;
    return { fails: never(why), share };
  }
  return { fails: failed, share };
}

const compare = (value: number, threshold: number, op: string | undefined): boolean =>
  op === "LessThanThreshold"
    ? value < threshold
    : op === "LessThanOrEqualToThreshold"
      ? value <= threshold
      : op === "GreaterThanThreshold"
        ? value > threshold
        : op === "GreaterThanOrEqualToThreshold"
          ? value >= threshold
          : false;

/** period x evaluation periods of an alarm. */
export function alarmTerm(alarm: HealthAlarm): Term {
  const period = alarm.period ?? 60;
  const periods = alarm.evaluationPeriods ?? 1;
  return {
    label: alarm.metricName === "HealthCheckPercentageHealthy" ? "quorum alarm" : "alarm",
    seconds: period * periods,
    approximate: false,
    detail: `${formatDuration(period)} x ${periods}`,
    source: `graph: ${resourceText(alarm.resource)} period ${period}, evaluationPeriods ${periods}`,
  };
}

/** Evaluates a record's tree: when each node fails, and when each alarm on it fires, in one scenario. */
export class TreeClock {
  private readonly memo = new Map<CheckNode, At>();

  constructor(
    private readonly detection: DetectionFacts,
    private readonly tree: CheckNode,
    private readonly endpoint: (node: CheckNode) => EndpointView,
    private readonly overridesFail = false,
    private readonly scenario?: DetectionScenario,
  ) {}

  static primary(detection: DetectionFacts, tree: CheckNode, scenario: DetectionScenario): TreeClock {
    return new TreeClock(detection, tree, (n) => primaryEndpoint(n, scenario), false, scenario);
  }

  /**
   * When the PRIMARY's answer turns bad for a checker outside Route 53 that asks it directly, as Route 53's
   * endpoint check does (Google's uptime check of the same path): at once when the Region is lost, after the
   * deep check's hysteresis in the grey failure. A partial partition leaves it unknowable which of another
   * service's checker regions still reach the primary.
   */
  answerFails(): At {
    const endpoint = endpointOf(this.tree);
    if (this.scenario === "region-loss") {
      return at0;
    }
    if (this.scenario === "grey-failure" && endpoint) {
      const deep = endpoint.deepCheck;
      const gap = deep ? greyFailureGap(deep) : "only the deep in-site check sees it, and the PRIMARY has none";
      return deep && gap === undefined ? after(at0, deepTerm(deep)) : never(gap ?? "");
    }
    return never(
      "in a partial partition, which of the other checker's regions still reach the primary is not known from the plan",
    );
  }

  /** A clock where only the overrides fail (at once): whether inverting them takes the record down. */
  static overridden(detection: DetectionFacts, tree: CheckNode): TreeClock {
    const healthy = never("every endpoint healthy");
    return new TreeClock(detection, tree, () => ({ fails: healthy, share: { percent: 100, at: healthy } }), true);
  }

  get root(): At {
    return this.failsAt(this.tree);
  }

  failsAt(node: CheckNode): At {
    const known = this.memo.get(node);
    if (known) {
      return known;
    }
    this.memo.set(node, never("a health check that depends on itself"));
    const result = this.evaluate(node);
    this.memo.set(node, result);
    return result;
  }

  private evaluate(node: CheckNode): At {
    if (node.kind === "endpoint") {
      return this.endpoint(node).fails;
    }
    if (node.kind === "metric") {
      const alarm = this.detection.alarms.find((a) => a.resource === node.alarm);
      return alarm
        ? this.alarmFires(alarm)
        : never(`the metric check ${node.check.resource.name} follows no alarm of this plan`);
    }
    if (node.override) {
      return this.overridesFail ? at0 : never(`the override ${node.check.resource.name} is healthy until inverted`);
    }
    const needed = node.check.childThreshold ?? 0;
    if (needed <= 0) {
      return never(`the calculated check ${node.check.resource.name} needs no healthy child, so it never fails`);
    }
    const children = node.children.map((c) => this.failsAt(c)).sort((a, b) => a.seconds - b.seconds);
    // Unhealthy once fewer than `needed` children are healthy: the (n - needed + 1)-th failure.
    const failures = children.length - needed + 1;
    if (failures <= 0) {
      return at0;
    }
    const decisive = children[failures - 1];
    if (Number.isFinite(decisive.seconds)) {
      return decisive;
    }
    // Why it stays healthy: its children's reasons, the overrides' aside (they are healthy until someone acts),
    // unless the overrides alone keep enough children healthy.
    const overrides = node.children.filter((c) => c.override).length;
    const whys = [
      ...(node.children.length - overrides < failures
        ? [
            `the calculated check ${node.check.resource.name} stays healthy while ${needed} of its ${node.children.length} ` +
              "children are, and its override always is",
          ]
        : []),
      ...node.children
        .filter((c) => !c.override)
        .map((c) => this.failsAt(c))
        .filter((c) => !finite(c))
        .map((c) => c.why ?? ""),
    ];
    const reasons = [...new Set(whys)].filter((w) => w !== "");
    return never(reasons.length > 0 ? reasons.join("; ") : "its children stay healthy");
  }

  /** When an alarm on a check of this tree fires: HealthCheckStatus or HealthCheckPercentageHealthy. */
  alarmFires(alarm: HealthAlarm): At {
    const nodes = checkNodes(this.tree).filter((n) => alarm.checks.includes(n.check.resource));
    if (nodes.length === 0) {
      return never(`${alarm.resource.name} watches no check of this record`);
    }
    const term = alarmTerm(alarm);
    if (alarm.metricName === "HealthCheckStatus") {
      // 1 healthy, 0 unhealthy, per minute.
      const fires = compare(0, alarm.threshold ?? 1, alarm.comparison);
      const failed = nodes.map((n) => this.failsAt(n)).sort((a, b) => a.seconds - b.seconds)[0];
      return fires
        ? after(failed, term)
        : never(`${alarm.resource.name} does not fire on an unhealthy status (${alarm.comparison})`);
    }
    if (alarm.metricName === "HealthCheckPercentageHealthy") {
      const endpoint = nodes.find((n) => n.kind === "endpoint");
      if (!endpoint) {
        return never(`${alarm.resource.name} watches the checker share of a check that has no checkers`);
      }
      const { percent, at } = this.endpoint(endpoint).share;
      if (!finite(at)) {
        // Every checker still sees the site: the same reason the endpoint check stays healthy.
        return at;
      }
      return compare(percent, alarm.threshold ?? 0, alarm.comparison)
        ? after(at, term)
        : never(
            `${alarm.resource.name} fires below ${alarm.threshold ?? 0} % (${alarm.comparison}), and ${Math.round(percent)} % of checkers still see the site`,
          );
    }
    return never(`${alarm.resource.name} watches ${alarm.metricName ?? "a metric"}, which the DR model does not time`);
  }
}

/** Alarms on a record's checks, with the checks of the tree (for paging). */
export const alarmsOn = (detection: DetectionFacts, tree: CheckNode): HealthAlarm[] => {
  const checks = new Set(checkNodes(tree).map((n) => n.check.resource));
  return detection.alarms.filter((a) => a.checks.some((c) => checks.has(c)));
};
