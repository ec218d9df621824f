import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { render } from "../harness";
import { main } from "../../tools/policy";
import { copy, pack, setInput } from "../policy-harness";
import { runInProcess, spawnTool } from "../tool-run";

/** The offline policy run as users and CI call it: `npm run policy -- --plan FILE`, exit codes and output. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-cli-"));

async function policy(...args: string[]) {
  const run = await runInProcess((argv, io) => main(argv, io, undefined), ...args);
  return { code: run.code, out: `${run.stdout}${run.stderr}` };
}

/** In-process against the suite's running pack: the pack starts once per mocha run. */
async function policyOnSuitePack(...args: string[]) {
  const analyzer = await pack();
  const run = await runInProcess((argv, io) => main(argv, io, analyzer), ...args);
  return { code: run.code, out: `${run.stdout}${run.stderr}` };
}

describe("policy CLI", function () {
  this.timeout(180_000);

  it("runs as its own process and exits 0 on the shipped prod plan, naming its config (smoke)", async () => {
    const file = path.join(tmp, "prod.json");
    fs.writeFileSync(file, JSON.stringify(await render({ stack: "prod" })));
    const run = spawnTool("policy", "--plan", file);
    const { code, out } = { code: run.code, out: `${run.stdout}${run.stderr}` };
    assert.equal(code, 0, out);
    assert.match(
      out,
      /Policies for prod: dr-platform@v0\.1\.0 \(\d+ rules\), config policy\/config\/prod\.json\n {2}no violations/,
    );
  });

  it("exits 1 on a plan with storage encryption off, naming the rule and the resource", async () => {
    const file = path.join(tmp, "prod-unencrypted.json");
    const graph = setInput(
      copy(await render({ stack: "prod" })),
      "aws:rds/cluster:Cluster",
      "primary-db",
      "storageEncrypted",
      false,
    );
    fs.writeFileSync(file, JSON.stringify(graph));
    const { code, out } = await policyOnSuitePack("--plan", file);
    assert.equal(code, 1, out);
    assert.ok(
      out.includes("[mandatory] aurora-encrypted-cmk (high): Aurora storage is encrypted with a customer KMS key."),
      out,
    );
    assert.ok(
      out.includes(
        "urn:pulumi:prod::dr-platform::platform:site:AwsSite$platform:data:Aurora$aws:rds/cluster:Cluster::primary-db",
      ),
      out,
    );
    assert.match(out, /policy: mandatory violations in prod\n/);
  });

  it("exits 2 on usage errors and on an invalid policy config", async () => {
    assert.equal((await policy()).code, 2);
    assert.match((await policy("nosuchstack")).out, /unknown stack "nosuchstack"; the stacks are dev, staging, prod/);
    const config = path.join(tmp, "bad-config.json");
    fs.writeFileSync(config, '{"nat-per-az": "strict"}');
    const { code, out } = await policyOnSuitePack("--plan", path.join(tmp, "prod.json"), "--config", config);
    assert.equal(code, 2, out);
    assert.match(out, /parsing enforcement level for "nat-per-az": "strict" is not a valid enforcement level/);
  });
});
