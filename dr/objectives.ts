import { detectionFacts, Facts, facts, Graph, Mechanism, T } from "@dr-platform/model";
import {
  ChainContext,
  describeTree,
  DrTargets,
  failoverChains,
  notApplicable,
  ScenarioId,
  ScenarioReport,
} from "./chain";
import { capacity } from "./capacity";
import { DR_CONSTANTS } from "./constants";
import { At } from "./detect";
import { formatDuration } from "./duration";
import { GLOBAL_RPO_PARAMETER } from "../lib/aurora";
import { backupCopies, globalRpoBound, rtcReplications, secondaryCompute, SecondaryCompute } from "./graph-facts";
import { longestOffWindow, offHoursText, readOffHours } from "./off-hours";
import { HUMAN_STEPS } from "./runbook";
import { servability } from "./servable";
import { constant, humanTerm, Objective, objective, Term } from "./terms";

export type { DrTargets, ScenarioId, ScenarioReport } from "./chain";
export type { Objective, Term } from "./terms";

/**
 * The model: DR objectives are derived from the graph, not hoped for (docs/sources.md#dr-targets).
 *
 * For each scenario (dr/chain.ts) the report walks the chain the graph builds, in order: detection by the
 * PRIMARY record's health checks, the alarm that pages someone, the decision (automatic or a named human step
 * of docs/runbooks/failover.md), promotion and scale-up, and the TTL resolvers keep. The RTO of the Region loss
 * (scenario a) is the stack's RTO:
 *
 *   users  = max(PRIMARY detected, SECONDARY healthy) + TTL
 *   writes = decision (trigger, or the page and a human step) + promotion
 *   RTO    = max(users, writes)        (">=" when a human step is on the way: their reaction is on top)
 *   RPO    = the replication mechanism's lag (or the age of the newest backup copy)
 *
 * Every term is read from the graph or is a sourced constant (dr/constants.ts). A link that cannot hold
 * (never detected, nobody paged, a secondary that cannot be healthy before it receives traffic, a pilot light
 * only a person scales up, traffic that returns by itself) is a miss with its reason.
 */

export interface RecoveryTime extends Objective {
  /** Users reach the SECONDARY: detection (or the SECONDARY's readiness), then the TTL. */
  readonly detection: Objective;
  /** The new writer accepts writes: the decision, then promotion (or restore and rebuild). */
  readonly recovery: Objective;
  /** A human step is on the way: the figure is a lower bound. */
  readonly atLeast: boolean;
}

/** One reason a stack misses: the scenario it belongs to (or the RPO) and why. */
export interface DrMiss {
  readonly scenario: ScenarioId | "rpo" | "failover";
  readonly letter?: string;
  readonly reason: string;
}

export interface DrObjectives {
  readonly kind: "failover";
  readonly stack: string;
  /** The failover record the figures are for (the slowest pair, when the plan has several). */
  readonly recordName: string;
  readonly mechanism: Mechanism;
  readonly compute: SecondaryCompute;
  /** The PRIMARY record's health checks, in words. */
  readonly checks?: string;
  /** Whether the standby holds the primary's steady-state load, the quota it needs, its reservations. */
  readonly capacity?: readonly string[];
  /** The Region loss's (scenario a) recovery time. */
  readonly rto: RecoveryTime;
  /** The typical data loss (the replication's usual lag). */
  readonly rpo: Objective;
  /** The most a failover may lose, when the plan has Aurora enforce a bound (rds.global_db_rpo). */
  readonly rpoBound?: Objective;
  /** Object replication (S3 RTC), when the plan has it. */
  readonly objects?: Objective;
  readonly scenarios: readonly ScenarioReport[];
  readonly targets?: DrTargets;
  /** rto: scenario (a) holds on every link and within the target; rpo: within the target. */
  readonly meets?: { readonly rto: boolean; readonly rpo: boolean };
  /** Every miss of every scenario, and the RPO's. */
  readonly misses: readonly DrMiss[];
  /** While an off-hours schedule has the primary off and its alarms silenced: how long a Region loss waits. */
  readonly offHours?: string;
  /** What the model could not account for in this plan. */
  readonly warnings: readonly string[];
}

/** The plan cannot move traffic by itself, so there is no RTO to compute. */
export interface NoFailover {
  readonly kind: "no-failover";
  readonly stack: string;
  readonly reason: string;
  readonly targets?: DrTargets;
  readonly meets?: { readonly rto: boolean; readonly rpo: boolean };
  readonly misses: readonly DrMiss[];
}

export type DrReport = DrObjectives | NoFailover;

const missesOf = (scenarios: readonly ScenarioReport[]): DrMiss[] =>
  scenarios.flatMap((s) => s.misses.map((reason) => ({ scenario: s.id, letter: s.letter, reason })));

