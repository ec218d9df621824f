import { ScenarioReport } from "./chain";
import { formatDuration } from "./duration";
import { DrMiss, DrReport, DrTargets } from "./objectives";
import { Term, termText } from "./terms";

/**
 * The DR report as text: a summary line (the Region loss's RTO, the RPO, the verdict against the targets),
 * the PRIMARY's health checks, then every scenario's chain, link by link, with its verdict; `note:` lines last.
 * For example, the summary of a warm standby whose promotion waits for the on-call:
 * `RTO >= 2m30s = health check 30s (10s x 3) + alarm 60s (60s x 1) + human step A4 + DB promotion ~60s (users at 1m30s in parallel); RPO ~1s (Aurora global replication); MISSES target RTO <= 2m`
 */

const seconds = (s: number) => (Number.isFinite(s) ? formatDuration(s) : "unbounded");

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

const sumText = (terms: readonly Term[]) => terms.map(termText).join(" + ");

/** The first line: the Region loss's RTO with the path that sets it, the RPO, objects and the targets. */
export function formatSummary(report: DrReport): string {
  if (report.kind === "no-failover") {
    const miss = report.targets && report.meets ? `; ${targetsText(report.targets, report.meets)}` : "";
    return `no DNS failover in this plan: ${report.reason}${miss}`;
  }
  const { rto } = report;
  const a = report.scenarios[0];
  let rtoText: string;
  if (!Number.isFinite(rto.seconds)) {
    rtoText = `RTO unbounded ((a) ${(a.misses[0] ?? "service never returns").split(": ")[0]})`;
  } else {
    const users = rto.detection;
    const writes = rto.recovery;
    const other =
      rto.terms === writes.terms
        ? users.seconds !== writes.seconds && users.terms.length > 0
          ? ` (users at ${seconds(users.seconds)} in parallel)`
          : ""
        : writes.terms.length > 0 && writes !== users
          ? ` (writes at ${rto.atLeast && writes.terms.some((t) => t.human) ? ">= " : ""}${seconds(writes.seconds)} in parallel)`
          : "";
    rtoText = `RTO ${rto.atLeast ? ">= " : ""}${seconds(rto.seconds)} = ${sumText(rto.terms)}${other}`;
  }
  const [rpo] = report.rpo.terms;
  const rpoText = Number.isFinite(rpo.seconds)
    ? `${rpo.approximate ? "~" : ""}${formatDuration(rpo.seconds)} (${rpo.label})`
    : `unbounded (${rpo.label})`;
  const bound = report.rpoBound?.terms[0];
  const parts = [rtoText, `RPO ${rpoText}${bound ? `, bound ${formatDuration(bound.seconds)} (${bound.label})` : ""}`];
  if (report.objects) {
    const [objects] = report.objects.terms;
    parts.push(`objects ${formatDuration(objects.seconds)} (${objects.label})`);
  }
  if (report.targets && report.meets) {
    parts.push(targetsText(report.targets, report.meets));
  }
  return parts.join("; ");
}

/** A scenario's verdict in a few words: "RTO >= 2m30s, MISS", "no failover (correct)", "MISS". */
export function verdictText(s: ScenarioReport): string {
  const v = s.verdict;
  const miss = s.misses.length > 0 ? "MISS" : "";
  switch (v.kind) {
    case "recovers":
      return [`RTO ${v.atLeast ? ">= " : ""}${formatDuration(v.seconds)}`, miss].filter((x) => x !== "").join(", ");
    case "holds":
      return v.short;
    case "miss":
      return "MISS";
    case "not-applicable":
      return "not applicable";
  }
}

