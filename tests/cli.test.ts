import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../tools/offline/stack-files";

/** The plan command as a user runs it: a separate process, judged by exit code and output. */
function plan(...args: string[]) {
  const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/plan.ts", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run plan", () => {
  it("renders a stack and writes its graph and diagram", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    const { code, stdout } = plan(
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
  });

  it("fails with exit code 1 and the list of problems, without a stack trace, on bad config", () => {
    const { code, stderr } = plan("prod", "--set", "primary.vpcCidr=10.0.0.0/33", "--set", "drMode=warm");
    assert.equal(code, 1);
    assert.match(stderr, /^Stack config for `prod` is invalid \(2 problems\):/m);
    assert.match(stderr, /`primary\.vpcCidr`: got "10\.0\.0\.0\/33"/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  it("fails with exit code 2 on wrong usage", () => {
    assert.equal(plan().code, 2);
    assert.equal(plan("qa").code, 2);
    assert.match(plan("qa").stderr, /unknown stack "qa"; the stacks are dev, staging, prod/);
    assert.equal(plan("--all", "--json", "graph.json").code, 2);
    assert.equal(plan("prod", "--secondary", "azure").code, 2);
  });
});
