import { formatDuration } from "./duration";

/**
 * The off-hours schedule as the stack exports it (`offHours`, stack-config's `schedule`): from `stop` to the
 * next working day's `start` the primary is switched off and its alarms are silenced, so a Region loss in
 * that window pages nobody until the start re-arms them. Pure; wall-clock hours in the schedule's time zone.
 */
export interface OffHoursSchedule {
  readonly timeZone: string;
  readonly start: string;
  readonly stop: string;
  readonly workingDays: readonly string[];
  readonly holidays: readonly string[];
  readonly targets: readonly string[];
}

/** The longest stretch the schedule keeps things off, and where it falls. */
export interface OffWindow {
  readonly seconds: number;
  /** Wall-clock "Day YYYY-MM-DD HH:MM" of its stop and of the start that ends it. */
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
}

const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Reads the stack's `offHours` output; undefined when it is absent or not a schedule. */
export function readOffHours(value: unknown): OffHoursSchedule | undefined {
  const v = value as Partial<OffHoursSchedule> | undefined;
  if (v === undefined || v === null || typeof v.start !== "string" || typeof v.stop !== "string") return undefined;
  return {
    timeZone: typeof v.timeZone === "string" ? v.timeZone : "UTC",
    start: v.start,
    stop: v.stop,
    workingDays: Array.isArray(v.workingDays) ? v.workingDays : [],
    holidays: Array.isArray(v.holidays) ? v.holidays : [],
    targets: Array.isArray(v.targets) ? v.targets : [],
  };
}

/**
 * The longest off window: on a working day that is not a holiday things are on from `start` to `stop`, off
 * otherwise. Walks every day from two weeks before the first holiday to two weeks after the last (or one
 * plain fortnight without holidays), so a long weekend joined to holidays is found.
 */
export function longestOffWindow(s: OffHoursSchedule): OffWindow | undefined {
  const start = minutesOf(s.start);
  const stop = minutesOf(s.stop);
  if (stop <= start) return undefined;
  const holidays = new Set(s.holidays);
  const sorted = [...holidays].sort();
  const day = 24 * 3600 * 1000;
  const first = Date.parse(`${sorted[0] ?? "2026-01-05"}T00:00:00Z`) - 14 * day;
  const last = Date.parse(`${sorted[sorted.length - 1] ?? "2026-01-05"}T00:00:00Z`) + 14 * day;
  // Calendar days as UTC dates: the walk is in wall-clock time, whatever the zone.
  const onWindows: { on: number; off: number }[] = [];
  for (let t = first; t <= last; t += day) {
    const date = new Date(t);
    const iso = date.toISOString().slice(0, 10);
    if (s.workingDays.includes(DAYS[date.getUTCDay()] as string) && !holidays.has(iso)) {
      onWindows.push({ on: t + start * 60_000, off: t + stop * 60_000 });
    }
  }
  let best: OffWindow | undefined;
  for (let i = 0; i + 1 < onWindows.length; i++) {
    const from = onWindows[i]!.off;
    const to = onWindows[i + 1]!.on;
    if (best === undefined || (to - from) / 1000 > best.seconds) {
      best = { seconds: (to - from) / 1000, from: wallClock(from), to: wallClock(to), timeZone: s.timeZone };
    }
  }
  return best;
}

function wallClock(t: number): string {
  const d = new Date(t);
  const day = DAYS[d.getUTCDay()] as string;
  return `${day[0]}${day.slice(1).toLowerCase()} ${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`;
}

/** "off hours: ... a Region loss pages nobody until the start, up to 3d9h later (...)". */
export function offHoursText(s: OffHoursSchedule, w: OffWindow, rtoText: string): string {
  return (
    `off hours (${s.targets.join(", ")} off from ${s.stop} to ${s.start} ${s.timeZone}, all day on other days and holidays): ` +
    `the primary's alarms are silenced, so a Region loss pages nobody until the next start, up to ${formatDuration(w.seconds)} ` +
    `later (${w.from} to ${w.to}): RTO up to ${formatDuration(w.seconds)} + ${rtoText}`
  );
}
