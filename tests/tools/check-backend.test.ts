import * as assert from "node:assert/strict";
import { AwsCli } from "../../tools/aws-cli";
import { backendPlacement, judge, main, secretsPlacement } from "../../tools/check-backend";
import { ToolIo } from "../../tools/offline/cli";

/**
 * `npm run check-backend`, which every workflow runs before `pulumi`: the shipped stack files, the backend URLs
 * Pulumi accepts, and S3's answer to GetBucketLocation as the AWS CLI prints it (null for us-east-1).
 */
function io() {
  const out: string[] = [];
  const err: string[] = [];
  const tool: ToolIo = { out: (t) => out.push(t), err: (t) => err.push(t), render: () => Promise.reject(new Error()) };
  return { tool, out, err };
}

const s3: (regions: Record<string, string | null>) => AwsCli = (regions) => async (args) => {
  assert.deepEqual(args.slice(0, 3), ["s3api", "get-bucket-location", "--bucket"]);
  return { LocationConstraint: regions[args[3]] ?? null };
};

describe("npm run check-backend", () => {
  it("passes Pulumi Cloud, and an S3 bucket S3 places outside the primary Region", async () => {
    for (const backend of ["", "https://api.pulumi.com", "s3://state-bucket"]) {
      const { tool, out } = io();
      assert.equal(await main(["prod", "--backend", backend], tool, s3({ "state-bucket": "us-west-2" })), 0, backend);
      assert.match(out.join("\n"), /prod: state and secrets survive the loss of ap-northeast-2/);
    }
  });

  it("reads us-east-1 from S3's null answer, and a Region the URL names without asking", async () => {
    const { tool, out } = io();
    assert.equal(await main(["prod", "--backend", "s3://old-bucket"], tool, s3({})), 0);
    assert.match(out.join("\n"), /state backend: s3:\/\/old-bucket \(us-east-1\)/);
    const asked: string[] = [];
    const placed = await backendPlacement("s3://b?region=eu-west-1&awssdk=v2", async (b) => (asked.push(b), "x"));
    assert.equal(placed.region, "eu-west-1");
    assert.deepEqual(asked, []);
  });

  it("fails a bucket in the primary Region, saying why and what to do", async () => {
    const { tool, err } = io();
    assert.equal(
      await main(["prod", "--backend", "s3://seoul-state"], tool, s3({ "seoul-state": "ap-northeast-2" })),
      1,
    );
    assert.match(err.join("\n"), /state backend s3:\/\/seoul-state is in ap-northeast-2, the stack's primary Region/);
    assert.match(err.join("\n"), /move it to another Region or to Pulumi Cloud/);
  });

  it("fails a runner's own disk, and a KMS key in the primary Region or with no Region named", () => {
    assert.match(judge({ what: "state backend", where: "file://~", problem: "x" }, "ap-northeast-2") ?? "", /x/);
    assert.ok(judge(secretsPlacement("awskms://arn:aws:kms:ap-northeast-2:123456789012:key/abc"), "ap-northeast-2"));
    assert.ok(judge(secretsPlacement("awskms://alias/pulumi?region=ap-northeast-2"), "ap-northeast-2"));
    assert.match(judge(secretsPlacement("awskms://alias/pulumi"), "ap-northeast-2") ?? "", /name it/);
    assert.equal(judge(secretsPlacement("awskms://alias/pulumi?region=us-west-2"), "ap-northeast-2"), undefined);
    assert.equal(judge(secretsPlacement(undefined), "ap-northeast-2"), undefined);
    assert.equal(
      judge(secretsPlacement("gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k"), "ap-northeast-2"),
      undefined,
    );
  });

  it("refuses an unknown stack with a clear message, never a stack trace", async () => {
    const { tool, err } = io();
    assert.equal(await main(["nosuch"], tool, s3({})), 3);
    assert.match(err.join("\n"), /cannot read stacks\/Pulumi\.nosuch\.yaml/);
    assert.doesNotMatch(err.join("\n"), /\n\s+at /);
  });
});
