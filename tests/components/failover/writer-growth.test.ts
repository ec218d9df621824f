import * as assert from "node:assert/strict";
import { Graph, GraphResource, list, obj, T } from "@dr-platform/model";
import { render } from "../../harness";

// The handler ships to Lambda as plain CommonJS; the test loads the same file.
const { grow } = require("../../../components/failover/writer-growth-handler.js") as {
  grow: (
    rds: { members(c: string): Promise<string[]>; createInstance(p: Record<string, unknown>): Promise<void> },
    config: Record<string, unknown>,
  ) => Promise<{ created: string[]; present: string[] }>;
};

/**
 * In-Region HA comes with the promotion: the Region switch plan runs WriterGrowth in the Region it activates,
 * and the day-after `pulumi up` adopts what it made. The handler runs against a stand-in for RDS; its output is
 * compared with the instance the program renders for the promoted site, field by field, because an adoption
 * (`import`) whose inputs differ from the real instance fails. What this cannot prove: RDS's answer, and
 * ARC's invocation; a drill's plan execution shows both.
 */
const CONFIG_OF = (g: Graph, name: string): Record<string, unknown> => {
  const fn = g.resources.find((r) => r.type === "aws:lambda/function:Function" && r.name === name)!;
  return JSON.parse(String(obj(obj(fn.inputs.environment).variables).CONFIG)) as Record<string, unknown>;
};

function fakeRds(present: string[]) {
  const created: Record<string, unknown>[] = [];
  return {
    created,
    rds: {
      members: async () => [...present, ...created.map((c) => String(c.DBInstanceIdentifier))],
      createInstance: async (p: Record<string, unknown>) => {
        created.push(p);
      },
    },
  };
}

describe("WriterGrowth: the new writer's in-Region HA comes with the promotion", function () {
  this.timeout(120_000);
  let steady: Graph;
  let promoted: Graph;
  before(async () => {
    steady = await render({ stack: "prod" });
    promoted = await render({ stack: "prod", overrides: [["activeSite", "secondary"]] });
  });

  it("creates exactly the instances the promoted site's render adopts, with the inputs it gives them", async () => {
    const config = CONFIG_OF(steady, "secondary-db-growth");
    const tokyo = promoted.resources.filter((r) => r.type === T.rdsInstance && r.name.startsWith("secondary-db-"));
    const existing = tokyo.filter((r) => r.importId === undefined).map((r) => String(r.inputs.identifier));
    const { rds, created } = fakeRds(existing);
    const result = await grow(rds, config);
    const adopted = tokyo.filter((r) => r.importId !== undefined);
    assert.ok(adopted.length >= 1, "the promoted site adopts at least one instance");
    assert.deepEqual(
      result.created,
      adopted.map((r) => r.importId),
    );
    for (const made of created) {
      const r: GraphResource = adopted.find((a) => a.importId === made.DBInstanceIdentifier)!;
      assert.equal(r.inputs.identifier, made.DBInstanceIdentifier);
      assert.equal(r.inputs.instanceClass, made.DBInstanceClass);
      assert.equal(r.inputs.availabilityZone, made.AvailabilityZone);
      assert.equal(r.inputs.promotionTier, made.PromotionTier);
      assert.equal(r.inputs.engine, made.Engine);
      assert.equal(r.inputs.publiclyAccessible, made.PubliclyAccessible);
      assert.equal(r.inputs.autoMinorVersionUpgrade, made.AutoMinorVersionUpgrade);
      assert.equal(r.inputs.performanceInsightsEnabled, made.EnablePerformanceInsights);
      assert.equal(r.inputs.performanceInsightsRetentionPeriod, made.PerformanceInsightsRetentionPeriod);
      assert.equal(r.inputs.monitoringInterval, made.MonitoringInterval);
      assert.equal(r.inputs.monitoringRoleArn, made.MonitoringRoleArn);
      // The cluster and the key are Outputs the mock names alike in both renders.
      assert.equal(made.PerformanceInsightsKMSKeyId, r.inputs.performanceInsightsKmsKeyId);
    }
  });

  it("is idempotent: a second run creates nothing, and Seoul's (already at the writer's count) nothing at all", async () => {
    const config = CONFIG_OF(steady, "secondary-db-growth");
    const { rds, created } = fakeRds([]);
    await grow(rds, config);
    const again = await grow(rds, config);
    assert.deepEqual(again.created, []);
    assert.equal(created.length, (config.identifiers as string[]).length);
    const seoul = CONFIG_OF(steady, "primary-db-growth");
    const full = fakeRds(seoul.identifiers as string[]);
    assert.deepEqual((await grow(full.rds, seoul)).created, []);
  });

  it("runs in the Region each plan workflow activates, last (a failure cannot hold the failover), and the plan may invoke it", () => {
    const plan = steady.resources.find((r) => r.type === "aws:arcregionswitch/plan:Plan")!;
    for (const workflow of list(plan.inputs.workflows).map(obj)) {
      const steps = list(workflow.steps).map(obj);
      const growth = steps[steps.length - 1];
      assert.equal(
        growth.executionBlockType,
        "CustomActionLambda",
        `workflow to ${String(workflow.workflowTargetRegion)}`,
      );
      assert.equal(steps[steps.length - 2].executionBlockType, "Route53HealthCheck", "after the records are checked");
      const config = obj(list(growth.customActionLambdaConfigs)[0]);
      assert.equal(config.regionToRun, "activatingRegion");
      assert.equal(list(config.lambdas).length, 2, "one function per Region");
    }
    const policy = steady.resources.find(
      (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "region-switch",
    )!;
    assert.match(String(policy.inputs.policy), /"lambda:InvokeFunction"/);
  });

  it("may create only its own instances in its own cluster", () => {
    const policy = JSON.parse(
      String(
        steady.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "secondary-db-growth")!
          .inputs.policy,
      ),
    ) as { Statement: { Sid: string; Resource: string[] }[] };
    const add = policy.Statement.find((s) => s.Sid === "AddInstances")!;
    const config = CONFIG_OF(steady, "secondary-db-growth");
    for (const id of config.identifiers as string[]) {
      assert.ok(
        add.Resource.some((arn) => arn.endsWith(`:db:${id}`)),
        id,
      );
    }
    assert.ok(!add.Resource.some((arn) => arn.endsWith(":db:*")), "no wildcard over instances");
  });

  it("refuses a config that names no instance or no AZ, rather than doing nothing quietly", async () => {
    await assert.rejects(grow(fakeRds([]).rds, { identifiers: [], availabilityZones: ["a"] }), /names no instances/);
  });
});
