import {
  CalendarDate,
  CRON_YEARS,
  cronDayNumber,
  parseIsoDate,
  parseWallClock,
  SUNDAY_FIRST,
  WallClock,
  Weekday,
  weekdayOf,
} from "../../lib/clock";

/**
 * Pure planning of off-hours schedules: from working hours in a time zone to the expressions EventBridge
 * Scheduler and Cloud Scheduler run. The rule, on both clouds:
 * - START on each working day at `start` (that day's local date, so a holiday skips the period that begins on it);
 * - STOP on EVERY day at `stop`, working day or not. A stop that finds its target already off fails
 *   harmlessly (Aurora answers InvalidDBClusterStateFault), and the daily stop is what puts back to sleep a
 *   database Aurora restarts by itself after seven days stopped, or nodes someone scaled up by hand.
 * `stop` earlier than `start` is an overnight period (start 22:00, stop 06:00 the next morning).
 * Times are wall clock: the schedulers evaluate the expressions in `timeZone`, daylight saving included.
 */

/** Working hours as the stack config states them. */
export interface OffHours {
  /** IANA time zone the times and dates are in. */
  readonly timeZone: string;
  /** "HH:MM" at which the targets come back on working days. */
  readonly start: string;
  /** "HH:MM" at which the targets are switched off, every day. */
  readonly stop: string;
  /** Days on which the targets come back. */
  readonly workingDays: readonly Weekday[];
  /** ISO dates ("2026-12-25") on which they do not, although the weekday is a working day. */
  readonly holidays: readonly string[];
}

/** Holidays that fall on a working day (the others change nothing), valid ones only, sorted and unique. */
export function workingDayHolidays(hours: OffHours): CalendarDate[] {
  const seen = new Set<string>();
  return [...hours.holidays]
    .sort()
    .filter((h) => !seen.has(h) && seen.add(h))
    .map(parseIsoDate)
    .filter((d): d is CalendarDate => d !== undefined && hours.workingDays.includes(weekdayOf(d)));
}

/** "1-3,5,7-9": runs of three or more become ranges. `name` renders each number. */
export function compress(values: readonly number[], name: (v: number) => string = String): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) {
      j++;
    }
    if (j - i >= 2) {
      parts.push(`${name(sorted[i])}-${name(sorted[j])}`);
    } else {
      parts.push(...sorted.slice(i, j + 1).map(name));
    }
    i = j + 1;
  }
  return parts.join(",");
}

/** One recurring rule: a stable key (it becomes part of logical names) and the expression. */
export interface CronRule {
  readonly key: string;
  readonly expression: string;
}

/** What an AWS site's schedules run: every expression is evaluated in `timeZone`. */
export interface EventBridgePlan {
  readonly timeZone: string;
  /** One rule: every day at `stop`. */
  readonly stop: CronRule[];
  /** Working days at `start`, split so that no rule fires on a holiday (see {@link planEventBridge}). */
  readonly start: CronRule[];
}

// EventBridge numbers days 1 (SUN) to 7 (SAT) and takes their names.
const awsDow = (days: readonly Weekday[]) =>
  days.length === 0 || new Set(days).size === 7
    ? "*"
    : compress(
        days.map((d) => SUNDAY_FIRST.indexOf(d) + 1),
        (n) => SUNDAY_FIRST[n - 1],
      );

/**
 * EventBridge Scheduler expressions (`cron(min hour dom month dow year)`; one of dom and dow is `?`).
 * Cron cannot exclude a date, so holidays on working days split the start rule instead of patching it
 * afterwards: each month holding such a holiday gets a rule listing its remaining working dates
 * (`cron(0 8 1-24,28-31 12 ? 2026)`), the other months of that year keep the weekly rule
 * (`cron(0 8 ? 1-11 MON-FRI 2026)`), and every other year keeps it too (`... 1970-2025,2027-2199`).
 * Nothing then starts on a holiday at all: no node boots for minutes, no database starts only to be
 * stopped (Aurora refuses to stop a cluster that is still starting). The cost is a few more schedules,
 * at most thirteen per year with holidays, and a rule per past month that never fires again.
 */
