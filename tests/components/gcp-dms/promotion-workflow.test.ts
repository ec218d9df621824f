import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { promotionWorkflow, PromotionWorkflowArgs } from "../../../components/gcp-dms/promotion-workflow";
import { Connector, runWorkflow } from "./workflow-runner";

const JOB = "projects/p/locations/asia-northeast3/migrationJobs/database-replication-prod";
const ARGS: PromotionWorkflowArgs = {
  migrationJob: JOB,
  afterPromotionJob: "projects/p/locations/asia-northeast3/jobs/database-after-promotion-prod",
  instance: { project: "p", name: "secondary-db-1234" },
  adminPasswordSecret: "projects/p/secrets/database-after-promotion-admin-prod",
  approvalTimeoutSeconds: 1800,
};

/** The message Eventarc delivers for a Cloud Monitoring incident published to Pub/Sub. */
function incidentEvent(state: "open" | "closed") {
  const data = Buffer.from(JSON.stringify({ version: "1.2", incident: { state, policy_name: "primary lost" } }));
  return { data: { message: { data: data.toString("base64") } } };
}

function connectors(overrides: Partial<Record<string, Connector>> = {}): Record<string, Connector> {
  return {
    "googleapis.datamigration.v1.projects.locations.migrationJobs.get": () => ({ state: "RUNNING", phase: "CDC" }),
    "events.create_callback_endpoint": () => ({ url: "https://workflowexecutions.googleapis.com/callback/abc" }),
    "sys.log": () => null,
    "events.await_callback": () => ({ http_request: { body: null } }),
    "googleapis.datamigration.v1.projects.locations.migrationJobs.promote": () => ({ done: true }),
    "googleapis.secretmanager.v1.projects.secrets.versions.accessString": () => "s3cret-admin",
    "googleapis.sqladmin.v1.users.update": () => ({ status: "DONE" }),
    "googleapis.run.v2.projects.locations.jobs.run": () => ({ name: "executions/after-1" }),
    ...overrides,
  } as Record<string, Connector>;
}

const names = (run: { calls: { name: string }[] }) => run.calls.map((c) => c.name.split(".").slice(-2).join("."));
const promoted = (run: { calls: { name: string }[] }) =>
  run.calls.some((c) => c.name.endsWith("migrationJobs.promote"));

