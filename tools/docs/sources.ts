import { CostReport, costReport, loadPriceTable, PriceTable, stackCostInput } from "../../cost-model";
import { DrTargets, formatDuration } from "../../dr";
import { StackConfig } from "../../stack-config";
import { ToolIo } from "../offline/cli";
import { Graph, sites } from "../offline/graph";
import { ConfigOverride, listStacks } from "../offline/stack-files";
import { loadTypedConfig } from "../offline/typed-config";

/**
 * What the generated blocks of the Markdown docs are computed from (tools/docs/blocks.ts): the renders they
 * quote, each read or rendered once per run, and the small formatters they share.
 */

/** The renders the blocks quote: every shipped stack, and prod with the other secondary cloud. */
export interface Variant {
  readonly label: string;
  readonly stack: string;
  readonly overrides: readonly ConfigOverride[];
}

export const STACKS: readonly Variant[] = listStacks().map((stack) => ({ label: stack, stack, overrides: [] }));
export const PROD: Variant = { label: "prod", stack: "prod", overrides: [] };
export const PROD_ON_GCP: Variant = {
  label: "prod, GCP secondary",
  stack: "prod",
  overrides: [["secondary.cloud", "gcp"]],
};
export const VARIANTS: readonly Variant[] = [...STACKS, PROD_ON_GCP];

/** Two mistakes in prod's config, for the example of what `pulumi up` and every tool print. */
export const CONFIG_MISTAKES: readonly ConfigOverride[] = [
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

export const pct = (x: number | undefined) => (x === undefined ? "–" : `${(x * 100).toFixed(1)} %`);
export const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
  [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
export const cloudName = (cloud: string) => (cloud === "aws" ? "AWS" : cloud === "gcp" ? "Google Cloud" : cloud);

export function secondaryOf(graph: Graph): string {
  const site = sites(graph).find((s) => s.role === "secondary");
  return site ? `${cloudName(site.cloud)} ${site.region}` : "none";
}

export const targetsText = (t: DrTargets | undefined) =>
  t ? `RTO ${formatDuration(t.rtoSeconds)}, RPO ${formatDuration(t.rpoSeconds)}` : "none";

export const passiveTarget = (r: CostReport) => r.targets.find((t) => t.name.startsWith("passive side"));
