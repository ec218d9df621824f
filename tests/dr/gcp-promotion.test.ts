import * as assert from "node:assert/strict";
import { facts, failoverTarget, Graph, T } from "@dr-platform/model";
import { drReport } from "../../dr";
import { render } from "../harness";

/**
 * The Google Cloud promotion in the DR report, on the rendered staging stack (GCP pilot light): the model
 * reads the signal chain link by link (uptime check of the primary, alert policy, Pub/Sub channel, Eventarc,
 * workflow on this plan's migration job) and the chain counts it; a broken link is no automatic promotion.
 */
const without = (g: Graph, type: string): Graph => ({ ...g, resources: g.resources.filter((r) => r.type !== type) });

describe("DR report: the Google Cloud promotion signal (staging)", () => {
  let asks: Graph;
  let automatic: Graph;
  before(async () => {
    asks = await render({ stack: "staging" });
    automatic = await render({ stack: "staging", overrides: [["failover.gcpApproval", "none"]] });
  });

  it("reads every link of the chain from the graph", () => {
    const p = failoverTarget(facts(asks)).gcpPromotion;
    assert.ok(p, "the promotion chain resolves");
    assert.deepEqual(
      [p.approval, p.asksPrimary, p.missingDataFires, p.periodSeconds, p.durationSeconds, p.workflow.type],
      [true, true, false, 60, 60, T.gcpWorkflow],
    );
    assert.equal(failoverTarget(facts(automatic)).gcpPromotion?.approval, false);
  });

  it("counts a promotion with no person when the stack asks for no approval", () => {
    const report = drReport(automatic);
    const a = report.split("\n(b)")[0]!.split("(a)")[1]!;
    assert.match(a, /promotion: the workflow database-promotion, started through Eventarc/);
    assert.match(
      a,
      /writer promoted at 6m10s \(uptime signal 2m .*\+ incident published ~60s \+ workflow starts ~10s \+ Cloud SQL promotion ~2m \+ after-promotion setup ~60s\)/,
    );
    // The 2018 grey failure: the signal waits for the deep check's hysteresis, as Route 53 does.
    assert.match(report, /\(b\)[^\n]*\n(.*\n)*?.*writer promoted at 6m20s \(deep check 10s/);
  });

  it("counts the earlier person when approval is asked: the page comes before the signal", () => {
    const report = drReport(asks);
    assert.match(
      report,
      /human step B4, run the promotion workflow by hand .*paged before the workflow database-promotion/,
    );
  });

  it("is no automatic promotion once a link is missing", () => {
    for (const type of [T.gcpEventarcTrigger, T.gcpUptimeCheck, T.gcpNotificationChannel]) {
      const broken = without(automatic, type);
      assert.equal(failoverTarget(facts(broken)).gcpPromotion, undefined, type);
      assert.match(drReport(broken), /no promotion workflow is started by a signal on the primary/, type);
    }
  });
});
