import * as assert from "node:assert/strict";
import { obj, T } from "@dr-platform/model";
import { computeObjectives } from "../../dr";
import { Graph } from "../../tools/offline/graph";
import { render } from "../harness";
import { envConfig, judgeWith, lines } from "../policy-harness";

// The handler ships to Lambda as plain CommonJS; the test loads the same file.
const { grow } = require("../../components/failover/writer-growth-handler.js") as {
  grow: (rds: Record<string, unknown>, config: Record<string, unknown>) => Promise<{ created: string[] }>;
};

/**
 * An AWS pilot light that can fail over (issue 16, part 3): prod rendered as a pilot light whose Tokyo groups rest
 * at zero, with the 15-minute RTO target a pilot light can promise. At rest Tokyo keeps the EKS control plane, one controller node, the load
 * balancer behind the SECONDARY failover record, no service replicas and a headless Aurora member. A graceful run of
 * the Region switch plan grows the database (waiting for its first instance) beside the service's scaling, then
 * promotes it; the starter's ungraceful run skips Lambda steps, so the DR report counts a person running the growth.
 * What mocks cannot prove: how long RDS takes to create the instance (10 minutes counted, to measure in a drill)
 * and that ARC retries a failing Lambda step as its retry interval says.
 */
describe("AWS pilot light: failover records, a controller node, and a headless database grown before its promotion", function () {
  this.timeout(120_000);
  let graph: Graph;
  before(async () => {
    graph = await render({
      stack: "prod",
      overrides: [
        ["drMode", "pilot-light"],
        ["drTargets.aws.rtoSeconds", 900],
        ["secondary.aws.nodeGroups.general.minSize", 0],
        ["secondary.aws.nodeGroups.general.desiredSize", 0],
      ],
    });
  });
  const ofType = (type: string) => graph.resources.filter((r) => r.type === type);
  const growthConfig = () => {
    const fn = ofType("aws:lambda/function:Function").find((r) => r.name === "secondary-db-growth")!;
    return JSON.parse(String(obj(obj(fn.inputs.environment).variables).CONFIG)) as Record<string, unknown>;
  };

  it("keeps one controller node across Tokyo's AZs while its groups rest at zero, no service replicas, no instance", () => {
    const tokyo = ofType(T.nodeGroup).filter((r) => r.region === "ap-northeast-1");
    const controllers = tokyo.filter((r) => r.name === "secondary-nodes-controllers");
    assert.equal(controllers.length, 1);
    assert.equal((controllers[0].inputs.subnetIds as string[]).length, 3, "one group across the three AZs");
    assert.deepEqual(controllers[0].inputs.scalingConfig, { minSize: 1, desiredSize: 1, maxSize: 2 });
    assert.deepEqual(controllers[0].inputs.instanceTypes, ["m6i.large"]);
    for (const group of tokyo.filter((r) => r !== controllers[0])) {
      assert.equal(obj(group.inputs.scalingConfig).minSize, 0, group.name);
    }
    const app = ofType("kubernetes:apps/v1:Deployment").find((r) => r.name === "secondary-app")!;
    assert.equal(obj(app.inputs.spec).replicas, 0);
    const seoulApp = ofType("kubernetes:apps/v1:Deployment").find((r) => r.name === "primary-app")!;
    assert.equal(obj(seoulApp.inputs.spec).replicas, 3);
    assert.equal(ofType(T.rdsInstance).filter((r) => r.region === "ap-northeast-1").length, 0, "headless");
  });

  it("raises no alarm that a resting pilot light would hold in ALARM: one controller node expected, no SECONDARY page", () => {
    const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    const capacity = alarms.find((a) => a.name === "secondary-alarms-node-capacity")!;
    assert.equal(capacity.inputs.threshold, 1, "the spanning controller group counts once, not per AZ");
    assert.equal(
      alarms.filter((a) => a.name === "dns-secondary-health").length,
      0,
      "the SECONDARY fails its check by design until it is activated",
    );
  });

  it("points the SECONDARY failover record at Tokyo's load balancer", () => {
    const records = ofType("aws:route53/record:Record").filter((r) => r.inputs.failoverRoutingPolicies);
    const kinds = records.map((r) => (r.inputs.failoverRoutingPolicies as { type: string }[])[0].type).sort();
    assert.deepEqual(kinds, ["PRIMARY", "SECONDARY"]);
    const secondary = records.find(
      (r) => (r.inputs.failoverRoutingPolicies as { type: string }[])[0].type === "SECONDARY",
    )!;
    assert.match(JSON.stringify(secondary.inputs.aliases), /secondary-alb/);
  });

  it("grows the headless cluster beside the scaling, then promotes it; failback keeps the warm order", () => {
    const [plan] = ofType("aws:arcregionswitch/plan:Plan");
    const workflows = plan.inputs.workflows as { workflowTargetRegion: string; steps: Record<string, any>[] }[];
    const names = (region: string) =>
      workflows.find((w) => w.workflowTargetRegion === region)!.steps.map((s) => s.name);
    assert.deepEqual(names("ap-northeast-1"), ["instances-and-capacity", "promote-database", "check-failover-records"]);
    assert.deepEqual(names("ap-northeast-2"), ["data-and-capacity", "check-failover-records", "grow-new-writer"]);
    const first = workflows.find((w) => w.workflowTargetRegion === "ap-northeast-1")!.steps[0];
    const parallel = first.parallelConfigs[0].steps as Record<string, any>[];
    assert.deepEqual(
      parallel.map((s) => s.name),
      ["grow-new-writer", "scale-service"],
    );
    assert.equal(parallel[0].customActionLambdaConfigs[0].timeoutMinutes, 30);
    assert.equal(growthConfig().waitForAvailable, true);
  });

  it("lets the growth function read its instances' state, and fails its step until the first is available", async () => {
    const policy = ofType("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "secondary-db-growth")!;
    assert.match(String(policy.inputs.policy), /rds:DescribeDBInstances/);
    const created: string[] = [];
    let status = "creating";
    const rds = {
      members: async () => [...created],
      createInstance: async (p: Record<string, unknown>) => void created.push(String(p.DBInstanceIdentifier)),
      status: async () => status,
    };
    const config = growthConfig();
    await assert.rejects(grow(rds, config), /secondary-db-1-prod is creating, not yet available/);
    assert.equal(created.length, 2, "both instances asked for at once");
    status = "available";
    assert.deepEqual((await grow(rds, config)).created, [], "a retry creates nothing more");
  });

  it("adds no controller node where a configured group keeps nodes to run the controllers", async () => {
    const kept = await render({ stack: "prod", overrides: [["drMode", "pilot-light"]] });
    assert.equal(kept.resources.filter((r) => r.name === "secondary-nodes-controllers").length, 0);
  });

  it("counts the instance's creation in the RTO and meets 15 minutes, and passes every mandatory rule", async () => {
    const dr = computeObjectives(graph, graph.outputs.drTargets as { rtoSeconds: number; rpoSeconds: number });
    assert.equal(dr.kind, "failover");
    if (dr.kind !== "failover") return;
    assert.ok(dr.rto.seconds > 600 && dr.rto.seconds <= 900, String(dr.rto.seconds));
    assert.match(dr.rto.terms.map((t) => t.label).join(", "), /instance created/);
    // The starter's ungraceful run skips the growth step: a person on the way, so the RTO is a lower bound.
    assert.equal(dr.rto.atLeast, true);
    const verdict = await judgeWith(graph, envConfig("prod"));
    assert.deepEqual(
      lines(verdict).filter((l) => l.startsWith("mandatory")),
      [],
    );
  });
});
