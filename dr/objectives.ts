import { Graph, T } from "@dr-platform/model";
import { DR_CONSTANTS, ROUTE53_DEFAULT_FAILURE_THRESHOLD } from "./constants";
import { formatDuration } from "./duration";
import {
  aliasTarget,
  backupCopied,
  backupCopies,
  checkTiming,
  failoverPairs,
  FailoverPair,
  Mechanism,
  mechanismOf,
  recordTtl,
  rtcReplications,
  secondaryCompute,
  SecondaryCompute,
  secondaryHasDbInstance,
} from "./graph-facts";

/**
 * The model: DR objectives are derived from the graph, not hoped for (docs/sources.md#dr-targets).
 *
 * A regional outage starts at t = 0. Two paths then run at the same time:
 *  - traffic (detection path): Route 53 marks the primary unhealthy after requestInterval x failureThreshold
 *    of its PRIMARY health check, then resolvers still hold the old answer for up to the PRIMARY record's
 *    TTL (an alias to an ELB answers with a fixed 60 s);
 *  - data and capacity (recovery path): the database is promoted in the secondary (Aurora global failover,
 *    or promotion of the DMS destination in Cloud SQL), and a pilot-light secondary scales its nodes up
 *    from 0. Promotion and scale-up are added, not overlapped: pods pass readiness only once the database
 *    is writable, and the overlap is not credited. Backup-restore's recovery path is restore + rebuild.
 *
 *   RTO = max(detection + TTL, promotion [+ node scale-up])
 *   RPO = the replication mechanism's lag (or the age of the newest backup copy)
 *
 * The recovery path assumes promotion starts with the outage (automation, or an on-call acting on the
 * first failed check); human reaction time is not modelled. Objects (S3 RTC) are reported apart from the
 * database's RPO.
 */

/** One term of an objective: what it is, how long, and where the figure comes from. */
export interface Term {
  readonly label: string;
  readonly seconds: number;
  /** True when the figure is typical rather than a bound ("~" in the report). */
  readonly approximate: boolean;
  /** How the figure was obtained from the graph, e.g. "10s x 3". */
  readonly detail?: string;
  readonly source: string;
}

export interface Objective {
  readonly seconds: number;
  readonly terms: readonly Term[];
}

export interface RecoveryTime extends Objective {
  /** Health check detection, then TTL. */
  readonly detection: Objective;
  /** Promotion (and scale-up), or restore and rebuild. */
  readonly recovery: Objective;
}

/** Targets from the stack's config (`drTargets`). */
export interface DrTargets {
  readonly rtoSeconds: number;
  readonly rpoSeconds: number;
}

export interface DrObjectives {
  readonly kind: "failover";
  readonly stack: string;
  /** The failover record the figures are for (the slowest pair, when the plan has several). */
  readonly recordName: string;
  readonly mechanism: Mechanism;
  readonly compute: SecondaryCompute;
  readonly rto: RecoveryTime;
  readonly rpo: Objective;
  /** Object replication (S3 RTC), when the plan has it. */
  readonly objects?: Objective;
  readonly targets?: DrTargets;
  readonly meets?: { readonly rto: boolean; readonly rpo: boolean };
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
}

export type DrReport = DrObjectives | NoFailover;

const sum = (terms: readonly Term[]) => terms.reduce((total, t) => total + t.seconds, 0);
const objective = (terms: Term[]): Objective => ({ seconds: sum(terms), terms });
const constant = (key: keyof typeof DR_CONSTANTS, label: string, approximate: boolean): Term => ({
  label,
  seconds: DR_CONSTANTS[key].seconds,
  approximate,
  source: DR_CONSTANTS[key].source,
});

/** The stack's recovery time and point, every term shown and sourced. */
export function computeObjectives(g: Graph, targets?: DrTargets): DrReport {
  const pairs = failoverPairs(g);
  const noFailover = (reason: string): NoFailover => ({
    kind: "no-failover",
    stack: g.stack,
    reason,
    ...(targets ? { targets, meets: { rto: false, rpo: false } } : {}),
  });
  if (pairs.length === 0) {
    // Backup and restore has nothing to fail over to: recovery is a restore and a rebuild, timed as such.
    return mechanismOf(g) === "backup-restore" && backupCopied(g)
      ? rebuildObjectives(g, targets)
      : noFailover("no Route 53 failover records");
  }
  const incomplete = pairs.find((p) => !p.secondary || !p.primaryCheck);
  if (incomplete) {
    return noFailover(
      incomplete.secondary
        ? `the PRIMARY record ${incomplete.name} has no health check, so Route 53 fails over on ELB target health only, which this model does not time`
        : `the PRIMARY record ${incomplete.name} has no SECONDARY`,
    );
  }
  const results = pairs.map((p) => objectivesFor(g, p, targets));
  return results.reduce((worst, r) => (r.rto.seconds > worst.rto.seconds ? r : worst));
}

