import * as assert from "node:assert/strict";
import { obj, str, T } from "@dr-platform/model";
import { psqlCommand, SOURCE_SETUP_VARIABLES, setupJobName } from "../../../components/database-setup";
import { byUrn, Graph, GraphResource, providerUrn, SECRET } from "../../../tools/offline/graph";
import { ofType, render } from "../../harness";

/**
 * The primary's database setup as prod renders it: one Kubernetes Job in the primary's cluster, none where a
 * global secondary replicates the primary's users. What the script does is tested against PostgreSQL in
 * sql.test.ts; that Aurora's rds_superuser may do each step, and that the Job reaches the writer, is not
 * provable here.
 */
type PodSpec = {
  securityContext: Record<string, unknown>;
  automountServiceAccountToken: boolean;
  containers: {
    command: string[];
    env: { name: string; value?: unknown }[];
    envFrom: unknown[];
    securityContext: Record<string, unknown>;
  }[];
};
const podSpec = (job: GraphResource) => obj(obj(job.inputs.spec).template).spec as PodSpec;

describe("database setup: the application's login, made on deploy inside the primary's cluster (prod)", () => {
  let g: Graph;
  let renamed: Graph;
  before(async () => {
    g = await render({ stack: "prod" });
    renamed = await render({ stack: "prod", overrides: [["database.applicationUser", "orders"]] });
  });

  it("runs one Job, in the primary's cluster, after its database and nodes exist", () => {
    const jobs = ofType(g, T.job);
    assert.deepEqual(
      jobs.map((j) => j.name),
      ["primary-db-setup"],
    );
    const urns = byUrn(g);
    assert.equal(urns.get(providerUrn(jobs[0]!.provider))?.name, "primary-eks-k8s");
    const waitsFor = new Set(jobs[0]!.dependsOn.map((u) => urns.get(u)?.type));
    assert.ok(waitsFor.has(T.rdsCluster) && waitsFor.has(T.nodeGroup), [...waitsFor].join(", "));
  });

  it("runs psql as a non-root user with a read-only root, every password from its Secret", () => {
    const spec = podSpec(ofType(g, T.job)[0]!);
    const container = spec.containers[0]!;
    assert.equal(spec.securityContext.runAsNonRoot, true);
    assert.equal(spec.automountServiceAccountToken, false);
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(container.command, psqlCommand(SOURCE_SETUP_VARIABLES));
    assert.ok(!container.env.some((e) => /PASSWORD/.test(e.name)), "no password in the pod spec");
    assert.equal(container.env.find((e) => e.name === "PGSSLMODE")?.value, "require");
    const secret = ofType(g, T.k8sSecret).find((s) => s.name === "primary-db-setup");
    assert.equal(secret?.inputs.stringData, SECRET);
  });

  it("is a new Job when what it sets changes, so the change reaches the database", () => {
    const name = (graph: Graph) => str(obj(ofType(graph, T.job)[0]!.inputs.metadata).name);
    assert.match(name(g) ?? "", /^primary-db-setup-[0-9a-f]{8}$/);
    assert.notEqual(name(g), name(renamed));
    assert.notEqual(setupJobName("x", "s", { a: "1" }), setupJobName("x", "s", { a: "2" }));
    assert.equal(setupJobName("x", "s", { a: "1", b: "2" }), setupJobName("x", "s", { b: "2", a: "1" }));
  });

  it("has the deep check log in as the application, to the application's database", () => {
    const config = ofType(g, T.k8sConfigMap).find((c) => c.name === "primary-deep-check");
    const probes = JSON.parse(str(obj(config?.inputs.data)["config.json"]) ?? "{}").probes as {
      kind: string;
      database?: string;
    }[];
    assert.equal(probes.find((p) => p.kind === "postgres")?.database, "app");
  });
});
