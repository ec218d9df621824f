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
  /** Prices looked for and not found in the stored material. */
  readonly notFound: readonly string[];
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
