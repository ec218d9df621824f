import * as assert from "node:assert/strict";
import { longestOffWindow, OffHoursSchedule, readOffHours } from "../../dr";
import { render } from "../harness";
import { computeObjectives, DrObjectives, DrTargets } from "../../dr";

const WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI"];
const schedule = (o: Partial<OffHoursSchedule> = {}): OffHoursSchedule => ({
  timeZone: "Asia/Seoul",
  start: "07:00",
  stop: "22:00",
  workingDays: WEEKDAYS,
  holidays: [],
  targets: ["nodeGroups"],
  ...o,
});

describe("DR report: the off-hours window", () => {
  it("is the weekend without holidays: Friday's stop to Monday's start", () => {
    const w = longestOffWindow(schedule())!;
    assert.equal(w.seconds, 57 * 3600);
    assert.match(w.from, /^Fri \d{4}-\d{2}-\d{2} 22:00$/);
    assert.match(w.to, /^Mon \d{4}-\d{2}-\d{2} 07:00$/);
  });

  it("joins holidays to the weekend around them, and a single night otherwise", () => {
    // 2027-02-16..18 are Tuesday to Thursday (Seollal): Monday's stop to Friday's start.
    const w = longestOffWindow(schedule({ holidays: ["2027-02-16", "2027-02-17", "2027-02-18"] }))!;
    assert.deepEqual([w.seconds, w.from, w.to], [81 * 3600, "Mon 2027-02-15 22:00", "Fri 2027-02-19 07:00"]);
    const everyDay = longestOffWindow(schedule({ workingDays: [...WEEKDAYS, "SAT", "SUN"] }))!;
    assert.equal(everyDay.seconds, 9 * 3600);
  });

  it("reads nothing from a stack without a schedule, or a schedule that is never on", () => {
    assert.equal(readOffHours(undefined), undefined);
    assert.equal(longestOffWindow(schedule({ start: "22:00", stop: "07:00" })), undefined);
  });

  it("is printed for staging (alarms silenced at night) and not for prod (always on)", async function () {
    this.timeout(60000);
    const report = async (stack: string) => {
      const g = await render({ stack });
      return computeObjectives(g, g.outputs.drTargets as DrTargets) as DrObjectives;
    };
    assert.match(
      (await report("staging")).offHours ?? "",
      /^off hours \(.*off from 22:00 to 07:00 Asia\/Seoul.*up to 81h later \(.*\): RTO up to 81h \+ >= 4m30s$/,
    );
    assert.equal((await report("prod")).offHours, undefined);
  });
});
