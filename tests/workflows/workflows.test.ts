import * as assert from "node:assert/strict";
import { validateWorkflow, ValidationError } from "@action-validator/core";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PROFILES } from "../../stack-config/profiles";
import { listStacks, REPO_ROOT } from "../../tools/offline/stack-files";
import { readStackFacts } from "../../tools/teardown/stack-facts";
import { loadTypedConfig } from "../../tools/offline/typed-config";
import { offHoursCrons } from "../../tools/teardown/utc-cron";

/**
 * Every file in .github/workflows, whoever adds it: valid against the workflow schema
 * (@action-validator/core, SchemaStore's github-workflow schema compiled to wasm) and free of
 * long-lived cloud credentials. Then the off-hours workflow against the stack files it serves.
 * What this cannot prove: that GitHub, the clouds' OIDC trust policies and the runner's network accept
 * the run; only a run on GitHub shows that. The validator's glob check (paths filters) is not
 * available through its Node API.
 */

const DIR = path.join(REPO_ROOT, ".github", "workflows");
const FILES = fs
  .readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const read = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");

/** The validator nests oneOf failures; flatten them into readable lines with their JSON paths. */
function describeErrors(errors: readonly ValidationError[], indent = ""): string[] {
  return errors.flatMap((e) => {
    // An empty path is the document root.
    const where =
      "path" in e && e.path !== undefined
        ? e.path === ""
          ? "/"
          : e.path
        : "location" in e
          ? `line ${e.location?.line}`
          : "";
    const line = `${indent}${where}: ${e.title}${e.detail !== undefined ? ` (${e.detail})` : ""}`;
    const states = "states" in e ? (e.states ?? []) : [];
    return [
      line,
      ...states.flatMap((s, i) => [`${indent}  alternative ${i + 1}:`, ...describeErrors(s.errors, `${indent}    `)]),
    ];
  });
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string> | string;
  steps?: Step[];
  strategy?: { matrix?: { include?: Record<string, string>[] } };
  concurrency?: { group: string; "cancel-in-progress": boolean };
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}
const parse = (file: string) => YAML.parse(read(file)) as Workflow;

describe("workflows: every file in .github/workflows", () => {
  it("there are workflow files to check", () => {
    assert.ok(FILES.includes("off-hours.yml"), `found ${FILES.join(", ")}`);
  });

  for (const file of FILES) {
    it(`${file} is valid against the workflow schema`, () => {
      const state = validateWorkflow(read(file));
      assert.equal(state.actionType, "workflow");
      assert.equal(state.errors.length, 0, `${file}:\n${describeErrors(state.errors).join("\n")}`);
    });

    it(`${file} uses no long-lived credentials`, () => {
      const text = read(file);
      const forbidden: [RegExp, string][] = [
        [/aws-access-key-id|aws-secret-access-key/i, "AWS access keys: use role-to-assume through OIDC"],
        [/secrets\.AWS_(SECRET|ACCESS)/i, "AWS keys kept as secrets: use role-to-assume through OIDC"],
        [/credentials_json|secrets\.GOOGLE_\w*CREDENTIALS/i, "a Google key file: use workload_identity_provider"],
        [/secrets\.AZURE_(CREDENTIALS|CLIENT_SECRET)/i, "an Azure client secret: use federated credentials"],
        [/secrets\.PULUMI_ACCESS_TOKEN/i, "a Pulumi access token: use pulumi/auth-actions (OIDC)"],
      ];
      for (const [pattern, fix] of forbidden) {
        assert.doesNotMatch(text, pattern, `${file}: ${fix}`);
      }
      const workflow = parse(file);
      for (const [name, job] of Object.entries(workflow.jobs)) {
        for (const step of job.steps ?? []) {
          const action = step.uses?.split("@")[0];
          if (action === "aws-actions/configure-aws-credentials") {
            assert.ok(step.with?.["role-to-assume"], `${file} ${name}: configure-aws-credentials needs role-to-assume`);
          }
          if (action === "google-github-actions/auth") {
            assert.ok(step.with?.workload_identity_provider, `${file} ${name}: google auth needs a workload identity`);
          }
          if (
            action !== undefined &&
            /configure-aws-credentials|google-github-actions\/auth|auth-actions/.test(action)
          ) {
            const permissions = job.permissions ?? workflow.permissions;
            assert.ok(
              typeof permissions === "object" && permissions["id-token"] === "write",
              `${file} ${name}: OIDC needs permissions: id-token: write`,
            );
          }
        }
      }
    });
  }

  it("the validator does reject a broken workflow (so a clean result means something)", () => {
    const broken = "on: push\njobs:\n  build:\n    runz-on: ubuntu-latest\n    steps:\n      - run: true\n";
    const errors = describeErrors(validateWorkflow(broken).errors);
    assert.ok(
      errors.some((e) => e.includes("Additional property 'runz-on' is not allowed")),
      errors.join("\n"),
    );
    const badCron = read("off-hours.yml").replace('cron: "30 11 * * *"', 'cron: "at eight"');
    assert.ok(validateWorkflow(badCron).errors.length > 0);
  });
});

