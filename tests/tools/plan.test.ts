import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../tools/plan";
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

  it("prints a DR miss prominently and exits 0; --check exits 1 on it", async () => {
    const missing = await plan("prod", "--set", "dns.failureThreshold=10");
    assert.equal(missing.code, 0, missing.stderr);
    assert.match(missing.stdout, /MISSES target/);
    assert.match(missing.stdout, /^DR MISS: prod misses its DR targets/m);
    const quiet = await plan("prod", "--quiet", "--set", "dns.failureThreshold=10");
    assert.match(quiet.stdout, /^prod: \d+ resources; DR MISS$/m);
    const checked = await plan("prod", "--check", "--quiet", "--set", "dns.failureThreshold=10");
    assert.equal(checked.code, 1);
  });

  it("--check exits 0 when every shipped stack meets its DR targets", async () => {
    const { code, stdout } = await plan("--all", "--check", "--quiet");
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^prod: \d+ resources; DR targets met$/m);
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
