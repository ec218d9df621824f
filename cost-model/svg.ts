import { SiteCost } from "./bill";
import { siteLabel, usd } from "./format";

/** A small horizontal bar chart of cost per site, one chart per stack, for docs and CI artifacts. */

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const ROLE_COLOURS: Readonly<Record<string, string>> = { primary: "#2f6fdb", secondary: "#e08a1e" };

export function costSvg(title: string, sites: readonly SiteCost[]): string {
  const rowHeight = 28;
  const labelWidth = 300;
  const barWidth = 360;
  const height = 40 + sites.length * rowHeight + 10;
  const max = Math.max(...sites.map((s) => s.monthly), 0);
  const rows = sites.map((s, i) => {
    const y = 40 + i * rowHeight;
    const w = max > 0 ? Math.max((s.monthly / max) * barWidth, s.monthly > 0 ? 1 : 0) : 0;
    const colour = ROLE_COLOURS[s.role] ?? "#888888";
    const unknown = s.unknown > 0 ? ` (+${s.unknown} unknown)` : "";
    return [
      `<text x="8" y="${y + 17}" font-size="13">${escape(siteLabel(s))}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="18" fill="${colour}"/>`,
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 17}" font-size="13">${escape(usd(s.monthly) + unknown)}</text>`,
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 180}" height="${height}" font-family="sans-serif">`,
    `<text x="8" y="24" font-size="15" font-weight="bold">${escape(title)}</text>`,
    ...rows,
    "</svg>",
  ].join("\n");
}
