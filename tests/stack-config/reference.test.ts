import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { configKeys, projectConfigDeclarations } from "../../stack-config/reference";
import { stackConfigSchema } from "../../stack-config";
import { withGeneratedProjectConfig } from "../../tools/offline/project-config";
import { REPO_ROOT } from "../../tools/offline/stack-files";

/** The config contract is written once, in the schema; Pulumi.yaml's `config:` is generated from it. */
describe("config reference", () => {
  const projectText = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8");

  it("describes every key of the schema, nested ones included", () => {
    const keys = configKeys();
    assert.ok(keys.length > 80, `only ${keys.length} keys`);
    for (const key of keys) {
      assert.ok(key.description.length > 5, key.path);
    }
    const paths = keys.map((k) => k.path);
    for (const expected of [
      "primary.nodeGroups.<name>.instanceTypes",
      "primary.nodeGroups.<name>.taints[].effect",
      "secondary.gcp.vpn.awsAsn",
      "database.serverless.minCapacity",
      "schedule.holidays",
      "alarms.email",
    ]) {
      assert.ok(paths.includes(expected), expected);
    }
  });

  it("reads defaults off the schema, as parsing applies them", () => {
    const byPath = new Map(configKeys().map((k) => [k.path, k]));
    assert.equal(byPath.get("logRetentionDays")!.default, 90);
    assert.equal(byPath.get("dns.requestInterval")!.default, 10);
    assert.deepEqual(byPath.get("schedule.workingDays")!.default, ["MON", "TUE", "WED", "THU", "FRI"]);
    assert.equal(byPath.get("eks.version")!.required, true);
    assert.equal(byPath.get("alarms.email")!.required, false);
    assert.equal(byPath.get("alarms.email")!.default, undefined);
  });

  it("Pulumi.yaml declares exactly the generated config (run `npm run docs` after a schema change)", () => {
    const config = YAML.parse(projectText).config as Record<string, unknown>;
    const ours = Object.fromEntries(Object.entries(config).filter(([k]) => !k.includes(":")));
    assert.deepEqual(ours, JSON.parse(JSON.stringify(projectConfigDeclarations())));
    assert.deepEqual(Object.keys(ours), Object.keys(stackConfigSchema.shape));
  });

  it("regenerating Pulumi.yaml keeps other namespaces' keys and changes nothing else", () => {
    const regenerated = YAML.parse(withGeneratedProjectConfig(projectText));
    const original = YAML.parse(projectText);
    assert.deepEqual(regenerated, original);
    assert.deepEqual(regenerated.config["pulumi:disable-default-providers"], { value: ["*"] });
  });

  it("fails loudly on a key without a description", () => {
    const field = stackConfigSchema.shape.logRetentionDays;
    const saved = field._def.description;
    try {
      (field._def as { description?: string }).description = undefined;
      assert.throws(() => configKeys(), /`logRetentionDays` has no description; add \.describe/);
    } finally {
      (field._def as { description?: string }).description = saved;
    }
  });
});
