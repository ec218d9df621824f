import * as assert from "node:assert/strict";
import { CronExpressionParser } from "cron-parser";
import {
  cloudSchedulerCron,
  compress,
  offHoursProblems,
  OffHours,
  offHoursSizes,
  planEventBridge,
  setActivationPolicy,
  setAutoscaling,
  setSize,
  switchesOff,
  universalTarget,
  updateNodegroupConfigInput,
  workingHoursSizes,
} from "../../../components/schedules";
import { parseIsoDate, parseWallClock, weekdayOf } from "../../../lib/clock";

/**
 * The pure schedule planning: expressions are not only compared as text but run through cron-parser in
 * the schedule's time zone, which proves the local times they fire at. What this cannot prove: that
 * EventBridge Scheduler and Cloud Scheduler accept the expressions (a real `pulumi up` does).
 */

const DEV: OffHours = {
  timeZone: "Asia/Seoul",
  start: "08:00",
  stop: "20:00",
  workingDays: ["MON", "TUE", "WED", "THU", "FRI"],
  holidays: ["2026-12-25", "2027-01-01", "2027-02-16", "2027-02-17", "2027-02-18", "2027-03-01"],
};

/** A local time as "YYYY-MM-DD ddd HH:MM" in `timeZone`. */
function local(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.weekday} ${parts.hour}:${parts.minute}`;
}

/** Whether a year matches an EventBridge year field ("*", "2026", "1970-2025,2028-2199"). */
function yearMatches(field: string, year: number): boolean {
  return (
    field === "*" ||
    field.split(",").some((part) => {
      const [a, b] = part.split("-").map(Number);
      return year >= a && year <= (b ?? a);
    })
  );
}

/** Every firing of an EventBridge `cron(...)` expression between two instants, as local times in `tz`. */
function awsFirings(expression: string, tz: string, from: string, to: string): string[] {
  const fields = /^cron\((.*)\)$/.exec(expression)?.[1].split(" ");
  assert.ok(fields && fields.length === 6, `six fields: ${expression}`);
  const [minute, hour, dom, month, dow, year] = fields;
  assert.ok((dom === "?") !== (dow === "?"), `exactly one of day-of-month and day-of-week is "?": ${expression}`);
  // cron-parser has no year field (its sixth is seconds first): run the five others, filter the year.
  const it = CronExpressionParser.parse(`0 ${minute} ${hour} ${dom} ${month} ${dow}`, {
    tz,
    currentDate: new Date(from),
    endDate: new Date(to),
  });
  const out: string[] = [];
  while (it.hasNext()) {
    const date = it.next().toDate();
    if (yearMatches(year, Number(local(date, tz).slice(0, 4)))) {
      out.push(local(date, tz));
    }
  }
  return out;
}

/** Every firing of a Cloud Scheduler unix-cron expression between two instants, as local times in `tz`. */
function gcpFirings(expression: string, tz: string, from: string, to: string): string[] {
  const it = CronExpressionParser.parse(`0 ${expression}`, { tz, currentDate: new Date(from), endDate: new Date(to) });
  const out: string[] = [];
  while (it.hasNext()) {
    out.push(local(it.next().toDate(), tz));
  }
  return out;
}

/** The local dates from `first` to `last` (inclusive) whose weekday is listed, at `time`. */
function expectedDays(
  first: string,
  last: string,
  days: readonly string[],
  time: string,
  skip: string[] = [],
): string[] {
  const out: string[] = [];
  for (let d = new Date(`${first}T00:00:00Z`); d <= new Date(`${last}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    const iso = d.toISOString().slice(0, 10);
    const weekday = d.toLocaleDateString("en-US", { weekday: "short", timeZone: "UTC" });
    if (days.includes(weekday) && !skip.includes(iso)) {
      out.push(`${iso} ${weekday} ${time}`);
    }
  }
  return out;
}

const WEEKDAYS_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri"];
const EVERY_DAY = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

