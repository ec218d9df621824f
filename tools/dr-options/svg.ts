import { formatDuration } from "../../dr";
import { OptionRow } from "./options";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** One colour per secondary cloud, as the cost charts use one per role. */
const CLOUD_COLOURS: Readonly<Record<string, string>> = { aws: "#e08a1e", gcp: "#2f6fdb" };

/**
 * Monthly cost (x) against the RTO of a Region's loss (y, on a log scale: seconds to hours), one labelled point
 * per option that can fail over; options without failover or refused by the config are listed under the chart.
 */
export function optionsSvg(stack: string, rows: readonly OptionRow[]): string {
  const plotted = rows.filter((r) => r.refused === undefined && r.rtoSeconds !== undefined && r.monthly !== undefined);
  const left = 70;
  const top = 40;
  const width = 520;
  const height = 300;
  const maxCost = Math.max(...plotted.map((r) => r.monthly!), 1);
  const rtos = plotted.map((r) => Math.max(r.rtoSeconds!, 1));
  const minLog = Math.log10(Math.min(...rtos, 60));
  const maxLog = Math.log10(Math.max(...rtos, 3600));
  const x = (cost: number) => left + (cost / maxCost) * width;
  const y = (seconds: number) =>
    top + height - ((Math.log10(Math.max(seconds, 1)) - minLog) / Math.max(maxLog - minLog, 1e-9)) * height;
  const points = plotted.map((r) => {
    const px = x(r.monthly!);
    const py = y(r.rtoSeconds!);
    const label = `${r.cloud} ${r.mode}: $${Math.round(r.monthly!)}, ${r.rtoAtLeast ? ">= " : ""}${formatDuration(r.rtoSeconds!)}`;
    return `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="5" fill="${CLOUD_COLOURS[r.cloud]}"/><text x="${(px + 8).toFixed(1)}" y="${(py + 4).toFixed(1)}" font-size="11">${escape(label)}</text>`;
  });
  const others = rows.filter((r) => !plotted.includes(r));
  const notes = others.map(
    (r, i) =>
      `<text x="${left}" y="${top + height + 50 + i * 16}" font-size="11">${escape(`${r.cloud} ${r.mode}: ${r.refused !== undefined ? `refused (${r.refused})` : "no failover"}`)}</text>`,
  );
  const totalHeight = top + height + 60 + others.length * 16;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 260}" height="${totalHeight}" font-family="sans-serif">`,
    `<text x="${left}" y="20" font-size="14">${escape(`${stack}: monthly cost (known prices) against RTO of a Region's loss`)}</text>`,
    `<line x1="${left}" y1="${top + height}" x2="${left + width}" y2="${top + height}" stroke="#444"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + height}" stroke="#444"/>`,
    `<text x="${left + width / 2}" y="${top + height + 30}" font-size="12">monthly cost, USD (0 to $${Math.round(maxCost)})</text>`,
    `<text x="10" y="${top + height / 2}" font-size="12" transform="rotate(-90 10 ${top + height / 2})">RTO (log scale)</text>`,
    `<text x="${left - 6}" y="${top + height}" font-size="10" text-anchor="end">${formatDuration(10 ** minLog)}</text>`,
    `<text x="${left - 6}" y="${top + 10}" font-size="10" text-anchor="end">${formatDuration(10 ** maxLog)}</text>`,
    ...points,
    ...notes,
    "</svg>",
  ].join("\n");
}
