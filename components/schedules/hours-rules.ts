import { ArgProblem } from "../problems";
import { canonicalTimeZone, parseIsoDate, parseWallClock } from "../../lib/clock";
import { OffHours } from "./schedule-plan";

/**
 * Every problem with working hours given to a schedule component, so one run reports them all. The
 * stack config has its own rules with config paths and `pulumi config` fixes (stack-config/schedule-rules.ts);
 * these guard components used directly.
 */
export function offHoursProblems(hours: OffHours): ArgProblem[] {
  const problems: ArgProblem[] = [];
  for (const key of ["start", "stop"] as const) {
    if (!parseWallClock(hours[key])) {
      problems.push({
        path: `hours.${key}`,
        message: `got ${JSON.stringify(hours[key])}; expected "HH:MM" from 00:00 to 23:59`,
        fix: 'pass a 24-hour time such as "08:00"',
      });
    }
  }
  if (hours.start === hours.stop) {
    problems.push({
      path: "hours.stop",
      message: `got ${JSON.stringify(hours.stop)}, the same as hours.start`,
      fix: "pass a stop time other than the start time",
    });
  }
  if (canonicalTimeZone(hours.timeZone) === undefined) {
    problems.push({
      path: "hours.timeZone",
      message: `got ${JSON.stringify(hours.timeZone)}; not an IANA time zone`,
      fix: 'pass a tz database name such as "Asia/Seoul"',
    });
  }
  if (hours.workingDays.length === 0) {
    problems.push({
      path: "hours.workingDays",
      message: "empty; the targets would never start",
      fix: "pass at least one day",
    });
  }
  hours.holidays.forEach((h, i) => {
    if (!parseIsoDate(h)) {
      problems.push({
        path: `hours.holidays[${i}]`,
        message: `got ${JSON.stringify(h)}; expected an existing date "YYYY-MM-DD" from 1970 to 2199`,
        fix: 'pass ISO dates such as "2026-12-25"',
      });
    }
  });
  return problems;
}
