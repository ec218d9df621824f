import { GraphResource } from "@dr-platform/model";
import type { ChainContext } from "./chain";
import { after, At, later, never, TreeClock } from "./detect";
import { HUMAN_STEPS, HumanStep, humanStepText } from "./runbook";
import { constant, humanTerm, Term } from "./terms";

/**
 * The decision and recovery links of a failover chain (dr/chain.ts): when the database is promoted (a starter's
 * ungraceful run, or a person after the page) and when a pilot light is scaled up.
 */

/**
 * When a start fires: a trigger's conditions all hold (the latest of its alarms), a starter's rule matches
 * any one of its alarms (the earliest).
 */
export function triggerAt(
  ctx: ChainContext,
  clock: TreeClock,
  alarms: readonly GraphResource[],
  when: "all" | "any" = "all",
): At {
  if (alarms.length === 0) {
    return never("its trigger's alarms do not resolve to alarms of this plan, so when it fires cannot be read");
  }
  const times = alarms.map((r) => {
    const alarm = ctx.detection.alarms.find((a) => a.resource === r);
    return alarm ? clock.alarmFires(alarm) : never(`the trigger's alarm ${r.name} is not on a Route 53 health check`);
  });
  return when === "all" ? times.reduce(later) : times.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

export interface Step {
  readonly start: At;
  readonly done: At;
  readonly how: string;
}

export function promotion(ctx: ChainContext, clock: TreeClock, paged: At): Step {
  const fromPage = (step: HumanStep, term: Term): Step => {
    const start = after(paged, humanTerm(step, "the page"));
    return { start, done: after(start, term), how: humanStepText(step) };
  };
  if (ctx.mechanism === "dms") {
    return fromPage(HUMAN_STEPS.gcpPromote, constant("cloudSqlPromotion", "Cloud SQL promotion", true));
  }
  if (ctx.mechanism === "backup-restore") {
    return fromPage(HUMAN_STEPS.rebuild, constant("backupRestoreRebuild", "restore + rebuild", true));
  }
  const plans = ctx.servability.target.regionSwitch;
  const promote = constant("auroraGlobalPromotion", "DB promotion", true);
  // A starter runs the plan in ungraceful mode, which fails the database over without the lost Region.
  const started = plans.find((p) => p.starterAlarms.length > 0 && p.auroraBehavior === "failover");
  if (started) {
    const fired = triggerAt(ctx, clock, started.starterAlarms, "any");
    // With an approval step the plan waits for a person once it runs: named, and a lower bound.
    const start = started.approval ? after(fired, humanTerm(HUMAN_STEPS.approvePromotion, "the starter")) : fired;
    return {
      start,
      done: after(start, promote),
      how:
        `the Region switch plan ${started.plan.resource.name}, started in ungraceful mode when ` +
        `${started.starterAlarms.map((a) => a.name).join(", ")} fires (docs/sources.md#failover-starter)` +
        (started.approval ? `, then ${humanStepText(HUMAN_STEPS.approvePromotion)}` : ""),
    };
  }
  const step = fromPage(HUMAN_STEPS.awsPromote, promote);
  const switchoverOnly = plans.find((p) => p.auroraBehavior === "switchoverOnly");
  // An ARC trigger starts the plan, but it carries no execution mode, and only an ungraceful run fails the
  // database over without the lost Region: a trigger alone is not credited (docs/sources.md#arc-region-switch-triggers).
  const triggered = plans.find((p) => p.triggers.length > 0);
  const why = switchoverOnly
    ? ` (the Region switch plan ${switchoverOnly.plan.resource.name} only switches over, which needs the primary Region; docs/sources.md#arc-region-switch-triggers)`
    : triggered
      ? ` (the Region switch plan ${triggered.plan.resource.name}'s trigger carries no execution mode, so it is not credited with an ungraceful failover; docs/sources.md#arc-region-switch-triggers)`
      : plans.length > 0
        ? ` (the Region switch plan ${plans[0].plan.resource.name} has no trigger)`
        : "";
  return { ...step, how: `${step.how}${why}` };
}

export function scaleUp(ctx: ChainContext, clock: TreeClock, paged: At): Step | undefined {
  const s = ctx.servability.scaleUp;
  const term = constant("nodeScaleUp", "node scale-up", true);
  // The autoscaler keeps nodes for the pods that always run: nothing to scale before DNS can move.
  if (s.kind === "not-needed" || s.kind === "autoscaler" || ctx.mechanism === "backup-restore") {
    return undefined;
  }
  if (s.kind === "automated") {
    const start = triggerAt(ctx, clock, s.alarms);
    return { start, done: after(start, term), how: `the Region switch plan ${s.plan.name}, started by its trigger` };
  }
  const start = after(paged, humanTerm(s.step, "the page"));
  return { start, done: after(start, term), how: humanStepText(s.step) };
}
