import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { assess, Assessment, Tier } from "../../blast-radius";
import { render } from "../harness";
import { main } from "../../tools/resilience";
import { runInProcess, spawnTool } from "../tool-run";

/**
 * The blast-radius analysis on the rendered stacks (the real program under the mock engine), and the
 * resilience command as a user runs it. What this cannot prove: that the cloud behaves as the analysis
 * assumes during an outage; the FIS experiments and runbooks (docs/runbooks) measure that.
 */

const tierOf = (a: Assessment, scenario: string, name: string): Tier => {
  const result = a.results.find((r) => JSON.stringify(r.report.scenario).includes(scenario))!;
  return result.report.tiers.find((t) => t.name === name)!;
};

describe("blast radius of the rendered stacks", () => {
  for (const [label, overrides] of [
    ["prod", []],
    ["prod with a GCP secondary", [["secondary.cloud", "gcp"]]],
  ] as const) {
    it(`${label} survives every AZ of Seoul and the loss of Seoul within its DR targets`, async () => {
      const a = assess(await render({ stack: "prod", overrides: overrides.map(([k, v]) => [k, v] as const) }));
      assert.equal(a.expectation.environment, "prod");
      assert.deepEqual(
        a.results.map((r) => r.report.scenario),
        [
          { kind: "az", az: "ap-northeast-2a" },
          { kind: "az", az: "ap-northeast-2b" },
          { kind: "az", az: "ap-northeast-2c" },
          { kind: "region", region: "ap-northeast-2" },
        ],
      );
      for (const { report } of a.results.filter((r) => r.report.scenario.kind === "az")) {
        assert.notEqual(report.service, "lost", `${JSON.stringify(report.scenario)}: ${report.reasons.join("; ")}`);
        assert.equal(report.dr.meets, true);
      }
      const region = a.results[3].report;
      assert.equal(region.recovery.kind, "failover");
      assert.equal(region.dr.meets, true);
      assert.equal(a.ok, true);
      // Per-AZ NAT gateways and a reader in a second AZ: the writer's AZ costs a failover, nothing more.
      assert.equal(tierOf(a, "2a", "egress").effect, "none");
      assert.match(tierOf(a, "2a", "database").summary, /fails over to primary-db-2 \(ap-northeast-2b\)/);
    });
  }

  it("staging meets prod's zonal promise and fails over to Google Cloud within its targets", async () => {
    const a = assess(await render({ stack: "staging" }));
    assert.equal(a.ok, true);
    assert.equal(a.results[3].report.recovery.kind, "failover");
  });

  it("dev's weak points are reported plainly: the single NAT gateway and the single database instance", async () => {
    const a = assess(await render({ stack: "dev" }));
    assert.equal(a.expectation.az, "best-effort");
    const egress = tierOf(a, "2a", "egress");
    assert.equal(egress.status, "lost");
    assert.match(egress.summary, /^primary-network-nat-az1 in ap-northeast-2a was the egress of ap-northeast-2b/);
    const db = tierOf(a, "2a", "database");
    assert.equal(db.status, "lost");
    assert.match(
      db.summary,
      /primary-db \(Serverless v2\): its only instance primary-db-1 \(ap-northeast-2a\) is lost/,
    );
    assert.deepEqual(
      a.results.map((r) => r.report.service),
      ["lost", "lost", "lost"],
    );
    // Its only promise: a rebuild in Tokyo within its 24 h targets.
    assert.equal(a.results[2].report.recovery.kind, "rebuild");
    assert.equal(a.ok, true);
  });
});

const resilience = (...args: string[]) => runInProcess(main, ...args);

describe("npm run resilience", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "resilience-"));
  const saved = async (stack: string, change: (g: any) => void = () => undefined) => {
    const graph = JSON.parse(JSON.stringify(await render({ stack })));
    change(graph);
    const file = path.join(dir, `${stack}-${fs.readdirSync(dir).length}.json`);
    fs.writeFileSync(file, JSON.stringify(graph));
    return file;
  };

  it("renders a stack, prints every tier and writes the analysis (exit 0)", async () => {
    const { code, stdout } = spawnTool(
      "resilience",
      "prod",
      "--lose-az",
      "ap-northeast-2a",
      "--json",
      path.join(dir, "{stack}.json"),
    );
    assert.equal(code, 0);
    assert.match(stdout, /^lose AZ ap-northeast-2a, AWS ap-northeast-2 \(primary\): DEGRADED; as promised/m);
    for (const t of [
      "egress",
      "load balancer",
      "control plane",
      "node capacity",
      "database",
      "queues and objects",
      "DNS",
    ]) {
      assert.match(stdout, new RegExp(`^  ${t} `, "m"));
    }
    const written = JSON.parse(fs.readFileSync(path.join(dir, "prod.json"), "utf8"));
    assert.equal(written.ok, true);
    assert.equal(written.results[0].report.service, "degraded");
  });

  it("passes dev on its own promise, saying plainly that it loses service (exit 0)", async () => {
    const { code, stdout } = await resilience("--plan", await saved("dev"));
    assert.equal(code, 0);
    assert.match(
      stdout,
      /^lose AZ ap-northeast-2a, AWS ap-northeast-2 \(primary\): LOST; as promised \(best effort\)/m,
    );
    assert.match(stdout, /loses service, as dev is allowed to/);
    assert.match(stdout, /^dev: 3 scenario\(s\), every one as dev promises$/m);
  });

  it("fails with exit code 1 when a promised scenario fails", async () => {
    // prod held to a 30 s RTO: the failover (1m30s) no longer meets it.
    const file = await saved("prod", (g) => (g.outputs.drTargets = { rtoSeconds: 30, rpoSeconds: 1 }));
    const { code, stdout } = await resilience("--plan", file, "--lose-region", "ap-northeast-2");
    assert.equal(code, 1);
    assert.match(stdout, /FAILS the promise \(DNS failover within DR targets\)/);
    assert.match(stdout, /^resilience: promise not met by prod$/m);
  });

  it("with --all, reports a stack whose config is invalid by its file and still analyses the others", async () => {
    // Two AZs are enough for dev and staging, not for prod.
    const { code, stdout, stderr } = await resilience(
      "--all",
      "--lose-region",
      "ap-northeast-2",
      "--set",
      "primary.azCount=2",
    );
    assert.equal(code, 1);
    assert.match(stderr, /^stacks\/Pulumi\.prod\.yaml: Stack config for `prod` is invalid/m);
    assert.match(stdout, /^lose region ap-northeast-2/m);
    assert.match(stdout, /^resilience: promise not met by prod$/m);
  });

  it("fails with exit code 2 on wrong usage", async () => {
    assert.equal((await resilience()).code, 2);
    assert.match((await resilience("qa")).stderr, /unknown stack "qa"; the stacks are dev, staging, prod/);
    assert.equal((await resilience("--all", "--json", "out.json")).code, 2);
    const dev = await saved("dev");
    const az = await resilience("--plan", dev, "--lose-az", "ap-northeast-2c");
    assert.equal(az.code, 2);
    assert.match(az.stderr, /no subnet of dev is in AZ "ap-northeast-2c"/);
    assert.equal((await resilience("--plan", dev, "dev")).code, 2);
    assert.match((await resilience("--plan", path.join(dir, "missing.json"))).stderr, /--plan .*missing\.json: ENOENT/);
  });
});
