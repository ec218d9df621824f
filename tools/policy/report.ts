import { Diagnostic } from "./analyzer";
import { Verdict } from "./judge";

/** Violations grouped by rule, mandatory first, each with the resource URN: the CLI's "Policies:" block. */
export function formatVerdict(v: Verdict): string {
  const lines = [
    `Policies for ${v.stack}: ${v.pack.name}@v${v.pack.version} (${v.pack.policies} rules)${v.configFile ? `, config ${v.configFile}` : ", no config (every rule mandatory)"}`,
  ];
  if (v.diagnostics.length === 0) {
    lines.push("  no violations");
    return lines.join("\n");
  }
  const byPolicy = new Map<string, Diagnostic[]>();
  for (const d of v.diagnostics) {
    byPolicy.set(d.policy, [...(byPolicy.get(d.policy) ?? []), d]);
  }
  const rank = (ds: Diagnostic[]) => (ds.some((d) => d.level === "mandatory") ? 0 : 1);
  const groups = [...byPolicy.entries()].sort((a, b) => rank(a[1]) - rank(b[1]) || a[0].localeCompare(b[0]));
  for (const [policy, ds] of groups) {
    lines.push(`  [${ds[0].level}] ${policy} (${ds[0].severity}): ${ds[0].description}`);
    for (const d of ds) {
      lines.push(`      ${d.urn === "" ? "(stack)" : d.urn}`, `        ${violationText(d)}`);
    }
  }
  lines.push(`  ${v.mandatory} mandatory, ${v.advisory} advisory`);
  return lines.join("\n");
}

/** The violation without the policy description @pulumi/policy puts on its first line (shown once per rule). */
export function violationText(d: Diagnostic): string {
  return d.message.startsWith(`${d.description}\n`) ? d.message.slice(d.description.length + 1) : d.message;
}
