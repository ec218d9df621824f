import * as assert from "node:assert/strict";
import { ConfigProblemsError, renderStack } from "../../tools/offline/render";

/**
 * The config contract as the program enforces it, end to end: the real program under the mock engine,
 * fed engine config the way `pulumi up` feeds it. Config problems stop the run before any resource, and
 * what only the cloud account knows (how many AZs it gets) stops it with a message naming the config key;
 * both reach the tools as a ConfigProblemsError (exit 1, no stack trace). What mocks cannot prove: how
 * many AZs a real account sees; the offline engine answers with fixed zones per region (tools/offline/mocks.ts).
 */
describe("config contract: the program refuses what does not exist, before or instead of deploying it", function () {
  this.timeout(120_000);

  const rejection = async (overrides: [string, unknown][]) => {
    try {
      await renderStack({ stack: "prod", overrides });
    } catch (err) {
      assert.ok(err instanceof ConfigProblemsError, `a ConfigProblemsError, got ${(err as Error).constructor.name}`);
      return err.message;
    }
    assert.fail("the render succeeded");
  };

  it("reads every namespace the engine passes (not only the project's), so a misspelt one is reported", async () => {
    assert.equal(
      await rejection([["dr-platfrom:alarms", { email: "ops@example.com" }]]),
      [
        "Stack config for `prod` is invalid (1 problem):",
        "  - `dr-platfrom:alarms`: the namespace `dr-platfrom` is neither this project's nor a provider's (did you mean `dr-platform:alarms`?). Fix: rename it to `dr-platform:alarms` in the stack file",
      ].join("\n"),
    );
  });

  it("refuses more AZs than the region has before any resource (the render used to crash on it)", async () => {
    assert.equal(
      await rejection([["primary.azCount", 5]]),
      [
        "Stack config for `prod` is invalid (1 problem):",
        "  - `primary.azCount`: got 5; ap-northeast-2 offers new accounts 4 AZs (per the AZ catalogue as of 2026-12-03). Fix: pulumi config set --path primary.azCount 4",
      ].join("\n"),
    );
  });

  it("names the key when the account sees fewer AZs than the catalogue lists (found by the zones invoke)", async () => {
    // The catalogue lists 4 AZs for us-west-2; the offline account sees 3 there, as an older account might.
    assert.equal(
      await rejection([
        ["primary.region", "us-west-2"],
        ["primary.azCount", 4],
        ["secondary.aws.region", "us-east-1"],
      ]),
      "AwsNetwork primary-network: `primary.azCount` is 4, but us-west-2 offers this account 3 AZs " +
        "(us-west-2a, us-west-2b, us-west-2c). Fix: lower `primary.azCount` to 3 or fewer",
    );
  });
});
