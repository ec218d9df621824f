import { T } from "@dr-platform/model";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CostReport, costReport, formatCostReport, loadPriceTable } from "../../cost-model";
import { loadTypedConfig } from "../../tools/offline/typed-config";
import { render, VARIANTS } from "../harness";
import { runInProcess, spawnTool } from "../tool-run";
import { main } from "../../tools/cost";

/**
 * The cost model on the rendered stacks and the `npm run cost` command. These tests check that what is
 * priced is priced from a sourced, dated price, that every stack gets a bill per site and a passive
 * share, and that the schedule arithmetic holds on the real plans. They assert on what is priced, not on
 * resource counts or on meeting the targets: the figures are measured and reported (docs/cost.md).
 */

const table = loadPriceTable();

async function reportFor(variant: (typeof VARIANTS)[number]): Promise<CostReport> {
  const graph = await render(variant.options);
  const config = loadTypedConfig(variant.options.stack, variant.options.overrides ?? []);
  return costReport({
    graph,
    table,
    schedule: config.schedule,
    drMode: config.drMode,
    environment: config.environment,
    regions: ["ap-northeast-2", "ap-northeast-1", "asia-northeast3", "asia-northeast1"],
  });
}

describe("cost of the rendered stacks", () => {
  for (const variant of VARIANTS) {
    describe(variant.label, () => {
      let report: CostReport;
      before(async () => {
        report = await reportFor(variant);
      });

      it("prices every counted line from a price with a source and a date, or lists it as unknown", () => {
        const lines = report.bill.resources.flatMap((r) => r.lines.filter((l) => l.kind === "counted"));
        assert.ok(lines.length > 0);
        for (const line of lines) {
          if (line.item) {
            assert.ok(line.item.source.trim() && line.item.sourceDate.trim(), `${line.sku} has a source and a date`);
            assert.equal(line.cost, line.quantity * line.item.price);
          } else if (line.quantity > 0) {
            assert.ok(
              report.bill.unknownPrices.some((u) => u.sku === line.sku && u.region === line.region),
              `${line.sku} in ${line.region} is listed as unknown`,
            );
          }
        }
        const text = formatCostReport(report);
        for (const u of report.bill.unclassified) {
          assert.ok(text.includes(`${u.type}: no rule in the model`), `${u.type} is reported, not counted as 0`);
        }
      });

      it("bills each site and prices the clusters and nodes it runs", () => {
        const roles = report.bill.sites.map((s) => s.role);
        assert.ok(roles.includes("primary") && roles.includes("secondary"));
        for (const site of report.bill.sites.filter((s) => s.role === "primary" || s.role === "secondary")) {
          assert.ok(site.monthly > 0, `${site.key} has a cost`);
        }
        const primary = report.bill.resources.filter((r) => r.site === "aws-primary");
        for (const type of [T.eksCluster, T.nodeGroup, T.natGateway]) {
          assert.ok(
            primary.some((r) => r.type === type && r.monthly > 0),
            `the primary's ${type} is priced`,
          );
        }
        assert.equal(
          Math.round(report.bill.total.monthly * 100),
          Math.round(report.bill.sites.reduce((a, s) => a + s.monthly, 0) * 100),
          "the sites add up to the total",
        );
      });

      it("computes the passive side's share of the active side", () => {
        const { sides } = report;
        const site = (active: boolean) =>
          report.bill.sites
            .filter((s) => s.role !== "global" && (s.role === "primary") === active)
            .reduce((a, s) => a + s.monthly, 0);
        assert.equal(sides.passive, site(false));
        assert.equal(sides.active, site(true));
        assert.equal(sides.share, sides.passive / sides.active);
        assert.ok(sides.inclusiveShare! >= sides.share!);
      });

      it("compares each non-global site with the other regions of its cloud", () => {
        for (const c of report.regions) {
          assert.ok(c.options.length >= 2 && c.options.some((o) => o.region === c.cheapest));
          assert.ok(c.options.every((o) => o.comparable <= o.monthly + 1e-9));
        }
        assert.ok(report.regions.some((c) => c.role === "primary"));
      });
    });
  }

  it("dev: the schedule switches off all of dev's compute for the hours it is off", async () => {
    const report = await reportFor(VARIANTS[0]);
    const schedule = report.schedule!;
    assert.ok(schedule.hours.offHoursPerWeek > 108, "nights, weekends and the working-day holidays");
    assert.equal(schedule.computeShare!.toFixed(9), schedule.hours.offFraction.toFixed(9));
    assert.ok(report.targets.some((t) => t.name.startsWith("off-hours schedule") && t.measured !== undefined));
  });

  it("staging: the GKE pool is priced at the nodes its service keeps, and the schedule resizes it", async () => {
    const report = await reportFor(VARIANTS[1]);
    const pool = report.bill.resources.find((r) => r.type === T.nodePool)!;
    assert.match(pool.lines[0].assumption!, /keeps \d replica/);
    assert.ok(report.schedule!.lines.some((l) => l.target === "gkeNodePool" && (l.saving ?? 0) > 0));
    assert.ok(!report.schedule!.lines.some((l) => l.target === "database"), "the DMS source is never stopped");
  });

  it("prod: EKS extended support is listed as contingent for both clusters, not counted", async () => {
    const report = await reportFor(VARIANTS[2]);
    assert.equal(report.bill.contingent.filter((c) => c.sku === "eks:cluster-extended-support-surcharge").length, 2);
    assert.equal(report.schedule, undefined);
  });
});

const cost = (...args: string[]) => runInProcess(main, ...args);

describe("npm run cost", () => {
  it("prices a saved plan and writes its JSON report and SVG chart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-"));
    const plan = path.join(dir, "dev.json");
    fs.writeFileSync(plan, JSON.stringify(await render({ stack: "dev" })));
    const { code, stdout } = spawnTool(
      "cost",
      "--plan",
      plan,
      "--json",
      path.join(dir, "{stack}.report.json"),
      "--svg",
      path.join(dir, "sites.svg"),
    );
    assert.equal(code, 0);
    assert.match(stdout, /^Monthly cost of dev \(dev, backup-restore\): \$[\d,.]+ USD/m);
    assert.match(stdout, /^ {2}AWS ap-northeast-2 \(primary\) +\$[\d,.]+ +█/m);
    assert.match(stdout, /^Off-hours schedule \(Asia\/Seoul 08:00-20:00/m);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "dev.report.json"), "utf8"));
    assert.deepEqual(Object.keys(json.sides).slice(0, 4), ["activeSites", "passiveSites", "active", "passive"]);
    assert.ok(fs.readFileSync(path.join(dir, "sites.svg"), "utf8").startsWith("<svg"));
    const checked = await cost("--plan", plan, "--check");
    const missed = json.targets.some((t: { meets?: boolean }) => t.meets === false);
    assert.equal(checked.code, missed ? 1 : 0, "--check fails exactly when a target is missed");
  });

  it("fails with exit code 1 and every problem on bad config", async () => {
    const { code, stderr } = await cost("prod", "--set", "primary.vpcCidr=10.0.0.0/33");
    assert.equal(code, 1);
    assert.match(stderr, /^Stack config for `prod` is invalid \(1 problem\):/m);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  it("fails with exit code 2 on wrong usage", async () => {
    assert.equal((await cost()).code, 2);
    assert.match((await cost("dev", "--region", "mars")).stderr, /--region takes AWS or Google Cloud region names/);
    assert.equal((await cost("--all", "--json", "report.json")).code, 2);
    assert.equal((await cost("dev", "--plan", "x.json")).code, 2);
  });
});
