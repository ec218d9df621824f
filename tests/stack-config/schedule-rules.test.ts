import * as assert from "node:assert/strict";
import { parseStackConfig } from "../../stack-config";
import { problems, raw } from "../config-edits";

/**
 * The off-hours schedule's config rules (stack-config/schedule-rules.ts), table-tested on the shipped
 * stacks' config with the exact messages. The rendered schedules are in schedules.test.ts.
 */

const cases: { name: string; stack: string; edit: (r: Record<string, any>) => void; expected: string[] }[] = [
  {
    name: "refuses any schedule on prod",
    stack: "prod",
    edit: (r) => (r.schedule = { targets: ["nodeGroups"] }),
    expected: [
      '`schedule`: set on a prod stack (`environment` is "prod"); prod serves around the clock and never has an off-hours schedule. Fix: pulumi config rm schedule',
    ],
  },
  {
    // An AWS pilot light now fails over by itself (its Region switch plan grows it), so the primary's nodes, whose
    // deep check starts the failover, cannot be stopped at night either.
    name: "refuses the database in an Aurora global database and the nodes (pilot light with an AWS secondary)",
    stack: "dev",
    edit: (r) => {
      r.drMode = "pilot-light";
      r.teardown.allowed = false;
      r.schedule.targets = ["nodeGroups", "database", "gkeNodePool", "cloudSql"];
    },
    expected: [
      "`schedule.targets[1]`: got \"database\", but with `drMode` \"pilot-light\" and an AWS secondary the primary Aurora cluster is a member of an Aurora Global Database, and AWS cannot stop a cluster in a global database. Fix: pulumi config rm --path schedule.targets && pulumi config set --path 'schedule.targets[0]' gkeNodePool && pulumi config set --path 'schedule.targets[1]' cloudSql",
      "`schedule.targets[0]`: got \"nodeGroups\", but with `drMode` \"pilot-light\" and an AWS secondary the failover starts by itself when the primary's deep check fails, and that check runs on the primary's nodes: stopping them would fail the Region over with data loss every night. Fix: pulumi config rm --path schedule.targets && pulumi config set --path 'schedule.targets[0]' gkeNodePool && pulumi config set --path 'schedule.targets[1]' cloudSql",
    ],
  },
  {
    name: "refuses the database and the nodes with a warm standby in Tokyo (the nodes' deep check starts the failover)",
    stack: "dev",
    edit: (r) => {
      r.drMode = "warm-standby";
      r.teardown.allowed = false;
      r.schedule.targets = ["nodeGroups", "database", "gkeNodePool", "cloudSql"];
    },
    expected: [
      "`schedule.targets[1]`: got \"database\", but with `drMode` \"warm-standby\" and an AWS secondary the primary Aurora cluster is a member of an Aurora Global Database, and AWS cannot stop a cluster in a global database. Fix: pulumi config rm --path schedule.targets && pulumi config set --path 'schedule.targets[0]' gkeNodePool && pulumi config set --path 'schedule.targets[1]' cloudSql",
      "`schedule.targets[0]`: got \"nodeGroups\", but with `drMode` \"warm-standby\" and an AWS secondary the failover starts by itself when the primary's deep check fails, and that check runs on the primary's nodes: stopping them would fail the Region over with data loss every night. Fix: pulumi config rm --path schedule.targets && pulumi config set --path 'schedule.targets[0]' gkeNodePool && pulumi config set --path 'schedule.targets[1]' cloudSql",
    ],
  },
  {
    name: "refuses the database on a stack the nightly teardown destroys",
    stack: "dev",
    edit: (r) => (r.schedule.targets = ["nodeGroups", "database"]),
    expected: [
      "`schedule.targets[1]`: got \"database\", but `teardown.allowed` is true: the nightly teardown destroys the database 30 minutes after the stop, so the schedule would only stop a cluster about to be deleted, and a delete racing a stop can fail; Serverless v2 with `minCapacity` 0 pauses an idle cluster by itself. Fix: pulumi config rm --path schedule.targets && pulumi config set --path 'schedule.targets[0]' nodeGroups",
    ],
  },
  {
    name: "refuses the database that feeds the DMS continuous migration (GCP secondary)",
    stack: "staging",
    edit: (r) => (r.schedule.targets = ["nodeGroups", "database", "gkeNodePool"]),
    expected: [
      "`schedule.targets[1]`: got \"database\", but with `drMode` \"pilot-light\" and a GCP secondary the primary Aurora cluster is the source of the DMS continuous migration to Cloud SQL; stopping it breaks the replication. Fix: pulumi config rm --path schedule.targets && pulumi config set --path 'schedule.targets[0]' nodeGroups && pulumi config set --path 'schedule.targets[1]' gkeNodePool",
    ],
  },
  {
    name: "refuses both ends of the DMS migration, each fix removing both",
    stack: "staging",
    edit: (r) => (r.schedule.targets = ["database", "cloudSql"]),
    expected: [
      '`schedule.targets[0]`: got "database", but with `drMode` "pilot-light" and a GCP secondary the primary Aurora cluster is the source of the DMS continuous migration to Cloud SQL; stopping it breaks the replication. Fix: pulumi config rm schedule',
      '`schedule.targets[1]`: got "cloudSql", but with `drMode` "pilot-light" and a GCP secondary Cloud SQL is the destination of the DMS continuous migration, a replica: Cloud SQL cannot stop a replica, and stopping it would break the replication. Fix: pulumi config rm schedule',
    ],
  },
  {
    name: "suggests the time zone a typo was meant to be",
    stack: "dev",
    edit: (r) => (r.schedule.timeZone = "Asia/Seol"),
    expected: [
      '`schedule.timeZone`: got "Asia/Seol"; not an IANA time zone (did you mean "Asia/Seoul"?). Fix: pulumi config set --path schedule.timeZone Asia/Seoul',
    ],
  },
  {
    name: "asks for the tz database spelling of a time zone Intl would forgive",
    stack: "dev",
    edit: (r) => (r.schedule.timeZone = "asia/seoul"),
    expected: [
      '`schedule.timeZone`: got "asia/seoul"; the tz database spells it "Asia/Seoul". Fix: pulumi config set --path schedule.timeZone Asia/Seoul',
    ],
  },
  {
    name: "refuses an unknown time zone",
    stack: "dev",
    edit: (r) => (r.schedule.timeZone = "Mars/Olympus"),
    expected: [
      '`schedule.timeZone`: got "Mars/Olympus"; not an IANA time zone. Fix: pulumi config set --path schedule.timeZone Asia/Seoul',
    ],
  },
  {
    name: "refuses times that are not HH:MM on a 24-hour clock",
    stack: "dev",
    edit: (r) => {
      r.schedule.start = "8:00";
      r.schedule.stop = "24:00";
    },
    expected: [
      '`schedule.start`: got "8:00"; expected a 24-hour wall-clock time "HH:MM" from 00:00 to 23:59. Fix: pulumi config set --path schedule.start 08:00',
      '`schedule.stop`: got "24:00"; expected a 24-hour wall-clock time "HH:MM" from 00:00 to 23:59. Fix: pulumi config set --path schedule.stop 20:00',
    ],
  },
  {
    name: "refuses a stop equal to the start, proposing twelve hours later",
    stack: "staging",
    edit: (r) => {
      r.schedule.start = "07:30";
      r.schedule.stop = "07:30";
    },
    expected: [
      '`schedule.stop`: got "07:30", the same as `schedule.start`; the targets would be switched off the minute they come back (for overnight hours, give a stop earlier than the start, e.g. start "22:00" and stop "06:00"). Fix: pulumi config set --path schedule.stop 19:30',
    ],
  },
  {
    name: "refuses dates that do not exist, are not ISO or are beyond cron's years, and repeated ones",
    stack: "dev",
    edit: (r) => (r.schedule.holidays = ["2026-12-25", "2027-02-30", "2026-12-25", "25/12/2026", "2200-01-01"]),
    expected: [
      '`schedule.holidays[1]`: got "2027-02-30"; expected an existing date "YYYY-MM-DD" from 1970 to 2199 (the years EventBridge cron can name). Fix: pulumi config set --path \'schedule.holidays[1]\' <YYYY-MM-DD>',
      '`schedule.holidays[3]`: got "25/12/2026"; expected an existing date "YYYY-MM-DD" from 1970 to 2199 (the years EventBridge cron can name). Fix: pulumi config set --path \'schedule.holidays[3]\' <YYYY-MM-DD>',
      '`schedule.holidays[4]`: got "2200-01-01"; expected an existing date "YYYY-MM-DD" from 1970 to 2199 (the years EventBridge cron can name). Fix: pulumi config set --path \'schedule.holidays[4]\' <YYYY-MM-DD>',
      "`schedule.holidays[2]`: got \"2026-12-25\" again (also at `schedule.holidays[0]`). Fix: pulumi config rm --path schedule.holidays && pulumi config set --path 'schedule.holidays[0]' 2026-12-25 && pulumi config set --path 'schedule.holidays[1]' 2027-02-30 && pulumi config set --path 'schedule.holidays[2]' 25/12/2026 && pulumi config set --path 'schedule.holidays[3]' 2200-01-01",
    ],
  },
  {
    name: "refuses a repeated working day",
    stack: "dev",
    edit: (r) => (r.schedule.workingDays = ["MON", "TUE", "MON"]),
    expected: [
      "`schedule.workingDays[2]`: got \"MON\" again (also at `schedule.workingDays[0]`). Fix: pulumi config rm --path schedule.workingDays && pulumi config set --path 'schedule.workingDays[0]' MON && pulumi config set --path 'schedule.workingDays[1]' TUE",
    ],
  },
  {
    name: "refuses no working day at all",
    stack: "dev",
    edit: (r) => (r.schedule.workingDays = []),
    expected: [
      "`schedule.workingDays`: empty; the targets would be switched off and never started again. Fix: pulumi config rm --path schedule.workingDays (working days are then MON to FRI)",
    ],
  },
  {
    name: "refuses a repeated target",
    stack: "staging",
    edit: (r) => (r.schedule.targets = ["nodeGroups", "gkeNodePool", "nodeGroups"]),
    expected: [
      "`schedule.targets[2]`: got \"nodeGroups\" again (also at `schedule.targets[0]`). Fix: pulumi config rm --path schedule.targets && pulumi config set --path 'schedule.targets[0]' nodeGroups && pulumi config set --path 'schedule.targets[1]' gkeNodePool",
    ],
  },
  {
    name: "refuses an empty target list",
    stack: "dev",
    edit: (r) => (r.schedule.targets = []),
    expected: [
      "`schedule.targets`: empty; the schedule would switch nothing off. Fix: pulumi config rm schedule (to run around the clock), or pulumi config rm --path schedule.targets && pulumi config set --path 'schedule.targets[0]' nodeGroups",
    ],
  },
  {
    name: "refuses node groups as a target when every group rests at zero",
    stack: "dev",
    edit: (r) => {
      r.primary.nodeGroups.general.minSize = 0;
      r.primary.nodeGroups.general.desiredSize = 0;
      r.schedule.targets = ["nodeGroups"];
    },
    expected: [
      '`schedule.targets[0]`: got "nodeGroups", but no EKS node group runs above zero (`primary.nodeGroups` has none with minSize or desiredSize above 0). Fix: pulumi config rm schedule',
    ],
  },
  {
    name: "refuses node groups as a target when there are none, keeping the database",
    stack: "dev",
    edit: (r) => {
      r.primary.nodeGroups = {};
      r.teardown.allowed = false;
      r.schedule.targets = ["nodeGroups", "database"];
    },
    expected: [
      "`schedule.targets[0]`: got \"nodeGroups\", but no EKS node group runs above zero (`primary.nodeGroups` has none with minSize or desiredSize above 0). Fix: pulumi config rm --path schedule.targets && pulumi config set --path 'schedule.targets[0]' database",
    ],
  },
  {
    name: "refuses a schedule whose every target is on the secondary cloud not selected",
    stack: "dev",
    edit: (r) => (r.schedule.targets = ["gkeNodePool", "cloudSql"]),
    expected: [
      '`schedule.targets`: got ["gkeNodePool","cloudSql"], but none of them exists on this stack ("aws" secondary, `drMode` "backup-restore"), so the schedule would switch nothing off. Fix: pulumi config rm schedule (to run around the clock), or pulumi config rm --path schedule.targets && pulumi config set --path \'schedule.targets[0]\' nodeGroups',
    ],
  },
  {
    name: "accepts dev moved to a GCP secondary: its GCP targets are then dormant (no GKE in backup and restore)",
    stack: "dev",
    edit: (r) => (r.secondary.cloud = "gcp"),
    expected: [],
  },
  {
    name: "accepts overnight hours (stop earlier than start)",
    stack: "staging",
    edit: (r) => {
      r.schedule.start = "22:00";
      r.schedule.stop = "06:00";
    },
    expected: [],
  },
  {
    name: "accepts the shipped dev schedule (node groups and the GKE pool)",
    stack: "dev",
    edit: () => undefined,
    expected: [],
  },
  {
    name: "accepts the shipped staging schedule",
    stack: "staging",
    edit: () => undefined,
    expected: [],
  },
];

describe("schedule config rules", () => {
  for (const c of cases) {
    it(`${c.stack}: ${c.name}`, () => {
      assert.deepEqual(problems(c.stack, c.edit), c.expected);
    });
  }

  it("runs alongside the schema's own checks, so one pass reports both", () => {
    const found = problems("dev", (r) => {
      r.schedule.targets = ["nodeGroups", "gpus"];
      r.schedule.stop = "20:00:00";
    });
    assert.ok(
      found.some((p) => p.startsWith('`schedule.targets[1]`: got "gpus"; expected one of')),
      found.join("\n"),
    );
    assert.ok(
      found.some((p) => p.startsWith('`schedule.stop`: got "20:00:00"')),
      found.join("\n"),
    );
  });

  it("passes the parsed schedule through to the typed config, and none for prod", () => {
    const dev = parseStackConfig(raw("dev"), { project: "dr-platform", stack: "dev" });
    assert.ok(dev.ok);
    assert.deepEqual(dev.config.schedule?.targets, ["nodeGroups", "gkeNodePool"]);
    const prod = parseStackConfig(raw("prod"), { project: "dr-platform", stack: "prod" });
    assert.ok(prod.ok);
    assert.equal(prod.config.schedule, undefined);
  });
});
