import * as assert from "node:assert/strict";
import { alarmStateChangePattern, START_PLAN_TASK, starterDefinition } from "../../../components/failover";
import { computeObjectives, DrObjectives, DrTargets } from "../../../dr";
import { facts, failoverTarget } from "../../../model";
import { Graph } from "../../../tools/offline/graph";
import { render } from "../../harness";

/**
 * What starts the failover without a person, on the rendered prod plan: each hop in its Region, the alarm that
 * never treats a metrics gap as a failure, and the DR model crediting the chain only when every hop is there.
 * What this cannot prove: that EventBridge and Step Functions deliver within seconds (a drill measures it).
 */
describe("FailoverStarter: the plan starts by itself, from outside Seoul, in ungraceful mode", function () {
  this.timeout(60000);
  let prod: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
  });
  const of = (g: Graph, type: string) =>
    g.resources.filter((r) => r.type === type && r.urn.includes("FailoverStarter"));

  it("alarms on the PRIMARY's endpoint check in us-east-1 (not the override), and never on missing data", () => {
    const [alarm] = of(prod, "aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.ok(alarm);
    assert.equal(alarm.region, "us-east-1");
    assert.deepEqual(
      [alarm.inputs.namespace, alarm.inputs.metricName, alarm.inputs.treatMissingData, alarm.inputs.evaluationPeriods],
      ["AWS/Route53", "HealthCheckStatus", "notBreaching", 1],
    );
    assert.deepEqual(alarm.propertyDependencies?.dimensions, [
      prod.resources.find((r) => r.type === "aws:route53/healthCheck:HealthCheck" && r.name === "dns-primary-endpoint")!
        .urn,
    ]);
  });

  it("forwards the alarm from us-east-1 to Tokyo's bus and runs a state machine there that starts the plan ungracefully", () => {
    const rules = of(prod, "aws:cloudwatch/eventRule:EventRule");
    assert.deepEqual(rules.map((r) => r.region).sort(), ["ap-northeast-1", "us-east-1"]);
    const [machine] = of(prod, "aws:sfn/stateMachine:StateMachine");
    assert.equal(machine?.region, "ap-northeast-1");
    const task = JSON.parse(String(machine!.inputs.definition)).States.StartPlan;
    assert.equal(task.Resource, START_PLAN_TASK);
    assert.deepEqual(
      [task.Parameters.Action, task.Parameters.Mode, task.Parameters.TargetRegion],
      ["activate", "ungraceful", "ap-northeast-1"],
    );
    const targets = of(prod, "aws:cloudwatch/eventTarget:EventTarget");
    assert.ok(targets.some((t) => /:events:ap-northeast-1:\d+:event-bus\/default$/.test(String(t.inputs.arn))));
  });

  it("is what the DR model credits: no person between the outage and the new writer", () => {
    const [plan] = failoverTarget(facts(prod)).regionSwitch;
    // Its own alarm, and the checker-quorum alarm (any one starts it).
    assert.deepEqual(plan?.starterAlarms.map((a) => a.name).sort(), ["dns-primary-quorum", "failover-start"]);
    const report = computeObjectives(prod, prod.outputs.drTargets as DrTargets) as DrObjectives;
    assert.deepEqual([report.rto.seconds, report.rto.atLeast], [165, false]);
    assert.match(
      report.scenarios[0]!.links[2]!.text,
      /started in ungraceful mode when (failover-start|dns-primary-quorum)/,
    );
  });

  it("is not credited when a hop is missing: without the forwarding rule a person promotes again", () => {
    const copy = JSON.parse(JSON.stringify(prod)) as Graph;
    const cut: Graph = {
      ...copy,
      resources: copy.resources.filter(
        (r) =>
          !(
            r.type === "aws:cloudwatch/eventRule:EventRule" &&
            r.region === "us-east-1" &&
            r.urn.includes("FailoverStarter")
          ),
      ),
    };
    assert.deepEqual(failoverTarget(facts(cut)).regionSwitch[0]?.starterAlarms, []);
    const report = computeObjectives(cut, cut.outputs.drTargets as DrTargets) as DrObjectives;
    assert.equal(report.rto.atLeast, true);
  });

  it("pages when a hop of its own fails: the forward from us-east-1, the start rule and the state machine in Tokyo", () => {
    const alarms = prod.resources.filter(
      (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && /^failover-start-.*failed$/.test(r.name),
    );
    assert.deepEqual(
      alarms.map((a) => [a.name, a.region, a.inputs.namespace, a.inputs.metricName, a.inputs.treatMissingData]).sort(),
      [
        ["failover-start-execution-failed", "ap-northeast-1", "AWS/States", "ExecutionsFailed", "notBreaching"],
        ["failover-start-forward-failed", "us-east-1", "AWS/Events", "FailedInvocations", "notBreaching"],
        ["failover-start-start-failed", "ap-northeast-1", "AWS/Events", "FailedInvocations", "notBreaching"],
      ],
    );
    // Each notifies a topic of its own Region (CloudWatch notifies no other): Tokyo's is the replication lag's.
    const topics = new Map(
      prod.resources.filter((r) => r.type === "aws:sns/topic:Topic").map((t) => [t.urn, t] as const),
    );
    for (const alarm of alarms) {
      const topic = (alarm.propertyDependencies?.alarmActions ?? []).map((u) => topics.get(u)).find(Boolean);
      assert.equal(topic?.region, alarm.region, alarm.name);
    }
  });

  it("builds its pattern and definition from plain values (pure)", () => {
    assert.deepEqual(JSON.parse(alarmStateChangePattern(["a"])).detail, {
      alarmName: ["a"],
      state: { value: ["ALARM"] },
    });
    assert.equal(
      JSON.parse(starterDefinition("arn:p", "ap-northeast-1", "a")).States.StartPlan.Parameters.PlanArn,
      "arn:p",
    );
  });
});
