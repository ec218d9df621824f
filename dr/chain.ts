import {
  CheckNode,
  checkNodes,
  DetectionFacts,
  Facts,
  FailoverPair,
  HealthAlarm,
  Mechanism,
  readRecord,
  RecordDetection,
} from "@dr-platform/model";
import { Capacity, capacityStep } from "./capacity";
import { azLoss, failback } from "./holding-scenarios";
import { DR_CONSTANTS, PARTIAL_PARTITION_SEEING } from "./constants";
import { promotion, scaleUp } from "./promotion";
import {
  after,
  alarmsOn,
  alarmTerm,
  At,
  at0,
  checkerCount,
  checkTerm,
  deepTerm,
  DetectionScenario,
  endpointOf,
  later,
  never,
  TreeClock,
} from "./detect";
import { formatDuration } from "./duration";
import { Servability } from "./servable";
import { constant, Term, termText } from "./terms";

/**
 * The failover chain the graph builds, scenario by scenario: (1) detection by the PRIMARY record's health
 * checks, (2) the alarm that pages someone, (3) the decision (Route 53 on its own, an ARC Region switch plan's
 * trigger, or a named human step), (4) promotion and scale-up, sequential where one needs the other, and
 * (5) the TTL resolvers keep. The RTO ends when the new writer accepts writes and DNS points at a healthy
 * secondary. A link that cannot hold is a miss with its reason, never a silent pass.
 */

export type ScenarioId = "region-loss" | "grey-failure" | "partial-partition" | "az-loss" | "failback";

/** One link of a chain: what happens, its timed terms, and why it cannot hold (its misses; empty: it holds). */
export interface Link {
  readonly name: "detection" | "alarm" | "decision" | "recovery" | "dns" | "capacity" | "zones" | "failback";
  readonly text: string;
  readonly terms: readonly Term[];
  readonly misses: readonly string[];
}

export type Verdict =
  /** Service returns: users reach the secondary and the new writer accepts writes. */
  | {
      readonly kind: "recovers";
      readonly seconds: number;
      /** A human step is on the way: the figure is a lower bound. */
      readonly atLeast: boolean;
      readonly users: At;
      readonly writes: At;
      readonly meets?: boolean;
      /** Within the target with a person on the way: the seconds they have to act. */
      readonly personHas?: number;
    }
  /** The scenario needs no failover, and none happens (d), or no failback happens by itself (e). */
  | { readonly kind: "holds"; readonly text: string; readonly short: string }
  | { readonly kind: "miss" }
  | { readonly kind: "not-applicable"; readonly reason: string };

export interface ScenarioReport {
  readonly id: ScenarioId;
  readonly letter: "a" | "b" | "c" | "d" | "e";
  readonly title: string;
  readonly links: readonly Link[];
  readonly verdict: Verdict;
  /** Every reason the scenario misses: its links', then its target's. */
  readonly misses: readonly string[];
}

/** Targets from the stack's config (`drTargets`). */
export interface DrTargets {
  readonly rtoSeconds: number;
  readonly rpoSeconds: number;
}

/** What a chain is built from. */
export interface ChainContext {
  readonly facts: Facts;
  readonly detection: DetectionFacts;
  readonly pair: FailoverPair;
  readonly primary: RecordDetection & { readonly tree: CheckNode };
  readonly secondary?: RecordDetection;
  readonly servability: Servability;
  /** Whether the standby holds the primary's steady-state load (dr/capacity.ts); absent: not judged. */
  readonly capacity?: Capacity;
  readonly mechanism: Mechanism;
  readonly targets?: DrTargets;
  readonly warnings: string[];
}

const LETTERS = {
  "region-loss": "a",
  "grey-failure": "b",
  "partial-partition": "c",
  "az-loss": "d",
  failback: "e",
} as const;
/** Route 53 publishes health-check metrics in us-east-1 only (docs/sources.md#route-53-checker-share). */
const METRICS_REGION = "us-east-1";

const finite = (a: At) => Number.isFinite(a.seconds);
/** A moment as printed: "1m30s", ">= 2m30s" after a human step, "never". */
export const when = (a: At) => (!finite(a) ? "never" : `${a.human ? ">= " : ""}${formatDuration(a.seconds)}`);
const sumText = (a: At) => (a.terms.length === 0 ? "at once" : a.terms.map(termText).join(" + "));