describe("schedule plan: EventBridge Scheduler", () => {
  const plain: OffHours = { ...DEV, holidays: [] };

  it("stops every day and starts on working days, as wall clock in the schedule's time zone", () => {
    const plan = planEventBridge(plain);
    assert.equal(plan.timeZone, "Asia/Seoul");
    assert.deepEqual(plan.stop, [{ key: "stop", expression: "cron(0 20 * * ? *)" }]);
    assert.deepEqual(plan.start, [{ key: "start", expression: "cron(0 8 ? * MON-FRI *)" }]);
    // Two weeks of January 2026 (no holidays), from midnight Seoul on Thu 1st to midnight on Thu 15th.
    const [from, to] = ["2025-12-31T15:00:00Z", "2026-01-14T15:00:00Z"];
    assert.deepEqual(
      awsFirings(plan.start[0].expression, plan.timeZone, from, to),
      expectedDays("2026-01-01", "2026-01-14", WEEKDAYS_SHORT, "08:00"),
    );
    // The stop also fires on Saturday and Sunday: it puts back to sleep a database Aurora restarted by
    // itself after seven days stopped, and nodes scaled up by hand over the weekend.
    const stops = awsFirings(plan.stop[0].expression, plan.timeZone, from, to);
    assert.deepEqual(stops, expectedDays("2026-01-01", "2026-01-14", EVERY_DAY, "20:00"));
    assert.ok(stops.includes("2026-01-03 Sat 20:00") && stops.includes("2026-01-04 Sun 20:00"));
  });

  it("splits the start rule around holidays on working days, so nothing starts on a holiday", () => {
    const plan = planEventBridge(DEV);
    assert.deepEqual(plan.start, [
      { key: "start", expression: "cron(0 8 ? * MON-FRI 1970-2025,2028-2199)" },
      { key: "start-2026", expression: "cron(0 8 ? 1-11 MON-FRI 2026)" },
      { key: "start-2026-12", expression: "cron(0 8 1-4,7-11,14-18,21-24,28-31 12 ? 2026)" },
      { key: "start-2027", expression: "cron(0 8 ? 4-12 MON-FRI 2027)" },
      { key: "start-2027-01", expression: "cron(0 8 4-8,11-15,18-22,25-29 1 ? 2027)" },
      { key: "start-2027-02", expression: "cron(0 8 1-5,8-12,15,19,22-26 2 ? 2027)" },
      { key: "start-2027-03", expression: "cron(0 8 2-5,8-12,15-19,22-26,29-31 3 ? 2027)" },
    ]);
    // From 1 November 2026 to 30 April 2027 the rules together fire on every working day but the holidays,
    // each once.
    const fired = plan.start
      .flatMap((r) => awsFirings(r.expression, plan.timeZone, "2026-10-31T15:00:00Z", "2027-04-30T15:00:00Z"))
      .sort();
    assert.deepEqual(fired, expectedDays("2026-11-01", "2027-04-30", WEEKDAYS_SHORT, "08:00", [...DEV.holidays]));
    assert.equal(new Set(fired).size, fired.length, "no day starts twice");
    // Years without holidays keep the weekly rule.
    assert.deepEqual(
      plan.start.flatMap((r) =>
        awsFirings(r.expression, plan.timeZone, "2028-01-02T15:00:00Z", "2028-01-09T15:00:00Z"),
      ),
      expectedDays("2028-01-03", "2028-01-09", WEEKDAYS_SHORT, "08:00"),
    );
  });

  it("ignores holidays on days that are not working days, and repeated holidays", () => {
    // 2026-12-26 is a Saturday.
    const plan = planEventBridge({ ...DEV, holidays: ["2026-12-26", "2026-12-26"] });
    assert.deepEqual(plan.start, [{ key: "start", expression: "cron(0 8 ? * MON-FRI *)" }]);
  });

  it("leaves out a month whose every working day is a holiday", () => {
    const february = expectedDays("2027-02-01", "2027-02-28", WEEKDAYS_SHORT, "").map((d) => d.slice(0, 10));
    const plan = planEventBridge({ ...DEV, holidays: february });
    assert.deepEqual(
      plan.start.map((r) => r.key),
      ["start", "start-2027"],
    );
    assert.equal(plan.start[1].expression, "cron(0 8 ? 1,3-12 MON-FRI 2027)");
  });

  it("supports overnight hours: a stop earlier than the start ends the period the next morning", () => {
    const plan = planEventBridge({ ...plain, start: "22:30", stop: "06:15", workingDays: ["SUN", "MON"] });
    assert.deepEqual(plan.start, [{ key: "start", expression: "cron(30 22 ? * SUN,MON *)" }]);
    assert.deepEqual(plan.stop, [{ key: "stop", expression: "cron(15 6 * * ? *)" }]);
    const [from, to] = ["2026-01-03T15:00:00Z", "2026-01-06T15:00:00Z"];
    assert.deepEqual(awsFirings(plan.start[0].expression, plan.timeZone, from, to), [
      "2026-01-04 Sun 22:30",
      "2026-01-05 Mon 22:30",
    ]);
  });

  it("follows the time zone's daylight saving time: 08:00 stays 08:00 local across the change", () => {
    const plan = planEventBridge({ ...plain, timeZone: "America/New_York" });
    assert.equal(plan.timeZone, "America/New_York");
    // US clocks went forward on Sunday 8 March 2026.
    const firings = CronExpressionParser.parse("0 0 8 ? * MON-FRI", {
      tz: "America/New_York",
      currentDate: new Date("2026-03-06T00:00:00Z"),
      endDate: new Date("2026-03-10T00:00:00Z"),
    }).take(2);
    assert.deepEqual(
      firings.map((d) => d.toISOString()),
      ["2026-03-06T13:00:00.000Z", "2026-03-09T12:00:00.000Z"],
    );
    assert.deepEqual(
      awsFirings(plan.start[0].expression, plan.timeZone, "2026-03-06T00:00:00Z", "2026-03-10T00:00:00Z"),
      ["2026-03-06 Fri 08:00", "2026-03-09 Mon 08:00"],
    );
  });

  it("names working days as EventBridge does, with ranges only for three days or more", () => {
    const start = (workingDays: OffHours["workingDays"]) =>
      planEventBridge({ ...plain, workingDays }).start[0].expression;
    assert.equal(start(["MON", "WED", "FRI"]), "cron(0 8 ? * MON,WED,FRI *)");
    assert.equal(start(["SAT", "SUN"]), "cron(0 8 ? * SUN,SAT *)");
    assert.equal(start(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]), "cron(0 8 ? * * *)");
    assert.equal(compress([5, 1, 2, 3, 9, 10]), "1-3,5,9,10");
  });
});

