import { PROFILES, STRICTEST } from "../stack-config/profiles";
import { DrMode, Environment } from "../stack-config/schema";
import { ScheduleSaving } from "./schedule";
import { Sides } from "./sides";

/**
 * The cost targets of issue 6, measured, never tuned: the passive side as a share of the active side
 * per DR mode (`maxPassiveShare`), and the share of compute cost the off-hours schedule saves
 * (`minScheduleComputeCut`), both capabilities of the environment profile (stack-config/profiles.ts). A stack
 * without a known environment is held to the strictest profile's targets.
 */
export interface TargetCheck {
  readonly name: string;
  /** "<=" for a ceiling, ">=" for a floor. */
  readonly comparison: "<=" | ">=";
  readonly target: number;
  readonly measured?: number;
  readonly meets?: boolean;
  /** Some price behind the figure is unknown: the verdict holds for the known prices only. */
  readonly indicative: boolean;
  readonly detail: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const usd = (x: number) => `$${x.toFixed(2)}`;

/**
 * The passive-share check uses the inclusive share (DR links billed in the primary region count as
 * passive): the conservative reading of "what the passive side costs".
 */
export function checkTargets(
  stack: { readonly drMode?: DrMode; readonly environment?: Environment },
  s: Sides,
  schedule?: ScheduleSaving,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const profile = (stack.environment !== undefined ? PROFILES[stack.environment] : undefined) ?? PROFILES[STRICTEST];
  const ceiling = stack.drMode ? profile.maxPassiveShare[stack.drMode] : undefined;
  if (ceiling !== undefined) {
    const measured = s.inclusiveShare;
    const links = s.drLinks.reduce((a, l) => a + l.monthly, 0);
    const activeOnly = s.active - links;
    const over = s.passive + links - ceiling * activeOnly;
    const meets = measured === undefined ? undefined : measured <= ceiling;
    // Unknown prices only on the active side can only lower the share, only on the passive side raise it.
    const settled =
      s.bound === "exact" || (s.bound === "upper" && meets === true) || (s.bound === "lower" && meets === false);
    checks.push({
      name: `passive side (${stack.drMode}) as a share of the active side`,
      comparison: "<=",
      target: ceiling,
      measured,
      meets,
      indicative: !settled,
      detail:
        measured === undefined
          ? "no active-side cost to compare with"
          : `${usd(s.passive + links)} / ${usd(activeOnly)} = ${pct(measured)} (site only: ${s.share === undefined ? "n/a" : pct(s.share)})` +
            (meets
              ? ""
              : `; misses by ${pct(measured - ceiling)}: ${usd(over)}/month over the target at this active cost`),
    });
  }
  const floor = profile.minScheduleComputeCut;
  if (floor !== undefined) {
    const measured = schedule?.computeShare;
    checks.push({
      name: "off-hours schedule's cut of compute cost",
      comparison: ">=",
      target: floor,
      measured,
      meets: measured === undefined ? false : measured >= floor,
      indicative: schedule?.lines.some((l) => l.compute && l.monthly === undefined) ?? false,
      detail:
        schedule === undefined
          ? "the stack has no off-hours schedule"
          : measured === undefined
            ? "no priced compute to cut"
            : `${usd(schedule.computeSaving)} of ${usd(schedule.computeCost)} compute per month = ${pct(measured)}` +
              ` (${schedule.hours.offHoursPerWeek.toFixed(1)} h off per week)`,
    });
  }
  return checks;
}