export function scenarioTitle(id: ScenarioId, ctx?: ChainContext): string {
  const region = ctx?.facts.sites.find((s) => s.role === "primary")?.region ?? "the primary Region";
  const endpoint = ctx ? endpointOf(ctx.primary.tree) : undefined;
  const n = endpoint ? checkerCount(endpoint) : undefined;
  switch (id) {
    case "region-loss":
      return `${region} lost`;
    case "grey-failure":
      return "grey failure (2018): DNS inside the Region fails, the load balancer answers";
    case "partial-partition":
      return `partial partition: ${PARTIAL_PARTITION_SEEING} of ${n ?? "the"} checker regions still see ${region}`;
    case "az-loss":
      return "one AZ of the primary lost";
    case "failback":
      return `${region} comes back`;
  }
}

/** The TTL resolvers keep the PRIMARY's answer for: an ELB alias's fixed 60 s, else the record's own. */
export function ttlTerm(pair: FailoverPair, warnings: string[]): Term {
  const record = readRecord(pair.primary);
  if (record.alias !== undefined) {
    if (!record.alias.includes(".elb.amazonaws.com")) {
      warnings.push(`the PRIMARY record aliases ${record.alias}, not an ELB; its TTL is taken as the ELB alias's 60s`);
    }
    return { ...constant("elbAliasTtl", "TTL", false), detail: "ELB alias" };
  }
  if (record.ttl === undefined) {
    warnings.push(`the PRIMARY record ${pair.name} has neither an alias nor a TTL; taken as 60s`);
  }
  return {
    label: "TTL",
    seconds: record.ttl ?? DR_CONSTANTS.elbAliasTtl.seconds,
    approximate: false,
    detail: "record TTL",
    source: `graph: ${pair.primary.type} ${pair.primary.name} ttl ${record.ttl ?? "unset"}`,
  };
}

/** The tree a record follows, in words: `dns-primary (calculated, 3 of 3: ...)`. */
export function describeTree(node: CheckNode): string {
  const name = node.check.resource.name;
  if (node.kind === "endpoint") {
    const n = checkerCount(node);
    const deep = node.deepCheck ? `, the deep check ${node.deepCheck.resource.name}` : "";
    return `${name} (${node.check.type ?? "endpoint"} ${node.check.resourcePath ?? "/"}, ${n} checker regions${deep})`;
  }
  if (node.kind === "metric") {
    return `${name} (metric, follows alarm ${node.alarm?.name ?? "none"})`;
  }
  if (node.override) {
    return `${name} (override)`;
  }
  const children = node.children.map(describeTree).join(", ");
  return `${name} (calculated, ${node.check.childThreshold ?? 0} of ${node.children.length} healthy: ${children})`;
}

interface Page {
  readonly at: At;
  readonly link: Link;
}

function page(ctx: ChainContext, clock: TreeClock): Page {
  // The alarms that could page: those on the tree's checks, the quorum guard's aside unless it notifies
  // someone (it feeds a metric check, it does not page).
  const followed = new Set(checkNodes(ctx.primary.tree).map((n) => n.alarm));
  const alarms = alarmsOn(ctx.detection, ctx.primary.tree).filter(
    (a) => !followed.has(a.resource) || a.topics.length > 0,
  );
  const miss = (why: string): Page => ({
    at: never(why),
    link: { name: "alarm", text: "nobody is paged", terms: [], misses: [why] },
  });
  if (alarms.length === 0) {
    return miss("no CloudWatch alarm watches the PRIMARY's health checks, so nobody is paged");
  }
  const fired = alarms.map((a) => ({
    alarm: a,
    at:
      a.region !== undefined && a.region !== METRICS_REGION
        ? never(
            `${a.resource.name} is in ${a.region}; Route 53 publishes health-check metrics in ${METRICS_REGION} only`,
          )
        : clock.alarmFires(a),
  }));
  const firing = fired.filter((x) => finite(x.at));
  const paging = firing.filter((x) => x.alarm.subscriptions.length > 0).sort((a, b) => a.at.seconds - b.at.seconds);
  if (paging.length > 0) {
    const { alarm, at } = paging[0];
    const who = alarm.subscriptions.map((s) => `${s.protocol ?? "?"} ${s.endpoint ?? "?"}`).join(", ");
    return {
      at,
      link: {
        name: "alarm",
        text: `${alarm.resource.name} fires at ${when(at)} and pages ${who}`,
        terms: [alarmTerm(alarm)],
        misses: [],
      },
    };
  }
  if (firing.length === 0) {
    return miss(`no alarm on the PRIMARY's checks fires: ${fired.map((x) => x.at.why).join("; ")}`);
  }
  return miss(firing.map((x) => unheard(x.alarm)).join("; ") + ", so nobody is paged");
}

