import { priceMetering } from "./bill";
import { Metering } from "./meter-types";
import { PriceTable } from "./price-table";

/**
 * "Which region is cheapest": the same plan priced with one site moved to another region of its cloud
 * (Seoul vs Tokyo for an AWS site, asia-northeast3 vs asia-northeast1 for a GCP site). Regions differ in
 * which prices the table has, so the verdict uses the comparable total: the lines priced in every
 * region compared. Unknown prices are listed per region.
 */

/** The cloud a region name belongs to, from its shape: ap-northeast-2 (AWS), asia-northeast3 (GCP). */
export function cloudOfRegion(region: string): "aws" | "gcp" | undefined {
  if (/^[a-z]{2}(-gov)?-[a-z]+-\d+$/.test(region)) {
    return "aws";
  }
  if (/^[a-z]+-[a-z]+\d+$/.test(region)) {
    return "gcp";
  }
  return undefined;
}

/** Of the cost of these lines, the share priced by low-confidence items. */
function lowShare(
  lines: readonly { readonly cost?: number; readonly item?: { readonly confidence: string } }[],
): number {
  const known = lines.reduce((a, l) => a + (l.cost ?? 0), 0);
  const low = lines.filter((l) => l.item?.confidence === "low").reduce((a, l) => a + (l.cost ?? 0), 0);
  return known > 0 ? low / known : 0;
}

export interface RegionOption {
  readonly region: string;
  /** The site's cost with known prices in this region. */
  readonly monthly: number;
  /** The site's cost over the lines priced in every compared region. */
  readonly comparable: number;
  /** The stack's total (known prices) with the site in this region. */
  readonly stackTotal: number;
  /** Counted lines of the site with no price in this region: "sku (unit)". */
  readonly unknown: readonly string[];
  /** The share of the site's known cost that rests on low-confidence prices (0 to 1). */
  readonly lowConfidenceShare: number;
}

export interface SiteComparison {
  readonly site: string;
  readonly role: string;
  readonly cloud: string;
  readonly current: string;
  readonly options: readonly RegionOption[];
  /** The region with the lowest comparable cost (the current one on a tie). */
  readonly cheapest: string;
}

export function compareRegions(m: Metering, table: PriceTable, regions: readonly string[]): SiteComparison[] {
  const comparisons: SiteComparison[] = [];
  // Global resources (Route 53, its us-east-1 alarms) have no region to move to.
  for (const site of m.sites.filter((s) => s.role !== "global")) {
    const candidates = [site.region, ...regions.filter((r) => cloudOfRegion(r) === site.cloud && r !== site.region)];
    if (candidates.length < 2) {
      continue;
    }
    const priced = candidates.map((region) => {
      const bill = priceMetering(m, table, [{ site: site.key, region }]);
      const lines = bill.resources
        .filter((r) => r.site === site.key)
        .flatMap((r) => r.lines.map((line, i) => ({ key: `${r.urn}#${i}`, line })))
        .filter(({ line }) => line.kind === "counted" && line.quantity > 0);
      return { region, bill, lines };
    });
    const comparableKeys = new Set(
      priced[0].lines
        .filter(({ key }) => priced.every((p) => p.lines.find((l) => l.key === key)?.line.cost !== undefined))
        .map(({ key }) => key),
    );
    const options = priced.map(({ region, bill, lines }) => ({
      region,
      monthly: bill.sites.find((s) => s.key === site.key)?.monthly ?? 0,
      comparable: lines.filter(({ key }) => comparableKeys.has(key)).reduce((a, { line }) => a + (line.cost ?? 0), 0),
      stackTotal: bill.total.monthly,
      unknown: [
        ...new Set(lines.filter(({ line }) => line.cost === undefined).map(({ line }) => `${line.sku} (${line.unit})`)),
      ],
      lowConfidenceShare: lowShare(lines.map(({ line }) => line)),
    }));
    const cheapest = options.reduce((best, o) => (o.comparable < best.comparable - 1e-9 ? o : best), options[0]);
    comparisons.push({
      site: site.key,
      role: site.role,
      cloud: site.cloud,
      current: site.region,
      options,
      cheapest: cheapest.region,
    });
  }
  return comparisons;
}