describe("workflows: nothing depends on the primary Region", () => {
  // Every stack's primary Region, read as the program reads it.
  const primaries = new Set(listStacks().map((stack) => loadTypedConfig(stack, [], REPO_ROOT).primary.region));
  const regionInputs = (file: string): string[] =>
    Object.values(parse(file).jobs).flatMap((job) =>
      (job.steps ?? []).map((step) => step.with?.["aws-region"]).filter((r): r is string => typeof r === "string"),
    );

  it("every workflow takes CI's AWS Region from a variable whose default is no stack's primary Region", () => {
    const all = FILES.flatMap((file) => regionInputs(file).map((value) => [file, value] as const));
    assert.ok(all.length >= 3, "the deploy, the pull-request check and the off-hours run configure AWS");
    for (const [file, value] of all) {
      const m = /^\$\{\{ vars\.[A-Z_]+ \|\| '([a-z0-9-]+)' \}\}$/.exec(value);
      assert.ok(m, `${file}: aws-region ${value} is not taken from a variable`);
      assert.ok(!primaries.has(m[1]!), `${file}: the default ${m[1]} is a stack's primary Region`);
    }
  });

  it("checks that the state backend and secrets provider are outside the primary Region before any pulumi step", () => {
    const pulumiSteps = (steps: Step[]) =>
      steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") === true && s.with?.command !== undefined);
    let checked = 0;
    for (const file of FILES) {
      for (const [name, job] of Object.entries(parse(file).jobs)) {
        const steps = job.steps ?? [];
        const runsPulumi = steps.findIndex(
          (s, i) =>
            (i === pulumiSteps(steps) && i >= 0) ||
            /\bpulumi (login|up|preview|stack)\b|npm run (teardown|restore|"\$ACTION")/.test(s.run ?? ""),
        );
        if (runsPulumi < 0) continue;
        const check = steps.findIndex((s) => /npm run check-backend -- "\$STACK"/.test(s.run ?? ""));
        assert.ok(
          check >= 0 && check < runsPulumi,
          `${file} ${name}: no check-backend step before its first pulumi step`,
        );
        checked++;
      }
    }
    assert.ok(checked >= 3, "the deploy, the pull-request preview and the off-hours run use pulumi");
  });

  it("names no primary Region anywhere outside comments", () => {
    for (const file of FILES) {
      const code = read(file)
        .split("\n")
        .map((line) => line.replace(/\s#.*$/, ""))
        .filter((line) => !/^\s*#/.test(line))
        .join("\n");
      for (const region of primaries) {
        assert.ok(!code.includes(region), `${file} names ${region}`);
      }
    }
  });
});

describe("workflows: off-hours.yml against the stack files", () => {
  const workflow = parse("off-hours.yml");
  const job = workflow.jobs["off-hours"];
  const rows = job.strategy?.matrix?.include ?? [];
  // The stacks this workflow must serve: their environment's profile allows teardown (never prod's), their
  // config allows it too, and they have a schedule to time it.
  const expected = listStacks()
    .map((s) => readStackFacts(s))
    .filter((f) => PROFILES[f.environment].mayTeardown && f.teardownAllowed && f.schedule !== undefined);

  it("lists only stacks whose environment and config allow teardown (never prod), and every such stack", () => {
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.notEqual(row.stack, "prod");
      const facts = readStackFacts(row.stack);
      assert.ok(PROFILES[facts.environment].mayTeardown, `${row.stack}: ${facts.environment} is never torn down`);
      assert.ok(facts.teardownAllowed, `${row.stack} does not allow teardown`);
    }
    assert.deepEqual(
      rows.map((r) => r.stack),
      expected.map((f) => f.stack),
    );
    const dispatch = workflow.on.workflow_dispatch as { inputs: { stack: { options: string[] } } };
    assert.deepEqual(
      dispatch.inputs.stack.options,
      rows.map((r) => r.stack),
    );
  });

  it("runs at the UTC times computed from each stack's schedule, and at no other", () => {
    for (const facts of expected) {
      const row = rows.find((r) => r.stack === facts.stack)!;
      assert.deepEqual({ stop: row.stop, start: row.start }, offHoursCrons(facts.schedule!), facts.stack);
    }
    assert.deepEqual(offHoursCrons(readStackFacts("dev").schedule!), { stop: "30 11 * * *", start: "0 23 * * 0-4" });
    const crons = (workflow.on.schedule as { cron: string }[]).map((s) => s.cron).sort();
    assert.deepEqual(crons, [...new Set(rows.flatMap((r) => [r.stop, r.start]))].sort());
  });

  it("takes OIDC and read-only permissions only, and one run per stack at a time, never cancelled", () => {
    assert.deepEqual(workflow.permissions, { "id-token": "write", contents: "read" });
    assert.deepEqual(job.concurrency, { group: "pulumi-stack-${{ matrix.stack }}", "cancel-in-progress": false });
  });

  it("pins every action to a commit, with its version beside it", () => {
    const uses = read("off-hours.yml")
      .split("\n")
      .filter((l) => /^\s*(- )?uses:/.test(l));
    assert.ok(uses.length >= 5);
    for (const line of uses) {
      assert.match(line, /uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, line.trim());
    }
  });

  it("installs the Pulumi CLI at the SDK's version, and runs the same npm commands as a person", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    const install = job.steps!.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
    assert.equal(install.with?.["pulumi-version"], pkg.dependencies["@pulumi/pulumi"]);
    assert.equal(install.with?.command, undefined, "the action only installs the CLI");
    const scripts = job.steps!.map((s) => s.run ?? "").join("\n");
    assert.match(scripts, /if \[ "\$SCHEDULE" = "\$STOP_CRON" \]; then action=teardown; fi/);
    assert.match(scripts, /then action=restore; flags="--yes --skip-holidays"; fi/);
    assert.match(scripts, /npm run "\$ACTION" -- "\$STACK" \$FLAGS/);
    assert.ok(pkg.scripts.teardown.endsWith("tools/teardown.ts") && pkg.scripts.restore.endsWith("tools/restore.ts"));
  });
});
