import { formatDuration } from "./duration";
import { DrReport, DrTargets, Term } from "./objectives";

const termText = (t: Term) => `${t.label} ${t.approximate ? "~" : ""}${formatDuration(t.seconds)}`;

function targetsText(targets: DrTargets, meets: { rto: boolean; rpo: boolean }): string {
  const rto = `RTO <= ${formatDuration(targets.rtoSeconds)}`;
  const rpo = `RPO <= ${formatDuration(targets.rpoSeconds)}`;
  if (meets.rto && meets.rpo) {
    return `meets targets ${rto}, ${rpo}`;
  }
  return [meets.rto ? "" : `MISSES target ${rto}`, meets.rpo ? "" : `MISSES target ${rpo}`]
    .filter((s) => s !== "")
    .join("; ");
}

/**
 * The DR report: one line with every term (the path that sets the RTO first, the other "in parallel"),
 * then one `note:` line per warning. For example:
 * `RTO 1m30s = health check 30s (10s x 3) + TTL 60s (DB promotion ~60s in parallel); RPO ~1s (Aurora global replication)`
 */
export function formatObjectives(report: DrReport): string {
  if (report.kind === "no-failover") {
    const miss = report.targets && report.meets ? `; ${targetsText(report.targets, report.meets)}` : "";
    return `no DNS failover in this plan: ${report.reason}${miss}`;
  }
  const { detection, recovery } = report.rto;
  const recoveryText = recovery.terms.map(termText).join(" + ");
  let rtoText = recoveryText;
  // A rebuild (backup and restore) has no detection race; otherwise detection and recovery run in parallel.
  if (detection.terms.length > 0) {
    const [check, ttl] = detection.terms;
    const detectionText = `${check.label} ${formatDuration(check.seconds)} (${check.detail}) + ${termText(ttl)}`;
    rtoText =
      detection.seconds >= recovery.seconds
        ? `${detectionText} (${recoveryText} in parallel)`
        : `${recoveryText} (${detectionText} in parallel)`;
  }
  const [rpo] = report.rpo.terms;
  const rpoText = Number.isFinite(rpo.seconds)
    ? `${rpo.approximate ? "~" : ""}${formatDuration(rpo.seconds)} (${rpo.label})`
    : `unbounded (${rpo.label})`;
  const parts = [`RTO ${formatDuration(report.rto.seconds)} = ${rtoText}`, `RPO ${rpoText}`];
  if (report.objects) {
    const [objects] = report.objects.terms;
    parts.push(`objects ${formatDuration(objects.seconds)} (${objects.label})`);
  }
  if (report.targets && report.meets) {
    parts.push(targetsText(report.targets, report.meets));
  }
  return [parts.join("; "), ...report.warnings.map((w) => `note: ${w}`)].join("\n");
}

/** Every term with its source, for readers who want to check a figure (`--json`-style detail as text). */
export function formatTerms(report: DrReport): string {
  if (report.kind === "no-failover") {
    return formatObjectives(report);
  }
  const line = (kind: string, t: Term) => `${kind} ${termText(t)}${t.detail ? ` [${t.detail}]` : ""}: ${t.source}`;
  return [
    ...report.rto.terms.map((t) => line("RTO", t)),
    ...report.rpo.terms.map((t) => line("RPO", t)),
    ...(report.objects?.terms ?? []).map((t) => line("objects", t)),
  ].join("\n");
}
