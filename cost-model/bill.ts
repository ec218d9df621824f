import { BillingSite, MeterLine, Metering, ResourceMeter } from "./meter-types";
import { findPrice, PriceItem, PriceTable } from "./price-table";

/** Applies the price table to the metering: cost per resource, site and component, and what is unknown. */

export interface PricedLine extends MeterLine {
  /** The price used; undefined when the table has none for this sku in this region. */
  readonly item?: PriceItem;
  /** Monthly cost of a counted or contingent line with a known price. */
  readonly cost?: number;
}

export interface Total {
  /** Sum of counted lines with a known price. */
  readonly monthly: number;
  /** Counted lines whose price is unknown (their cost is not in `monthly`). */
  readonly unknown: number;
}

export interface ResourceCost extends Total {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly site: string;
  readonly component: string;
  readonly path: readonly string[];
  readonly lines: readonly PricedLine[];
}

export interface SiteCost extends BillingSite, Total {}

export interface ComponentCost extends Total {
  readonly name: string;
  readonly sites: readonly string[];
}

/** A counted quantity with no price in the table: listed per resource type, never counted as 0. */
export interface UnknownPrice {
  readonly type: string;
  readonly sku: string;
  readonly cloud: string;
  readonly region: string;
  readonly unit: string;
  readonly quantity: number;
  readonly resources: readonly string[];
}

/** A usage-based item: not counted; its unit price is shown when known. */
export interface UsageItem {
  readonly type: string;
  readonly sku: string;
  readonly region: string;
  readonly unit: string;
  readonly description: string;
  readonly item?: PriceItem;
  readonly resources: readonly string[];
}

export interface ContingentItem {
  readonly resource: string;
  readonly sku: string;
  readonly cost?: number;
  readonly condition: string;
}

export interface Bill {
  readonly stack: string;
  readonly currency: string;
  readonly hoursPerMonth: number;
  readonly collectedOn: string;
  readonly total: Total;
  readonly sites: readonly SiteCost[];
  readonly components: readonly ComponentCost[];
  readonly resources: readonly ResourceCost[];
  readonly unknownPrices: readonly UnknownPrice[];
  readonly usage: readonly UsageItem[];
  readonly contingent: readonly ContingentItem[];
  readonly notBilled: readonly { readonly type: string; readonly count: number; readonly reason: string }[];
  /** Resource types the model has no rule for: their cost is unknown. */
  readonly unclassified: readonly {
    readonly type: string;
    readonly resources: readonly string[];
    readonly sites: readonly string[];
  }[];
  /** Every price the bill used, for the sources section. */
  readonly pricesUsed: readonly PriceItem[];
}

/** Moves a site's lines to another region (the region comparison); lines priced elsewhere stay. */
export interface Relocation {
  readonly site: string;
  readonly region: string;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function totalOf(resources: readonly ResourceCost[]): Total {
  return { monthly: sum(resources.map((r) => r.monthly)), unknown: sum(resources.map((r) => r.unknown)) };
}

function priceLine(table: PriceTable, line: MeterLine, region: string): PricedLine {
  const item = findPrice(table, line.cloud, region, line.sku);
  const cost = item !== undefined && line.kind !== "usage" ? line.quantity * item.price : undefined;
  return { ...line, region, item, cost };
}

function priceMeter(table: PriceTable, m: ResourceMeter, from?: string, to?: string): ResourceCost {
  const lines = m.lines.map((l) => priceLine(table, l, from !== undefined && l.region === from ? to! : l.region));
  const counted = lines.filter((l) => l.kind === "counted");
  return {
    urn: m.resource.urn,
    type: m.resource.type,
    name: m.resource.name,
    site: m.site,
    component: m.component,
    path: m.path,
    lines,
    monthly: sum(counted.map((l) => l.cost ?? 0)),
    unknown: counted.filter((l) => l.cost === undefined && l.quantity > 0).length,
  };
}

/** Groups items by a key, keeping first-seen order. */
function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  xs.forEach((x) => groups.set(key(x), [...(groups.get(key(x)) ?? []), x]));
  return groups;
}

export function priceMetering(m: Metering, table: PriceTable, relocations: readonly Relocation[] = []): Bill {
  const siteRegion = new Map(m.sites.map((s) => [s.key, s.region]));
  const moved = new Map(relocations.map((r) => [r.site, r.region]));
  const resources = m.meters.map((meter) =>
    moved.has(meter.site)
      ? priceMeter(table, meter, siteRegion.get(meter.site), moved.get(meter.site))
      : priceMeter(table, meter),
  );
  const sites: SiteCost[] = m.sites.map((s) => ({
    ...s,
    region: moved.get(s.key) ?? s.region,
    ...totalOf(resources.filter((r) => r.site === s.key)),
  }));
  const components: ComponentCost[] = [...groupBy(resources, (r) => r.component)].map(([name, rs]) => ({
    name,
    sites: [...new Set(rs.map((r) => r.site))],
    ...totalOf(rs),
  }));
  const lines = resources.flatMap((r) => r.lines.map((line) => ({ r, line })));
  const unknownPrices: UnknownPrice[] = [
    ...groupBy(
      lines.filter(({ line }) => line.kind === "counted" && line.cost === undefined && line.quantity > 0),
      ({ r, line }) => JSON.stringify([r.type, line.sku, line.region, line.unit]),
    ).values(),
  ].map((group) => ({
    type: group[0].r.type,
    sku: group[0].line.sku,
    cloud: group[0].line.cloud,
    region: group[0].line.region,
    unit: group[0].line.unit,
    quantity: sum(group.map(({ line }) => line.quantity)),
    resources: [...new Set(group.map(({ r }) => r.name))],
  }));
  const usage: UsageItem[] = [
    ...groupBy(
      lines.filter(({ line }) => line.kind === "usage"),
      ({ r, line }) => JSON.stringify([r.type, line.sku, line.region]),
    ).values(),
  ].map((group) => ({
    type: group[0].r.type,
    sku: group[0].line.sku,
    region: group[0].line.region,
    unit: group[0].line.unit,
    description: group[0].line.description,
    item: group[0].line.item,
    resources: [...new Set(group.map(({ r }) => r.name))],
  }));
  const contingent: ContingentItem[] = lines
    .filter(({ line }) => line.kind === "contingent")
    .map(({ r, line }) => ({ resource: r.name, sku: line.sku, cost: line.cost, condition: line.assumption ?? "" }));
  const notBilled = [...groupBy(m.notBilled, (n) => n.resource.type)].map(([type, ns]) => ({
    type,
    count: ns.length,
    reason: ns[0].reason,
  }));
  const unclassified = [...groupBy(m.unclassified, (u) => u.resource.type)].map(([type, us]) => ({
    type,
    resources: us.map((u) => u.resource.name),
    sites: [...new Set(us.map((u) => u.site))],
  }));
  const pricesUsed = [...new Set(lines.map(({ line }) => line.item).filter((i): i is PriceItem => i !== undefined))];
  return {
    stack: m.graph.stack,
    currency: table.currency,
    hoursPerMonth: table.hoursPerMonth,
    collectedOn: table.collectedOn,
    total: totalOf(resources),
    sites,
    components,
    resources,
    unknownPrices,
    usage,
    contingent,
    notBilled,
    unclassified,
    pricesUsed,
  };
}

/** Rounds to cents the way the report prints (half away from zero on the cent). */
export const cents = (x: number): number => Math.round((x + Number.EPSILON) * 100) / 100;
