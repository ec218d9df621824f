import * as assert from "node:assert/strict";
import { checkTargets } from "../../cost-model/targets";
import { Sides } from "../../cost-model/sides";
import { ScheduleSaving } from "../../cost-model/schedule";
import { PROFILES, STRICTEST } from "../../stack-config/profiles";
import { DR_MODES, ENVIRONMENTS } from "../../stack-config/schema";

/**
 * The cost targets are capabilities of the environment profile (stack-config/profiles.ts): checkTargets holds
 * a stack to its environment's row, and a stack without a known environment to the strictest row's.
 */
const SIDES: Sides = {
  activeSites: ["aws-primary"],
  passiveSites: ["aws-secondary"],
  active: 1000,
  passive: 200,
  share: 0.2,
  drLinks: [],
  passiveLines: [],
  inclusiveShare: 0.2,
  shared: 0,
  incomplete: false,
  bound: "exact",
};
const SCHEDULE = { computeShare: 0.5, computeSaving: 50, computeCost: 100, lines: [], hours: { offHoursPerWeek: 100 } };

describe("environment profiles: the cost targets", () => {
  for (const environment of ENVIRONMENTS) {
    it(`holds ${environment} to its row's passive-share ceilings and schedule floor`, () => {
      const profile = PROFILES[environment];
      for (const drMode of DR_MODES) {
        const ceiling = profile.maxPassiveShare[drMode];
        const checks = checkTargets({ drMode, environment }, SIDES, SCHEDULE as unknown as ScheduleSaving);
        const passive = checks.find((c) => c.comparison === "<=");
        assert.equal(passive?.target, ceiling, `${environment} ${drMode}`);
        assert.equal(passive?.meets, ceiling === undefined ? undefined : 0.2 <= ceiling);
        const floor = checks.find((c) => c.comparison === ">=");
        assert.equal(floor?.target, profile.minScheduleComputeCut, environment);
        assert.equal(floor?.meets, profile.minScheduleComputeCut === undefined ? undefined : 0.5 >= floor!.target);
      }
    });
  }

  it("holds a stack without an environment to the strictest row's targets", () => {
    const checks = checkTargets({ drMode: "warm-standby" }, SIDES);
    assert.deepEqual(
      checks.map((c) => [c.comparison, c.target]),
      [
        ["<=", PROFILES[STRICTEST].maxPassiveShare["warm-standby"]],
        ...(PROFILES[STRICTEST].minScheduleComputeCut === undefined
          ? []
          : [[">=", PROFILES[STRICTEST].minScheduleComputeCut]]),
      ],
    );
  });
});
