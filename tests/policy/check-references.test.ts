import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { RuleMeta, ruleMetaOf } from "../../policy/lib/rule";
import { allPolicies } from "../../policy/policies";
import { TESTS_DIR } from "../paths";

/**
 * The Checkov and Trivy IDs the rules cite (policy/lib/rule.ts: `checkov`, `trivy`, `related`). An equivalent is
 * published as a tag, so it must be a real ID of the right scanner and must not also be listed as differing; a
 * related check must say how it differs; and docs/policy-references.md must cite the source of every ID.
 */

const CHECKOV_ID = /^(CKV_AWS_\d+|CKV2_AWS_\d+|CKV_GCP_\d+|CKV2_GCP_\d+|CKV_K8S_\d+)$/;
const TRIVY_ID = /^AVD-(AWS|GCP|KSV)-\d{4}$/;

/** What is wrong with a rule's check references; empty when nothing is. */
function referenceProblems(meta: RuleMeta): string[] {
  const checkov = meta.checkov ?? [];
  const trivy = meta.trivy ?? [];
  const related = meta.related ?? [];
  const equivalents = [...checkov, ...trivy];
  const duplicates = (ids: readonly string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);
  return [
    ...checkov.filter((id) => !CHECKOV_ID.test(id)).map((id) => `checkov lists "${id}", not a Checkov ID`),
    ...trivy.filter((id) => !TRIVY_ID.test(id)).map((id) => `trivy lists "${id}", not a Trivy AVD ID`),
    ...related
      .filter((r) => !CHECKOV_ID.test(r.id) && !TRIVY_ID.test(r.id))
      .map((r) => `related lists "${r.id}", not a Checkov or Trivy ID`),
    ...duplicates(equivalents).map((id) => `${id} is listed twice as an equivalent`),
    ...duplicates(related.map((r) => r.id)).map((id) => `${id} is listed twice in related`),
    ...related.filter((r) => equivalents.includes(r.id)).map((r) => `${r.id} is both an equivalent and related`),
    ...related
      .filter((r) => typeof r.difference !== "string" || r.difference.trim() === "")
      .map((r) => `related ${r.id} says nothing of how it differs`),
    ...related
      .filter((r) => typeof r.difference === "string" && r.difference.trim() !== "" && !/^[^\n]+\.$/.test(r.difference))
      .map((r) => `related ${r.id}: the difference is not one sentence on one line ending with a period`),
  ];
}

const metas = () =>
  allPolicies().map((p) => {
    const meta = ruleMetaOf(p);
    assert.ok(meta, `${p.name} was not built with resourceRule, asyncResourceRule or stackRule`);
    return { policy: p, meta };
  });

describe("policy rules: the Checkov and Trivy checks they cite", () => {
  it("finds the mistakes it is meant to find", () => {
    const base: RuleMeta = { name: "x", area: "security", description: "d", severity: "low", remediation: "r" };
    assert.deepEqual(referenceProblems({ ...base, checkov: ["CKV_AWS_1", "CKV2_GCP_12", "CKV_K8S_8"] }), []);
    assert.deepEqual(
      referenceProblems({
        ...base,
        checkov: ["CKV_AWS_39", "AVD-AWS-0040", "ckv_aws_1"],
        trivy: ["AVD-AWS-40", "CKV_AWS_2"],
        related: [
          { id: "CKV_AWS_39", difference: "It wants the endpoint off." },
          { id: "AVD-AWS-0028", difference: " " },
          { id: "CKV-AWS-3", difference: "no period" },
        ],
      }),
      [
        'checkov lists "AVD-AWS-0040", not a Checkov ID',
        'checkov lists "ckv_aws_1", not a Checkov ID',
        'trivy lists "AVD-AWS-40", not a Trivy AVD ID',
        'trivy lists "CKV_AWS_2", not a Trivy AVD ID',
        'related lists "CKV-AWS-3", not a Checkov or Trivy ID',
        "CKV_AWS_39 is both an equivalent and related",
        "related AVD-AWS-0028 says nothing of how it differs",
        "related CKV-AWS-3: the difference is not one sentence on one line ending with a period",
      ],
    );
  });

  it("cites well-formed IDs, never one both as an equivalent and as related, each related one with its difference", () => {
    const problems = metas().flatMap(({ meta }) => referenceProblems(meta).map((p) => `${meta.name}: ${p}`));
    assert.deepEqual(problems, []);
  });

  it("publishes the equivalents as tags and never a related check", () => {
    for (const { policy, meta } of metas()) {
      const published = [...(policy.tags ?? []), policy.framework?.reference ?? ""].join(" ");
      for (const id of [...(meta.checkov ?? []), ...(meta.trivy ?? [])]) {
        assert.ok(published.includes(id), `${meta.name}: equivalent ${id} is not published`);
      }
      for (const r of meta.related ?? []) {
        assert.ok(!published.includes(r.id), `${meta.name}: related ${r.id} is published as an equivalent`);
      }
    }
  });

  it("has every cited ID's source in docs/policy-references.md, classed as the rule lists it", () => {
    const doc = fs.readFileSync(path.join(TESTS_DIR, "..", "docs", "policy-references.md"), "utf8");
    const rows = doc
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) =>
        line
          .split(/(?<!\\)\|/)
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    const classOf = (rule: string, id: string) => rows.find((r) => r[0] === `\`${rule}\`` && r[1] === id)?.[4];
    const missing = metas().flatMap(({ meta }) => [
      ...[...(meta.checkov ?? []), ...(meta.trivy ?? [])]
        .filter((id) => classOf(meta.name, id) !== "equivalent")
        .map((id) => `${meta.name} ${id}: no row classed equivalent`),
      ...(meta.related ?? [])
        .filter((r) => classOf(meta.name, r.id) !== "related")
        .map((r) => `${meta.name} ${r.id}: no row classed related`),
    ]);
    assert.deepEqual(missing, []);
    for (const row of rows) {
      assert.match(row[2], /\]\(https:\/\/github\.com\/(bridgecrewio\/checkov|aquasecurity\/trivy-checks)\//, row[1]);
    }
  });
});
