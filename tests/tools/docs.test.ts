import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findBlocks, GENERATED_BLOCKS, main } from "../../tools/docs";
import { REPO_ROOT } from "../../tools/offline/stack-files";
import { render, VARIANTS } from "../harness";
import { anchorsOf } from "../markdown";
import { runInProcess, spawnTool } from "../tool-run";

/**
 * The figures the README and docs/ quote (resource counts, DR objectives, costs, diagrams, the rule table,
 * the subnet plan, a config error) are generated blocks that `npm run docs` rewrites from the code; these
 * tests fail when one is stale, so a change that moves a figure must regenerate the docs with it.
 *
 * What this cannot prove: that the prose around a block still agrees with it (a sentence that says "meets"
 * above a table that says "misses"). Keep figures inside blocks and prose free of them.
 */

const README = path.join(REPO_ROOT, "README.md");

describe("docs: generated blocks", () => {
  let scratch: string;
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "docs-"));
  });
  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("are all up to date in README.md and docs/ (npm run docs -- --check)", async () => {
    const run = await runInProcess(main, "--check");
    assert.equal(run.code, 0, `${run.stderr}\nRun \`npm run docs\` and commit the result.`);
    assert.match(run.stdout, /generated block\(s\), all up to date/);
  });

  it("uses every block the tool knows somewhere in README.md or docs/", () => {
    const docs = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? docs(path.join(dir, e.name)) : [path.join(dir, e.name)]))
        .filter((f) => f.endsWith(".md"));
    const used = new Set(
      [README, ...docs(path.join(REPO_ROOT, "docs"))].flatMap((f) =>
        findBlocks(fs.readFileSync(f, "utf8")).blocks.map((b) => b.name),
      ),
    );
    assert.deepEqual(
      Object.keys(GENERATED_BLOCKS).filter((name) => !used.has(name)),
      [],
    );
  });

  it("names a stale block and exits 1 with --check, and a rewrite restores it", async () => {
    const copy = path.join(scratch, "README.md");
    const original = fs.readFileSync(README, "utf8");
    const stale = original.replace(
      /(<!-- generated:cost-summary -->)[\s\S]*?(<!-- \/generated:cost-summary -->)/,
      "$1\n\n| stack | resources |\n| --- | --- |\n| prod | 1 |\n\n$2",
    );
    assert.notEqual(stale, original);
    fs.writeFileSync(copy, stale);

    const check = await runInProcess(main, "--check", copy);
    assert.equal(check.code, 1);
    assert.match(check.stderr, /stale generated blocks[\s\S]*README\.md: cost-summary/);
    assert.doesNotMatch(check.stderr, /diagram-prod|dr-objectives|stack-matrix/);
    assert.equal(fs.readFileSync(copy, "utf8"), stale, "--check writes nothing");

    const rewrite = await runInProcess(main, copy);
    assert.equal(rewrite.code, 0, rewrite.stderr);
    assert.match(rewrite.stdout, /rewrote .*README\.md: cost-summary/);
    assert.equal(fs.readFileSync(copy, "utf8"), original);
  });

  it("refuses wrong markers, naming the file and the line, and writes nothing there", async () => {
    const file = path.join(scratch, "broken.md");
    const text = "# Broken\n\n<!-- generated:no-such-block -->\n<!-- /generated:no-such-block -->\n";
    fs.writeFileSync(file, text);
    const run = await runInProcess(main, file);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /broken\.md: line 3: unknown block "no-such-block"/);
    assert.equal(fs.readFileSync(file, "utf8"), text);
  });

  it("finds unclosed, nested and stray markers, and ignores markers shown as code", () => {
    assert.deepEqual(findBlocks("a\n<!-- generated:policy-rules -->\nb\n").problems, [
      'line 2: block "policy-rules" is never closed (<!-- /generated:policy-rules -->)',
    ]);
    const nested =
      "<!-- generated:stack-matrix -->\n<!-- generated:policy-rules -->\n<!-- /generated:policy-rules -->\n";
    assert.match(
      findBlocks(nested).problems.join("\n"),
      /line 2: block "policy-rules" starts inside block "stack-matrix"/,
    );
    assert.match(findBlocks("<!-- /generated:cost-summary -->").problems[0], /closes no open block "cost-summary"/);
    const shown = "Write `<!-- generated:x -->` and\n\n```md\n<!-- generated:NAME -->\n<!-- /generated:NAME -->\n```\n";
    assert.deepEqual(findBlocks(shown), { blocks: [], problems: [] });
    const inline = findBlocks("costs <!-- generated:passive-share -->62 %<!-- /generated:passive-share --> now");
    assert.deepEqual(
      inline.blocks.map((b) => [b.name, b.inline]),
      [["passive-share", true]],
    );
  });

  it("answers a wrong command line with the usage and exit code 2", async () => {
    const option = await runInProcess(main, "--bogus");
    assert.equal(option.code, 2);
    assert.match(option.stderr, /Usage: npm run docs/);
    const notMarkdown = await runInProcess(main, path.join(REPO_ROOT, "package.json"));
    assert.equal(notMarkdown.code, 2);
    assert.match(notMarkdown.stderr, /package\.json: not a Markdown file/);
  });

  it("runs as its own process (npm run docs -- --list)", () => {
    const run = spawnTool("docs", "--list");
    assert.equal(run.code, 0, run.stderr);
    for (const name of Object.keys(GENERATED_BLOCKS)) {
      assert.match(run.stdout, new RegExp(`^${name}: `, "m"));
    }
  });
});

describe("docs: links", () => {
  it("point at files and headings that exist, from README.md and every docs/ page", () => {
    const pages = [
      "README.md",
      ...fs
        .readdirSync(path.join(REPO_ROOT, "docs"), { recursive: true, encoding: "utf8" })
        .map((f) => path.join("docs", f))
        .filter((f) => f.endsWith(".md")),
    ];
    const broken = pages.flatMap((page) => {
      const text = fs.readFileSync(path.join(REPO_ROOT, page), "utf8");
      return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1])
        .filter((link) => !/^[a-z]+:/.test(link))
        .filter((link) => {
          const [target, anchor] = link.split("#");
          const file = target === "" ? path.join(REPO_ROOT, page) : path.resolve(REPO_ROOT, path.dirname(page), target);
          if (!fs.existsSync(file)) {
            return true;
          }
          return anchor !== undefined && file.endsWith(".md") && !anchorsOf(fs.readFileSync(file, "utf8")).has(anchor);
        })
        .map((link) => `${page}: ${link}`);
    });
    assert.deepEqual(broken, []);
  });
});

describe("docs/components.md: the component table", () => {
  it("names exactly the component types the program registers, across every stack and both secondaries", async () => {
    const registered = new Set<string>();
    for (const variant of VARIANTS) {
      for (const r of (await render(variant.options)).resources) {
        if (!r.custom && r.type.startsWith("platform:")) {
          registered.add(r.type);
        }
      }
    }
    const doc = fs.readFileSync(path.join(REPO_ROOT, "docs", "components.md"), "utf8");
    const documented = [...doc.matchAll(/^\| `\w+` +\| `(platform:[\w-]+:\w+)` +\|/gm)].map((m) => m[1]);
    assert.deepEqual(
      documented.filter((t, i) => documented.indexOf(t) !== i),
      [],
      "a type token listed twice",
    );
    assert.deepEqual([...documented].sort(), [...registered].sort());
  });
});
