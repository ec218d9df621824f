import { canonicalTimeZone, CRON_YEARS, parseIsoDate, parseWallClock } from "../lib/clock";
import { suggest } from "./did-you-mean";
import { Problem, setCommand, show } from "./problems";
import { profileOf } from "./profiles";
import { at, AwsSitePath, ConfigPath, int, str } from "./raw";
import { DR_MODES, DrMode, SECONDARY_CLOUDS, SecondaryCloud } from "./schema";
import { siteShape, SiteShape } from "./site-shape";

/**
 * Rules for the off-hours schedule (docs/schedules.md). Like the other rules they read the raw config
 * defensively, so they run even when the schema found type errors and every problem shows in one pass.
 * Targets for the secondary cloud that is not selected are allowed and dormant: every stack file carries
 * both clouds, and moving a stack is a one-key change.
 */
export function checkScheduleRules(raw: unknown): Problem[] {
  const schedule = at(raw, "schedule");
  if (schedule === undefined) {
    return [];
  }
  const environment = profileOf(str(raw, "environment"));
  if (!environment.profile.maySchedule) {
    const name = environment.name;
    return [
      {
        path: "schedule",
        message: `set on a ${name} stack (\`environment\` is "${name}"); ${name} serves around the clock and never has an off-hours schedule`,
        fix: "pulumi config rm schedule",
      },
    ];
  }
  return [
    ...checkTimeZone(raw),
    ...checkHours(raw),
    ...checkList(raw, "schedule.workingDays"),
    ...checkHolidays(raw),
    ...checkList(raw, "schedule.holidays"),
    ...checkTargets(raw),
  ];
}

/** Rewrites a list in full: `pulumi config` can set an element but not remove one. */
export function listCommand(path: string, values: readonly string[]): string {
  return [
    `pulumi config rm --path ${path}`,
    ...values.map((v, i) => `pulumi config set --path '${path}[${i}]' ${v}`),
  ].join(" && ");
}

const strings = (raw: unknown, path: ConfigPath): string[] | undefined => {
  const v = at(raw, path);
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? v : undefined;
};

function checkTimeZone(raw: unknown): Problem[] {
  const path = "schedule.timeZone";
  const zone = str(raw, path);
  if (zone === undefined) {
    return [];
  }
  const canonical = canonicalTimeZone(zone);
  if (canonical === undefined) {
    const guess = suggest(zone, Intl.supportedValuesOf("timeZone"));
    return [
      {
        path,
        message: `got ${show(zone)}; not an IANA time zone${guess ? ` (did you mean "${guess}"?)` : ""}`,
        fix: setCommand(path, guess ?? "Asia/Seoul"),
      },
    ];
  }
  // Intl forgives case; the schedulers take the tz database's spelling.
  if (canonical !== zone && canonical.toLowerCase() === zone.toLowerCase()) {
    return [
      {
        path,
        message: `got ${show(zone)}; the tz database spells it "${canonical}"`,
        fix: setCommand(path, canonical),
      },
    ];
  }
  return [];
}

function checkHours(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  for (const key of ["start", "stop"] as const) {
    const path: ConfigPath = `schedule.${key}`;
    const value = str(raw, path);
    if (value !== undefined && !parseWallClock(value)) {
      const padded = /^\d:[0-5]\d$/.test(value) ? `0${value}` : key === "start" ? "08:00" : "20:00";
      problems.push({
        path,
        message: `got ${show(value)}; expected a 24-hour wall-clock time "HH:MM" from 00:00 to 23:59`,
        fix: setCommand(path, padded),
      });
    }
  }
  // The schema's defaults apply to an absent key.
  const start = str(raw, "schedule.start") ?? "08:00";
  const stop = str(raw, "schedule.stop") ?? "20:00";
  const clock = parseWallClock(start);
  if (clock && start === stop) {
    const twelveLater = `${String((clock.hour + 12) % 24).padStart(2, "0")}:${String(clock.minute).padStart(2, "0")}`;
    problems.push({
      path: "schedule.stop",
      message: `got ${show(stop)}, the same as \`schedule.start\`; the targets would be switched off the minute they come back (for overnight hours, give a stop earlier than the start, e.g. start "22:00" and stop "06:00")`,
      fix: setCommand("schedule.stop", twelveLater),
    });
  }
  return problems;
}

/** Each repeated entry of a list, with the command that rewrites the list without repeats. */
function checkList(raw: unknown, path: ConfigPath): Problem[] {
  const values = strings(raw, path);
  if (values === undefined) {
    return [];
  }
  if (values.length === 0 && path === "schedule.workingDays") {
    return [
      {
        path,
        message: "empty; the targets would be switched off and never started again",
        fix: `pulumi config rm --path ${path} (working days are then MON to FRI)`,
      },
    ];
  }
  const unique = [...new Set(values)];
  return values.flatMap((v, i) =>
    values.indexOf(v) < i
      ? [
          {
            path: `${path}[${i}]`,
            message: `got ${show(v)} again (also at \`${path}[${values.indexOf(v)}]\`)`,
            fix: listCommand(path, unique),
          },
        ]
      : [],
  );
}

function checkHolidays(raw: unknown): Problem[] {
  const holidays = at(raw, "schedule.holidays");
  return (Array.isArray(holidays) ? holidays : []).flatMap((h, i) =>
    typeof h === "string" && !parseIsoDate(h)
      ? [
          {
            path: `schedule.holidays[${i}]`,
            message: `got ${show(h)}; expected an existing date "YYYY-MM-DD" from ${CRON_YEARS.first} to ${CRON_YEARS.last} (the years EventBridge cron can name)`,
            fix: `pulumi config set --path 'schedule.holidays[${i}]' <YYYY-MM-DD>`,
          },
        ]
      : [],
  );
}