const unheard = (a: HealthAlarm) =>
  a.topics.length === 0
    ? `${a.resource.name} notifies no SNS topic`
    : `${a.resource.name}'s topic ${a.topics.map((t) => t.name).join(", ")} has no subscription`;

/** The SECONDARY's own check is role-aware: healthy only where the writer is (so only after promotion). */
const roleAware = (node: CheckNode | undefined) =>
  node?.deepCheck?.config?.probes.some((p) => p.kind === "postgres" && p.query !== undefined) ?? false;

/** Scenarios (a), (b), (c): the site is lost, or looks lost, and the chain must move users and writes. */
function recovering(ctx: ChainContext, id: DetectionScenario): ScenarioReport {
  const clock = TreeClock.primary(ctx.detection, ctx.primary.tree, id);
  const base = { id, letter: LETTERS[id], title: scenarioTitle(id, ctx) } as const;
  const detected = clock.root;
  const links: Link[] = [];
  if (!finite(detected)) {
    const why = `never detected: ${detected.why ?? "the PRIMARY's check stays healthy"}`;
    links.push({
      name: "detection",
      text: `the PRIMARY's check ${ctx.primary.tree.check.resource.name} stays healthy`,
      terms: [],
      misses: [why],
    });
    return { ...base, links, verdict: { kind: "miss" }, misses: [why] };
  }
  links.push({
    name: "detection",
    text: `${ctx.primary.tree.check.resource.name} unhealthy at ${when(detected)} = ${sumText(detected)}`,
    terms: detected.terms,
    misses: [],
  });
  const paged = page(ctx, clock);
  links.push(paged.link);

  const promote = promotion(ctx, clock, paged.at);
  const scale = scaleUp(ctx, clock, paged.at);
  links.push({
    name: "decision",
    text: [
      "DNS: Route 53 on its own once the PRIMARY is unhealthy and the SECONDARY healthy (docs/sources.md#route-53-secondary-unhealthy)",
      `${ctx.mechanism === "backup-restore" ? "rebuild" : "promotion"}: ${promote.how}`,
      ...(scale ? [`scale-up: ${scale.how}`] : []),
    ].join("; "),
    terms: [promote.start, ...(scale ? [scale.start] : [])]
      .map((s) => s.terms[s.terms.length - 1])
      .filter((t): t is Term => t?.human === true),
    misses: finite(promote.start) ? [] : [`the writer is never promoted: ${promote.start.why}`],
  });

  // The SECONDARY passes its own check once it can serve: at once when warm, after the scale-up (pilot
  // light), after the promotion when its check is role-aware, after the rebuild (backup and restore).
  const blockers = ctx.servability.blockers;
  const secondaryEndpoint = endpointOf(ctx.secondary?.tree);
  let waitFor: At | undefined = ctx.mechanism === "backup-restore" ? promote.done : scale ? scale.done : undefined;
  // A headless standby's deep check reaches no database until the growth's first instance is available.
  if (promote.instanceReady) {
    waitFor = waitFor ? later(waitFor, promote.instanceReady) : promote.instanceReady;
  }
  if (roleAware(secondaryEndpoint)) {
    waitFor = waitFor ? later(waitFor, promote.done) : promote.done;
  }
  let ready: At = at0;
  if (blockers.length > 0) {
    ready = never(`the SECONDARY cannot be healthy before it receives traffic: ${blockers.join("; ")}`);
  } else if (waitFor) {
    const recovery = secondaryEndpoint
      ? [
          ...(secondaryEndpoint.deepCheck?.config ? [deepTerm(secondaryEndpoint.deepCheck, "recoverAfter")] : []),
          checkTerm(secondaryEndpoint, "SECONDARY check passes"),
        ]
      : [];
    ready = after(waitFor, ...recovery);
  }
  const scaleMiss = ctx.mechanism !== "backup-restore" ? ctx.servability.scaleUpProblem : undefined;
  links.push({
    name: "recovery",
    text: [
      finite(promote.done)
        ? `${ctx.mechanism === "backup-restore" ? "rebuilt" : "writer promoted"} at ${when(promote.done)} (${sumText(promote.done)})`
        : `${ctx.mechanism === "backup-restore" ? "never rebuilt" : "writer never promoted"}`,
      ...(scale ? [finite(scale.done) ? `nodes up at ${when(scale.done)}` : "nodes never up"] : []),
      !finite(ready)
        ? "SECONDARY never healthy"
        : ready.seconds === 0
          ? "SECONDARY healthy already (warm)"
          : `SECONDARY healthy at ${when(ready)} (${sumText(ready)})`,
    ].join("; "),
    terms: [...promote.done.terms.slice(-1), ...(scale ? scale.done.terms.slice(-1) : [])],
    misses: [...(finite(ready) ? [] : [ready.why!]), ...(scaleMiss !== undefined ? [scaleMiss] : [])],
  });

  const ttl = ttlTerm(ctx.pair, ctx.warnings);
  const reached = after(later(detected, ready), ttl);
  const writes = promote.done;
  links.push({
    name: "dns",
    text: finite(ready)
      ? `DNS answers with the SECONDARY at ${when(later(detected, ready))}; resolvers drop the old answer within ${termText(ttl)}: users at ${when(reached)}`
      : "DNS keeps answering with the PRIMARY: the SECONDARY never passes its check",
    terms: [ttl],
    misses: [],
  });
  // A standby too small for the primary's steady state serves users only once its nodes are up.
  const grow = finite(ready) ? capacityStep(ctx, later(detected, ready)) : undefined;
  const users = grow ? later(reached, grow.done) : reached;
  if (grow) {
    links.push({
      name: "capacity",
      text: finite(grow.done)
        ? `the standby is too small at rest for the primary's steady state; nodes added by ${grow.how}, up at ${when(grow.done)} (${sumText(grow.done)}): users served at ${when(users)}`
        : "the standby cannot take the primary's steady-state load",
      terms: finite(grow.done) ? grow.done.terms.slice(-1) : [],
      misses: finite(grow.done) ? [] : [grow.done.why!],
    });
  }

  const misses = links.flatMap((l) => l.misses);
  const rto = later(users, writes);
  const human = users.human || writes.human;
  const meets = ctx.targets && finite(rto) ? rto.seconds <= ctx.targets.rtoSeconds : undefined;
  if (ctx.targets && finite(rto) && !meets) {
    misses.push(
      `RTO ${human ? ">= " : ""}${formatDuration(rto.seconds)} exceeds the target ${formatDuration(ctx.targets.rtoSeconds)}`,
    );
  }
  // With a person on the way the RTO is a lower bound: the target holds only if they act within what is
  // left of it, and the report says how long that is (docs/dr.md).
  const personHas = human && meets === true && ctx.targets ? ctx.targets.rtoSeconds - rto.seconds : undefined;
  if (misses.length > 0 || !finite(rto)) {
    return {
      ...base,
      links,
      verdict: finite(rto)
        ? { kind: "recovers", seconds: rto.seconds, atLeast: human, users, writes, meets: false }
        : { kind: "miss" },
      misses: misses.length > 0 ? misses : [rto.why ?? "service never returns"],
    };
  }
  return {
    ...base,
    links,
    verdict: {
      kind: "recovers",
      seconds: rto.seconds,
      atLeast: human,
      users,
      writes,
      ...(meets !== undefined ? { meets } : {}),
      ...(personHas !== undefined ? { personHas } : {}),
    },
    misses,
  };
}

/** Every scenario's chain for one failover pair. */
export function failoverChains(ctx: ChainContext): ScenarioReport[] {
  return [
    recovering(ctx, "region-loss"),
    recovering(ctx, "grey-failure"),
    recovering(ctx, "partial-partition"),
    azLoss(ctx),
    failback(ctx),
  ];
}

/** The scenarios a plan without DNS failover cannot be judged on. */
export function notApplicable(id: ScenarioId, reason: string): ScenarioReport {
  return {
    id,
    letter: LETTERS[id],
    title: scenarioTitle(id),
    links: [],
    verdict: { kind: "not-applicable", reason },
    misses: [],
  };
}
