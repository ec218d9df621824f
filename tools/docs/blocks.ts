import { planAwsSubnets } from "../../components/network/subnet-plan";
import {
  CostReport,
  costReport,
  loadPriceTable,
  PriceTable,
  stackCostInput,
  stackFigures,
  usd,
} from "../../cost-model";
import { computeObjectives, DrTargets, formatCompact, formatDuration, formatObjectives, formatSummary } from "../../dr";
import { StackConfig } from "../../stack-config";
import { configKeyTable, profileTable } from "../../stack-config/reference";
import { ToolIo } from "../offline/cli";
import { cloudResources, Graph, sites } from "../offline/graph";
import { formatMermaid } from "../offline/mermaid";
import { ConfigOverride, ConfigProblemsError, listStacks } from "../offline/stack-files";
import { loadTypedConfig } from "../offline/typed-config";
import { ruleTable } from "../policy/rule-table";
import { formatOptions } from "../dr-options/format";
import { optionRows } from "../dr-options/options";

/**
 * The generated blocks of the Markdown docs (`<!-- generated:NAME -->`): what each is computed from. The
 * command that rewrites and checks them is tools/docs.ts.
 */

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
export class Sources {
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

  /** The dated price table, read once. */
  priceTable(): PriceTable {
    this.prices ??= loadPriceTable();
    return this.prices;
  }

  /** The cost report as `npm run cost` prints it. */
  cost(v: Variant): Promise<CostReport> {
    if (!this.costs.has(v.label)) {
      this.prices ??= loadPriceTable();
      const table = this.prices;
      const config = this.config(v);
      this.costs.set(
        v.label,
        this.graph(v).then((graph) => costReport(stackCostInput(graph, config, table))),
      );
    }
    return this.costs.get(v.label)!;
  }
}

export interface BlockGenerator {
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
  "dr-verdicts": {
    description: "each stack's DR summary and its scenarios' verdicts, one line each (the short form of dr-objectives)",
    async produce(s) {
      const width = Math.max(...VARIANTS.map((v) => v.label.length)) + 2;
      const lines: string[] = [];
      for (const v of VARIANTS) {
        const graph = await s.graph(v);
        const report = computeObjectives(graph, graph.outputs.drTargets as DrTargets | undefined);
        lines.push(`${v.label.padEnd(width)}${formatSummary(report)}`, `${" ".repeat(width)}${formatCompact(report)}`);
        if (report.kind === "failover" && report.offHours !== undefined) {
          lines.push(`${" ".repeat(width)}${report.offHours}`);
        }
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
          target
            ? `<= ${pct(target.target)}: ${target.meets ? "meets" : "misses"}${target.accepted?.holds ? ` (accepted up to ${pct(target.accepted.upTo)})` : ""}`
            : "–",
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
  "region-comparison": {
    description:
      "each shipped site priced in Seoul and Tokyo (or asia-northeast3 and asia-northeast1), as `npm run cost -- --region` prints it",
    async produce(s) {
      const regions = [
        "ap-northeast-2",
        "ap-northeast-1",
        "us-east-1",
        "asia-northeast3",
        "asia-northeast1",
        "us-central1",
      ];
      const rows: string[][] = [];
      for (const v of STACKS) {
        const report = costReport({ ...stackCostInput(await s.graph(v), s.config(v), s.priceTable()), regions });
        for (const c of report.regions) {
          rows.push([
            `${v.label} ${c.role} (${cloudName(c.cloud)})`,
            c.options
              .map((o) => `${o.region} ${usd(o.comparable)} (${pct(o.lowConfidenceShare)} low-confidence)`)
              .join("; "),
            c.cheapest === c.current ? `${c.cheapest} (where it is)` : c.cheapest,
          ]);
        }
      }
      return table(["site", "comparable cost per region (share resting on low-confidence prices)", "cheapest"], rows);
    },
  },
  "dr-options-prod": {
    description: "prod under every DR mode and secondary cloud, as `npm run dr-options -- prod` prints it",
    async produce(s) {
      const config = s.config(PROD);
      const rows = await optionRows(
        { cloud: config.secondary.cloud, mode: config.drMode },
        (overrides) => loadTypedConfig(PROD.stack, overrides),
        (overrides) => s.graph({ label: `prod ${JSON.stringify(overrides)}`, stack: PROD.stack, overrides }),
        s.priceTable(),
      );
      // The table and what each option cannot survive, without the command's title line.
      return [
        "```text",
        ...formatOptions("prod", `${config.secondary.cloud} ${config.drMode}`, rows).split("\n").slice(2),
        "```",
      ].join("\n");
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
            `${v.label} (\`${report.drMode}\`) ${pct(target.measured)} of its active side, target ${pct(target.target)}` +
              (target.accepted?.holds ? `, accepted up to ${pct(target.accepted.upTo)} in its stack file` : ""),
          );
        }
      }
      return misses.length > 0 ? misses.join("; ") : "every shipped stack meets its passive-share target";
    },
  },
  "passive-lines": {
    description: "per stack, the passive side's largest lines (DR links included) against what its target allows",
    async produce(s) {
      const rows: string[][] = [];
      for (const v of VARIANTS) {
        const report = await s.cost(v);
        const target = passiveTarget(report);
        const links = report.sides.drLinks.reduce((a, l) => a + l.monthly, 0);
        const allowed = target ? target.target * (report.sides.active - links) : undefined;
        const lines = report.sides.passiveLines.slice(0, 4).map((l) => `${l.label} ${usd(l.monthly)}`);
        rows.push([
          v.label,
          `\`${report.drMode ?? "?"}\``,
          usd(report.sides.passive + links),
          allowed === undefined ? "–" : `${usd(allowed)} (${pct(target!.target)})`,
          lines.join("; "),
        ]);
      }
      return table(["stack", "DR mode", "passive + DR links", "the target allows", "largest lines"], rows);
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
