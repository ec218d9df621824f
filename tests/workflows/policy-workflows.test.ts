import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { listStacks } from "../../tools/offline/stack-files";
import { TESTS_DIR } from "../paths";

/**
 * What the review and deploy workflows promise, beyond schema validity (tests/workflows/workflows.test.ts):
 * every stack judged offline and previewed with its own policy config, deploys in order, prod gated.
 */
const dir = path.join(TESTS_DIR, "..", ".github", "workflows");
const read = (file: string) => parse(fs.readFileSync(path.join(dir, file), "utf8"));
type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
/** The step that runs a Pulumi command (the deploy job also has one that only installs the CLI). */
const pulumiStep = (steps: Step[]) => steps.find((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command)!;

describe("workflows: policy checks in review and ordered deploys", () => {
  const pr = read("pull-request.yml");

  it("runs the tests (with their services), the DR check, the blast radius and the policy run on each pull request", () => {
    assert.deepEqual(Object.keys(pr.on), ["pull_request"]);
    const runs = (pr.jobs.offline.steps as Step[]).map((s) => s.run).filter(Boolean);
    assert.deepEqual(runs, [
      "npm ci",
      'eval "$(bash .ci/services)" && npm test',
      "npm run plan -- --all --check --quiet",
      "npm run resilience -- --all",
      "npm run policy -- --all --json policy-results/{stack}.json",
    ]);
  });

  it("verifies the deep check's image digest before every deploy", () => {
    const runs = (read("deploy-stack.yml").jobs.up.steps as Step[]).map((s) => s.run).filter(Boolean);
    assert.ok(runs.indexOf("npm run images") > runs.indexOf("npm ci"), runs.join(" | "));
  });

  it("previews every stack with the pack and that stack's config, commenting on the PR", () => {
    assert.deepEqual(pr.jobs.preview.strategy.matrix.stack, listStacks());
    const step = pulumiStep(pr.jobs.preview.steps);
    assert.equal(step.with!.command, "preview");
    assert.equal(step.with!.policyPacks, "policy");
    assert.equal(step.with!.policyPackConfigs, "policy/config/${{ matrix.stack }}.json");
    assert.equal(step.with!["comment-on-pr"], true);
    for (const stack of listStacks()) {
      assert.ok(fs.existsSync(path.join(TESTS_DIR, "..", "policy", "config", `${stack}.json`)), `config for ${stack}`);
    }
  });

  it("gets cloud credentials by OIDC only", () => {
    for (const file of ["pull-request.yml", "deploy-stack.yml"]) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      assert.match(text, /id-token: write/);
      assert.match(text, /role-to-assume:/);
      assert.match(text, /workload_identity_provider:/);
      assert.doesNotMatch(text, /aws-access-key-id|aws-secret-access-key|credentials_json|PULUMI_ACCESS_TOKEN/);
    }
  });

  it("deploys dev, then staging, then prod behind the protected production environment", () => {
    const deploy = read("deploy.yml");
    assert.deepEqual(Object.keys(deploy.on), ["push", "workflow_dispatch"]);
    assert.deepEqual(deploy.on.push.branches, ["main"]);
    assert.equal(deploy.concurrency["cancel-in-progress"], false);
    const { dev, staging, prod } = deploy.jobs;
    assert.equal(dev.needs, undefined);
    assert.equal(staging.needs, "dev");
    assert.equal(prod.needs, "staging");
    assert.deepEqual(
      [dev.with, staging.with, prod.with],
      [
        { stack: "dev", environment: "dev" },
        { stack: "staging", environment: "staging" },
        { stack: "prod", environment: "production" },
      ],
    );
    const up = read("deploy-stack.yml");
    assert.equal(up.jobs.up.environment, "${{ inputs.environment }}");
    const step = pulumiStep(up.jobs.up.steps);
    assert.equal(step.with!.command, "up");
    // Before any change, the runner proves it reaches the clusters `pulumi up` installs objects through.
    const steps = up.jobs.up.steps as Step[];
    const reach = steps.findIndex((s) => /npm run reach -- stack-outputs\.json/.test(String(s.run ?? "")));
    assert.ok(reach >= 0 && reach < steps.indexOf(step), "npm run reach runs before pulumi up");
    assert.match(String(up.jobs.up["runs-on"]), /vars\.DEPLOY_RUNNER_LABELS/);
    // After the update, the outputs the runbooks read are published outside the clouds.
    const publish = steps.findIndex((s) => s.uses?.startsWith("actions/upload-artifact@"));
    assert.ok(publish > steps.indexOf(step), "the outputs are published after pulumi up");
    assert.equal(steps[publish]!.with!.name, "dr-outputs-${{ inputs.stack }}");
    assert.match(
      String(steps[publish - 1]!.run),
      /pulumi stack output --stack "\$STACK" --json > "dr-outputs-\$STACK\.json"/,
    );
    assert.equal(step.with!.policyPackConfigs, "policy/config/${{ inputs.stack }}.json");
  });
});
