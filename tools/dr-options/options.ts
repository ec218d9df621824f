import { computeObjectives, DrReport, DrTargets } from "../../dr";
import { costReport, PriceTable, stackCostInput } from "../../cost-model";
import { DR_MODES, DrMode, StackConfig } from "../../stack-config";
import { Graph } from "../offline/graph";
import { ConfigProblemsError } from "../offline/stack-files";

/** The secondary clouds a stack can choose (the DR options compared for each DR mode). */
export const SECONDARY_CLOUDS = ["aws", "gcp"] as const;
export type SecondaryCloud = (typeof SECONDARY_CLOUDS)[number];

/** One option: a DR mode on a secondary cloud, as the stack would be rendered with it. */
export interface DrOption {
  readonly cloud: SecondaryCloud;
  readonly mode: DrMode;
}

/** Every option, in the order the table shows them: cheapest modes first, AWS before Google Cloud. */
export const DR_OPTIONS: readonly DrOption[] = [...DR_MODES].flatMap((mode) =>
  SECONDARY_CLOUDS.map((cloud) => ({ cloud, mode })),
);

/** What one option costs and buys, from the same chain walk and cost model as `plan` and `cost`. */
export interface OptionRow extends DrOption {
  /** The config contract refuses the option for this stack (every problem, joined); nothing else is set. */
  readonly refused?: string;
  readonly monthly?: number;
  /** The passive side's monthly cost as a share of the active side's (DR links billed on the active site counted). */
  readonly passiveShare?: number;
  /** Counted lines whose price is unknown: the monthly figure leaves them out. */
  readonly unknownPrices?: number;
  /**
   * What the unknown prices can do to the passive share (cost-model/sides.ts): `lower` when they sit on the passive
   * side only (the share is a floor, as for a GCP secondary whose Cloud SQL has no price), `upper`, `either`, `exact`.
   */
  readonly passiveShareBound?: "exact" | "upper" | "lower" | "either";
  /** Scenario (a), the Region's loss: seconds until users are served and writes accepted. */
  readonly rtoSeconds?: number;
  /** A person is on the way: the RTO is a lower bound. */
  readonly rtoAtLeast?: boolean;
  readonly rpoSeconds?: number;
  readonly rpoBoundSeconds?: number;
  /** Within the stack's DR targets. */
  readonly meetsTargets?: boolean;
  /** What the option cannot survive: each scenario that misses, with its first reason; or why it cannot fail over. */
  readonly cannotSurvive: readonly string[];
}

/**
 * The config overrides that render an option: only what differs from the stack's own config (`current`), so the
 * option the stack already runs is the very render `plan` makes.
 */
export function overridesOf(o: DrOption, current?: DrOption): [string, string][] {
  return [
    ...(current?.cloud === o.cloud ? [] : [["secondary.cloud", o.cloud] as [string, string]]),
    ...(current?.mode === o.mode ? [] : [["drMode", o.mode] as [string, string]]),
  ];
}

/** Every option's row: the config contract asked first, then the program rendered (through `render`). */
export async function optionRows(
  current: DrOption,
  load: (overrides: [string, string][]) => StackConfig,
  render: (overrides: [string, string][]) => Promise<Graph>,
  table: PriceTable,
): Promise<OptionRow[]> {
  const rows: OptionRow[] = [];
  for (const option of DR_OPTIONS) {
    const overrides = overridesOf(option, current);
    let config: StackConfig;
    try {
      config = load(overrides);
    } catch (e) {
      // Only the config contract's refusal is a row; anything else (a missing stack file, a bug) is an error.
      if (!(e instanceof ConfigProblemsError)) throw e;
      const problems = e.message.split("\n").slice(1).join("; ").trim();
      rows.push({ ...option, refused: problems || e.message, cannotSurvive: [] });
      continue;
    }
    rows.push(optionRow(option, await render(overrides), config, table));
  }
  return rows;
}

/** An option's row from its rendered graph and config: cost, share, RTO and RPO, and what it cannot survive. */
export function optionRow(option: DrOption, graph: Graph, config: StackConfig, table: PriceTable): OptionRow {
  const cost = costReport(stackCostInput(graph, config, table));
  const dr: DrReport = computeObjectives(graph, graph.outputs.drTargets as DrTargets | undefined);
  const base = {
    ...option,
    monthly: cost.bill.total.monthly,
    passiveShare: cost.sides.inclusiveShare ?? cost.sides.share,
    unknownPrices: cost.bill.unknownPrices.length + cost.bill.unclassified.length,
    passiveShareBound: cost.sides.bound,
    meetsTargets: dr.meets === undefined ? undefined : dr.meets.rto && dr.meets.rpo,
  };
  if (dr.kind === "no-failover") {
    return { ...base, cannotSurvive: [`any Region loss: ${dr.reason}`] };
  }
  const missing = dr.scenarios
    .filter((s) => s.misses.length > 0)
    .map((s) => `(${s.letter}) ${s.title}: ${s.misses[0]}`);
  return {
    ...base,
    rtoSeconds: dr.rto.seconds,
    rtoAtLeast: dr.rto.atLeast,
    rpoSeconds: dr.rpo.seconds,
    rpoBoundSeconds: dr.rpoBound?.seconds,
    cannotSurvive: missing,
  };
}
