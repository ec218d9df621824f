/**
 * Wall-clock times, weekdays and calendar dates: the one place the schedules (in-cloud and the nightly
 * teardown), the config contract and the cost model read "HH:MM", name a weekday or find a date's weekday.
 * Pure and time-zone free: a wall-clock time or a calendar date is not an instant.
 */

/** Weekdays as the stack config names them, Monday first. */
export const WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The weekdays in cron's order: index 0 is Sunday (POSIX cron, GitHub; EventBridge counts 1 to 7 from it). */
export const SUNDAY_FIRST: readonly Weekday[] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** Cron's day-of-week number of a weekday: 0 is Sunday. */
export const cronDayNumber = (day: Weekday): number => SUNDAY_FIRST.indexOf(day);

export const MINUTES_PER_DAY = 24 * 60;

export interface WallClock {
  readonly hour: number;
  readonly minute: number;
}

/** "HH:MM" on a 24-hour clock, 00:00 to 23:59; undefined for anything else ("8:00", "24:00", "08:60"). */
export function parseWallClock(text: string): WallClock | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : undefined;
}

/** "HH:MM" as minutes after midnight; a RangeError for anything {@link parseWallClock} refuses. */
export function minutesOfDay(text: string): number {
  const clock = parseWallClock(text);
  if (clock === undefined) {
    throw new RangeError(`expected a 24-hour "HH:MM" time, got "${text}"`);
  }
  return clock.hour * 60 + clock.minute;
}

/** "HH:MM" plus some minutes, wrapping at midnight. */
export function addMinutes(text: string, minutes: number): string {
  const total = (((minutesOfDay(text) + minutes) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

export interface CalendarDate {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  readonly day: number;
}

/** An ISO calendar date "YYYY-MM-DD" that exists (no 2027-02-30); undefined otherwise. */
export function parseCalendarDate(text: string): CalendarDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) {
    return undefined;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const exists = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return exists ? { year, month, day } : undefined;
}

/**
 * The years a cron expression can name: EventBridge Scheduler's year field accepts 1970 to 2199 only.
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based
 */
export const CRON_YEARS = { first: 1970, last: 2199 } as const;

/** An ISO calendar date "YYYY-MM-DD" that exists (no 2027-02-30) in the years cron can name ({@link CRON_YEARS}). */
export function parseIsoDate(text: string): CalendarDate | undefined {
  const date = parseCalendarDate(text);
  return date && date.year >= CRON_YEARS.first && date.year <= CRON_YEARS.last ? date : undefined;
}

/** The weekday of a calendar date (a date has no time zone, so UTC arithmetic is exact). */
export function weekdayOf(d: CalendarDate): Weekday {
  return SUNDAY_FIRST[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()];
}

/** The IANA name as Intl spells it ("asia/seoul" becomes "Asia/Seoul"); undefined when Intl does not know it. */
export function canonicalTimeZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
