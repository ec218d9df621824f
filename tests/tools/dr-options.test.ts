import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadPriceTable } from "../../cost-model";
import { computeObjectives, DrTargets } from "../../dr";
import { main } from "../../tools/dr-options";
import { DR_OPTIONS, optionRow, optionRows, overridesOf } from "../../tools/dr-options/options";
import { ConfigProblemsError } from "../../tools/offline/stack-files";
import { loadTypedConfig } from "../../tools/offline/typed-config";
import { render } from "../harness";
import { runInProcess } from "../tool-run";

/**
 * `npm run dr-options`: every DR mode on both secondary clouds for one stack, each row from the program rendered
 * with that option and the same chain walk and cost model as `plan` and `cost` (never per-mode constants).
 */
describe("npm run dr-options: what each DR option costs and buys, for the user's own stack", function () {
  this.timeout(180_000);

  it("prints every mode on both clouds, and exits 0 although some options miss", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dr-options-"));
    const run = await runInProcess(
      main,
      "prod",
      "--json",
      path.join(dir, "{stack}.json"),
      "--svg",
      path.join(dir, "{stack}.svg"),
    );
    assert.equal(run.code, 0, run.stderr);
    const rows = JSON.parse(fs.readFileSync(path.join(dir, "prod.json"), "utf8")) as {
      cloud: string;
      mode: string;
      rtoSeconds?: number;
      cannotSurvive: string[];
    }[];
    assert.deepEqual(
      rows.map((r) => `${r.cloud} ${r.mode}`),
      DR_OPTIONS.map((o) => `${o.cloud} ${o.mode}`),
    );
    assert.match(run.stdout, /\| aws \| warm-standby \| \$[\d,.]+/);
    // Cloud SQL has no price: a GCP row's passive share is a floor, and says so.
    assert.match(run.stdout, /\| gcp \| warm-standby \| \$[\d,.]+ \(\+\d+ unknown\) \| >= \d/);
    // The AWS pilot light fails over, after its headless database gets an instance: it misses prod's 4 minutes,
    // an honest row, not a failure of the command.
    const pilot = rows.find((r) => r.cloud === "aws" && r.mode === "pilot-light")!;
    assert.ok(pilot.rtoSeconds! > 600, String(pilot.rtoSeconds));
    assert.match(pilot.cannotSurvive.join(), /exceeds the target 4m/);
    const svg = fs.readFileSync(path.join(dir, "prod.svg"), "utf8");
    assert.equal((svg.match(/<circle/g) ?? []).length, rows.filter((r) => r.rtoSeconds !== undefined).length);
  });

  it("gives the shipped option exactly plan's RTO and cost's total, and moves with the chain's inputs", async () => {
    const table = loadPriceTable();
    const option = { cloud: "aws", mode: "warm-standby" } as const;
    const prod = await render({ stack: "prod" });
    const row = optionRow(option, prod, loadTypedConfig("prod"), table);
    const dr = computeObjectives(prod, prod.outputs.drTargets as DrTargets);
    assert.equal(dr.kind, "failover");
    assert.equal(row.rtoSeconds, dr.kind === "failover" ? dr.rto.seconds : undefined);
    assert.deepEqual(overridesOf(option, option), [], "the option the stack runs is plan's own render");

    // A slower health check: the same option's row says so (no per-mode constant could).
    const slower: [string, number][] = [["dns.failureThreshold", 6]];
    const slow = await render({ stack: "prod", overrides: slower });
    const slowRow = optionRow(option, slow, loadTypedConfig("prod", slower), table);
    assert.ok(slowRow.rtoSeconds! > row.rtoSeconds!, `${slowRow.rtoSeconds} > ${row.rtoSeconds}`);
    assert.equal(slowRow.monthly, row.monthly);
  });

  it("shows an option the config contract refuses as a row, and fails on any other error", async () => {
    const table = loadPriceTable();
    const current = { cloud: "aws", mode: "warm-standby" } as const;
    const refuse = () => {
      throw new ConfigProblemsError(
        "Stack config for `prod` is invalid (1 problem):\n  - `drMode`: got it wrong. Fix: x",
      );
    };
    const never = () => Promise.reject(new Error("not rendered: every option is refused"));
    const rows = await optionRows(current, refuse, never, table);
    assert.equal(rows.length, DR_OPTIONS.length);
    assert.ok(rows.every((r) => r.refused === "- `drMode`: got it wrong. Fix: x"));
    const broken = () => {
      throw new Error("ENOENT: no stack file");
    };
    await assert.rejects(optionRows(current, broken, never, table), /ENOENT/);
  });
});
