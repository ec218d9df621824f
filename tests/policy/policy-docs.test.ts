import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ruleTable } from "../../tools/policy/rule-table";
import { TESTS_DIR } from "../paths";

/** Rows of a markdown table as trimmed cells; Prettier's column padding and the separator row ignored. */
const cells = (table: string) =>
  table
    .trim()
    .split("\n")
    .filter((line) => !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );

/**
 * The rule table in docs/policy.md is a generated block (`npm run docs`); tests/tools/docs.test.ts checks every
 * block byte for byte, this one compares the table cell by cell so that a failure names the rule.
 */
describe("docs/policy.md: the policy rule table", () => {
  it("is the table the pack and policy/config/*.json produce", () => {
    const doc = fs.readFileSync(path.join(TESTS_DIR, "..", "docs", "policy.md"), "utf8");
    const block = /<!-- generated:policy-rules -->\n([\s\S]*?)\n<!-- \/generated:policy-rules -->/.exec(doc);
    assert.ok(block, "docs/policy.md has the generated:policy-rules block");
    assert.deepEqual(cells(block[1]), cells(ruleTable()));
  });
});
