import { costReport, stackCostInput, stackFigures, usd } from "../../cost-model";
import { BlockGenerator, cloudName, passiveTarget, pct, secondaryOf, STACKS, table, VARIANTS } from "./sources";

/** The generated blocks the cost model computes (tools/docs/blocks.ts holds the others). */
export const COST_BLOCKS: Readonly<Record<string, BlockGenerator>> = {
  "cost-summary": {
    description: "monthly cost, passive share and schedule saving per stack, as `npm run cost` prices them",
    async produce(s) {
      const rows: string[][] = [];
      for (const v of VARIANTS) {
        const report = await s.cost(v);
        const f = stackFigures(report);
        const target = passiveTarget(report);
        const floor = report.targets.find((t) => t.comparison === ">=");
        const saving =
          f.scheduleSaving === undefined
            ? "none"
            : `${usd(f.scheduleSaving)}, ${pct(f.scheduleComputeShare)} of compute` +
              (floor ? ` (target >= ${pct(floor.target)}: ${floor.meets ? "meets" : "misses"})` : "");
        rows.push([
          v.label,
          `\`${report.drMode ?? "?"}\`, ${secondaryOf(await s.graph(v))}`,
          usd(f.total),
          usd(f.primary),
          usd(f.secondary),
          pct(f.inclusiveShare),
          target
            ? `<= ${pct(target.target)}: ${target.meets ? "meets" : "misses"}${target.accepted?.holds ? ` (accepted up to ${pct(target.accepted.upTo)})` : ""}`
            : "–",
          saving,
          String(f.unknownPrices),
        ]);
      }
      return table(
        [
          "stack",
          "DR mode, secondary",
          "per month",
          "primary",
          "secondary",
          "passive share",
          "target",
          "schedule saving",
          "unknown prices",
        ],
        rows,
      );
    },
  },
  "region-comparison": {
    description:
      "each shipped site priced in Seoul and Tokyo (or asia-northeast3 and asia-northeast1), as `npm run cost -- --region` prints it",
    async produce(s) {
      const regions = [
        "ap-northeast-2",
        "ap-northeast-1",
        "us-east-1",
        "asia-northeast3",
        "asia-northeast1",
        "us-central1",
      ];
      const rows: string[][] = [];
      for (const v of STACKS) {
        const report = costReport({ ...stackCostInput(await s.graph(v), s.config(v), s.priceTable()), regions });
        for (const c of report.regions) {
          rows.push([
            `${v.label} ${c.role} (${cloudName(c.cloud)})`,
            c.options
              .map((o) => `${o.region} ${usd(o.comparable)} (${pct(o.lowConfidenceShare)} low-confidence)`)
              .join("; "),
            c.cheapest === c.current ? `${c.cheapest} (where it is)` : c.cheapest,
          ]);
        }
      }
      return table(["site", "comparable cost per region (share resting on low-confidence prices)", "cheapest"], rows);
    },
  },
  "passive-share": {
    description: "one line (inline): the shipped stacks whose passive side misses its cost target",
    async produce(s) {
      const misses: string[] = [];
      for (const v of STACKS) {
        const report = await s.cost(v);
        const target = passiveTarget(report);
        if (target && target.meets === false) {
          misses.push(
            `${v.label} (\`${report.drMode}\`) ${pct(target.measured)} of its active side, target ${pct(target.target)}` +
              (target.accepted?.holds ? `, accepted up to ${pct(target.accepted.upTo)} in its stack file` : ""),
          );
        }
      }
      return misses.length > 0 ? misses.join("; ") : "every shipped stack meets its passive-share target";
    },
  },
  "passive-lines": {
    description: "per stack, the passive side's largest lines (DR links included) against what its target allows",
    async produce(s) {
      const rows: string[][] = [];
      for (const v of VARIANTS) {
        const report = await s.cost(v);
        const target = passiveTarget(report);
        const links = report.sides.drLinks.reduce((a, l) => a + l.monthly, 0);
        const allowed = target ? target.target * (report.sides.active - links) : undefined;
        const lines = report.sides.passiveLines.slice(0, 4).map((l) => `${l.label} ${usd(l.monthly)}`);
        rows.push([
          v.label,
          `\`${report.drMode ?? "?"}\``,
          usd(report.sides.passive + links),
          allowed === undefined ? "–" : `${usd(allowed)} (${pct(target!.target)})`,
          lines.join("; "),
        ]);
      }
      return table(["stack", "DR mode", "passive + DR links", "the target allows", "largest lines"], rows);
    },
  },
};
