import * as fs from "fs";
import * as path from "path";

/**
 * The dated price table (prices.json): every unit price with the public source it was read from, the
 * date of that source and a confidence tag. A price never comes without a source and a date, so the
 * loader refuses a table that has one (see README.md for provenance).
 */

export type Confidence = "high" | "medium" | "low";

export interface PriceItem {
  readonly cloud: string;
  /** A cloud region, or "global" for a price the source states without a region. */
  readonly region: string;
  /** `service:item`, optionally followed by a parenthesised qualifier: "aurora:storage (Aurora Standard)". */
  readonly sku: string;
  readonly unit: string;
  readonly price: number;
  readonly source: string;
  readonly sourceDate: string;
  readonly confidence: Confidence;
  /** The price was computed from a total and a quantity shown in the source. */
  readonly derived?: boolean;
  readonly note?: string;
}

export interface PriceTable {
  readonly collectedOn: string;
  readonly currency: string;
  /** Hours in the month every monthly figure uses (the sources' own convention). */
  readonly hoursPerMonth: number;
  readonly items: readonly PriceItem[];
  /**
   * Fixed prices the model meters that no stored public source gives, each named with its reason and the date it
   * was looked for: `npm run cost -- --check` accepts an unknown fixed price only when it is listed here.
   */
  readonly notFound: readonly NotFoundPrice[];
  /** The research's own notes of what it looked for and did not find (free text, for provenance). */
  readonly notFoundResearch?: readonly string[];
}

/** A fixed price looked for and not found. */
export interface NotFoundPrice {
  readonly cloud: string;
  /** The sku key (no qualifier), as the meters name it. */
  readonly sku: string;
  /** Only these regions; every region when absent. */
  readonly regions?: readonly string[];
  readonly reason: string;
  readonly checkedOn: string;
}

/** The entry that names an unknown price as not found, if one does. */
export function notFoundEntry(
  table: PriceTable,
  line: { readonly cloud: string; readonly sku: string; readonly region: string },
): NotFoundPrice | undefined {
  return table.notFound.find(
    (n) =>
      n.cloud === line.cloud &&
      n.sku === skuKey(line.sku) &&
      (n.regions === undefined || n.regions.includes(line.region)),
  );
}

export const PRICE_TABLE_FILE = path.join(__dirname, "prices.json");

/** The lookup key of an item: the sku without its qualifier ("aurora:storage"). */
export const skuKey = (sku: string): string => sku.split(" (")[0].trim();

const CONFIDENCE_RANK: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };

/** Every provenance problem of a table: an item without a source, a date, a confidence or a valid price. */
export function provenanceProblems(table: PriceTable): string[] {
  const problems: string[] = [];
  if (!table.collectedOn) {
    problems.push("the table has no collectedOn date");
  }
  if (!(table.hoursPerMonth > 0)) {
    problems.push(`hoursPerMonth must be positive, got ${String(table.hoursPerMonth)}`);
  }
  table.items.forEach((item, i) => {
    const where = `item ${i} (${item.cloud} ${item.region} ${item.sku})`;
    if (!item.source?.trim()) {
      problems.push(`${where} has no source`);
    }
    if (!item.sourceDate?.trim()) {
      problems.push(`${where} has no sourceDate`);
    }
    if (!(item.confidence in CONFIDENCE_RANK)) {
      problems.push(`${where} has confidence "${String(item.confidence)}"; expected high, medium or low`);
    }
    if (typeof item.price !== "number" || !Number.isFinite(item.price) || item.price < 0) {
      problems.push(`${where} has price ${JSON.stringify(item.price)}; expected a number >= 0`);
    }
  });
  (table.notFound ?? []).forEach((n, i) => {
    if (!n.reason?.trim() || !n.checkedOn?.trim() || !n.sku?.trim()) {
      problems.push(`notFound ${i} (${String(n.sku)}) needs a sku, a reason and a checkedOn date`);
    }
  });
  return problems;
}

/** Reads and checks a price table; throws one error listing every provenance problem. */
export function loadPriceTable(file = PRICE_TABLE_FILE): PriceTable {
  const table = JSON.parse(fs.readFileSync(file, "utf8")) as PriceTable;
  const problems = provenanceProblems(table);
  if (problems.length > 0) {
    throw new Error(`price table ${file} has ${problems.length} problem(s):\n  - ${problems.join("\n  - ")}`);
  }
  return table;
}

/**
 * The price of a sku in a region: the region's own item, else an item the source states for every
 * region ("global"). Several candidates (two sources for one price): the most confident, then the
 * first in the file, so the choice is stable and reviewable.
 */
export function findPrice(table: PriceTable, cloud: string, region: string, sku: string): PriceItem | undefined {
  const key = skuKey(sku);
  const pick = (r: string) =>
    table.items
      .filter((i) => i.cloud === cloud && i.region === r && skuKey(i.sku) === key)
      .sort((a, b) => CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence])[0];
  return pick(region.toLowerCase()) ?? pick("global");
}
