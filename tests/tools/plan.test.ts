import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { computeObjectives, DrTargets, missText } from "../../dr";
import { main } from "../../tools/plan";
import { render } from "../harness";
import { runInProcess, spawnTool } from "../tool-run";

const plan = (...args: string[]) => runInProcess(main, ...args);

describe("npm run plan", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));

  it("runs as its own process: renders a stack and writes its graph and diagram (smoke)", () => {
    const { code, stdout } = spawnTool(
      "plan",
      "dev",
      "--json",
      path.join(dir, "{stack}.json"),
      "--mermaid",
      path.join(dir, "d.mmd"),
    );
    assert.equal(code, 0);
    assert.match(stdout, /^Offline plan of dr-platform\/dev: \d+ resources to create/m);
    assert.match(stdout, /^AWS ap-northeast-2 \(primary\): \d+ resources$/m);
    assert.match(stdout, /^AWS ap-northeast-1 \(secondary\): \d+ resources$/m);
    const graph = JSON.parse(fs.readFileSync(path.join(dir, "dev.json"), "utf8"));
    assert.deepEqual(Object.keys(graph), ["stack", "project", "resources", "outputs"]);
    assert.equal(graph.stack, "dev");
    assert.ok(fs.readFileSync(path.join(dir, "d.mmd"), "utf8").startsWith("flowchart LR\n"));
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")),
      [],
      "files are written through a temporary file and renamed",
    );
  });

  it("fails with exit code 1 and the list of problems, without a stack trace, on bad config", async () => {
    const { code, stderr } = await plan("prod", "--set", "primary.vpcCidr=10.0.0.0/33", "--set", "drMode=warm");
    assert.equal(code, 1);
    assert.match(stderr, /^Stack config for `prod` is invalid \(2 problems\):/m);
    assert.match(stderr, /`primary\.vpcCidr`: got "10\.0\.0\.0\/33"/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  it("fails with exit code 2 on wrong usage", async () => {
    assert.equal((await plan()).code, 2);
    const unknown = await plan("qa");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown stack "qa"; the stacks are dev, staging, prod/);
    assert.equal((await plan("--all", "--json", "graph.json")).code, 2);
    assert.equal((await plan("prod", "--secondary", "azure")).code, 2);
    assert.equal((await plan("prod", "--frobnicate")).code, 2);
  });

  it("refuses an output path that is a directory or under a file, before rendering (exit 2)", async () => {
    const asDirectory = await plan("dev", "--json", dir);
    assert.equal(asDirectory.code, 2);
    assert.match(asDirectory.stderr, /^--json .*: is a directory; give a file name$/m);
    const file = path.join(dir, "a-file");
    fs.writeFileSync(file, "x");
    const underFile = await plan("dev", "--mermaid", path.join(file, "d.mmd"));
    assert.equal(underFile.code, 2);
    assert.match(underFile.stderr, /a-file is a file, not a folder/);
    assert.doesNotMatch(`${asDirectory.stderr}${underFile.stderr}`, /\n\s+at /);
  });

  it("prints every scenario's chain, and each DR miss on its own line; exits 0 without --check", async () => {
    const { code, stdout } = await plan("prod");
    assert.equal(code, 0);
    for (const letter of ["a", "b", "c", "d", "e"]) {
      assert.match(stdout, new RegExp(`^  \\(${letter}\\) `, "m"), `scenario (${letter})`);
    }
    assert.match(stdout, /^ {6}1 detection {2}\S+ unhealthy at /m);
    const graph = await render({ stack: "prod" });
    const report = computeObjectives(graph, graph.outputs.drTargets as DrTargets);
    for (const m of report.misses) {
      assert.ok(stdout.includes(`\nDR MISS: prod ${missText(report, m)}\n`), missText(report, m));
    }
  });

  it("--check exits 1 on a missed target: prod with 10 failures before unhealthy, against a 2 min target", async () => {
    const slow = ["--set", "dns.failureThreshold=10", "--set", "drTargets.aws.rtoSeconds=120"];
    assert.equal((await plan("prod", "--check")).code, 0, "the shipped prod passes");
    const checked = await plan("prod", "--check", ...slow);
    assert.equal(checked.code, 1);
    assert.match(checked.stdout, /^DR MISS: prod \(a\) ap-northeast-2 lost: RTO (>= )?\S+ exceeds the target 2m$/m);
    const quiet = await plan("prod", "--quiet", ...slow);
    assert.equal(quiet.code, 0);
    assert.match(quiet.stdout, /^prod: \d+ resources; DR MISS \(a[^)]*\)$/m);
    assert.match(quiet.stdout, /^DR MISS: prod \(a\) /m, "--quiet still prints every miss");
  });

  it("--check exits 1 on a link that cannot hold: a warm standby with no node group in the secondary", async () => {
    const checked = await plan("prod", "--check", "--quiet", "--set", "secondary.aws.nodeGroups={}");
    assert.equal(checked.code, 1);
    assert.match(
      checked.stdout,
      /^DR MISS: prod \(a\) ap-northeast-2 lost: the SECONDARY cannot be healthy before it receives traffic: no capacity: the AWS secondary has no node group or node pool$/m,
    );
  });

  it("--check exits 0 on a stack without a miss (dev's rebuild fits its 24 h targets)", async () => {
    const { code, stdout } = await plan("dev", "--check", "--quiet");
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^dev: \d+ resources; DR targets met$/m);
    assert.doesNotMatch(stdout, /DR MISS/);
  });

  it("--all --check exits 1 exactly when some shipped stack misses, and names each miss", async () => {
    const { code, stdout } = await plan("--all", "--check", "--quiet");
    const missing: string[] = [];
    for (const stack of ["dev", "staging", "prod"]) {
      const graph = await render({ stack });
      const report = computeObjectives(graph, graph.outputs.drTargets as DrTargets | undefined);
      report.misses.forEach((m) => missing.push(`DR MISS: ${stack} ${missText(report, m)}`));
    }
    assert.equal(code, missing.length > 0 ? 1 : 0, stdout);
    assert.deepEqual(
      stdout.split("\n").filter((l) => l.startsWith("DR MISS: ")),
      missing,
    );
  });

  it("with --all, reports a stack whose config is invalid by its file and still renders the others", async () => {
    // Two AZs are enough for dev and staging, not for prod.
    const { code, stdout, stderr } = await plan("--all", "--quiet", "--set", "primary.azCount=2");
    assert.equal(code, 1);
    assert.match(stderr, /^stacks\/Pulumi\.prod\.yaml: Stack config for `prod` is invalid/m);
    assert.match(stdout, /^dev: \d+ resources/m);
    assert.match(stdout, /^staging: \d+ resources/m);
  });
});
