import { addMinutes, cronDayNumber, MINUTES_PER_DAY, minutesOfDay, WEEKDAYS } from "../../lib/clock";
import { TEARDOWN_AFTER_STOP_MINUTES } from "../../lib/off-hours";
import { ScheduleConfig } from "../../stack-config";

/** The two UTC cron lines of a stack's off-hours schedule. */
export interface OffHoursCrons {
  /** When the stack is switched off (torn down), every day, in UTC. */
  readonly stop: string;
  /** When it comes back (restored), on working days, in UTC. */
  readonly start: string;
}

export { TEARDOWN_AFTER_STOP_MINUTES };

/** A time zone whose offset changes over the year cannot be followed by a fixed UTC cron. */
export class NoFixedOffsetError extends Error {}

/**
 * GitHub runs `on.schedule` crons in UTC only, so a schedule written in wall-clock time is converted
 * here, with the day of week moving when the time crosses midnight (08:00 in Seoul, Monday to Friday,
 * is 23:00 UTC Sunday to Thursday). The rule is the in-cloud schedules' (components/schedules/schedule-plan.ts):
 * START on each working day; STOP on every day, so a stack someone brought back by hand on a weekend
 * goes down again that evening (on a stack already torn down, the run is a quick no-op).
 */
export function offHoursCrons(
  schedule: Pick<ScheduleConfig, "timeZone" | "start" | "stop" | "workingDays">,
  from: Date = new Date(),
): OffHoursCrons {
  const offset = fixedUtcOffset(schedule.timeZone, from);
  return {
    stop: utcCron(addMinutes(schedule.stop, TEARDOWN_AFTER_STOP_MINUTES), WEEKDAYS.map(cronDayNumber), offset),
    start: utcCron(schedule.start, schedule.workingDays.map(cronDayNumber), offset),
  };
}

/**
 * The zone's one UTC offset in minutes (Seoul: +540), checked over the year from `from`. Computed
 * from the platform's time-zone data rather than assumed, so any zone works; a zone with daylight
 * saving time is refused, because one cron line would be an hour off for half the year (the in-cloud
 * EventBridge and Cloud Scheduler schedules take a time zone and follow DST themselves).
 */
export function fixedUtcOffset(timeZone: string, from: Date = new Date()): number {
  const offsets = new Set<number>();
  for (let day = 0; day <= 366; day += 1) {
    offsets.add(utcOffsetMinutes(timeZone, new Date(from.getTime() + day * MINUTES_PER_DAY * 60_000)));
  }
  if (offsets.size !== 1) {
    const shown = [...offsets].map(formatOffset).join(" and ");
    throw new NoFixedOffsetError(
      `${timeZone} changes its UTC offset during the year (${shown}), and a GitHub cron runs in fixed UTC; ` +
        `schedule this stack with a zone without daylight saving time, or leave it to the in-cloud schedule`,
    );
  }
  return [...offsets][0];
}

/** The zone's UTC offset in minutes at one instant. */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    }).formatToParts(at);
  } catch {
    throw new RangeError(`"${timeZone}" is not an IANA time zone (for example Asia/Seoul)`);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wallClock = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
  const instant = Math.floor(at.getTime() / 60_000) * 60_000;
  return Math.round((wallClock - instant) / 60_000);
}

/** "M H * * D": the wall-clock time on the given cron days, moved by the offset into UTC. */
export function utcCron(time: string, days: readonly number[], offsetMinutes: number): string {
  if (days.length === 0) {
    throw new RangeError("a schedule needs at least one working day");
  }
  const utc = minutesOfDay(time) - offsetMinutes;
  const shift = Math.floor(utc / MINUTES_PER_DAY);
  const minuteOfDay = utc - shift * MINUTES_PER_DAY;
  const utcDays = days.map((d) => (((d + shift) % 7) + 7) % 7);
  return `${minuteOfDay % 60} ${Math.floor(minuteOfDay / 60)} * * ${dayField(utcDays)}`;
}

/** Sorted cron days, with runs of three or more written as ranges (1-5) and every day as "*". */
function dayField(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) {
    return "*";
  }
  const runs: number[][] = [];
  for (const day of sorted) {
    const run = runs[runs.length - 1];
    if (run !== undefined && day === run[run.length - 1] + 1) {
      run.push(day);
    } else {
      runs.push([day]);
    }
  }
  return runs.flatMap((run) => (run.length >= 3 ? [`${run[0]}-${run[run.length - 1]}`] : run.map(String))).join(",");
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
