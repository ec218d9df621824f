import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { obj, str, T } from "@dr-platform/model";
import { DMS_OBJECT_OWNER, SCRIPT_ENV, variableEnv } from "../../../components/database-setup";
import {
  DMS_REPLICATION_USERNAME,
  PROMOTION_WORKFLOW_ROLES,
  SIGNAL_CHECKER_REGIONS,
} from "../../../components/gcp-dms";
import { byUrn, Graph, GraphResource, SECRET } from "../../../tools/offline/graph";
import { ofType, render } from "../../harness";

/**
 * The Google Cloud promotion as staging renders it (GCP pilot light): the signal, the workflow, its trigger
 * and identities, the after-promotion job, and the DMS job they act on. What mocks cannot prove: that Google
 * accepts these shapes, that the uptime checkers reach the load balancer, or the time each hop takes; the
 * workflow's control flow is run in promotion-workflow.test.ts, the SQL against PostgreSQL in
 * tests/components/database-setup.
 */
const only = (g: Graph, type: string, name?: string): GraphResource => {
  const found = ofType(g, type).filter((r) => name === undefined || r.name === name);
  assert.equal(found.length, 1, `exactly one ${type}${name ? ` named ${name}` : ""}`);
  return found[0] as GraphResource;
};

describe("gcp-dms: the promotion that runs itself (staging)", () => {
  let g: Graph;
  let noApproval: Graph;
  before(async () => {
    g = await render({ stack: "staging" });
    noApproval = await render({ stack: "staging", overrides: [["failover.gcpApproval", "none"]] });
  });

  it("starts the DMS job once the primary's setup job has made its replication login and pglogical", () => {
    const job = only(g, T.migrationJob);
    assert.equal(job.inputs.desiredState, "RUNNING");
    const setup = only(g, T.job);
    assert.ok(job.dependsOn.includes(setup.urn), "the migration job waits for the setup Job");
    const command = (
      obj(setup.inputs.spec).template as { spec: { containers: { command: string[] }[] } }
    ).spec.containers[0]!.command.join(" ");
    assert.match(command, new RegExp(variableEnv("replication_password")));
    assert.ok(
      ofType(g, T.secret).some((s) => s.name === "primary-db-replication"),
      "the replication login's secret",
    );
    assert.equal(DMS_REPLICATION_USERNAME, "dms_replication");
  });

  it("runs the workflow from the signal's topic, with approval, on the migration job and the after-promotion job", () => {
    const workflow = only(g, T.gcpWorkflow);
    const source = parse(str(workflow.inputs.sourceContents) ?? "") as { main: { steps: Record<string, unknown>[] } };
    const steps = source.main.steps.map((s) => Object.keys(s)[0]);
    assert.ok(steps.includes("awaitApproval"), "approval is on by default on Google Cloud");
    const init = JSON.stringify(source.main.steps[0]);
    assert.ok(init.includes(only(g, T.migrationJob).inputs.migrationJobId as string));
    assert.ok(init.includes(`/jobs/${only(g, T.cloudRunJob).inputs.name}`));
    const trigger = only(g, T.gcpEventarcTrigger);
    const topic = only(g, T.pubsubTopic, "database-promotion-signal");
    const urns = byUrn(g);
    assert.deepEqual(
      (trigger.propertyDependencies?.transport ?? []).map((u) => urns.get(u)?.name),
      [topic.name],
    );
    assert.deepEqual(
      (trigger.propertyDependencies?.destination ?? []).map((u) => urns.get(u)?.type),
      [T.gcpWorkflow],
    );
  });

  it("promotes without a person when the stack says so", () => {
    const source = str(only(noApproval, T.gcpWorkflow).inputs.sourceContents) ?? "";
    assert.doesNotMatch(source, /await_callback/);
    assert.match(source, /migrationJobs\.promote/);
  });

  it("gives the workflow and its trigger only the roles their steps use", () => {
    const granted = (member: string) =>
      ofType(g, T.gcpProjectIamMember)
        .filter((m) => str(m.inputs.member)?.includes(member))
        .map((m) => str(m.inputs.role))
        .sort();
    assert.deepEqual(granted("database-promotion-wf"), Object.keys(PROMOTION_WORKFLOW_ROLES).sort());
    assert.deepEqual(granted("database-promotion-tr"), ["roles/workflows.invoker"]);
  });

  it("asks the primary's load balancer for the deep check from three regions, and never fires on missing data", () => {
    const uptime = only(g, T.gcpUptimeCheck);
    const alb = ofType(g, T.loadBalancer).find((r) => r.name.startsWith("primary"));
    assert.ok(alb);
    const labels = obj(obj(uptime.inputs.monitoredResource).labels);
    assert.match(str(labels.host) ?? "", /^primary-alb.*elb\.amazonaws\.com$/);
    assert.equal(obj(uptime.inputs.httpCheck).path, "/healthz/region");
    assert.deepEqual(uptime.inputs.selectedRegions, [...SIGNAL_CHECKER_REGIONS]);
    const policy = only(g, T.gcpAlertPolicy, "database-promotion-signal");
    const condition = obj((policy.inputs.conditions as unknown[])[0]).conditionThreshold as Record<string, unknown>;
    assert.equal(condition.evaluationMissingData, "EVALUATION_MISSING_DATA_INACTIVE");
    assert.match(str(condition.filter) ?? "", /check_id="database-promotion-signal-0ff1ce"/);
    assert.equal(condition.thresholdValue, 1, "two of the three regions failing");
  });

  it("readies the promoted instance from Secret Manager, over the site's network, with no password in the job", () => {
    const job = only(g, T.cloudRunJob);
    const template = obj(obj(job.inputs.template).template);
    const network = obj((obj(template.vpcAccess).networkInterfaces as unknown[])[0]);
    assert.ok(str(network.network) && str(network.subnetwork));
    const envs =
      (obj((template.containers as unknown[])[0]).envs as { name: string; value?: string; valueSource?: unknown }[]) ??
      [];
    const byName = new Map(envs.map((e) => [e.name, e]));
    assert.ok(byName.get("PGPASSWORD")?.valueSource, "the admin password comes from Secret Manager");
    assert.ok(byName.get(variableEnv("app_secret"))?.valueSource, "so does the application's secret");
    assert.equal(byName.get(variableEnv("source_owner"))?.value, DMS_OBJECT_OWNER);
    assert.match(byName.get(SCRIPT_ENV)?.value ?? "", /REASSIGN OWNED BY/);
    for (const e of envs) {
      assert.doesNotMatch(String(e.value ?? ""), /offline-password/, e.name);
    }
    const appSecret = ofType(g, T.gcpSecretVersion).find((v) => v.name === "secondary-db-app");
    assert.equal(appSecret?.inputs.secretData, SECRET);
  });
});

describe("gcp-dms: the DMS job's lag and state page (staging)", () => {
  it("pages when the lag passes the RPO target for 5 minutes, or when the job stops reporting it", async () => {
    const g = await render({ stack: "staging" });
    const policy = ofType(g, T.gcpAlertPolicy).find((p) => p.name === "database-replication-lag");
    assert.ok(policy, "the DMS alert policy");
    const [lag, absent] = (policy.inputs.conditions as Record<string, unknown>[]).map(obj);
    const threshold = obj(lag?.conditionThreshold);
    assert.equal(threshold.thresholdValue, (g.outputs.drTargets as { rpoSeconds: number }).rpoSeconds);
    assert.equal(threshold.duration, "300s");
    assert.match(
      str(threshold.filter) ?? "",
      /migration_job\/max_replica_sec_lag.*migration_job_id="database-replication-staging"/,
    );
    assert.equal(obj(absent?.conditionAbsent).duration, "600s");
  });
});
