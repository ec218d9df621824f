import * as assert from "node:assert/strict";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../tools/offline/stack-files";
import { anchorsOf, githubSlug } from "../markdown";

/**
 * The repository justifies a fact by a public URL or by an entry of docs/sources.md, never by files that
 * users and CI do not have (the engineers' private notes). Checked over every file a commit would carry:
 * the tracked files and new ones not ignored by .gitignore.
 *
 * Anchors are GitHub's: a heading's text in lower case, punctuation removed, each space a hyphen, and
 * "-1", "-2" appended to repeats. A pointer is `docs/sources.md#anchor` anywhere, or a Markdown link whose
 * target resolves to docs/sources.md (`sources.md#x` from docs/, `#x` inside it).
 */

const SOURCES = "docs/sources.md";
const SELF = "tests/docs/sources.test.ts";
const PRIVATE_NOTES = /design\.md|mission-anchors|failover-facts|\.\.\/shared\//;
const CONFIDENCE = /^- Confidence: (confirmed|secondary source|unconfirmed assumption|project decision)\b/m;

function repositoryFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  const files = out.split("\0").filter((f) => f !== "" && !f.split("/").includes("node_modules"));
  return [...new Set(files)].filter((f) => fs.existsSync(path.join(REPO_ROOT, f))).sort();
}

/** Text files only: a NUL byte marks a binary. */
function readText(file: string): string | undefined {
  const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
  return text.includes("\0") ? undefined : text;
}

interface Pointer {
  readonly file: string;
  readonly line: number;
  readonly anchor: string;
}

/** Every pointer into docs/sources.md that a file makes. */
export function pointersIn(file: string, text: string): Pointer[] {
  const pointers: Pointer[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/docs\/sources\.md#([\w-]+)/g)) {
      pointers.push({ file, line: i + 1, anchor: m[1] });
    }
    if (!file.endsWith(".md")) return;
    for (const m of line.matchAll(/\]\(([^)\s#]*)#([\w-]+)\)/g)) {
      const target = m[1] === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]));
      // A link written `docs/sources.md#x` was counted above already.
      if (target === SOURCES && !m[1].endsWith("docs/sources.md")) {
        pointers.push({ file, line: i + 1, anchor: m[2] });
      }
    }
  });
  return pointers;
}

describe("sources: facts are cited by public sources", () => {
  const files = repositoryFiles();
  const texts = new Map(files.map((f) => [f, readText(f)] as const));
  const sources = texts.get(SOURCES);

  it("has docs/sources.md", () => {
    assert.ok(sources, `${SOURCES} is missing`);
  });

  it("cites no file outside the repository (the design brief and reference notes beside it)", () => {
    const offenders = files
      .filter((f) => f !== SELF)
      .flatMap((f) =>
        (texts.get(f) ?? "")
          .split("\n")
          .flatMap((line, i) => (PRIVATE_NOTES.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    assert.deepEqual(offenders, [], `cite the public URL or a docs/sources.md entry instead:\n${offenders.join("\n")}`);
  });

  it("points only at anchors that docs/sources.md has", () => {
    const anchors = anchorsOf(sources ?? "");
    // This file's pointers are examples for the scanner, not citations.
    const pointers = files.filter((f) => f !== SELF).flatMap((f) => pointersIn(f, texts.get(f) ?? ""));
    assert.ok(pointers.length > 0, "no pointer into docs/sources.md was found: the scan is broken");
    const broken = pointers.filter((p) => !anchors.has(p.anchor)).map((p) => `${p.file}:${p.line}: #${p.anchor}`);
    assert.deepEqual(broken, [], `no such heading in ${SOURCES}:\n${broken.join("\n")}`);
  });

  it("states each entry's confidence, and a public URL for every fact it calls confirmed", () => {
    const entries = (sources ?? "").split(/^### /m).slice(1);
    assert.ok(entries.length > 0, `${SOURCES} has no entries`);
    const problems = entries.flatMap((entry) => {
      const title = entry.split("\n")[0];
      const confidence = CONFIDENCE.exec(entry);
      if (!confidence) return [`${title}: no "- Confidence:" line with a known value`];
      const needsUrl = confidence[1] === "confirmed" || confidence[1] === "secondary source";
      return needsUrl && !/https:\/\//.test(entry) ? [`${title}: ${confidence[1]} but no public URL`] : [];
    });
    assert.deepEqual(problems, []);
  });
});

describe("sources: GitHub anchors", () => {
  it("lower-cases, drops punctuation, hyphenates spaces and numbers repeats", () => {
    assert.equal(githubSlug("Route 53 request interval"), "route-53-request-interval");
    assert.equal(githubSlug("S3 Replication Time Control"), "s3-replication-time-control");
    assert.equal(githubSlug("Aurora in-Region failover"), "aurora-in-region-failover");
    assert.equal(githubSlug("Route 53: detection and DNS"), "route-53-detection-and-dns");
    assert.equal(githubSlug("`drMode` (config)"), "drmode-config");
    assert.deepEqual([...anchorsOf("# A\n## B\n```\n# not a heading\n```\n### B\n")], ["a", "b", "b-1"]);
  });

  it("finds pointers in code and relative Markdown links, and ignores other files' anchors", () => {
    const code = pointersIn("dr/x.ts", "// see docs/sources.md#elb-alias-ttl\n");
    assert.deepEqual(code, [{ file: "dr/x.ts", line: 1, anchor: "elb-alias-ttl" }]);
    const doc = pointersIn("docs/runbooks/x.md", "[a](../sources.md#dms-promotion) [b](failover.md#a1-step)\n");
    assert.deepEqual(doc, [{ file: "docs/runbooks/x.md", line: 1, anchor: "dms-promotion" }]);
    const self = pointersIn(SOURCES, "see [that](#dr-strategies)\n");
    assert.deepEqual(self, [{ file: SOURCES, line: 1, anchor: "dr-strategies" }]);
  });
});
