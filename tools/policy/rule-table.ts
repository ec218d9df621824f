import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../../policy/policies";
import { ENVIRONMENTS } from "../../stack-config/schema";
import { POLICY_CONFIG_DIR } from "./environment-config";
import { parsePolicyConfig, PolicyInfo, reconcilePolicyConfig } from "./pack-config";

/**
 * The rule table of docs/policy.md, computed from the pack and its config files so that the documentation cannot
 * drift from what is enforced (a test compares the two).
 */

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
  const ids = (tags: string[] | undefined) =>
    (tags ?? [])
      .filter((t) => t.includes(":"))
      .map((t) => t.split(":")[1])
      .join(", ");
  const rows = [...policies]
    .sort((a, b) => AREAS.indexOf(area(a.tags)) - AREAS.indexOf(area(b.tags)))
    .map((p) =>
      [
        `\`${p.name}\``,
        area(p.tags),
        p.description,
        ids(p.tags) === "" ? "–" : ids(p.tags),
        ...ENVIRONMENTS.map((env) => cell(env, p.name)),
      ]
        .map((c) => c.replace(/\|/g, "\\|"))
        .join(" | "),
    );
  return [
    `| rule | area | checks | Checkov / Trivy | ${ENVIRONMENTS.join(" | ")} |`,
    `|---|---|---|---|${ENVIRONMENTS.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r} |`),
  ].join("\n");
}

if (require.main === module) {
  console.log(ruleTable());
}