/** The stack's recovery time and point, every scenario's chain, every term shown and sourced. */
export function computeObjectives(g: Graph, targets?: DrTargets): DrReport {
  const f = facts(g);
  const pairs = f.failoverPairs;
  const noFailover = (reason: string): NoFailover => ({
    kind: "no-failover",
    stack: g.stack,
    reason,
    ...(targets ? { targets, meets: { rto: false, rpo: false } } : {}),
    misses: [{ scenario: "failover", reason: `no DNS failover: ${reason}` }],
  });
  if (pairs.length === 0) {
    // Backup and restore has nothing to fail over to: recovery is a restore and a rebuild, timed as such.
    return f.mechanism === "backup-restore" && f.backupCopyAction
      ? rebuildObjectives(f, targets)
      : noFailover("no Route 53 failover records");
  }
  const incomplete = pairs.find((p) => !p.secondary || !p.primaryCheck);
  if (incomplete) {
    return noFailover(
      incomplete.secondary
        ? `the PRIMARY record ${incomplete.name} has no health check, so Route 53 fails over on ELB target health only, which this model does not time`
        : `the PRIMARY record ${incomplete.name} has no SECONDARY${
            f.sites.find((s) => s.role === "primary")?.key.endsWith("-secondary")
              ? ": the active site is the one built as the secondary, and the site built as the primary does not replicate from it (a one-way DMS promotion), so losing the active site has no failover until the failback (docs/runbooks/failback.md#b-google-cloud-secondary)"
              : ""
          }`,
    );
  }
  const detection = detectionFacts(f);
  const serving = servability(f);
  const standby = capacity(f);
  const reports = pairs.map((pair) => {
    const primary = detection.records.find((r) => r.record.resource === pair.primary);
    const secondary = detection.records.find((r) => r.record.resource === pair.secondary);
    if (!primary?.tree) {
      return noFailover(`the PRIMARY record ${pair.name}'s health check is not in the plan`);
    }
    const ctx: ChainContext = {
      facts: f,
      detection,
      pair,
      primary: { ...primary, tree: primary.tree },
      ...(secondary ? { secondary } : {}),
      servability: serving,
      capacity: standby,
      mechanism: f.mechanism,
      ...(targets ? { targets } : {}),
      warnings: [],
    };
    return objectivesFor(f, ctx);
  });
  // The worst pair: a miss first, then the longest Region-loss RTO.
  const rank = (r: DrReport) => (r.kind === "no-failover" ? Infinity : r.misses.length * 1e9 + r.rto.seconds);
  return reports.reduce((worst, r) => (rank(r) > rank(worst) ? r : worst));
}

function rtoOf(a: ScenarioReport): RecoveryTime {
  const empty: At = { seconds: Infinity, terms: [], human: false };
  const users = a.verdict.kind === "recovers" ? a.verdict.users : empty;
  const writes = a.verdict.kind === "recovers" ? a.verdict.writes : empty;
  const critical = writes.seconds > users.seconds ? writes : users;
  return {
    seconds: a.verdict.kind === "recovers" ? a.verdict.seconds : Infinity,
    terms: critical.terms,
    detection: { seconds: users.seconds, terms: users.terms },
    recovery: { seconds: writes.seconds, terms: writes.terms },
    atLeast: a.verdict.kind === "recovers" && a.verdict.atLeast,
  };
}

function finish(
  f: Facts,
  base: Omit<DrObjectives, "rto" | "rpo" | "meets" | "misses" | "targets" | "objects" | "kind" | "stack">,
  targets: DrTargets | undefined,
): DrObjectives {
  const warnings = [...base.warnings];
  const rpo = objective([rpoTerm(f, base.mechanism, warnings)]);
  const bound = base.mechanism === "aurora-global" ? globalRpoBound(f) : undefined;
  const rpoBound = bound
    ? objective([
        {
          label: GLOBAL_RPO_PARAMETER,
          seconds: bound.seconds,
          approximate: false,
          detail: bound.group,
          source: `graph: ${bound.group} sets ${GLOBAL_RPO_PARAMETER}; docs/sources.md#aurora-global-rpo-bound (confirmed)`,
        },
      ])
    : undefined;
  const objects = rtcReplications(f.graph).length > 0 ? objective([constant("s3Rtc", "S3 RTC", false)]) : undefined;
  const a = base.scenarios[0];
  const rto = rtoOf(a);
  const misses = missesOf(base.scenarios);
  const schedule = readOffHours(f.graph.outputs.offHours);
  const window = schedule ? longestOffWindow(schedule) : undefined;
  const offHours =
    schedule && window
      ? offHoursText(schedule, window, `${rto.atLeast ? ">= " : ""}${formatDuration(rto.seconds)}`)
      : undefined;
  const meetsRpo = targets ? rpo.seconds <= targets.rpoSeconds : true;
  if (targets && !meetsRpo) {
    misses.push({
      scenario: "rpo",
      reason: `RPO ${Number.isFinite(rpo.seconds) ? formatDuration(rpo.seconds) : "unbounded"} exceeds the target ${formatDuration(targets.rpoSeconds)}`,
    });
  }
  return {
    kind: "failover",
    stack: f.graph.stack,
    ...base,
    rto,
    rpo,
    ...(rpoBound ? { rpoBound } : {}),
    ...(objects ? { objects } : {}),
    ...(targets
      ? {
          targets,
          meets: {
            rto: a.misses.length === 0 && a.verdict.kind === "recovers" && rto.seconds <= targets.rtoSeconds,
            rpo: meetsRpo,
          },
        }
      : {}),
    misses,
    ...(offHours !== undefined ? { offHours } : {}),
    warnings,
  };
}

