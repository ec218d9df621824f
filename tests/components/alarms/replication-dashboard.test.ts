import * as assert from "node:assert/strict";
import { T } from "@dr-platform/model";
import { replicationDashboardBody } from "../../../components/alarms";
import { ofType, render } from "../../harness";

/**
 * Replication health, visible from outside the primary Region: one CloudWatch dashboard in us-east-1 whose
 * widgets each read their metric in the Region that publishes it. What this cannot prove: that the metrics have
 * data (S3 publishes replication metrics only while objects replicate).
 */
type Widget = {
  type: string;
  properties: { title?: string; region?: string; metrics?: unknown[][]; markdown?: string };
};
const widgets = (body: unknown): Widget[] => (JSON.parse(String(body)) as { widgets: Widget[] }).widgets;

describe("replication dashboard: every link and its lag, from us-east-1", function () {
  this.timeout(60000);

  it("reads each link in its own Region: Route 53 in us-east-1, Aurora in Tokyo, S3 in each way's source (prod)", async () => {
    const g = await render({ stack: "prod" });
    const [dashboard] = ofType(g, T.dashboard);
    assert.equal(dashboard?.region, "us-east-1");
    const w = widgets(dashboard?.inputs.dashboardBody);
    assert.deepEqual(
      w.map((x) => [x.properties.region, (x.properties.metrics ?? []).map((m) => m[1])]),
      [
        ["us-east-1", ["HealthCheckStatus", "HealthCheckStatus"]],
        ["ap-northeast-1", ["AuroraGlobalDBRPOLag", "AuroraGlobalDBReplicationLag"]],
        ["ap-northeast-2", ["ReplicationLatency", "OperationsFailedReplication"]],
        ["ap-northeast-1", ["ReplicationLatency", "OperationsFailedReplication"]],
      ],
    );
    assert.match(
      String((g.outputs.database as Record<string, unknown>).replicationDashboardUrl),
      /region=us-east-1#dashboards:name=replication-prod$/,
    );
  });

  it("points at the DMS job's lag in Cloud Monitoring with a Google Cloud secondary", async () => {
    const g = await render({ stack: "prod", overrides: [["secondary.cloud", "gcp"]] });
    const w = widgets(ofType(g, T.dashboard)[0]?.inputs.dashboardBody);
    assert.deepEqual(
      w.map((x) => x.type),
      ["metric", "text"],
    );
    assert.match(w[1]!.properties.markdown ?? "", /max_replica_sec_lag[\s\S]*database-replication-lag/);
  });

  it("shows only the health checks when nothing replicates (pure)", () => {
    const w = widgets(replicationDashboardBody({ healthChecks: [{ label: "PRIMARY", id: "hc-1" }] }));
    assert.equal(w.length, 1);
    assert.deepEqual(w[0]!.properties.metrics, [
      ["AWS/Route53", "HealthCheckStatus", "HealthCheckId", "hc-1", { label: "PRIMARY" }],
    ]);
  });
});
