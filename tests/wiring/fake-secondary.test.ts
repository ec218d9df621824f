import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { Graph } from "../../tools/offline/graph";
import { REPO_ROOT } from "../../tools/offline/stack-files";
import { SECONDARY_MODULES, secondaryModule } from "../../wiring/secondary";
import { fakeSecondary } from "../fake-secondary/module";
import { ofType, render, under } from "../harness";

/**
 * A third secondary cloud that exists only here (docs/adding-a-secondary-cloud.md): its module and site
 * component, registered by a test program that extends the production registry, render through the same
 * composition as index.ts. If a stage still asked which cloud the secondary is on, this would not build.
 */

const PROGRAM = path.join(REPO_ROOT, "tests", "programs", "fake-secondary.ts");
const FAKE_SITE = "test:site:FakeSite";

describe("secondary seam: a third cloud registered only in a test", () => {
  let warm: Graph;
  let backupRestore: Graph;
  before(async () => {
    warm = await render({ stack: "prod", program: PROGRAM });
    backupRestore = await render({ stack: "dev", program: PROGRAM });
  });

  it("builds the fake site as the `secondary` site, and no AWS or GCP secondary", () => {
    const site = warm.resources.find((r) => r.name === "secondary")!;
    assert.equal(site.type, FAKE_SITE);
    assert.deepEqual(
      under(warm, "secondary")
        .map((r) => r.name)
        .sort(),
      ["secondary-cluster", "secondary-db", "secondary-network"],
    );
    const providers = warm.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => r.name);
    assert.ok(providers.includes("fake-secondary"));
    assert.ok(!providers.includes("aws-secondary") && !providers.includes("gcp-secondary"), String(providers));
    assert.deepEqual(ofType(warm, "aws:rds/globalCluster:GlobalCluster"), []);
  });

  it("shapes it by the DR mode through its own table: backup and restore keeps the network only", () => {
    assert.deepEqual(
      under(backupRestore, "secondary").map((r) => r.name),
      ["secondary-network"],
    );
    assert.equal((backupRestore.outputs.dnsFailover as any).enabled, false);
  });

  it("sends DNS failover to the address its traffic target names", () => {
    const secondary = ofType(warm, "aws:route53/record:Record").find(
      (r) => (r.inputs.failoverRoutingPolicies as any[] | undefined)?.[0].type === "SECONDARY",
    )!;
    assert.deepEqual([secondary.inputs.type, secondary.inputs.records], ["A", ["203.0.113.10"]]);
    assert.equal((warm.outputs.dnsFailover as any).enabled, true);
  });

  it("still copies the primary's backups out of its region, to the region its module chose", () => {
    const vault = ofType(warm, "aws:backup/vault:Vault").find((v) => v.name === "secondary-backups")!;
    assert.notEqual(vault.region, "ap-northeast-2");
    const [plan] = ofType(warm, "aws:backup/plan:Plan");
    const [copy] = (plan.inputs.rules as any[])[0].copyActions;
    assert.match(copy.destinationVaultArn, new RegExp(`:${vault.region}:.*vault/${vault.name}$`));
  });

  it("takes its outputs from the module, and the database's writer is the primary's own", () => {
    assert.deepEqual(
      { ...(warm.outputs.secondarySite as any), networkName: "…", clusterName: "…", backupVaultName: "…" },
      { cloud: "fake", region: "fake-region-1", networkName: "…", clusterName: "…", backupVaultName: "…" },
    );
    const database = warm.outputs.database as any;
    assert.equal(database.globalClusterIdentifier, undefined);
    assert.equal(database.writerEndpoint, (warm.outputs.primarySite as any).databaseEndpoint);
    assert.equal((warm.outputs.resilience as any).secondary, undefined);
  });

  it("leaves the production registry as shipped, and refuses a cloud it does not hold", () => {
    assert.deepEqual(Object.keys(SECONDARY_MODULES).sort(), ["aws", "gcp"]);
    assert.equal(secondaryModule({ ...SECONDARY_MODULES, fake: fakeSecondary }, "fake"), fakeSecondary);
    assert.throws(() => secondaryModule(SECONDARY_MODULES, "fake"), /no secondary module for cloud "fake"/);
    assert.throws(() => secondaryModule(SECONDARY_MODULES, "constructor"), /no secondary module/);
  });

  it("touches exactly the files docs/adding-a-secondary-cloud.md lists for it", () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, "docs", "adding-a-secondary-cloud.md"), "utf8");
    const section = doc.split("## The test-only fake")[1].split("\n## ")[0];
    const listed = [...section.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]).sort();
    const mentions = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) {
          return ["node_modules", ".git", "docs", "build"].includes(e.name) ? [] : mentions(file);
        }
        return /\.(ts|js|mjs|json|yaml)$/.test(e.name) &&
          /fake-secondary|fakeSecondary|FakeSite/.test(fs.readFileSync(file, "utf8"))
          ? [path.relative(REPO_ROOT, file)]
          : [];
      });
    const inFolder = fs
      .readdirSync(path.join(REPO_ROOT, "tests", "fake-secondary"))
      .map((f) => `tests/fake-secondary/${f}`);
    assert.deepEqual([...new Set([...mentions(REPO_ROOT), ...inFolder])].sort(), listed);
  });
});
