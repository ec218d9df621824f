import { ScheduleConfig } from "../../stack-config";

/** The calendar date ("YYYY-MM-DD") at `now` in an IANA time zone. */
export function localDate(timeZone: string, now: Date): string {
  // en-CA formats dates as ISO year-month-day.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/**
 * The holiday `now` falls on in the schedule's time zone, if any. A GitHub cron knows weekdays but not
 * holidays, so the morning restore asks this and stays away on a listed holiday, as the in-cloud
 * schedule (which keeps targets off all day on holidays) does.
 */
export function holidayToday(schedule: ScheduleConfig | undefined, now: Date): string | undefined {
  if (schedule === undefined) {
    return undefined;
  }
  const today = localDate(schedule.timeZone, now);
  return schedule.holidays.includes(today) ? today : undefined;
}
