/**
 * DR objectives on the offline plan's resource graph: pure functions, no Pulumi resources. See objectives.ts
 * for the model, chain.ts and holding-scenarios.ts for the scenarios' chains, constants.ts for every figure's
 * source.
 */
export * from "./constants";
export * from "./duration";
export * from "./graph-facts";
export * from "./terms";
export * from "./runbook";
export * from "./servable";
export * from "./capacity";
export * from "./detect";
export * from "./chain";
export * from "./holding-scenarios";
export * from "./objectives";
export * from "./format";
export * from "./off-hours";

import { Graph } from "@dr-platform/model";
import { formatObjectives } from "./format";
import { computeObjectives, DrTargets } from "./objectives";

/** The plan's DR section in one call: `formatPreview(graph, drReport(graph, config.drTargets))`. */
export function drReport(graph: Graph, targets?: DrTargets): string {
  return formatObjectives(computeObjectives(graph, targets));
}