function objectivesFor(f: Facts, ctx: ChainContext): DrObjectives {
  const scenarios = failoverChains(ctx);
  const { compute } = secondaryCompute(f.graph);

  return finish(
    f,
    {
      recordName: ctx.pair.name,
      mechanism: ctx.mechanism,
      compute,
      checks: `PRIMARY ${ctx.pair.name} follows ${describeTree(ctx.primary.tree)}`,
      ...(ctx.capacity && ctx.capacity.verdict.kind !== "not-judged" ? { capacity: ctx.capacity.lines } : {}),
      scenarios,
      warnings: ctx.warnings,
    },
    ctx.targets,
  );
}

/** Backup and restore: no failover to detect; a person restores and rebuilds, the last copy the data point. */
function rebuildObjectives(f: Facts, targets: DrTargets | undefined): DrObjectives {
  const human = humanTerm(HUMAN_STEPS.rebuild, "the outage");
  const rebuild = constant("backupRestoreRebuild", "restore + rebuild", true);
  const done: At = { seconds: rebuild.seconds, terms: [human, rebuild], human: true };
  const meets = targets ? done.seconds <= targets.rtoSeconds : undefined;
  const misses =
    targets && !meets
      ? [`RTO >= ${formatDuration(done.seconds)} exceeds the target ${formatDuration(targets.rtoSeconds)}`]
      : [];
  const region: ScenarioReport = {
    id: "region-loss",
    letter: "a",
    title: `${f.sites.find((s) => s.role === "primary")?.region ?? "the primary Region"} lost`,
    links: [
      {
        name: "decision",
        text: `no DNS failover (backup and restore): a person restores and rebuilds (${HUMAN_STEPS.rebuild.ref}), which repoints the name`,
        terms: [human],
        misses: [],
      },
      {
        name: "recovery",
        text: `restored and rebuilt at >= ${formatDuration(done.seconds)}`,
        terms: [rebuild],
        misses,
      },
    ],
    verdict: {
      kind: "recovers",
      seconds: done.seconds,
      atLeast: true,
      users: done,
      writes: done,
      ...(meets !== undefined ? { meets } : {}),
    },
    misses,
  };
  const reason = "backup and restore: no failover to judge";
  const scenarios = [
    region,
    ...(["grey-failure", "partial-partition", "az-loss", "failback"] as const).map((id) => notApplicable(id, reason)),
  ];
  return finish(
    f,
    {
      recordName: "(rebuild in the secondary region; no DNS failover)",
      mechanism: "backup-restore",
      compute: secondaryCompute(f.graph).compute,
      scenarios,
      warnings: [],
    },
    targets,
  );
}

function rpoTerm(f: Facts, mechanism: Mechanism, warnings: string[]): Term {
  if (mechanism === "aurora-global") {
    return constant("auroraGlobalReplicationLag", "Aurora global replication", true);
  }
  if (mechanism === "dms") {
    return constant("dmsReplicationLag", "DMS continuous replication, assumed", true);
  }
  const copy = backupCopies(f.graph)[0];
  if (!copy) {
    return {
      label: "no cross-region copy of the database in this plan",
      seconds: Infinity,
      approximate: false,
      source: "graph: no Aurora global cluster, no DMS job, and no AWS Backup rule with a cross-region copy action",
    };
  }
  if (copy.intervalSeconds === undefined) {
    warnings.push(`backup schedule ${copy.schedule} of ${copy.plan}/${copy.rule} not understood; taken as daily`);
  }
  const seconds = copy.intervalSeconds ?? DR_CONSTANTS.backupInterval.seconds;
  return {
    label: seconds === 24 * 3600 ? "daily AWS Backup copy" : `AWS Backup copy every ${formatDuration(seconds)}`,
    seconds,
    approximate: false,
    detail: copy.schedule,
    source: `graph: ${T.backupPlan} ${copy.plan} rule ${copy.rule} schedule ${copy.schedule} with a cross-region copy; ${DR_CONSTANTS.backupInterval.source}`,
  };
}