export function planEventBridge(hours: OffHours): EventBridgePlan {
  const start = mustParse(hours.start, "start");
  const stop = mustParse(hours.stop, "stop");
  const at = (t: WallClock) => `${t.minute} ${t.hour}`;
  const dow = awsDow(hours.workingDays);
  const stopRule = { key: "stop", expression: `cron(${at(stop)} * * ? *)` };

  const byYear = new Map<number, Map<number, Set<number>>>();
  for (const d of workingDayHolidays(hours)) {
    const months = byYear.get(d.year) ?? new Map<number, Set<number>>();
    months.set(d.month, (months.get(d.month) ?? new Set()).add(d.day));
    byYear.set(d.year, months);
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const otherYears = range(CRON_YEARS.first, CRON_YEARS.last).filter((y) => !byYear.has(y));
  const rules: CronRule[] = [
    { key: "start", expression: `cron(${at(start)} ? * ${dow} ${years.length ? compress(otherYears) : "*"})` },
  ];
  for (const year of years) {
    const holidays = byYear.get(year)!;
    const otherMonths = range(1, 12).filter((m) => !holidays.has(m));
    if (otherMonths.length > 0) {
      rules.push({ key: `start-${year}`, expression: `cron(${at(start)} ? ${compress(otherMonths)} ${dow} ${year})` });
    }
    for (const month of [...holidays.keys()].sort((a, b) => a - b)) {
      const days = range(1, daysIn(year, month)).filter(
        (day) => hours.workingDays.includes(weekdayOf({ year, month, day })) && !holidays.get(month)!.has(day),
      );
      // A month whose every working day is a holiday needs no rule at all.
      if (days.length > 0) {
        const key = `start-${year}-${String(month).padStart(2, "0")}`;
        rules.push({ key, expression: `cron(${at(start)} ${compress(days)} ${month} ? ${year})` });
      }
    }
  }
  return { timeZone: hours.timeZone, stop: [stopRule], start: rules };
}

/**
 * A Cloud Scheduler (unix-cron) expression for `time` plus `offsetMinutes`, on `days` or every day. An
 * offset past midnight moves the rule to the next day (and its days with it). Unix-cron has no year
 * field, so Cloud Scheduler cannot skip a dated holiday: the GCP jobs run on holidays (docs/schedules.md).
 */
export function cloudSchedulerCron(time: string, days: readonly Weekday[] | "daily", offsetMinutes = 0): string {
  const t = mustParse(time, "time");
  const total = t.hour * 60 + t.minute + offsetMinutes;
  const shift = Math.floor(total / 1440);
  const minutes = ((total % 1440) + 1440) % 1440;
  const at = `${minutes % 60} ${Math.floor(minutes / 60)} * *`;
  if (days === "daily" || new Set(days).size === 7) {
    return `${at} *`;
  }
  // Unix-cron numbers days 0 (SUN) to 6 (SAT).
  return `${at} ${compress(days.map((d) => (((cronDayNumber(d) + shift) % 7) + 7) % 7))}`;
}

/** EKS node group sizes (per AZ group). */
export interface NodeGroupSizes {
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
}

/**
 * Off hours: no node. EKS rejects a node group whose maxSize is 0, so the maximum stays as configured
 * (at least 1); with min and desired at 0 nothing runs, and the group can come back without a new plan.
 */
export function offHoursSizes(configured: NodeGroupSizes): NodeGroupSizes {
  return { minSize: 0, desiredSize: 0, maxSize: Math.max(configured.maxSize, 1) };
}

/** Working hours: the configured sizes, the maximum again at least 1. */
export function workingHoursSizes(configured: NodeGroupSizes): NodeGroupSizes {
  return { ...configured, maxSize: Math.max(configured.maxSize, 1) };
}

/** A group that rests at zero anyway (a pilot light's) has nothing to switch off. */
export const switchesOff = (s: NodeGroupSizes) => s.minSize > 0 || s.desiredSize > 0;

function mustParse(text: string, what: string): WallClock {
  const t = parseWallClock(text);
  if (!t) {
    throw new Error(`${what}: got ${JSON.stringify(text)}; expected "HH:MM" from 00:00 to 23:59`);
  }
  return t;
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
