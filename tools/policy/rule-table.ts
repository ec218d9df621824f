import * as fs from "fs";
import * as path from "path";
import { ruleMetaOf } from "../../policy/lib/rule";
import { allPolicies } from "../../policy/policies";
import { ENVIRONMENTS } from "../../stack-config/schema";
import { POLICY_CONFIG_DIR } from "./environment-config";
import { parsePolicyConfig, PolicyInfo, reconcilePolicyConfig } from "./pack-config";

/**
 * The rule table of docs/policy.md, computed from the pack and its config files so that the documentation cannot
 * drift from what is enforced (a test compares the two). Each rule's equivalent Checkov/Trivy checks have a column,
 * the checks that look alike but differ (`related`) another, and a second table says how each of those differs.
 */

type Policy = ReturnType<typeof allPolicies>[number];

const AREAS = ["availability", "disaster-recovery", "security", "data-safety", "cost-hygiene"];

export function ruleTable(): string {
  const policies = allPolicies();
  const infos: PolicyInfo[] = policies.map((p) => ({
    name: p.name,
    enforcementLevel: p.enforcementLevel ?? "mandatory",
    configSchema: p.configSchema as PolicyInfo["configSchema"],
  }));
  const levels = Object.fromEntries(
    ENVIRONMENTS.map((env) => {
      const file = path.join(POLICY_CONFIG_DIR, `${env}.json`);
      const { config } = reconcilePolicyConfig(infos, {}, parsePolicyConfig(fs.readFileSync(file, "utf8"), file));
      return [env, config];
    }),
  );
  const cell = (env: string, name: string) => {
    const c = levels[env].get(name)!;
    const knobs = Object.entries(c.properties ?? {})
      .map(([k, v]) => `${k} ${Array.isArray(v) ? (v.length > 3 ? `${v.length} patterns` : v.join("/")) : String(v)}`)
      .join(", ");
    return knobs === "" ? String(c.enforcementLevel) : `${c.enforcementLevel} (${knobs})`;
  };
  const area = (tags: string[] | undefined) => (tags ?? []).find((t) => AREAS.includes(t)) ?? "";
  // The published tags name the equivalents; `related` is only in the metadata the rule was built from.
  const equivalents = (p: Policy) =>
    (p.tags ?? [])
      .filter((t) => t.includes(":"))
      .map((t) => t.split(":")[1])
      .join(", ");
  const related = (p: Policy) => ruleMetaOf(p)?.related ?? [];
  const orNone = (text: string) => (text === "" ? "–" : text);
  const escape = (cells: string[]) => cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ");
  const sorted = [...policies].sort((a, b) => AREAS.indexOf(area(a.tags)) - AREAS.indexOf(area(b.tags)));
  const rows = sorted.map((p) =>
    escape([
      `\`${p.name}\``,
      area(p.tags),
      p.description,
      orNone(equivalents(p)),
      orNone(
        related(p)
          .map((r) => r.id)
          .join(", "),
      ),
      ...ENVIRONMENTS.map((env) => cell(env, p.name)),
    ]),
  );
  const differences = sorted.flatMap((p) => related(p).map((r) => escape([`\`${p.name}\``, r.id, r.difference])));
  return [
    `| rule | area | checks | equivalent checks | differs from | ${ENVIRONMENTS.join(" | ")} |`,
    `|---|---|---|---|---|${ENVIRONMENTS.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r} |`),
    "",
    "How each check in the _differs from_ column differs from the rule (never published as an equivalent):",
    "",
    "| rule | check | how it differs |",
    "|---|---|---|",
    ...differences.map((r) => `| ${r} |`),
  ].join("\n");
}

if (require.main === module) {
  console.log(ruleTable());
}
