import { usd } from "./format";
import type { CostReport } from "./report";

/** One row per stack: the figures the README and docs/cost.md quote. */
export interface StackFigures {
  readonly stack: string;
  readonly total: number;
  readonly primary: number;
  readonly secondary: number;
  readonly shared: number;
  readonly passiveShare?: number;
  readonly inclusiveShare?: number;
  readonly scheduleSaving?: number;
  readonly scheduleComputeShare?: number;
  readonly unknownPrices: number;
  readonly targets: readonly { readonly name: string; readonly meets?: boolean; readonly acceptedUpTo?: number }[];
}

export function stackFigures(r: CostReport): StackFigures {
  return {
    stack: r.stack,
    total: r.bill.total.monthly,
    primary: r.sides.active,
    secondary: r.sides.passive,
    shared: r.sides.shared,
    passiveShare: r.sides.share,
    inclusiveShare: r.sides.inclusiveShare,
    scheduleSaving: r.schedule?.saving,
    scheduleComputeShare: r.schedule?.computeShare,
    unknownPrices: r.bill.unknownPrices.length + r.bill.unclassified.length,
    targets: r.targets.map((t) => ({
      name: t.name,
      meets: t.meets,
      ...(t.accepted?.holds ? { acceptedUpTo: t.accepted.upTo } : {}),
    })),
  };
}

const pct = (x: number | undefined) => (x === undefined ? "-" : `${(x * 100).toFixed(1)} %`);

/** A Markdown table of the stacks' figures (known prices only; unknowns counted in the last column). */
export function formatSummary(figures: readonly StackFigures[]): string {
  const rows = figures.map((f) => {
    const verdicts = f.targets.map((t) =>
      t.meets === undefined
        ? "not measured"
        : t.meets
          ? "meets"
          : t.acceptedUpTo !== undefined
            ? `misses (accepted up to ${pct(t.acceptedUpTo)})`
            : "misses",
    );
    return [
      f.stack,
      usd(f.total),
      usd(f.primary),
      usd(f.secondary),
      `${pct(f.passiveShare)} (${pct(f.inclusiveShare)})`,
      f.scheduleSaving === undefined ? "-" : `${usd(f.scheduleSaving)} (${pct(f.scheduleComputeShare)} of compute)`,
      verdicts.length > 0 ? verdicts.join(", ") : "-",
      String(f.unknownPrices),
    ];
  });
  const header = [
    "stack",
    "total/month",
    "primary",
    "secondary",
    "passive share (with DR links)",
    "schedule saving",
    "targets",
    "unknown prices",
  ];
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
