import * as assert from "node:assert/strict";
import { AuroraArgs, auroraProblems, formatProblems, parameterGroupFamily } from "../../../components/data";

/** The Aurora argument rules, without mocks: pure functions of the args. */

const valid: AuroraArgs = {
  engineVersion: "16.6",
  instanceClass: "db.r6g.large",
  instances: 2,
  vpcId: "vpc-0primary",
  subnetIds: ["subnet-0a", "subnet-0b"],
  availabilityZones: ["ap-northeast-2a", "ap-northeast-2b"],
  allowedSecurityGroupIds: ["sg-0eksnodes"],
  deletionProtection: true,
  protect: true,
  finalSnapshot: true,
};
const serverless = (minCapacity: number, maxCapacity: number, extra: Partial<AuroraArgs> = {}): AuroraArgs => ({
  ...valid,
  instanceClass: undefined,
  serverless: { minCapacity, maxCapacity },
  ...extra,
});

describe("Aurora rules", () => {
  it("derives the parameter group family from the major version", () => {
    assert.equal(parameterGroupFamily("16.6"), "aurora-postgresql16");
    assert.equal(parameterGroupFamily("13.15"), "aurora-postgresql13");
  });

  it("fails to derive a family from a version that is not major.minor", () => {
    assert.throws(() => parameterGroupFamily("16"), /engineVersion "16" is not a major.minor version/);
  });

  it("accepts provisioned and serverless clusters, including one that pauses on 16.3 or later", () => {
    for (const args of [
      valid,
      serverless(0.5, 16),
      serverless(0, 4),
      serverless(0, 4, {
        engineVersion: "16.3",
        serverless: { minCapacity: 0, maxCapacity: 4, secondsUntilAutoPause: 3600 },
      }),
      serverless(0, 4, { instanceClass: "db.serverless" }),
    ]) {
      assert.deepEqual(auroraProblems(args), [], JSON.stringify(args.serverless));
    }
  });

  const failures: [string, AuroraArgs, string[]][] = [
    [
      "fails without an instance class on a provisioned cluster",
      { ...valid, instanceClass: undefined },
      ["instanceClass"],
    ],
    ["fails with 17 instances (1 writer and at most 15 readers)", { ...valid, instances: 17 }, ["instances"]],
    ["fails with a fractional instance count", { ...valid, instances: 1.5 }, ["instances"]],
    ["fails with backups kept 36 days", { ...valid, backupRetentionDays: 36 }, ["backupRetentionDays"]],
    [
      "fails on capacity outside Serverless v2's half-ACU steps",
      serverless(0.3, 300),
      ["serverless.minCapacity", "serverless.maxCapacity"],
    ],
    [
      "fails when a cluster on 16.2 is asked to pause",
      serverless(0, 4, { engineVersion: "16.2" }),
      ["serverless.minCapacity"],
    ],
    [
      "fails on an auto-pause delay for a cluster that never reaches 0 ACUs",
      serverless(0.5, 4, { serverless: { minCapacity: 0.5, maxCapacity: 4, secondsUntilAutoPause: 600 } }),
      ["serverless.secondsUntilAutoPause"],
    ],
    [
      "fails on an auto-pause delay under 5 minutes",
      serverless(0, 4, { serverless: { minCapacity: 0, maxCapacity: 4, secondsUntilAutoPause: 60 } }),
      ["serverless.secondsUntilAutoPause"],
    ],
  ];
  for (const [title, args, paths] of failures) {
    it(title, () => {
      assert.deepEqual(
        auroraProblems(args).map((p) => p.path),
        paths,
      );
    });
  }

  it("fails with the exact message when a cluster cannot pause on its version", () => {
    assert.equal(
      formatProblems("Aurora orders-db", auroraProblems(serverless(0, 4, { engineVersion: "15.4" }))),
      [
        "Aurora orders-db has invalid args (1 problem):",
        "  - `serverless.minCapacity`: got 0, but Aurora PostgreSQL 15.4 cannot pause; scaling to 0 ACUs needs 13.15, 14.12, 15.7, 16.3 or later. Fix: raise engineVersion, or pass a minimum of 0.5",
      ].join("\n"),
    );
  });
});

describe("Aurora global membership rules", () => {
  const member = (role: "primary" | "secondary", engineVersion: string, instances: number): AuroraArgs => ({
    ...valid,
    instances,
    global: { role, globalClusterIdentifier: "database-prod", engineVersion },
  });

  it("lets a global secondary be headless, but never a primary or a regional cluster", () => {
    assert.deepEqual(auroraProblems(member("secondary", valid.engineVersion, 0)), []);
    assert.deepEqual(
      auroraProblems(member("primary", valid.engineVersion, 0)).map((p) => p.path),
      ["instances"],
    );
  });

  it("adopts a failover's growth instances at the old writer's class, never a serverless one without a range", () => {
    const standby = { ...member("secondary", valid.engineVersion, 2), adoptInstancesFrom: 1 };
    assert.deepEqual(auroraProblems({ ...standby, adoptedInstanceClass: "db.r6g.xlarge" }), []);
    assert.deepEqual(
      auroraProblems({ ...standby, adoptedInstanceClass: "db.serverless" }).map((p) => p.path),
      ["adoptedInstanceClass"],
    );
    const serverlessStandby = { ...standby, instanceClass: undefined, serverless: { minCapacity: 1, maxCapacity: 16 } };
    assert.deepEqual(auroraProblems({ ...serverlessStandby, adoptedInstanceClass: "db.serverless" }), []);
  });

  it("fails on a member whose version differs from the global database's", () => {
    const problems = auroraProblems(member("secondary", "15.8", 1));
    assert.deepEqual(
      problems.map((p) => [p.path, p.message]),
      [
        [
          "engineVersion",
          `got ${JSON.stringify(valid.engineVersion)}, but the global database runs "15.8"; Aurora cannot fail over between versions`,
        ],
      ],
    );
  });
});
