import * as assert from "node:assert/strict";
import { obj, referrers, resolve, str, T } from "@dr-platform/model";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { ofType, render } from "../../harness";

/**
 * Paging as the program renders it (docs/deploying.md#paging): every alarm topic subscribes the stack's
 * targets, watches its own failed deliveries, and the health-check alarms notify the topic outside the
 * primary's region; on Google Cloud every alert policy names the targets as channels.
 */

const PAGER = "https://events.pagerduty.com/integration/abc/enqueue";
const withPager = { stack: "prod", overrides: [["alarms.httpsEndpoints[0]", PAGER]] as [string, string][] };
const gcpWithPager = {
  stack: "prod",
  overrides: [["secondary.cloud", "gcp"], ...withPager.overrides] as [string, string][],
};

const subscriptionsOf = (g: Graph, topic: GraphResource) => referrers(g, topic, "topic", T.topicSubscription);

describe("paging: alarms reach a person", function () {
  this.timeout(120_000);

  it("subscribes the email (never auto-confirmed) and each https endpoint to every alarm topic", async () => {
    const g = await render(withPager);
    const topics = ofType(g, T.topic).filter((t) => t.name.includes("alarms"));
    assert.deepEqual(topics.map((t) => `${t.name} ${t.region}`).sort(), [
      "dns-alarms us-east-1",
      "primary-alarms ap-northeast-2",
      // The serving secondary's own site alarms, whose topic its API probe also pages through.
      "secondary-alarms ap-northeast-1",
    ]);
    for (const topic of topics) {
      const subs = subscriptionsOf(g, topic)
        .map((s) => ({
          protocol: str(s.inputs.protocol),
          endpoint: str(s.inputs.endpoint),
          endpointAutoConfirms: s.inputs.endpointAutoConfirms,
        }))
        .sort((a, b) => String(a.protocol).localeCompare(String(b.protocol)));
      assert.deepEqual(
        subs,
        [
          { protocol: "email", endpoint: "oncall@example.com", endpointAutoConfirms: false },
          { protocol: "https", endpoint: PAGER, endpointAutoConfirms: undefined },
        ],
        topic.name,
      );
    }
  });

  it("alarms on each topic's failed notifications, missing data not breaching, through a topic of its region", async () => {
    const g = await render(withPager);
    const failed = ofType(g, T.metricAlarm).filter((a) => a.inputs.metricName === "NumberOfNotificationsFailed");
    // The primary's topic, us-east-1's, and Tokyo's replication-lag topic.
    assert.equal(failed.length, 4);
    for (const alarm of failed) {
      assert.equal(alarm.inputs.namespace, "AWS/SNS");
      assert.equal(alarm.inputs.treatMissingData, "notBreaching");
      const [watched] = resolve(g, alarm, "dimensions", T.topic);
      const [notified] = resolve(g, alarm, "alarmActions", T.topic);
      assert.ok(watched && notified, alarm.name);
      assert.equal(notified.region, watched.region, alarm.name);
      assert.ok(subscriptionsOf(g, notified).length > 0, alarm.name);
    }
  });

  it("notifies the us-east-1 topic, outside the primary's region, from every Route 53 health-check alarm", async () => {
    const g = await render({ stack: "prod" });
    const health = ofType(g, T.metricAlarm).filter((a) => a.inputs.namespace === "AWS/Route53");
    // Each site's health alarm, the primary's checker-quorum alarm, and the alarm that starts the failover.
    assert.equal(health.length, 4);
    for (const alarm of health) {
      const topics = resolve(g, alarm, "alarmActions", T.topic);
      assert.deepEqual(
        topics.map((t) => t.region),
        ["us-east-1"],
        alarm.name,
      );
      assert.ok(subscriptionsOf(g, topics[0]).length > 0);
    }
  });

  it("gives every Google Cloud alert policy an email and a webhook channel (the promotion signal its topic too)", async () => {
    const g = await render(gcpWithPager);
    const policies = ofType(g, T.gcpAlertPolicy);
    assert.ok(policies.length > 0);
    for (const policy of policies) {
      // The promotion signal's Pub/Sub channel starts the workflow; the people it pages are the same.
      const channels = resolve(g, policy, "notificationChannels", T.gcpNotificationChannel).filter(
        (c) => !(policy.name === "database-promotion-signal" && c.inputs.type === "pubsub"),
      );
      assert.deepEqual(
        channels
          .map((c) => [str(c.inputs.type), str(obj(c.inputs.labels).email_address ?? obj(c.inputs.labels).url)])
          .sort(),
        [
          ["email", "oncall@example.com"],
          ["webhook_tokenauth", PAGER],
        ],
        policy.name,
      );
    }
    const signal = policies.find((p) => p.name === "database-promotion-signal");
    assert.ok(signal, "the promotion signal's alert policy");
    const starts = resolve(g, signal, "notificationChannels", T.gcpNotificationChannel).filter(
      (c) => c.inputs.type === "pubsub",
    );
    assert.equal(starts.length, 1, "one Pub/Sub channel starts the promotion workflow");
  });

  it("creates no topic of its own for the secondary's probe when nobody is named (dev)", async () => {
    const g = await render({ stack: "dev" });
    assert.deepEqual(
      ofType(g, T.topicSubscription).map((s) => s.name),
      [],
    );
    assert.ok(!ofType(g, T.topic).some((t) => t.name === "secondary-probe-alarms"));
  });
});

describe("paging: the site that takes over is already watched", function () {
  this.timeout(60000);
  it("alarms a serving AWS secondary as it alarms the primary, in its own Region (prod)", async () => {
    const g = await render({ stack: "prod" });
    const kinds = (site: string) =>
      ofType(g, T.metricAlarm)
        .filter((a) => a.name.startsWith(`${site}-alarms-`))
        .map((a) => [a.name.slice(`${site}-alarms-`.length), a.region]);
    const primary = kinds("primary");
    const secondary = kinds("secondary");
    assert.ok(primary.length >= 9, `${primary.length} primary alarms`);
    assert.deepEqual(secondary.map(([k]) => k).sort(), primary.map(([k]) => k).sort());
    assert.ok(secondary.every(([, r]) => r === "ap-northeast-1"));
  });
});
