import type { CostReport } from "./report";
import { PricedLine, ResourceCost, SiteCost } from "./bill";

/** The cost report as text: sites with bars, sides, components, resources, what is not counted, targets. */

export const usd = (x: number): string =>
  `$${x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (x: number | undefined) => (x === undefined ? "n/a" : `${(x * 100).toFixed(1)} %`);
const cloudName = (cloud: string) => (cloud === "aws" ? "AWS" : cloud === "gcp" ? "Google Cloud" : cloud);
export const siteLabel = (s: Pick<SiteCost, "cloud" | "region" | "role">) =>
  `${cloudName(s.cloud)} ${s.region} (${s.role})`;

const BOUND_TEXT = {
  exact: "",
  upper: " [unknown prices on the active side only: an upper bound]",
  lower: " [unknown prices on the passive side only: a lower bound]",
  either: " [indicative: unknown prices on both sides]",
} as const;

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A terminal bar of `value` against `max`, `width` characters at most (eighths of a block). */
export function bar(value: number, max: number, width = 32): string {
  if (!(max > 0) || value <= 0) {
    return "";
  }
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

// Lines without a price, per site, component or resource; the header counts distinct unknown prices instead.
const unknownText = (n: number) => (n > 0 ? `  + ${n} unpriced line${n === 1 ? "" : "s"}` : "");

function lineText(l: PricedLine): string {
  const price = l.item
    ? `${usd(l.cost ?? 0)} = ${+l.quantity.toFixed(4)} ${l.unit} x $${l.item.price} [${l.sku}, ${l.item.region}, ${l.item.confidence}, ${l.item.sourceDate.split(" ")[0]}]`
    : `UNKNOWN price: ${+l.quantity.toFixed(4)} ${l.unit} of ${l.sku} in ${l.region}`;
  const kind = l.kind === "counted" ? "" : ` (${l.kind}, not counted)`;
  return `      ${l.description}: ${price}${kind}${l.assumption ? `\n        assumption: ${l.assumption}` : ""}`;
}

function resourceText(r: ResourceCost, detail: boolean): string[] {
  const counted = r.lines.filter((l) => l.kind !== "usage");
  const head = `  ${usd(r.monthly).padStart(11)}  ${[...r.path, r.name].join("/")}  (${r.type})${unknownText(r.unknown)}`;
  return detail ? [head, ...counted.map(lineText)] : [head];
}

export interface FormatOptions {
  /** Print every priced line with its unit price, source confidence and date. */
  readonly detail?: boolean;
}

export function formatCostReport(report: CostReport, options: FormatOptions = {}): string {
  const { bill, sides: s } = report;
  const out: string[] = [];
  const mode = [report.environment, report.drMode].filter((x) => x !== undefined).join(", ");
  out.push(
    `Monthly cost of ${bill.stack}${mode ? ` (${mode})` : ""}: ${usd(bill.total.monthly)} ${bill.currency}` +
      ` at on-demand list prices, ${bill.hoursPerMonth} h/month, price table of ${bill.collectedOn}`,
  );
  const unclassified = bill.unclassified.reduce((a, u) => a + u.resources.length, 0);
  out.push(
    `  not in the total: ${bill.unknownPrices.length} unknown price(s), ${bill.usage.length} usage-based item(s),` +
      ` ${bill.contingent.length} contingent charge(s), ${unclassified} resource(s) of a type with no rule`,
  );

  out.push("", "By site");
  const max = Math.max(...bill.sites.map((x) => x.monthly), 0);
  const width = Math.max(...bill.sites.map((x) => siteLabel(x).length), 0);
  for (const site of bill.sites) {
    out.push(
      `  ${siteLabel(site).padEnd(width)}  ${usd(site.monthly).padStart(11)}  ${bar(site.monthly, max)}${unknownText(site.unknown)}`,
    );
  }
  if (s.share !== undefined) {
    const links = s.drLinks.map((l) => `${l.component} ${usd(l.monthly)}`);
    out.push(
      "",
      `Passive side: ${usd(s.passive)} = ${pct(s.share)} of the active side's ${usd(s.active)}` +
        (links.length > 0
          ? `; ${pct(s.inclusiveShare)} counting the DR links billed on the active site (${links.join(", ")})`
          : "") +
        BOUND_TEXT[s.bound],
      `  shared (DNS and health checks, on neither side): ${usd(s.shared)}`,
    );
    const after = report.scheduledSides;
    if (after) {
      out.push(
        `  with the off-hours schedule running: ${usd(after.passive)} = ${pct(after.share)} of ${usd(after.active)}`,
      );
    }
  }

  out.push("", "By component");
  for (const c of [...bill.components].sort((a, b) => b.monthly - a.monthly)) {
    out.push(`  ${usd(c.monthly).padStart(11)}  ${c.name} [${c.sites.join(", ")}]${unknownText(c.unknown)}`);
  }

  out.push("", "By resource (priced or unknown)");
  for (const site of bill.sites) {
    const rs = bill.resources
      .filter((r) => r.site === site.key && (r.monthly > 0 || r.unknown > 0 || options.detail))
      .sort((a, b) => b.monthly - a.monthly);
    if (rs.length > 0) {
      out.push(` ${siteLabel(site)}`, ...rs.flatMap((r) => resourceText(r, options.detail === true)));
    }
  }

  if (bill.unknownPrices.length > 0 || unclassified > 0) {
    out.push("", "Unknown prices (not counted; listed per resource type)");
    for (const u of bill.unknownPrices) {
      const named = report.notFound[`${u.sku}|${u.region}`];
      out.push(
        `  ${u.type}: ${+u.quantity.toFixed(2)} ${u.unit} of ${u.sku} in ${u.region} (${u.resources.join(", ")})${named ? `; not found: ${named}` : ""}`,
      );
    }
    for (const u of bill.unclassified) {
      out.push(`  ${u.type}: no rule in the model (${u.resources.join(", ")})`);
    }
  }
  if (bill.usage.length > 0) {
    out.push("", "Usage-based, not counted (depend on traffic or data)");
    for (const u of bill.usage) {
      const price = u.item ? `$${u.item.price}/${u.unit}` : `unknown price per ${u.unit}`;
      out.push(`  ${u.sku} in ${u.region}: ${price}; ${u.description} (${u.resources.length} x ${u.type})`);
    }
  }
  if (bill.contingent.length > 0) {
    out.push("", "Contingent, not counted");
    for (const c of bill.contingent) {
      out.push(`  ${c.resource}: ${c.cost === undefined ? "unknown" : usd(c.cost)}/month of ${c.sku}, ${c.condition}`);
    }
  }

  if (report.schedule) {
    const { schedule: cfg, hours } = report.schedule;
    out.push(
      "",
      `Off-hours schedule (${cfg.timeZone} ${cfg.start}-${cfg.stop} ${cfg.workingDays.join(",")}, ` +
        `${hours.holidaysOnWorkingDays} holiday(s) on working days; targets ${cfg.targets.join(", ")})`,
      `  ${hours.offHoursPerWeek.toFixed(2)} h off per week (${pct(hours.offFraction)}): saves ${usd(report.schedule.saving)}/month` +
        ` = ${pct(report.schedule.computeShare)} of compute (${usd(report.schedule.computeCost)}), ${pct(report.schedule.totalShare)} of the bill`,
    );
    const gcp = report.schedule.lines.some((l) => l.target === "gkeNodePool" || l.target === "cloudSql");
    if (gcp && hours.holidaysOnWorkingDays > 0) {
      out.push(
        `  GKE pool and Cloud SQL: ${report.schedule.hoursWithoutHolidays.offHoursPerWeek.toFixed(2)} h off per week` +
          " (Cloud Scheduler cannot skip holidays)",
      );
    }
    for (const l of report.schedule.lines) {
      out.push(
        `    ${l.resource} (${l.target}, ${l.sku}): ${l.saving === undefined ? "unknown price" : usd(l.saving)}`,
      );
    }
    if (report.schedule.idleTargets.length > 0) {
      out.push(`  targets with nothing to switch off in this plan: ${report.schedule.idleTargets.join(", ")}`);
    }
  }

  if (report.teardown) {
    const { hours } = report.teardown;
    out.push(
      "",
      "Nightly teardown (teardown.allowed: off-hours.yml destroys the stack after the stop and restores it at the start)",
      `  ${hours.offHoursPerWeek.toFixed(2)} h down per week (${pct(hours.offFraction)}): saves ${usd(report.teardown.saving)}/month` +
        ` = ${pct(report.teardown.totalShare)} of the bill (everything stops billing, data included; the schedule's saving is part of it)`,
    );
  }

  if (report.targets.length > 0) {
    out.push("", "Targets");
    for (const t of report.targets) {
      const verdict = t.meets === undefined ? "NOT MEASURED" : t.meets ? "meets" : "MISSES";
      out.push(
        `  ${verdict} ${t.name} ${t.comparison} ${pct(t.target)}: ${t.detail}${t.indicative ? " [indicative: unknown prices]" : ""}`,
      );
    }
  }

  for (const c of report.regions) {
    out.push("", `Region comparison for ${cloudName(c.cloud)} ${c.role} (${c.site}); cheapest: ${c.cheapest}`);
    for (const o of c.options) {
      out.push(
        `  ${o.region.padEnd(16)} comparable ${usd(o.comparable).padStart(11)}  site ${usd(o.monthly).padStart(11)}` +
          `  stack ${usd(o.stackTotal).padStart(11)}  low-confidence ${(o.lowConfidenceShare * 100).toFixed(0).padStart(3)} %` +
          `${o.unknown.length > 0 ? `  unknown: ${o.unknown.join(", ")}` : ""}`,
      );
    }
  }

  const low = bill.pricesUsed.filter((p) => p.confidence === "low").map((p) => `${p.sku.split(" (")[0]} ${p.region}`);
  out.push(
    "",
    `Sources: ${bill.pricesUsed.length} prices used, each with its source and date in cost-model/prices.json` +
      ` (${low.length} low-confidence${low.length > 0 ? `: ${low.join(", ")}` : ""})`,
  );
  return out.join("\n");
}
