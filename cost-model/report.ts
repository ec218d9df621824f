/** One call from a graph to the whole cost report. */
import { componentPath, Graph } from "@dr-platform/model";
import { DrMode, Environment, ScheduleConfig } from "../stack-config/schema";
import { Bill, priceMetering } from "./bill";
import { DEFAULT_ASSUMPTIONS, meterGraph } from "./meter";
import { CostAssumptions } from "./meter-types";
import { PriceGap, priceGaps } from "./price-gaps";
import { loadPriceTable, notFoundEntry, PriceTable } from "./price-table";
import { compareRegions, SiteComparison } from "./regions";
import { ScheduleSaving, scheduleSaving, TeardownSaving, teardownSaving } from "./schedule";
import { DR_LINK_TYPES, scheduledSides, ScheduledSides, sides, Sides } from "./sides";
import { checkTargets, PassiveShareAccepted, TargetCheck } from "./targets";

export interface CostInput {
  readonly graph: Graph;
  /** @default cost-model/prices.json */
  readonly table?: PriceTable;
  /** The stack's off-hours schedule, when it has one. */
  readonly schedule?: ScheduleConfig;
  /** The stack may be torn down nightly (`teardown.allowed`): off-hours.yml destroys it on the schedule. */
  readonly teardownAllowed?: boolean;
  readonly drMode?: DrMode;
  readonly environment?: Environment;
  readonly assumptions?: CostAssumptions;
  /** A reviewed exception to the passive-share target (the stack's `passiveShareAccepted`). */
  readonly passiveShareAccepted?: PassiveShareAccepted;
  /** Regions to price each site in as well (same cloud only). */
  readonly regions?: readonly string[];
}

/** What a stack's config tells the cost model: its schedule, teardown, DR mode and environment. */
export interface StackCostSettings {
  readonly schedule?: ScheduleConfig;
  readonly teardown: { readonly allowed: boolean };
  readonly drMode: DrMode;
  readonly environment: Environment;
  readonly passiveShareAccepted?: PassiveShareAccepted;
}

/** The cost input of a rendered stack and its config (undefined: a graph with no stack file). */
export const stackCostInput = (graph: Graph, config: StackCostSettings | undefined, table: PriceTable): CostInput => ({
  graph,
  table,
  schedule: config?.schedule,
  teardownAllowed: config?.teardown.allowed,
  drMode: config?.drMode,
  environment: config?.environment,
  passiveShareAccepted: config?.passiveShareAccepted,
});

export interface CostReport {
  readonly stack: string;
  readonly drMode?: DrMode;
  readonly environment?: Environment;
  readonly assumptions: Required<CostAssumptions>;
  readonly bill: Bill;
  readonly sides: Sides;
  readonly schedule?: ScheduleSaving;
  /** The nightly teardown's saving, for a stack that allows it and has a schedule to time it. */
  readonly teardown?: TeardownSaving;
  /** The sides once the off-hours schedule runs. */
  readonly scheduledSides?: ScheduledSides;
  readonly targets: readonly TargetCheck[];
  readonly regions: readonly SiteComparison[];
  /** Why each unknown price the table names as not found is unknown, by `sku|region`. */
  readonly notFound: Readonly<Record<string, string>>;
  /** What keeps the bill from being complete beyond those (price-gaps.ts): `cost --check` fails on each. */
  readonly priceGaps: readonly PriceGap[];
}

export function costReport(input: CostInput): CostReport {
  const table = input.table ?? loadPriceTable();
  const assumptions = { ...DEFAULT_ASSUMPTIONS, ...input.assumptions };
  const metering = meterGraph(input.graph, assumptions, table.hoursPerMonth);
  const bill = priceMetering(metering, table);
  const linkComponents = input.graph.resources
    .filter((r) => DR_LINK_TYPES.includes(r.type))
    .map((r) => componentPath(input.graph, r)[0]?.name)
    .filter((name): name is string => name !== undefined);
  const split = sides(bill, linkComponents);
  const schedule = input.schedule ? scheduleSaving(bill, input.schedule) : undefined;
  return {
    stack: input.graph.stack,
    drMode: input.drMode,
    environment: input.environment,
    assumptions,
    bill,
    sides: split,
    schedule,
    teardown: input.teardownAllowed && input.schedule ? teardownSaving(bill, input.schedule) : undefined,
    scheduledSides: schedule ? scheduledSides(split, schedule) : undefined,
    targets: checkTargets(input, split, schedule),
    regions: input.regions && input.regions.length > 0 ? compareRegions(metering, table, input.regions) : [],
    notFound: Object.fromEntries(
      bill.unknownPrices.flatMap((u) => {
        const entry = notFoundEntry(table, u);
        return entry ? [[`${u.sku}|${u.region}`, `${entry.reason} (looked for ${entry.checkedOn})`]] : [];
      }),
    ),
    priceGaps: priceGaps(bill, table),
  };
}
