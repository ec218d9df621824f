import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ruleTable } from "../tools/policy/rule-table";

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

describe("README: the policy rule table", () => {
  it("is the table the pack and policy/config/*.json produce", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const block = /<!-- policy-rules:start -->\n([\s\S]*?)\n<!-- policy-rules:end -->/.exec(readme);
    assert.ok(block, "README has the policy-rules markers");
    assert.deepEqual(cells(block[1]), cells(ruleTable()));
  });
});
