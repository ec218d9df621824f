/**
 * A duration as the DR report prints it: seconds up to a minute ("30s", "60s"), then hours, minutes and
 * seconds with zero parts left out ("1m30s", "2m", "4h", "24h"); "unbounded" for Infinity.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) {
    return "unbounded";
  }
  const total = Math.round(seconds);
  if (total <= 60) {
    return `${total}s`;
  }
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return [h > 0 ? `${h}h` : "", m > 0 ? `${m}m` : "", s > 0 ? `${s}s` : ""].join("");
}

/**
 * The longest gap between two runs of an AWS Backup schedule (`cron(...)` with six fields, or
 * `rate(...)`), which is the worst-case age of the newest copy; undefined when the expression is not one
 * of the simple shapes understood here (a fixed time daily, every N hours, a list of hours).
 */
export function scheduleIntervalSeconds(expression: string): number | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const unit = rate[2].startsWith("minute") ? 60 : rate[2].startsWith("hour") ? 3600 : 86400;
    return Number(rate[1]) * unit;
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression.trim());
  if (!cron) {
    return undefined;
  }
  const [, minute, hour, dayOfMonth, month, dayOfWeek, year] = cron;
  const every = (f: string) => f === "*" || f === "?";
  if (!/^\d+$/.test(minute) || !every(dayOfMonth) || !every(month) || !every(dayOfWeek) || !every(year)) {
    return undefined;
  }
  if (/^\d+$/.test(hour)) {
    return 24 * 3600;
  }
  const step = /^(?:\*|\d+)\/(\d+)$/.exec(hour);
  if (step) {
    return Number(step[1]) * 3600;
  }
  if (/^\d+(,\d+)+$/.test(hour)) {
    const hours = [...new Set(hour.split(",").map(Number))].sort((a, b) => a - b);
    const gaps = hours.map((h, i) => (i === 0 ? h + 24 - hours[hours.length - 1] : h - hours[i - 1]));
    return Math.max(...gaps) * 3600;
  }
  return undefined;
}
