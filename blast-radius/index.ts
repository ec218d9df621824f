/**
 * Blast-radius analysis of the offline plan: pure functions over the resource graph, no Pulumi
 * resources. See analyse.ts for the scenarios, topology.ts for how AZs are read, expectations.ts for
 * what each environment promises, and docs/blast-radius.md for the whole method.
 */
export * from "./model";
export * from "./analyse";
export * from "./expectations";
export * from "./format";
export { MACHINE_TYPES, allocatable } from "./instance-types";

import { DrTargets } from "../dr";
import { Graph } from "@dr-platform/model";
import { analyse, defaultScenarios } from "./analyse";
import { Assessment, expectationFor, judge } from "./expectations";
import { Scenario } from "./model";

/** The DR targets the plan carries (`drTargets` stack output), if any. */
export function targetsOf(g: Graph): DrTargets | undefined {
  const t = g.outputs.drTargets as Partial<DrTargets> | undefined;
  return typeof t?.rtoSeconds === "number" && typeof t.rpoSeconds === "number"
    ? { rtoSeconds: t.rtoSeconds, rpoSeconds: t.rpoSeconds }
    : undefined;
}

/**
 * Every scenario (by default each AZ of the primary and the primary region) judged against the stack's
 * environment: `ok` is what the resilience command's exit code reports.
 */
export function assess(
  g: Graph,
  scenarios: readonly Scenario[] = defaultScenarios(g),
  targets = targetsOf(g),
): Assessment {
  const { expectation, assumed } = expectationFor(g);
  const results = scenarios.map((s) => {
    const report = analyse(g, s, targets);
    return { report, judgement: judge(report, expectation) };
  });
  return {
    stack: g.stack,
    project: g.project,
    expectation,
    assumed,
    results,
    ok: results.every((r) => r.judgement.met),
  };
}