/** One scenario: its title and verdict, then its links (one line when it has a single link). */
export function formatScenario(s: ScenarioReport): string[] {
  const head = `(${s.letter}) ${s.title}`;
  if (s.verdict.kind === "not-applicable") {
    return [`${head}: not applicable (${s.verdict.reason})`];
  }
  if (s.links.length <= 1) {
    const link = s.links[0];
    const text = s.misses.length > 0 ? `MISS ${s.misses.join("; ")}` : (link?.text ?? verdictText(s));
    return [`${head}: ${text}`];
  }
  const width = Math.max(...s.links.map((l) => l.name.length));
  const lines = s.links.map(
    (l, i) =>
      `    ${i + 1} ${l.name.padEnd(width)}  ${l.text}${l.misses.length > 0 ? `  <- MISS: ${l.misses.join("; ")}` : ""}`,
  );
  const v = s.verdict;
  const outcome =
    v.kind === "recovers"
      ? `RTO ${v.atLeast ? ">= " : ""}${formatDuration(v.seconds)} = max(users ${seconds(v.users.seconds)}, writes ${v.writes.human ? ">= " : ""}${seconds(v.writes.seconds)})`
      : "service does not return";
  const onLinks = new Set(s.links.flatMap((l) => l.misses));
  const more = s.misses.filter((m) => !onLinks.has(m));
  const verdict =
    s.misses.length > 0
      ? `MISS${more.length > 0 ? `: ${more.join("; ")}` : ""}${onLinks.size > 0 ? `${more.length > 0 ? ", and" : ""} on the links marked above` : ""}`
      : v.kind === "recovers" && v.meets === true
        ? v.personHas !== undefined
          ? `holds, within the target if the person acts within ${formatDuration(v.personHas)}`
          : "holds, within the target"
        : "holds";
  return [`${head}: ${verdictText(s)}`, ...lines, `    ${outcome}; ${verdict}`];
}

/** The DR report: the summary line, the PRIMARY's checks, every scenario's chain, then `note:` lines. */
export function formatObjectives(report: DrReport): string {
  if (report.kind === "no-failover") {
    return formatSummary(report);
  }
  return [
    formatSummary(report),
    ...(report.checks !== undefined ? [report.checks] : []),
    ...(report.capacity ?? []),
    ...report.scenarios.flatMap(formatScenario),
    ...(report.offHours !== undefined ? [`  ${report.offHours}`] : []),
    ...report.warnings.map((w) => `note: ${w}`),
  ].join("\n");
}

/** The report in one line per stack: the Region loss's RTO and RPO, then each scenario's verdict. */
export function formatCompact(report: DrReport): string {
  if (report.kind === "no-failover") {
    return `no DNS failover: ${report.reason}`;
  }
  const rpo = report.rpo.terms[0];
  const verdicts = report.scenarios
    .filter((s) => s.verdict.kind !== "not-applicable")
    .map((s) => `(${s.letter}) ${verdictText(s)}`);
  const targets = report.targets
    ? `; targets RTO <= ${formatDuration(report.targets.rtoSeconds)}, RPO <= ${formatDuration(report.targets.rpoSeconds)}`
    : "";
  return `${verdicts.join(" | ")}; RPO ${rpo.approximate ? "~" : ""}${seconds(rpo.seconds)}${targets}`;
}

/** A miss as the plan prints it after the report: `(a) Seoul lost: the reason`. */
export function missText(report: DrReport, m: DrMiss): string {
  const s = report.kind === "failover" ? report.scenarios.find((x) => x.id === m.scenario) : undefined;
  return s ? `(${s.letter}) ${s.title}: ${m.reason}` : m.reason;
}

/** Every term with its source, for readers who want to check a figure. */
export function formatTerms(report: DrReport): string {
  if (report.kind === "no-failover") {
    return formatSummary(report);
  }
  const line = (kind: string, t: Term) => `${kind} ${termText(t)}: ${t.source}`;
  const seen = new Set<string>();
  const scenarioTerms = report.scenarios.flatMap((s) => s.links.flatMap((l) => l.terms).map((t) => ({ s, t })));
  const rows = scenarioTerms
    .filter(({ t }) => {
      const key = `${t.label}|${t.seconds}|${t.source}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .map(({ s, t }) => line(`(${s.letter})`, t));
  return [
    ...rows,
    ...report.rpo.terms.map((t) => line("RPO", t)),
    ...(report.objects?.terms ?? []).map((t) => line("objects", t)),
  ].join("\n");
}
