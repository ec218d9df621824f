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
  /** When a headless secondary's first instance is available (before it can be promoted or probed). */
  readonly instanceReady?: At;
}

export function promotion(ctx: ChainContext, clock: TreeClock, paged: At): Step {
  const fromPage = (step: HumanStep, term: Term): Step => {
    const start = after(paged, humanTerm(step, "the page"));
    return { start, done: after(start, term), how: humanStepText(step) };
  };
  if (ctx.mechanism === "dms") {
    return dmsPromotion(ctx, clock, fromPage);
  }
  if (ctx.mechanism === "backup-restore") {
    return fromPage(HUMAN_STEPS.rebuild, constant("backupRestoreRebuild", "restore + rebuild", true));
  }
  const plans = ctx.servability.target.regionSwitch;
  const promote = constant("auroraGlobalPromotion", "DB promotion", true);
  // By hand, a headless member first needs an instance (the runbook's growth function, then the promotion).
  const byHand = (): Step => {
    const step = fromPage(HUMAN_STEPS.awsPromote, promote);
    if (!ctx.servability.target.headlessDatabase) return step;
    const instanceReady = after(step.start, constant("auroraInstanceCreation", "instance created", true));
    return { ...step, instanceReady, done: after(instanceReady, promote) };
  };
  // A starter runs the plan in ungraceful mode, which fails the database over without the lost Region.
  const started = plans.find((p) => p.starterAlarms.length > 0 && p.auroraBehavior === "failover");
  if (started) {
    const fired = after(
      triggerAt(ctx, clock, started.starterAlarms, "any"),
      constant("failoverStarterHops", "starter", true),
    );
    // With an approval step the plan waits for a person once it runs: named, and a lower bound.
    const start = started.approval ? after(fired, humanTerm(HUMAN_STEPS.approvePromotion, "the starter")) : fired;
    const how =
      `the Region switch plan ${started.plan.resource.name}, started in ungraceful mode when ` +
      `${started.starterAlarms.map((a) => a.name).join(", ")} fires (docs/sources.md#failover-starter)` +
      (started.approval ? `, then ${humanStepText(HUMAN_STEPS.approvePromotion)}` : "");
    if (ctx.servability.target.headlessDatabase) {
      // An ungraceful run skips the plan's Lambda steps, so nothing adds the headless member's instance: a person
      // runs the growth, then the promotion (docs/sources.md#arc-lambda-ungraceful; runbook A3, A4).
      const manual = byHand();
      return {
        ...manual,
        how: `${manual.how} (the starter runs ${started.plan.resource.name} ungraceful, which skips its Lambda steps, so no step adds the headless cluster's instance: docs/sources.md#arc-lambda-ungraceful)`,
      };
    }
    return { start, done: after(start, promote), how };
  }
  const step = byHand();
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

/**
 * The Google Cloud promotion: by the workflow its signal starts (with a person's approval when it asks for
 * one), or by a person after the page when there is no such chain or the signal cannot see the failure.
 */
function dmsPromotion(ctx: ChainContext, clock: TreeClock, fromPage: (step: HumanStep, term: Term) => Step): Step {
  const promote = constant("cloudSqlPromotion", "Cloud SQL promotion", true);
  const ready = constant("afterPromotionSetup", "after-promotion setup", true);
  // By hand, the person runs the same workflow, which readies the database after promoting it.
  const manual = fromPage(HUMAN_STEPS.gcpPromote, promote);
  const byHand = { ...manual, done: after(manual.done, ready) };
  const signal = ctx.servability.target.gcpPromotion;
  const gap = !signal
    ? "no promotion workflow is started by a signal on the primary"
    : !signal.asksPrimary
      ? `the uptime check ${signal.uptimeCheck.name} does not ask a load balancer of the primary`
      : signal.missingDataFires
        ? `the alert policy ${signal.policy.name} treats missing data as failing, so a metrics gap would promote`
        : undefined;
  const bad = clock.answerFails();
  if (gap !== undefined || !signal || !Number.isFinite(bad.seconds)) {
    return { ...byHand, how: `${byHand.how} (${gap ?? bad.why})` };
  }
  const fired = after(
    bad,
    {
      label: "uptime signal",
      seconds: signal.periodSeconds + signal.durationSeconds,
      approximate: false,
      detail: `next check within ${signal.periodSeconds}s + condition held ${signal.durationSeconds}s`,
      source: `graph: ${signal.uptimeCheck.type} ${signal.uptimeCheck.name} period, ${signal.policy.type} ${signal.policy.name} duration`,
    },
    constant("cloudMonitoringIncident", "incident published", true),
    constant("eventarcWorkflowStart", "workflow starts", true),
  );
  const automatic =
    `the workflow ${signal.workflow.name}, started through Eventarc when the alert policy ${signal.policy.name} on ` +
    `the uptime check ${signal.uptimeCheck.name} of the primary opens an incident (docs/sources.md#promotion-signal)`;
  if (!signal.approval) {
    return { start: fired, done: after(fired, promote, ready), how: automatic };
  }
  // With approval a person acts either way: approving the signal's execution, or, paged earlier by Route 53's
  // alarm, running the same workflow by hand. The earlier of the two counts.
  const approved = after(fired, humanTerm(HUMAN_STEPS.gcpApprovePromotion, "the workflow's request"));
  if (byHand.start.seconds < approved.seconds) {
    return {
      ...byHand,
      how: `${byHand.how}, paged before ${automatic} asks for approval (${humanStepText(HUMAN_STEPS.gcpApprovePromotion)})`,
    };
  }
  return {
    start: approved,
    done: after(approved, promote, ready),
    how: `${automatic}, then ${humanStepText(HUMAN_STEPS.gcpApprovePromotion)}`,
  };
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
