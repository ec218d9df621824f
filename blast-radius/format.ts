import { Assessment, Judgement, promiseText } from "./expectations";
import { scenarioLabel, ScenarioReport, Tier } from "./model";

const VERDICT = { survives: "SURVIVES", degraded: "DEGRADED", lost: "LOST" } as const;
const EFFECT = { none: "", degraded: " [degraded]", down: " [DOWN]" } as const;

/** One tier as a line: name, status, summary; the notes of a tier that hurts the service follow it. */
function tierLines(t: Tier, allNotes: boolean): string[] {
  const line = `  ${t.name.padEnd(19)}${t.status.padEnd(9)}${t.summary}${EFFECT[t.effect]}`;
  const notes = allNotes || t.effect !== "none" ? t.notes.map((n) => `${" ".repeat(30)}- ${n}`) : [];
  return [line, ...notes];
}

/**
 * One scenario: its headline (verdict and whether the environment's promise holds), every tier, the
 * recovery path and the DR line. For example:
 * `lose AZ ap-northeast-2a, AWS ap-northeast-2 (primary): DEGRADED; as promised (no loss of service)`
 */
export function formatScenario(report: ScenarioReport, judgement: Judgement, allNotes = false): string {
  const promise = judgement.met ? `as promised (${judgement.promise})` : `FAILS the promise (${judgement.promise})`;
  return [
    `${scenarioLabel(report.scenario)}, ${report.site}: ${VERDICT[report.service]}; ${promise}`,
    ...report.tiers.flatMap((t) => tierLines(t, allNotes)),
    `  ${"verdict".padEnd(28)}${judgement.detail}`,
    ...(report.recovery.kind === "not-needed"
      ? []
      : [`  ${"recovery".padEnd(28)}${report.recovery.kind}: ${report.recovery.summary}`]),
    `  ${"DR targets".padEnd(28)}${report.dr.meets === undefined ? "not set" : report.dr.meets ? "still met" : "NOT met"}: ${report.dr.summary}`,
  ].join("\n");
}

/** A stack's whole assessment: what it promises, each scenario, and a closing line. */
export function formatAssessment(a: Assessment, allNotes = false): string {
  const failed = a.results.filter((r) => !r.judgement.met);
  const environment = a.assumed
    ? `environment unknown, held to ${a.expectation.environment}'s promise`
    : `environment ${a.expectation.environment}`;
  const closing =
    failed.length === 0
      ? `${a.stack}: ${a.results.length} scenario(s), every one as ${a.expectation.environment} promises`
      : `${a.stack}: ${failed.length} of ${a.results.length} scenario(s) FAIL ${a.expectation.environment}'s promise: ` +
        failed.map((r) => scenarioLabel(r.report.scenario)).join(", ");
  return [
    `Blast radius of ${a.project}/${a.stack} (${environment})`,
    `Promise: ${promiseText(a.expectation)}.`,
    `Why: ${a.expectation.why}.`,
    "",
    ...a.results.flatMap((r) => [formatScenario(r.report, r.judgement, allNotes), ""]),
    closing,
  ].join("\n");
}
