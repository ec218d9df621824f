import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { Graph } from "../../tools/offline/graph";
import { REPO_ROOT } from "../../tools/offline/stack-files";
import { render } from "../harness";

/**
 * The runbooks in docs/runbooks read the stack outputs during an event, from a saved
 * `pulumi stack output --json` file. A renamed or missing output turns into a failed command in the
 * middle of a failover, so every output path they name must exist in the rendered program.
 *
 * The convention (stated in failover.md, "Stack outputs this runbook assumes"):
 * - commands read an output as `out <path>` (a jq path into the saved outputs file), in fenced code
 *   blocks or inline code; `pulumi stack output <name> [--json | jq '.<path>']` and
 *   `jq '.<path>' "$OUTPUTS"` are understood too;
 * - prose names an output by its full path in backticks (`dnsFailover.recordFqdn`); such a span counts
 *   when its first segment is an output `index.ts` exports (so `app.example.com` is not one);
 * - the table at the top of failover.md lists each path with the secondary it applies to; the first
 *   cell of every row with a "secondary" cell (both, AWS, GCP) counts, whatever its name.
 *
 * A path is checked against prod with the AWS Tokyo secondary, prod with the GCP secondary, or both:
 * a table row by its "secondary" column, anything else by its section ("## A. AWS ...", "## B. Google
 * Cloud ..."; other sections apply to both).
 */

const RUNBOOKS = ["docs/runbooks/failover.md", "docs/runbooks/failback.md"];
const TABLE_RUNBOOK = "docs/runbooks/failover.md";
/**
 * The resilience drills' runbooks: they follow the same convention (`out <path>`, scoped by "AWS" and
 * "Google Cloud" headings) and every output they read must exist, but they are run while Seoul is up
 * and keep no assumed-outputs table of their own.
 */
const DRILL_RUNBOOKS = [
  "docs/runbooks/az-loss.md",
  "docs/runbooks/node-loss-and-autoscaling.md",
  "docs/runbooks/pod-autoscaling.md",
  "docs/runbooks/control-plane.md",
  "docs/runbooks/region-isolation.md",
];

type Scope = "aws" | "gcp" | "both";

export interface OutputReference {
  readonly file: string;
  readonly line: number;
  /** The jq-style path into the stack outputs: `secondarySite.clusterName`, `primarySite.publicSubnetIds[0]`. */
  readonly path: string;
  readonly scope: Scope;
  /** True when the reference is a row of the assumed-outputs table. */
  readonly table: boolean;
}

const SEGMENT = String.raw`[A-Za-z_][A-Za-z0-9_]*`;
const PATH = String.raw`${SEGMENT}(?:\.${SEGMENT}|\[\d+\])*`;
const OUT_CALL = new RegExp(String.raw`(?:^|[\s($"'\`;|&])out\s+["']?(${PATH})`, "g");
const JQ_ON_OUTPUTS = new RegExp(String.raw`\bjq\b[^|]*?["']\.(${PATH})["'][^|]*\$\{?OUTPUTS\b`, "g");
const JQ_FILTER = new RegExp(String.raw`["']\.(${PATH})["']`);
const BARE_PATH = new RegExp(String.raw`^${PATH}$`);
const STACK_OUTPUT = /\bpulumi\s+stack\s+output\b([^\n]*)/g;
/** `pulumi stack output` flags that take a value. */
const VALUED_FLAGS = new Set(["--stack", "-s", "--config-file", "--cwd", "-C"]);

/** The outputs `index.ts` exports: a backticked dotted path in prose is an output reference if it starts with one. */
export function exportedNames(source: string): Set<string> {
  return new Set([...source.matchAll(/^export\s+const\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]));
}

