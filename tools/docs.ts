import * as fs from "fs";
import * as path from "path";
import * as prettier from "prettier";
import { planAwsSubnets } from "../components/network/subnet-plan";
import { CostReport, costReport, loadPriceTable, PriceTable, stackFigures, usd } from "../cost-model";
import { computeObjectives, DrTargets, formatDuration, formatObjectives } from "../dr";
import { ENVIRONMENTS, StackConfig } from "../stack-config";
import { parseCommandLine, runAsCommand, ToolIo, UsageError, withExitCodes, writeFor } from "./offline/cli";
import { cloudResources, Graph, sites } from "./offline/graph";
import { formatMermaid } from "./offline/mermaid";
import { configKeyTable, profileTable } from "../stack-config/reference";
import { withGeneratedProjectConfig } from "./offline/project-config";
import { POLICY_CONFIG_DIR, policyConfigText } from "./policy/environment-config";
import { ConfigOverride, ConfigProblemsError, listStacks, REPO_ROOT } from "./offline/stack-files";
import { loadTypedConfig } from "./offline/typed-config";
import { ruleTable } from "./policy/rule-table";

const USAGE = `Usage: npm run docs [-- --check] [FILE...]

Rewrites the generated blocks of README.md and docs/**/*.md from the code, so that no figure the docs quote
can drift from what the program builds. A block is the text between
  <!-- generated:NAME -->  and  <!-- /generated:NAME -->
and NAME says what produces it (run with --list to see them). Without FILE arguments it also rewrites what
is generated outside the docs: Pulumi.yaml's \`config:\` declarations (from the config schema) and
policy/config/<env>.json (from the environment profile table). Files are formatted with the repository's
Prettier settings, so \`prettier --check\` agrees with the result.

Options:
  --check    change nothing; exit 1 naming every stale block (tests/tools/docs.test.ts runs this)
  --list     print the block names and what produces each
  FILE...    only these Markdown files (default: README.md and every docs/**/*.md)

Exit codes: 0 every block up to date (or rewritten), 1 a stale block with --check, or a block whose markers
are wrong (unknown NAME, unclosed, nested), 2 usage, 3 unexpected failure.`;

/** The renders the blocks quote: every shipped stack, and prod with the other secondary cloud. */
interface Variant {
  readonly label: string;
  readonly stack: string;
  readonly overrides: readonly ConfigOverride[];
}

const STACKS: readonly Variant[] = listStacks().map((stack) => ({ label: stack, stack, overrides: [] }));
const PROD: Variant = { label: "prod", stack: "prod", overrides: [] };
const PROD_ON_GCP: Variant = { label: "prod, GCP secondary", stack: "prod", overrides: [["secondary.cloud", "gcp"]] };
const VARIANTS: readonly Variant[] = [...STACKS, PROD_ON_GCP];

/** Two mistakes in prod's config, for the example of what `pulumi up` and every tool print. */
const CONFIG_MISTAKES: readonly ConfigOverride[] = [
  ["secondary.aws.region", "ap-northeast-2"],
  ["primary.azCount", 2],
];

/** What the blocks are computed from, each read or rendered once per run. */
class Sources {
  private readonly graphs = new Map<string, Promise<Graph>>();
  private readonly configs = new Map<string, StackConfig>();
  private readonly costs = new Map<string, Promise<CostReport>>();
  private prices?: PriceTable;

  constructor(private readonly io: ToolIo) {}

  graph(v: Variant): Promise<Graph> {
    if (!this.graphs.has(v.label)) {
      // Without overrides the options are just the stack, the same render the test harness caches.
      const options = v.overrides.length > 0 ? { stack: v.stack, overrides: v.overrides } : { stack: v.stack };
      this.graphs.set(v.label, this.io.render(options));
    }
    return this.graphs.get(v.label)!;
  }

  config(v: Variant): StackConfig {
    if (!this.configs.has(v.label)) {
      this.configs.set(v.label, loadTypedConfig(v.stack, v.overrides));
    }
    return this.configs.get(v.label)!;
  }

  /** The cost report as `npm run cost` prints it. */
  cost(v: Variant): Promise<CostReport> {
    if (!this.costs.has(v.label)) {
      this.prices ??= loadPriceTable();
      const table = this.prices;
      const config = this.config(v);
      this.costs.set(
        v.label,
        this.graph(v).then((graph) =>
          costReport({
            graph,
            table,
            schedule: config.schedule,
            teardownAllowed: config.teardown.allowed,
            drMode: config.drMode,
            environment: config.environment,
          }),
        ),
      );
    }
    return this.costs.get(v.label)!;
  }
}

interface BlockGenerator {
  /** What the block holds and where it comes from (printed by --list). */
  readonly description: string;
  produce(sources: Sources): Promise<string>;
}

