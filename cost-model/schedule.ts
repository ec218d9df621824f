import { addMinutes, MINUTES_PER_DAY, minutesOfDay, parseCalendarDate, Weekday, weekdayOf } from "../lib/clock";
import { TEARDOWN_AFTER_STOP_MINUTES } from "../lib/off-hours";
import { ScheduleConfig, ScheduleTarget } from "../stack-config/schema";
import { Bill } from "./bill";

/**
 * The off-hours schedule's saving: hours off per week times the hourly price of what it switches off
 * (node groups to 0, Aurora stopped, GKE pool to 0, Cloud SQL activation NEVER). Storage stays billed:
 * only instance and node hours are saved.
 */

export const HOURS_PER_WEEK = 168;

/**
 * Targets whose schedules skip holidays. EventBridge Scheduler's start rules leave holidays out; Cloud
 * Scheduler's unix-cron has no year, so the GKE pool and Cloud SQL come back on a working-day holiday
 * (docs/schedules.md).
 */
export const HOLIDAY_AWARE_TARGETS: readonly ScheduleTarget[] = ["nodeGroups", "database"];
/** Weeks in an average year: holidays are spread over it. */
export const WEEKS_PER_YEAR = 365.25 / 7;

export interface OffHours {
  readonly workingDaysPerWeek: number;
  /** Hours between start and stop on a working day. */
  readonly onHoursPerDay: number;
  /** Listed holidays that fall on a working day (only those remove on-hours). */
  readonly holidaysOnWorkingDays: number;
  readonly onHoursPerWeek: number;
  /** 168 - working days x (stop - start), less the holidays' share of a week. */
  readonly offHoursPerWeek: number;
  readonly offFraction: number;
}

/** The weekday of an ISO date ("2026-12-25"); an invalid date is an error naming it. */
export function weekdayOfIsoDate(isoDate: string): Weekday {
  const date = parseCalendarDate(isoDate);
  if (date === undefined) {
    throw new Error(`holiday "${isoDate}" is not an ISO date (YYYY-MM-DD)`);
  }
  return weekdayOf(date);
}

/**
 * Hours off per week, averaged over a year: the holidays listed are taken as one year's holidays (a
 * stack file lists the coming ones). A stop before the start means the working hours cross midnight.
 */
export function offHours(s: Pick<ScheduleConfig, "start" | "stop" | "workingDays" | "holidays">): OffHours {
  const onHoursPerDay = ((minutesOfDay(s.stop) - minutesOfDay(s.start) + MINUTES_PER_DAY) % MINUTES_PER_DAY) / 60;
  const workingDays = new Set(s.workingDays);
  const holidaysOnWorkingDays = [...new Set(s.holidays)].filter((d) => workingDays.has(weekdayOfIsoDate(d))).length;
  const onHoursPerWeek = workingDays.size * onHoursPerDay - (holidaysOnWorkingDays * onHoursPerDay) / WEEKS_PER_YEAR;
  const offHoursPerWeek = HOURS_PER_WEEK - onHoursPerWeek;
  return {
    workingDaysPerWeek: workingDays.size,
    onHoursPerDay,
    holidaysOnWorkingDays,
    onHoursPerWeek,
    offHoursPerWeek,
    offFraction: offHoursPerWeek / HOURS_PER_WEEK,
  };
}

export interface SwitchedOff {
  readonly resource: string;
  readonly site: string;
  readonly target: ScheduleTarget;
  readonly sku: string;
  /** The line's cost when it runs all month; undefined when its price is unknown. */
  readonly monthly?: number;
  readonly saving?: number;
  readonly compute: boolean;
}

export interface ScheduleSaving {
  readonly schedule: ScheduleConfig;
  /** Hours off for targets that skip holidays. */
  readonly hours: OffHours;
  /** Hours off for targets that come back on holidays (the GCP ones). */
  readonly hoursWithoutHolidays: OffHours;
  readonly lines: readonly SwitchedOff[];
  /** Monthly saving of every switched-off line with a known price. */
  readonly saving: number;
  /** Node and database-instance hours of the whole stack, all month. */
  readonly computeCost: number;
  readonly computeSaving: number;
  /** computeSaving / computeCost; undefined when the stack has no priced compute. */
  readonly computeShare?: number;
  /** saving / the bill's total. */
  readonly totalShare?: number;
  /** Targets configured that switch nothing off in this plan. */
  readonly idleTargets: readonly ScheduleTarget[];
}

export function scheduleSaving(bill: Bill, schedule: ScheduleConfig): ScheduleSaving {
  const hours = offHours(schedule);
  const hoursWithoutHolidays = offHours({ ...schedule, holidays: [] });
  const fractionFor = (t: ScheduleTarget) =>
    (HOLIDAY_AWARE_TARGETS.includes(t) ? hours : hoursWithoutHolidays).offFraction;
  const targets = new Set<ScheduleTarget>(schedule.targets);
  const all = bill.resources.flatMap((r) => r.lines.map((line) => ({ r, line })));
  const lines: SwitchedOff[] = all
    .filter(
      ({ line }) => line.kind === "counted" && line.switchedOffBy !== undefined && targets.has(line.switchedOffBy),
    )
    .map(({ r, line }) => ({
      resource: r.name,
      site: r.site,
      target: line.switchedOffBy!,
      sku: line.sku,
      monthly: line.cost,
      saving: line.cost === undefined ? undefined : line.cost * fractionFor(line.switchedOffBy!),
      compute: line.compute === true,
    }));
  const sum = (xs: (number | undefined)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
  const computeCost = sum(
    all.filter(({ line }) => line.kind === "counted" && line.compute === true).map(({ line }) => line.cost),
  );
  const computeSaving = sum(lines.filter((l) => l.compute).map((l) => l.saving));
  const saving = sum(lines.map((l) => l.saving));
  return {
    schedule,
    hours,
    hoursWithoutHolidays,
    lines,
    saving,
    computeCost,
    computeSaving,
    computeShare: computeCost > 0 ? computeSaving / computeCost : undefined,
    totalShare: bill.total.monthly > 0 ? saving / bill.total.monthly : undefined,
    idleTargets: [...targets].filter((t) => !lines.some((l) => l.target === t)),
  };
}

/** What the nightly teardown of a disposable stack saves: the whole bill, data included, while it is down. */
export interface TeardownSaving {
  readonly hours: OffHours;
  readonly saving: number;
  /** saving / the bill's total. */
  readonly totalShare?: number;
}

/**
 * A stack with `teardown.allowed` is destroyed (off-hours.yml) from `stop` plus the delay until `start` on
 * working days: every counted line stops billing for those hours, not only the schedule's targets.
 */
export function teardownSaving(bill: Bill, schedule: ScheduleConfig): TeardownSaving {
  const hours = offHours({ ...schedule, stop: addMinutes(schedule.stop, TEARDOWN_AFTER_STOP_MINUTES) });
  const saving = bill.total.monthly * hours.offFraction;
  return { hours, saving, totalShare: bill.total.monthly > 0 ? saving / bill.total.monthly : undefined };
}