/** The path a `pulumi stack output ...` command line reads, if it names an output. */
function stackOutputPath(rest: string): string | undefined {
  const [command, ...piped] = rest.split("|");
  const tokens = command.trim().split(/\s+/).filter(Boolean);
  let name: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (/^[<>]|^\d?>/.test(token) || token === ";" || token === "&&") {
      break;
    }
    if (token.startsWith("-")) {
      if (VALUED_FLAGS.has(token)) {
        i++;
      }
      continue;
    }
    name = token.replace(/^["']|["'`)]+$/g, "");
    break;
  }
  if (!name || !new RegExp(`^${SEGMENT}$`).test(name)) {
    return undefined;
  }
  const jq = piped.find((p) => /^\s*jq\b/.test(p));
  const filter = jq?.match(JQ_FILTER)?.[1];
  return filter ? `${name}.${filter}` : name;
}

/** The output paths one piece of shell (a code line or an inline code span) reads. */
function pathsInCode(code: string): string[] {
  const found = [...code.matchAll(OUT_CALL)].map((m) => m[1]);
  found.push(...[...code.matchAll(JQ_ON_OUTPUTS)].map((m) => m[1]));
  for (const m of code.matchAll(STACK_OUTPUT)) {
    const p = stackOutputPath(m[1]);
    if (p) {
      found.push(p);
    }
  }
  return found;
}

function sectionScope(heading: string): Scope {
  if (/^##\s+A\.|\bAWS\b/.test(heading)) {
    return "aws";
  }
  if (/^##\s+B\.|\bGoogle Cloud\b|\bGCP\b/.test(heading)) {
    return "gcp";
  }
  return "both";
}

/** Every output reference in a runbook's markdown. */
export function extractReferences(file: string, markdown: string, exported: Set<string>): OutputReference[] {
  const refs: OutputReference[] = [];
  let scope: Scope = "both";
  let fenced = false;
  markdown.split("\n").forEach((text, index) => {
    const line = index + 1;
    const add = (p: string, s: Scope, table = false) => refs.push({ file, line, path: p, scope: s, table });
    if (/^\s*(```|~~~)/.test(text)) {
      fenced = !fenced;
      return;
    }
    if (fenced) {
      pathsInCode(text).forEach((p) => add(p, scope));
      return;
    }
    if (/^##\s/.test(text)) {
      scope = sectionScope(text);
      return;
    }
    const cells = text.startsWith("|") ? text.split("|").map((c) => c.trim()) : [];
    const rowScope = cells.map((c) => c.toLowerCase()).find((c): c is Scope => ["aws", "gcp", "both"].includes(c));
    for (const [cell, index] of cells.length ? cells.map((c, i) => [c, i] as const) : [[text, -1] as const]) {
      for (const span of cell.matchAll(/`([^`]+)`/g)) {
        const code = span[1].trim();
        const inCode = pathsInCode(code);
        if (inCode.length) {
          inCode.forEach((p) => add(p, rowScope ?? scope));
        } else if (rowScope && index === 1 && BARE_PATH.test(code)) {
          // The first cell of a row with a "secondary" column: the assumed-outputs table, whatever the name.
          add(code, rowScope, true);
        } else if (BARE_PATH.test(code) && exported.has(code.split(/[.[]/)[0])) {
          add(code, rowScope ?? scope);
        }
      }
    }
  });
  return refs;
}

/** Whether a jq-style path exists in the outputs (a value of undefined is not exported at all). */
export function hasPath(outputs: unknown, p: string): boolean {
  let value: unknown = outputs;
  for (const segment of p.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (segment.startsWith("[")) {
      const i = Number(segment.slice(1, -1));
      if (!Array.isArray(value) || i >= value.length) {
        return false;
      }
      value = value[i];
    } else {
      if (value === null || typeof value !== "object" || Array.isArray(value) || !(segment in value)) {
        return false;
      }
      value = (value as Record<string, unknown>)[segment];
    }
    if (value === undefined) {
      return false;
    }
  }
  return true;
}

const VARIANTS = [
  { scope: "aws" as const, label: "prod (AWS Tokyo secondary)", options: { stack: "prod" } },
  {
    scope: "gcp" as const,
    label: "prod with the GCP secondary",
    options: { stack: "prod", overrides: [["secondary.cloud", "gcp"] as const] },
  },
];

const readRepoFile = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
const where = (r: OutputReference) => `${r.file}:${r.line} ${r.path}`;

describe("runbooks: extracting output references", () => {
  const exported = new Set(["primarySite", "secondarySite", "dnsFailover", "database"]);

  it("reads out calls, pulumi stack output commands, jq on the outputs file and backticked prose paths", () => {
    const markdown = [
      "## Stack outputs",
      "| output | secondary | what |",
      "| `dnsFailover.recordFqdn` | both | the name, e.g. `app.example.com` |",
      "| `secondarySite.project` | GCP | the project |",
      "| `dns.healthCheckId` | AWS | a stale name |",
      "Prose about `primarySite.region`, `dr/constants.ts`, `app.example.com` and `primary.nodeGroups.*`.",
      "## A. AWS Tokyo secondary",
      "```sh",
      'out() { jq -er ".$1" "$OUTPUTS"; }   # out dnsFailover.primaryHealthCheckId; a comment',
      "X=\"$(out secondarySite.region)\"; for NG in $(out secondarySite.nodeGroupNames | jq -r '.[]'); do :; done",
      "pulumi stack output --stack \"$STACK\" secondarySite --json | jq -r '.databaseClusterArn'",
      'pulumi stack output --stack "$STACK" --json > "dr-outputs-$STACK.json"',
      "pulumi stack output primaryKubeconfig --show-secrets > kubeconfig",
      "jq -r '.primarySite.publicSubnetIds[0]' \"$OUTPUTS\"",
      "aws secretsmanager get-secret-value --query SecretString --output text | jq -r .password",
      "```",
      "Use `database.bogusOutput` and `$(out dns.recordFqdn)`; the output of the job is ignored.",
      "## B. Google Cloud secondary",
      "As A1: `out secondarySite.loadBalancerIp`.",
    ].join("\n");
    const refs = extractReferences("x.md", markdown, exported).map((r) => [r.line, r.path, r.scope, r.table]);
    assert.deepEqual(refs, [
      [3, "dnsFailover.recordFqdn", "both", true],
      [4, "secondarySite.project", "gcp", true],
      [5, "dns.healthCheckId", "aws", true],
      [6, "primarySite.region", "both", false],
      [9, "dnsFailover.primaryHealthCheckId", "aws", false],
      [10, "secondarySite.region", "aws", false],
      [10, "secondarySite.nodeGroupNames", "aws", false],
      [11, "secondarySite.databaseClusterArn", "aws", false],
      [13, "primaryKubeconfig", "aws", false],
      [14, "primarySite.publicSubnetIds[0]", "aws", false],
      [17, "database.bogusOutput", "aws", false],
      [17, "dns.recordFqdn", "aws", false],
      [19, "secondarySite.loadBalancerIp", "gcp", false],
    ]);
  });

  it("follows paths into objects and arrays, and finds nothing where nothing is", () => {
    const outputs = { a: { b: [{ c: 1 }], d: null, e: "" } };
    assert.ok(hasPath(outputs, "a.b[0].c"));
    assert.ok(hasPath(outputs, "a.d"));
    assert.ok(hasPath(outputs, "a.e"));
    assert.ok(!hasPath(outputs, "a.b[1]"));
    assert.ok(!hasPath(outputs, "a.e.length"), "a string has no output keys");
    assert.ok(!hasPath(outputs, "a.x"));
    assert.ok(!hasPath(outputs, "x"));
  });
});

describe("runbooks: every stack output they read exists", () => {
  const exported = exportedNames(readRepoFile("index.ts"));
  const refs = RUNBOOKS.flatMap((file) => extractReferences(file, readRepoFile(file), exported));
  const drillRefs = DRILL_RUNBOOKS.flatMap((file) => extractReferences(file, readRepoFile(file), exported));
  const graphs = new Map<"aws" | "gcp", Graph>();

  before(async () => {
    for (const variant of VARIANTS) {
      const graph = await render(variant.options);
      const secondary = graph.outputs.secondarySite as { cloud?: string } | undefined;
      assert.equal(secondary?.cloud, variant.scope, `${variant.label} renders a ${variant.scope} secondary`);
      graphs.set(variant.scope, graph);
    }
  });

  it("finds the references of both runbooks (the convention is in use)", () => {
    for (const file of RUNBOOKS) {
      assert.ok(refs.filter((r) => r.file === file && !r.table).length >= 5, `${file} reads outputs with out <path>`);
    }
    assert.ok(refs.filter((r) => r.table).length >= 10, `${TABLE_RUNBOOK} has the assumed-outputs table`);
    for (const file of DRILL_RUNBOOKS) {
      assert.ok(drillRefs.filter((r) => r.file === file).length >= 5, `${file} reads outputs with out <path>`);
    }
  });

  for (const variant of VARIANTS) {
    it(`references only outputs that ${variant.label} exports`, () => {
      const outputs = graphs.get(variant.scope)!.outputs;
      const missing = [...refs, ...drillRefs]
        .filter((r) => r.scope === variant.scope || r.scope === "both")
        .filter((r) => !hasPath(outputs, r.path))
        .map(where);
      if (missing.length) {
        assert.fail(`the runbooks reference outputs ${variant.label} does not export:\n  ${missing.join("\n  ")}`);
      }
    });
  }

  it(`lists every output the runbooks read in the table of ${TABLE_RUNBOOK}, for the right secondary`, () => {
    const table = new Map(refs.filter((r) => r.table).map((r) => [r.path, r.scope]));
    const problems = refs
      .filter((r) => !r.table)
      .flatMap((r) => {
        const listed = table.get(r.path);
        if (!listed) {
          return [`${where(r)}: not in the table`];
        }
        return listed === "both" || listed === r.scope
          ? []
          : [`${where(r)}: used for ${r.scope}, listed for ${listed}`];
      });
    if (problems.length) {
      assert.fail(`the assumed-outputs table is out of date:\n  ${problems.join("\n  ")}`);
    }
  });
});