describe("schedule plan: Cloud Scheduler", () => {
  it("stops every day and starts on working days in unix-cron, with the time zone beside it", () => {
    assert.equal(cloudSchedulerCron("20:00", "daily"), "0 20 * * *");
    assert.equal(cloudSchedulerCron("08:00", DEV.workingDays), "0 8 * * 1-5");
    assert.deepEqual(
      gcpFirings(
        cloudSchedulerCron("08:00", DEV.workingDays),
        "Asia/Seoul",
        "2025-12-31T15:00:00Z",
        "2026-01-07T15:00:00Z",
      ),
      expectedDays("2026-01-01", "2026-01-07", WEEKDAYS_SHORT, "08:00"),
    );
  });

  it("moves a step past midnight to the next day, and its working days with it", () => {
    assert.equal(cloudSchedulerCron("22:00", "daily", 10), "10 22 * * *");
    assert.equal(cloudSchedulerCron("23:55", "daily", 10), "5 0 * * *");
    assert.equal(cloudSchedulerCron("23:55", DEV.workingDays, 10), "5 0 * * 2-6");
    assert.equal(cloudSchedulerCron("23:55", ["FRI", "SAT"], 10), "5 0 * * 0,6");
    assert.deepEqual(
      gcpFirings(
        cloudSchedulerCron("23:55", ["FRI"], 10),
        "Asia/Seoul",
        "2026-01-01T15:00:00Z",
        "2026-01-04T15:00:00Z",
      ),
      ["2026-01-03 Sat 00:05"],
    );
  });
});