function checkTargets(raw: unknown): Problem[] {
  const path = "schedule.targets";
  const targets = strings(raw, path);
  if (targets === undefined) {
    return [];
  }
  if (targets.length === 0) {
    return [
      {
        path,
        message: "empty; the schedule would switch nothing off",
        fix: `pulumi config rm schedule (to run around the clock), or ${listCommand(path, ["nodeGroups"])}`,
      },
    ];
  }
  const problems = checkList(raw, path);
  const unique = [...new Set(targets)];
  // Each refusal's fix removes every refused target, so following any one of them fixes them all.
  const refusals: [string, string][] = [];
  const refuse = (target: string, why: string) => refusals.push([target, why]);
  const drMode = str(raw, "drMode");
  const cloud = str(raw, "secondary.cloud");
  // What the secondary runs decides which targets exist and which may not stop (stack-config/site-shape.ts).
  const shape = shapeOf(drMode, cloud);
  const mode = `with \`drMode\` ${show(drMode)}`;
  if (unique.includes("database") && shape?.databaseLink === "global-database") {
    refuse(
      "database",
      `${mode} and an AWS secondary the primary Aurora cluster is a member of an Aurora Global Database, and AWS cannot stop a cluster in a global database`,
    );
  }
  if (unique.includes("database") && shape?.databaseLink === "dms") {
    refuse(
      "database",
      `${mode} and a GCP secondary the primary Aurora cluster is the source of the DMS continuous migration to Cloud SQL; stopping it breaks the replication`,
    );
  }
  // With an AWS secondary in a global database, the failover starts by itself when the primary's deep check
  // fails (components/failover): the deep check runs on the primary's nodes, so stopping them at night would
  // fail the Region over with data loss every night. Silencing alarms cannot prevent it (EventBridge still
  // receives the state change).
  if (
    unique.includes("nodeGroups") &&
    cloud === "aws" &&
    shape?.databaseLink === "global-database" &&
    shape.cluster === "serving"
  ) {
    refuse(
      "nodeGroups",
      `${mode} and an AWS secondary the failover starts by itself when the primary's deep check fails, and that check runs on the primary's nodes: stopping them would fail the Region over with data loss every night`,
    );
  }
  // Cloud SQL exists only as the DMS destination; a target with no resource on this layout is dormant.
  if (unique.includes("cloudSql") && cloud === "gcp" && shape?.databaseLink === "dms") {
    refuse(
      "cloudSql",
      `${mode} and a GCP secondary Cloud SQL is the destination of the DMS continuous migration, a replica: Cloud SQL cannot stop a replica, and stopping it would break the replication`,
    );
  }
  // The nightly teardown (off-hours.yml) destroys the stack 30 minutes after `stop`; a cluster the schedule
  // has just stopped (or is still stopping) would be what the destroy acts on: one mechanism per database.
  if (unique.includes("database") && at(raw, "teardown.allowed") === true) {
    refuse(
      "database",
      "`teardown.allowed` is true: the nightly teardown destroys the database 30 minutes after the stop, so the schedule would only stop a cluster about to be deleted, and a delete racing a stop can fail; Serverless v2 with `minCapacity` 0 pauses an idle cluster by itself",
    );
  }
  const running = hasRunningNodeGroup(raw, cloud === "aws" && shape !== undefined && shape.cluster !== "none");
  if (unique.includes("nodeGroups") && !running) {
    refuse(
      "nodeGroups",
      "no EKS node group runs above zero (`primary.nodeGroups` has none with minSize or desiredSize above 0)",
    );
  }
  const rest = unique.filter((t) => !refusals.some(([refused]) => refused === t));
  for (const [target, why] of refusals) {
    problems.push({
      path: `${path}[${targets.indexOf(target)}]`,
      message: `got ${show(target)}, but ${why}`,
      fix: rest.length > 0 ? listCommand(path, rest) : "pulumi config rm schedule",
    });
  }
  const acts =
    (unique.includes("nodeGroups") && running) ||
    (unique.includes("database") && shape?.databaseLink === "none") ||
    (unique.includes("gkeNodePool") && cloud === "gcp" && shape !== undefined && shape.cluster !== "none");
  if (problems.length === 0 && !acts && drMode !== undefined && cloud !== undefined) {
    problems.push({
      path,
      message: `got ${show(targets)}, but none of them exists on this stack (${show(cloud)} secondary, \`drMode\` ${show(drMode)}), so the schedule would switch nothing off`,
      fix: `pulumi config rm schedule (to run around the clock), or ${listCommand(path, ["nodeGroups"])}`,
    });
  }
  return problems;
}

/** The secondary's shape for the raw values, when both are valid (the schema reports them otherwise). */
function shapeOf(drMode: string | undefined, cloud: string | undefined): SiteShape | undefined {
  return DR_MODES.includes(drMode as DrMode) && SECONDARY_CLOUDS.includes(cloud as SecondaryCloud)
    ? siteShape(drMode as DrMode, cloud as SecondaryCloud)
    : undefined;
}

/** Whether a node group the schedule would scale has a size above zero (the AWS secondary's counts when it has a cluster). */
function hasRunningNodeGroup(raw: unknown, secondaryCluster: boolean): boolean {
  const sites: AwsSitePath[] = secondaryCluster ? ["primary", "secondary.aws"] : ["primary"];
  return sites.some((site) => {
    const groups = at(raw, `${site}.nodeGroups`);
    return (
      groups !== null &&
      typeof groups === "object" &&
      Object.keys(groups).some(
        (key) =>
          (int(raw, `${site}.nodeGroups.${key}.minSize`) ?? 0) > 0 ||
          (int(raw, `${site}.nodeGroups.${key}.desiredSize`) ?? 0) > 0,
      )
    );
  });
}
