import * as assert from "node:assert/strict";
import { globalRpoParameter } from "../../../components/data";
import { computeObjectives, DrObjectives, DrTargets, formatSummary } from "../../../dr";
import { Graph } from "../../../tools/offline/graph";
import { render, under } from "../../harness";

/**
 * Bounded data loss on prod: Aurora enforces the bound on the current primary only, the lag alarms page from
 * Tokyo against the RPO target, and the DR report states the bound apart from the typical figure.
 */
describe("RPO: a bound Aurora enforces, alarms on the lag, both figures in the report", function () {
  this.timeout(60000);
  let prod: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
  });
  const groups = (site: string) =>
    under(prod, site).filter((r) => r.type === "aws:rds/clusterParameterGroup:ClusterParameterGroup");
  const rpoParameter = (g: { inputs: Record<string, unknown> }) =>
    (g.inputs.parameters as { name: string; value: string }[]).find((p) => p.name === "rds.global_db_rpo");

  it("sets rds.global_db_rpo on the primary's parameter group only (a lone survivor would pause every commit)", () => {
    assert.deepEqual(
      groups("primary").map((g) => rpoParameter(g)?.value),
      ["60"],
    );
    assert.deepEqual(
      groups("secondary").map((g) => rpoParameter(g)),
      [undefined],
    );
    assert.throws(() => globalRpoParameter(10), /takes whole seconds from 20/);
  });

  it("pages from Tokyo when the lag exceeds the RPO target, and on silence", () => {
    const alarms = prod.resources.filter(
      (r) =>
        r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" &&
        r.urn.includes("ReplicationLagAlarms") &&
        r.inputs.namespace === "AWS/RDS",
    );
    assert.deepEqual(alarms.map((a) => a.inputs.metricName).sort(), [
      "AuroraGlobalDBRPOLag",
      "AuroraGlobalDBReplicationLag",
    ]);
    for (const a of alarms) {
      assert.equal(a.region, "ap-northeast-1");
      assert.equal(a.inputs.threshold, (prod.outputs.drTargets as DrTargets).rpoSeconds * 1000);
      assert.equal(a.inputs.treatMissingData, "breaching");
    }
    assert.ok(
      prod.resources.some(
        (r) => r.type === "aws:sns/topicSubscription:TopicSubscription" && r.urn.includes("ReplicationLagAlarms"),
      ),
    );
  });

  it("reports the bound apart from the typical figure", () => {
    const report = computeObjectives(prod, prod.outputs.drTargets as DrTargets) as DrObjectives;
    assert.equal(report.rpoBound?.seconds, 60);
    assert.match(formatSummary(report), /RPO ~1s \(Aurora global replication\), bound 60s \(rds\.global_db_rpo\)/);
  });
});

describe("Applications follow the writer: the connection secret names the global writer endpoint", function () {
  this.timeout(60000);
  it("writes the global writer endpoint into the master's and the application's secrets, replicated to Tokyo", async () => {
    const prod = await render({ stack: "prod" });
    const global = prod.resources.find((r) => r.type === "aws:rds/globalCluster:GlobalCluster")!;
    const versions = under(prod, "primary").filter((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion");
    assert.deepEqual(versions.map((v) => v.name).sort(), ["primary-db-app", "primary-db-master"]);
    for (const version of versions) {
      // The value is secret in the graph; what it is built from is not.
      assert.ok(
        version.propertyDependencies?.secretString?.includes(global.urn),
        `${version.name}: the global cluster`,
      );
    }
    for (const secret of under(prod, "primary").filter((r) => r.type === "aws:secretsmanager/secret:Secret")) {
      // In Tokyo, under a customer key of Tokyo's (not AWS's default key there).
      const [replica] = secret.inputs.replicas as { region: string; kmsKeyId: string }[];
      assert.equal(replica.region, "ap-northeast-1", secret.name);
      const keys = (secret.propertyDependencies?.replicas ?? []).map((u) => prod.resources.find((r) => r.urn === u));
      assert.deepEqual(
        keys.map((k) => [k?.type, k?.region]),
        [["aws:kms/key:Key", "ap-northeast-1"]],
        secret.name,
      );
    }
  });
});

describe("Object replication pages when it breaks Replication Time Control's promise", function () {
  this.timeout(60000);
  it("alarms in Seoul on latency above 15 minutes and on any failed operation of the rule", async () => {
    const prod = await render({ stack: "prod" });
    const alarms = prod.resources.filter(
      (r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name.startsWith("objects-replication-alarms-"),
    );
    assert.deepEqual(alarms.map((a) => [a.name, a.inputs.metricName, a.inputs.threshold, a.region]).sort(), [
      ["objects-replication-alarms-failed", "OperationsFailedReplication", 0, "ap-northeast-2"],
      ["objects-replication-alarms-latency", "ReplicationLatency", 900, "ap-northeast-2"],
    ]);
    for (const a of alarms) {
      assert.equal((a.inputs.dimensions as Record<string, string>).RuleId, "to-secondary");
    }
  });
});
