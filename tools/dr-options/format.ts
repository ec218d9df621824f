import { formatDuration } from "../../dr";
import { OptionRow } from "./options";

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const percent = (x: number | undefined) => (x === undefined ? "-" : `${(x * 100).toFixed(1)} %`);

/** The table, a Markdown table (the README shows prod's), with what each option cannot survive below it. */
export function formatOptions(stack: string, current: string, rows: readonly OptionRow[]): string {
  const lines = [
    `DR options for ${stack} (today: ${current}); monthly cost at known prices, RTO of a Region's loss`,
    "",
    "| secondary | DR mode | monthly | passive share | RTO (Region lost) | RPO typical | RPO bound | targets | cannot survive |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of rows) {
    if (r.refused !== undefined) {
      lines.push(`| ${r.cloud} | ${r.mode} | - | - | - | - | - | refused | ${r.refused} |`);
      continue;
    }
    const unknown = r.unknownPrices ? ` (+${r.unknownPrices} unknown)` : "";
    const rto =
      r.rtoSeconds === undefined ? "no failover" : `${r.rtoAtLeast ? ">= " : ""}${formatDuration(r.rtoSeconds)}`;
    const rpo = r.rpoSeconds === undefined ? "-" : formatDuration(r.rpoSeconds);
    const bound = r.rpoBoundSeconds === undefined ? "none" : formatDuration(r.rpoBoundSeconds);
    const targets = r.meetsTargets === undefined ? "-" : r.meetsTargets ? "meets" : "misses";
    const survive = r.cannotSurvive.length === 0 ? "-" : `${r.cannotSurvive.length} scenario(s), below`;
    // Unknown prices on the passive side only make the share a floor; on both sides it is not comparable.
    const share =
      r.passiveShareBound === "lower"
        ? `>= ${percent(r.passiveShare)}`
        : r.passiveShareBound === "either"
          ? `${percent(r.passiveShare)} (unknowns both sides)`
          : percent(r.passiveShare);
    lines.push(
      `| ${r.cloud} | ${r.mode} | ${usd(r.monthly ?? 0)}${unknown} | ${share} | ${rto} | ${rpo} | ${bound} | ${targets} | ${survive} |`,
    );
  }
  const gaps = rows.filter((r) => r.cannotSurvive.length > 0);
  if (gaps.length > 0) {
    lines.push("", "What each option cannot survive");
    for (const r of gaps) {
      for (const text of r.cannotSurvive) lines.push(`  ${r.cloud} ${r.mode}: ${text}`);
    }
  }
  return lines.join("\n");
}