/** Backup and restore: no detection race, the rebuild is the recovery, the last copy the data point. */
function rebuildObjectives(g: Graph, targets: DrTargets | undefined): DrObjectives {
  const warnings: string[] = [];
  const recovery = objective(recoveryTerms(g, "backup-restore", secondaryCompute(g).compute, warnings));
  const detection = objective([]);
  const rto: RecoveryTime = { seconds: recovery.seconds, terms: recovery.terms, detection, recovery };
  const rpo = objective([rpoTerm(g, "backup-restore", warnings)]);
  return {
    kind: "failover",
    stack: g.stack,
    recordName: "(rebuild in the secondary region; no DNS failover)",
    mechanism: "backup-restore",
    compute: secondaryCompute(g).compute,
    rto,
    rpo,
    ...(targets
      ? { targets, meets: { rto: rto.seconds <= targets.rtoSeconds, rpo: rpo.seconds <= targets.rpoSeconds } }
      : {}),
    warnings,
  };
}

function objectivesFor(g: Graph, pair: FailoverPair, targets: DrTargets | undefined): DrObjectives {
  const warnings: string[] = [];
  const detection = objective([detectionTerm(pair), ttlTerm(pair, warnings)]);
  const mechanism = mechanismOf(g);
  const { compute } = secondaryCompute(g);
  const recovery = objective(recoveryTerms(g, mechanism, compute, warnings));
  const rto: RecoveryTime = {
    seconds: Math.max(detection.seconds, recovery.seconds),
    terms: [...detection.terms, ...recovery.terms],
    detection,
    recovery,
  };
  const rpo = objective([rpoTerm(g, mechanism, warnings)]);
  const objects = rtcReplications(g).length > 0 ? objective([constant("s3Rtc", "S3 RTC", false)]) : undefined;
  return {
    kind: "failover",
    stack: g.stack,
    recordName: pair.name,
    mechanism,
    compute,
    rto,
    rpo,
    ...(objects ? { objects } : {}),
    ...(targets
      ? { targets, meets: { rto: rto.seconds <= targets.rtoSeconds, rpo: rpo.seconds <= targets.rpoSeconds } }
      : {}),
    warnings,
  };
}

function detectionTerm(pair: FailoverPair): Term {
  const check = pair.primaryCheck!;
  const timing = checkTiming(check);
  const interval = timing.interval ?? DR_CONSTANTS.route53DefaultInterval.seconds;
  const threshold = timing.threshold ?? ROUTE53_DEFAULT_FAILURE_THRESHOLD.count;
  const defaults = [
    timing.interval === undefined ? `interval: ${DR_CONSTANTS.route53DefaultInterval.source}` : "",
    timing.threshold === undefined ? `threshold: ${ROUTE53_DEFAULT_FAILURE_THRESHOLD.source}` : "",
  ].filter((s) => s !== "");
  return {
    label: "health check",
    seconds: interval * threshold,
    approximate: false,
    detail: `${formatDuration(interval)} x ${threshold}`,
    source:
      `graph: ${check.type} ${check.name} requestInterval ${interval}, failureThreshold ${threshold}` +
      (defaults.length > 0 ? ` (Route 53 defaults: ${defaults.join("; ")})` : ""),
  };
}

/** Resolvers hold the PRIMARY record's answer when the primary fails, so its TTL is the one that counts. */
function ttlTerm(pair: FailoverPair, warnings: string[]): Term {
  const alias = aliasTarget(pair.primary);
  if (alias !== undefined) {
    if (!alias.includes(".elb.amazonaws.com")) {
      warnings.push(`the PRIMARY record aliases ${alias}, not an ELB; its TTL is taken as the ELB alias's 60s`);
    }
    return { ...constant("elbAliasTtl", "TTL", false), detail: "ELB alias" };
  }
  const ttl = recordTtl(pair.primary);
  if (ttl === undefined) {
    warnings.push(`the PRIMARY record ${pair.name} has neither an alias nor a TTL; taken as 60s`);
  }
  return {
    label: "TTL",
    seconds: ttl ?? DR_CONSTANTS.elbAliasTtl.seconds,
    approximate: false,
    detail: "record TTL",
    source: `graph: ${pair.primary.type} ${pair.primary.name} ttl ${ttl ?? "unset"}`,
  };
}

function recoveryTerms(g: Graph, mechanism: Mechanism, compute: SecondaryCompute, warnings: string[]): Term[] {
  if (mechanism === "backup-restore") {
    // The rebuild re-creates the secondary's compute too, so scale-up is part of it.
    return [constant("backupRestoreRebuild", "restore + rebuild", true)];
  }
  const terms =
    mechanism === "aurora-global"
      ? [constant("auroraGlobalPromotion", "DB promotion", true)]
      : [constant("cloudSqlPromotion", "Cloud SQL promotion", true)];
  if (mechanism === "aurora-global" && !secondaryHasDbInstance(g)) {
    warnings.push(
      "the secondary site has no Aurora instance (a headless secondary cluster): promotion must add one first, not modelled",
    );
  }
  if (compute === "pilot-light") {
    terms.push(constant("nodeScaleUp", "node scale-up", true));
  } else if (compute === "none") {
    warnings.push("the secondary site has no node group or node pool in this plan: node scale-up not modelled");
  }
  return terms;
}

function rpoTerm(g: Graph, mechanism: Mechanism, warnings: string[]): Term {
  if (mechanism === "aurora-global") {
    return constant("auroraGlobalReplicationLag", "Aurora global replication", true);
  }
  if (mechanism === "dms") {
    return constant("dmsReplicationLag", "DMS continuous replication, assumed", true);
  }
  const copy = backupCopies(g)[0];
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