const pct = (x: number | undefined) => (x === undefined ? "–" : `${(x * 100).toFixed(1)} %`);
const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
  [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
const cloudName = (cloud: string) => (cloud === "aws" ? "AWS" : cloud === "gcp" ? "Google Cloud" : cloud);

function secondaryOf(graph: Graph): string {
  const site = sites(graph).find((s) => s.role === "secondary");
  return site ? `${cloudName(site.cloud)} ${site.region}` : "none";
}

const targetsText = (t: DrTargets | undefined) =>
  t ? `RTO ${formatDuration(t.rtoSeconds)}, RPO ${formatDuration(t.rpoSeconds)}` : "none";

const passiveTarget = (r: CostReport) => r.targets.find((t) => t.name.startsWith("passive side"));

/**
 * Every block the docs may hold, by name. Each is computed by the code that owns the figure: the renderer
 * (tools/offline), the DR model (dr/), the cost model (cost-model/), the diagram (tools/offline/mermaid.ts),
 * the policy pack (tools/policy/rule-table.ts) and the subnet plan (components/network/subnet-plan.ts).
 */
export const GENERATED_BLOCKS: Readonly<Record<string, BlockGenerator>> = {
  "stack-matrix": {
    description: "per shipped stack (and prod on GCP): sites, DR mode, targets and resource count, from the renders",
    async produce(s) {
      const rows: string[][] = [];
      for (const v of VARIANTS) {
        const graph = await s.graph(v);
        const config = s.config(v);
        const primary = sites(graph).find((site) => site.role === "primary");
        const nats = (primary?.resources ?? []).filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length;
        rows.push([
          v.label,
          `AWS ${config.primary.region}, ${config.primary.azCount} AZs`,
          `${nats} (${config.primary.natGateways === "single" ? "single" : "one per AZ"})`,
          secondaryOf(graph),
          `\`${config.drMode}\``,
          targetsText(config.drTargets),
          String(cloudResources(graph).length),
        ]);
      }
      return table(
        ["stack", "primary", "NAT gateways", "secondary", "DR mode", "DR targets", "resources in the offline plan"],
        rows,
      );
    },
  },
  "dr-objectives": {
    description: "the DR report `npm run plan` prints, per shipped stack and prod on GCP (dr/)",
    async produce(s) {
      const width = Math.max(...VARIANTS.map((v) => v.label.length)) + 2;
      const lines: string[] = [];
      for (const v of VARIANTS) {
        const graph = await s.graph(v);
        const report = formatObjectives(computeObjectives(graph, graph.outputs.drTargets as DrTargets | undefined));
        const [first, ...notes] = report.split("\n");
        lines.push(`${v.label.padEnd(width)}${first}`, ...notes.map((n) => `${" ".repeat(width)}${n}`));
      }
      return ["```text", ...lines, "```"].join("\n");
    },
  },
  "cost-summary": {
    description: "monthly cost, passive share and schedule saving per stack, as `npm run cost` prices them",
    async produce(s) {
      const rows: string[][] = [];
      for (const v of VARIANTS) {
        const report = await s.cost(v);
        const f = stackFigures(report);
        const target = passiveTarget(report);
        const floor = report.targets.find((t) => t.comparison === ">=");
        const saving =
          f.scheduleSaving === undefined
            ? "none"
            : `${usd(f.scheduleSaving)}, ${pct(f.scheduleComputeShare)} of compute` +
              (floor ? ` (target >= ${pct(floor.target)}: ${floor.meets ? "meets" : "misses"})` : "");
        rows.push([
          v.label,
          `\`${report.drMode ?? "?"}\`, ${secondaryOf(await s.graph(v))}`,
          usd(f.total),
          usd(f.primary),
          usd(f.secondary),
          pct(f.inclusiveShare),
          target ? `<= ${pct(target.target)}: ${target.meets ? "meets" : "misses"}` : "–",
          saving,
          String(f.unknownPrices),
        ]);
      }
      return table(
        [
          "stack",
          "DR mode, secondary",
          "per month",
          "primary",
          "secondary",
          "passive share",
          "target",
          "schedule saving",
          "unknown prices",
        ],
        rows,
      );
    },
  },
  "passive-share": {
    description: "one line (inline): the shipped stacks whose passive side misses its cost target",
    async produce(s) {
      const misses: string[] = [];
      for (const v of STACKS) {
        const report = await s.cost(v);
        const target = passiveTarget(report);
        if (target && target.meets === false) {
          misses.push(
            `${v.label} (\`${report.drMode}\`) ${pct(target.measured)} of its active side, target ${pct(target.target)}`,
          );
        }
      }
      return misses.length > 0 ? misses.join("; ") : "every shipped stack meets its passive-share target";
    },
  },
  "diagram-prod": {
    description: "the Mermaid diagram of prod (`npm run plan -- prod --mermaid FILE`)",
    async produce(s) {
      return ["```mermaid", formatMermaid(await s.graph(PROD)), "```"].join("\n");
    },
  },
  "diagram-prod-gcp": {
    description: "the Mermaid diagram of prod with the Google Cloud secondary",
    async produce(s) {
      return ["```mermaid", formatMermaid(await s.graph(PROD_ON_GCP)), "```"].join("\n");
    },
  },
  "policy-rules": {
    description: "the policy rules and their level per environment (tools/policy/rule-table.ts)",
    async produce() {
      return ruleTable();
    },
  },
  "config-error-example": {
    description: "what the config validation prints for two mistakes in prod's config (stack-config/)",
    async produce() {
      try {
        loadTypedConfig(PROD.stack, CONFIG_MISTAKES);
      } catch (err) {
        if (err instanceof ConfigProblemsError) {
          return ["```text", err.message, "```"].join("\n");
        }
        throw err;
      }
      throw new Error(`prod's config with ${JSON.stringify(CONFIG_MISTAKES)} was accepted: pick mistakes it refuses`);
    },
  },
  "config-keys": {
    description: "every key of the stack config with type, default and description (stack-config/reference.ts)",
    async produce() {
      return configKeyTable();
    },
  },
  "environment-profiles": {
    description: "what each environment requires and allows (stack-config/profiles.ts)",
    async produce() {
      return profileTable();
    },
  },
  "subnet-plan": {
    description: "prod's primary subnets per AZ (components/network/subnet-plan.ts)",
    async produce(s) {
      const { vpcCidr, azCount } = s.config(PROD).primary;
      const rows = planAwsSubnets(vpcCidr, azCount).map((az, i) => [
        String(i + 1),
        `\`${az.private}\``,
        `\`${az.public}\``,
        `\`${az.isolated}\``,
      ]);
      return [
        `prod's primary VPC \`${vpcCidr}\` across ${azCount} AZs:`,
        "",
        table(["AZ ordinal", "private (nodes and pods)", "public (load balancers, NAT)", "isolated (data)"], rows),
      ].join("\n");
    },
  },
};

/** One generated block in a Markdown text: `start`..`end` is its content, between the two markers. */
export interface Block {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** Written inside a line of prose, rather than as its own paragraph. */
  readonly inline: boolean;
}

const MARKER = /<!-- (\/?)generated:([\w-]+) -->/g;

/** Where fenced code blocks are: a marker shown inside one is an example, not a block. */
function fencedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let open: number | undefined;
  for (const m of text.matchAll(/^ {0,3}(```|~~~)/gm)) {
    if (open === undefined) {
      open = m.index;
    } else {
      ranges.push([open, m.index]);
      open = undefined;
    }
  }
  return open === undefined ? ranges : [...ranges, [open, text.length]];
}

/** The blocks of a Markdown text, and what is wrong with its markers. */
export function findBlocks(text: string): { blocks: Block[]; problems: string[] } {
  const blocks: Block[] = [];
  const problems: string[] = [];
  const line = (index: number) => text.slice(0, index).split("\n").length;
  const fenced = fencedRanges(text);
  // In a code span (`<!-- generated:x -->`) or a fenced block, a marker is shown, not used.
  const shown = (at: number) => text[at - 1] === "`" || fenced.some(([from, to]) => at > from && at < to);
  let open: { name: string; start: number; at: number } | undefined;
  for (const m of text.matchAll(MARKER)) {
    const [marker, closing, name] = m;
    const at = m.index;
    if (shown(at)) {
      continue;
    }
    if (!closing) {
      if (open) {
        problems.push(`line ${line(at)}: block "${name}" starts inside block "${open.name}" (line ${line(open.at)})`);
      }
      open = { name, start: at + marker.length, at };
    } else if (!open || open.name !== name) {
      problems.push(`line ${line(at)}: <!-- /generated:${name} --> closes no open block "${name}"`);
    } else {
      blocks.push({ name, start: open.start, end: at, inline: text[open.start] !== "\n" });
      open = undefined;
    }
  }
  if (open) {
    problems.push(`line ${line(open.at)}: block "${open.name}" is never closed (<!-- /generated:${open.name} -->)`);
  }
  for (const b of blocks) {
    if (!Object.hasOwn(GENERATED_BLOCKS, b.name)) {
      problems.push(`line ${line(b.start)}: unknown block "${b.name}" (npm run docs -- --list)`);
    }
  }
  return { blocks, problems };
}

/** The text with each block's content replaced; a paragraph block gets blank lines around its content. */
export function fillBlocks(text: string, blocks: readonly Block[], contents: ReadonlyMap<string, string>): string {
  let out = text;
  for (const b of [...blocks].sort((x, y) => y.start - x.start)) {
    const content = contents.get(b.name)!;
    out = `${out.slice(0, b.start)}${b.inline ? content : `\n\n${content}\n\n`}${out.slice(b.end)}`;
  }
  return out;
}

async function formatMarkdown(text: string): Promise<string> {
  // The repository's settings, also for a copy outside it (the tests check one in a temporary folder).
  const options = (await prettier.resolveConfig(path.join(REPO_ROOT, "README.md"))) ?? {};
  return prettier.format(text, { ...options, parser: "markdown" });
}

function markdownFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? markdownFiles(path.join(dir, e.name)) : e.name.endsWith(".md") ? [path.join(dir, e.name)] : [],
    )
    .sort();
}

const defaultFiles = () => [path.join(REPO_ROOT, "README.md"), ...markdownFiles(path.join(REPO_ROOT, "docs"))];

const labelOf = (file: string) => {
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
};

/** `npm run docs`: rewrite (or with --check, verify) the generated blocks of the Markdown docs. */
export function main(argv: readonly string[], io: ToolIo): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values, positionals } = parseCommandLine(argv, {
      allowPositionals: true,
      options: {
        check: { type: "boolean", default: false },
        list: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (values.list) {
      io.out(
        Object.entries(GENERATED_BLOCKS)
          .map(([name, g]) => `${name}: ${g.description}`)
          .join("\n"),
      );
      return 0;
    }
    const files = positionals.length > 0 ? positionals.map((f) => path.resolve(f)) : defaultFiles();
    for (const file of files) {
      if (!file.endsWith(".md") || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        throw new UsageError(`${file}: not a Markdown file`);
      }
    }

    const sources = new Sources(io);
    const contents = new Map<string, string>();
    const stale: string[] = [];
    const broken: string[] = [];
    let count = 0;
    let rewritten = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      const { blocks, problems } = findBlocks(text);
      if (problems.length > 0) {
        broken.push(...problems.map((p) => `${labelOf(file)}: ${p}`));
        continue;
      }
      if (blocks.length === 0) {
        continue;
      }
      for (const b of blocks) {
        if (!contents.has(b.name)) {
          contents.set(b.name, await GENERATED_BLOCKS[b.name].produce(sources));
        }
      }
      const expected = await formatMarkdown(fillBlocks(text, blocks, contents));
      const fresh = findBlocks(expected).blocks;
      const staleHere = blocks
        .filter((b, i) => text.slice(b.start, b.end) !== expected.slice(fresh[i].start, fresh[i].end))
        .map((b) => b.name);
      count += blocks.length;
      if (staleHere.length === 0) {
        continue;
      }
      if (values.check) {
        stale.push(...staleHere.map((name) => `${labelOf(file)}: ${name}`));
      } else {
        writeFor("", file, expected);
        rewritten += staleHere.length;
        io.out(`rewrote ${labelOf(file)}: ${staleHere.join(", ")}`);
      }
    }
    if (positionals.length === 0) {
      // Pulumi.yaml's `config:` declarations come from the schema too (stack-config/reference.ts).
      const projectFile = path.join(REPO_ROOT, "Pulumi.yaml");
      const current = fs.readFileSync(projectFile, "utf8");
      const options = (await prettier.resolveConfig(projectFile)) ?? {};
      const expected = await prettier.format(withGeneratedProjectConfig(current), { ...options, parser: "yaml" });
      count += 1;
      if (expected !== current) {
        if (values.check) {
          stale.push("Pulumi.yaml: config");
        } else {
          writeFor("", projectFile, expected);
          rewritten += 1;
          io.out("rewrote Pulumi.yaml: config");
        }
      }
    }
    if (positionals.length === 0) {
      // policy/config/<env>.json come from the environment profile table (tools/policy/environment-config.ts).
      for (const environment of ENVIRONMENTS) {
        const file = path.join(POLICY_CONFIG_DIR, `${environment}.json`);
        const expected = await policyConfigText(environment);
        count += 1;
        if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== expected) {
          if (values.check) {
            stale.push(labelOf(file));
          } else {
            writeFor("", file, expected);
            rewritten += 1;
            io.out(`rewrote ${labelOf(file)}`);
          }
        }
      }
    }
    if (broken.length > 0) {
      io.err(`generated blocks with wrong markers (nothing written in their files):\n  - ${broken.join("\n  - ")}`);
    }
    if (stale.length > 0) {
      io.err(`stale generated blocks (run \`npm run docs\` to rewrite them):\n  - ${stale.join("\n  - ")}`);
      return 1;
    }
    io.out(
      rewritten > 0
        ? `${count} generated block(s), ${rewritten} rewritten`
        : `${count} generated block(s), all up to date`,
    );
    return broken.length > 0 ? 1 : 0;
  });
}

runAsCommand(module, main);