describe("schedule plan: what the targets are sent", () => {
  it("scales a node group to min 0 / desired 0 off hours, keeping max at least 1, and back to its sizes", () => {
    assert.deepEqual(offHoursSizes({ minSize: 1, desiredSize: 2, maxSize: 3 }), {
      minSize: 0,
      desiredSize: 0,
      maxSize: 3,
    });
    // EKS rejects maxSize 0.
    assert.deepEqual(offHoursSizes({ minSize: 0, desiredSize: 0, maxSize: 0 }), {
      minSize: 0,
      desiredSize: 0,
      maxSize: 1,
    });
    assert.deepEqual(workingHoursSizes({ minSize: 1, desiredSize: 2, maxSize: 3 }), {
      minSize: 1,
      desiredSize: 2,
      maxSize: 3,
    });
    assert.equal(switchesOff({ minSize: 0, desiredSize: 0, maxSize: 4 }), false, "a pilot light's group rests at zero");
    assert.equal(switchesOff({ minSize: 0, desiredSize: 1, maxSize: 4 }), true);
  });

  it("builds universal targets with the SDK's member names", () => {
    assert.equal(
      universalTarget("aws", "eks", "updateNodegroupConfig"),
      "arn:aws:scheduler:::aws-sdk:eks:updateNodegroupConfig",
    );
    assert.equal(universalTarget("aws-cn", "rds", "stopDBCluster"), "arn:aws-cn:scheduler:::aws-sdk:rds:stopDBCluster");
    assert.deepEqual(updateNodegroupConfigInput("c", "g-az1", { minSize: 0, desiredSize: 0, maxSize: 3 }), {
      ClusterName: "c",
      NodegroupName: "g-az1",
      ScalingConfig: { MinSize: 0, MaxSize: 3, DesiredSize: 0 },
    });
  });

  it("builds the Google API calls: autoscaler off then size 0, autoscaler back with its limits; activation policy", () => {
    const pool = { project: "p", location: "asia-northeast3", cluster: "c", nodePool: "np" };
    const base = "https://container.googleapis.com/v1/projects/p/locations/asia-northeast3/clusters/c/nodePools/np";
    assert.deepEqual(setAutoscaling(pool, "off"), {
      method: "POST",
      uri: `${base}:setAutoscaling`,
      body: { autoscaling: { enabled: false } },
    });
    assert.deepEqual(setAutoscaling(pool, { minNodesPerZone: 1, maxNodesPerZone: 3 }).body, {
      autoscaling: { enabled: true, minNodeCount: 1, maxNodeCount: 3, locationPolicy: "BALANCED" },
    });
    assert.deepEqual(setSize(pool, 0), { method: "POST", uri: `${base}:setSize`, body: { nodeCount: 0 } });
    assert.deepEqual(setActivationPolicy("p", "db", "NEVER"), {
      method: "PATCH",
      uri: "https://sqladmin.googleapis.com/v1/projects/p/instances/db",
      body: { settings: { activationPolicy: "NEVER" } },
    });
  });
});

describe("schedule plan: parsing and argument checks", () => {
  it("reads HH:MM on a 24-hour clock and existing ISO dates in cron's years", () => {
    assert.deepEqual(parseWallClock("08:05"), { hour: 8, minute: 5 });
    for (const bad of ["8:00", "24:00", "12:60", "0800", " 08:00"]) {
      assert.equal(parseWallClock(bad), undefined, bad);
    }
    assert.deepEqual(parseIsoDate("2027-02-16"), { year: 2027, month: 2, day: 16 });
    for (const bad of ["2027-02-30", "2027-2-16", "1969-12-31", "2200-01-01", "16/02/2027"]) {
      assert.equal(parseIsoDate(bad), undefined, bad);
    }
    assert.equal(weekdayOf({ year: 2026, month: 12, day: 25 }), "FRI");
  });

  it("reports every bad argument of a component at once", () => {
    assert.deepEqual(
      offHoursProblems({
        timeZone: "Asia/Seol",
        start: "8:00",
        stop: "8:00",
        workingDays: [],
        holidays: ["2027-02-30"],
      }).map((p) => p.path),
      ["hours.start", "hours.stop", "hours.stop", "hours.timeZone", "hours.workingDays", "hours.holidays[0]"],
    );
    assert.deepEqual(offHoursProblems(DEV), []);
    assert.throws(() => planEventBridge({ ...DEV, start: "25:00" }), /start: got "25:00"/);
  });
});