describe("gcp-dms: the promotion workflow, run against stub connectors", () => {
  it("on an open incident: checks the job, asks for approval, promotes, sets the admin password, readies the database", () => {
    const run = runWorkflow(promotionWorkflow(ARGS), incidentEvent("open"), connectors());
    assert.deepEqual(names(run), [
      "migrationJobs.get",
      "events.create_callback_endpoint",
      "sys.log",
      "events.await_callback",
      "migrationJobs.promote",
      "versions.accessString",
      "users.update",
      "jobs.run",
    ]);
    assert.match(String(run.returned), /^promoted projects\/p\/locations\/asia-northeast3\/migrationJobs\//);
    const byName = Object.fromEntries(run.calls.map((c) => [c.name.split(".").pop(), c.args]));
    assert.equal(byName.promote?.name, JOB);
    assert.deepEqual(byName.update, {
      project: "p",
      instance: "secondary-db-1234",
      name: "postgres",
      body: { password: "s3cret-admin" },
    });
    assert.equal(byName.accessString?.secret_id, "database-after-promotion-admin-prod");
    assert.equal(byName.await_callback?.timeout, 1800);
    assert.match(String((byName.log?.json as Record<string, unknown>).approve), /callback\/abc$/);
    // The password reaches the Admin API call only, never a log line.
    const logged = JSON.stringify(run.calls.filter((c) => c.name === "sys.log"));
    assert.doesNotMatch(logged, /s3cret-admin/);
  });

  it("does nothing when the incident closes", () => {
    const run = runWorkflow(promotionWorkflow(ARGS), incidentEvent("closed"), connectors());
    assert.equal(run.returned, "incident closed: nothing to do");
    assert.deepEqual(run.calls, []);
  });

  for (const [state, phase] of [
    ["COMPLETED", "PROMOTE_IN_PROGRESS"],
    ["RUNNING", "FULL_DUMP"],
    ["FAILED", "CDC"],
  ] as const) {
    it(`never promotes a job that is ${state} in phase ${phase}`, () => {
      const get = () => ({ state, phase });
      const run = runWorkflow(
        promotionWorkflow(ARGS),
        incidentEvent("open"),
        connectors({ "googleapis.datamigration.v1.projects.locations.migrationJobs.get": get }),
      );
      assert.equal(promoted(run), false);
      assert.match(String(run.returned), /nothing to promote/);
    });
  }

  it("ends without promoting when nobody approves in time", () => {
    const timeout = () => {
      throw { tags: ["TimeoutError"], message: "timed out" };
    };
    const run = runWorkflow(
      promotionWorkflow(ARGS),
      incidentEvent("open"),
      connectors({ "events.await_callback": timeout }),
    );
    assert.equal(run.returned, "not approved in time: nothing promoted");
    assert.equal(promoted(run), false);
  });

  it("fails, without promoting, when waiting for approval fails otherwise", () => {
    const broken = () => {
      throw { tags: ["ConnectionError"], message: "reset" };
    };
    assert.throws(
      () =>
        runWorkflow(promotionWorkflow(ARGS), incidentEvent("open"), connectors({ "events.await_callback": broken })),
      (e: { tags: string[] }) => e.tags.includes("ConnectionError"),
    );
  });

  it("rehearses everything up to the promotion in practice mode", () => {
    const run = runWorkflow(promotionWorkflow(ARGS), { mode: "practice" }, connectors());
    assert.equal(promoted(run), false);
    assert.ok(names(run).includes("events.await_callback"));
    assert.match(String(run.returned), /practice run/);
  });

  it("promotes at once, with no approval step, when the stack asks for none; a person can run it by hand", () => {
    const run = runWorkflow(
      promotionWorkflow({ ...ARGS, approvalTimeoutSeconds: undefined }),
      { mode: "manual" },
      connectors(),
    );
    assert.ok(promoted(run));
    assert.ok(!names(run).some((n) => n.startsWith("events.")));
  });

  it("calls only connectors Google documents, with their required arguments", () => {
    // Checked by hand against the Workflows connector reference (googleapis/*/Overview pages) and the standard
    // library reference (events, sys); a renamed method or a dropped argument fails here, not in an event.
    const CONNECTORS: Record<string, string[]> = {
      "googleapis.datamigration.v1.projects.locations.migrationJobs.get": ["name"],
      "googleapis.datamigration.v1.projects.locations.migrationJobs.promote": ["name"],
      "googleapis.secretmanager.v1.projects.secrets.versions.accessString": ["secret_id"],
      "googleapis.sqladmin.v1.users.update": ["project", "instance", "name", "body"],
      "googleapis.run.v2.projects.locations.jobs.run": ["name"],
      "events.create_callback_endpoint": ["http_callback_method"],
      "events.await_callback": ["callback", "timeout"],
      "sys.log": [],
    };
    const calls: { call: string; args: Record<string, unknown> }[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === "object") {
        const o = node as Record<string, unknown>;
        if (typeof o.call === "string") calls.push({ call: o.call, args: (o.args ?? {}) as Record<string, unknown> });
        Object.values(o).forEach(walk);
      }
    };
    walk(parse(promotionWorkflow(ARGS)));
    assert.ok(calls.length >= 8);
    for (const { call, args } of calls) {
      assert.ok(call in CONNECTORS, `${call} is not a documented connector`);
      for (const required of CONNECTORS[call]!) {
        assert.ok(required in args, `${call} lacks ${required}`);
      }
    }
  });

  it("does not ask a person who ran it by hand to approve again", () => {
    const run = runWorkflow(promotionWorkflow(ARGS), { mode: "manual" }, connectors());
    assert.ok(promoted(run));
    assert.ok(!names(run).some((n) => n.startsWith("events.")));
  });

  it("refuses a secret that is not a Secret Manager resource name", () => {
    assert.throws(
      () => promotionWorkflow({ ...ARGS, adminPasswordSecret: "admin" }),
      /projects\/<project>\/secrets\/<id>/,
    );
  });
});
