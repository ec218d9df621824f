import * as path from "path";
import { EnvironmentProfile, PROFILES } from "../../stack-config/profiles";
import { Environment } from "../../stack-config/schema";

/**
 * policy/config/<env>.json, generated from the environment profile table (stack-config/profiles.ts) so that
 * the pack enforces exactly what the table says; tests/policy/policy-config.test.ts fails when a shipped file drifts.
 * The files stay committed in policy/config/ (the pack is published on its own and never imports stack-config);
 * after changing the table, regenerate them with `npm run docs` (tools/docs.ts).
 *
 * Every rule is mandatory unless a capability relaxes it, and every knob a capability decides is written out
 * (the pack's schema defaults are the strictest environment's values).
 */

export const POLICY_CONFIG_DIR = path.join(__dirname, "..", "..", "policy", "config");

type Level = "advisory" | "mandatory" | "disabled";
type Entry = Level | Record<string, unknown>;

/** The EKS support types in order of cost: standard support is always allowed, extended only where bought. */
const EKS_SUPPORT_TYPES = ["STANDARD", "EXTENDED"] as const;

/** A rule's entry: only the knobs when it is mandatory (the file's "all"), the level too otherwise. */
function entry(level: Level, knobs?: Record<string, unknown>): Entry | undefined {
  if (knobs === undefined) return level === "mandatory" ? undefined : level;
  return level === "mandatory" ? knobs : { enforcementLevel: level, ...knobs };
}

/** The policy config of one environment, as written to policy/config/<environment>.json. */
export function policyConfigFor(environment: Environment): Record<string, Entry> {
  const p: EnvironmentProfile = PROFILES[environment];
  // The zonal rules stand on the AZ promise, the failover rules on the region promise (stack-config/profiles.ts).
  const zonal: Level = p.azLossPromise === "no-loss-of-service" ? "mandatory" : "advisory";
  const failover: Level = p.regionLossPromise === "failover-within-targets" ? "mandatory" : "advisory";
  const keep = (otherwise: Level): Level => (p.keepDataOnDestroy ? "mandatory" : otherwise);
  const azKnobs = { minAzs: p.minAzCount };
  // Keeping service through an AZ's loss needs a reader in another AZ to fail over to, whatever the floor.
  const minInstances = Math.max(p.minDatabaseInstances, zonal === "mandatory" ? 2 : 1);
  const rules: [string, Entry | undefined][] = [
    ["all", "mandatory"],
    ["subnets-across-azs", entry(zonal, azKnobs)],
    ["eks-control-plane-azs", entry(zonal, azKnobs)],
    ["node-groups-across-azs", entry(zonal, azKnobs)],
    ["nat-per-az", entry(zonal)],
    ["aurora-multi-az", entry(zonal, { minInstances })],
    ["workload-resilience", entry(zonal)],
    ["dr-secondary-replication", entry(failover)],
    ["dns-failover-pair", entry(failover)],
    ["backup-retention", { minDays: p.minBackupRetentionDays }],
    ["audit-log-retention", { minDays: p.auditLogRetentionDays }],
    ["admission-pinned-images", { enforce: p.imageAdmission === "deny" }],
    [
      "database-password-rotation",
      {
        required: p.passwordRotationDays !== undefined,
        maxDays: p.passwordRotationDays ?? PROFILES.prod.passwordRotationDays,
      },
    ],
    ["alarms-reach-someone", entry(p.requirePaging ? "mandatory" : "advisory")],
    ["deletion-protection", entry(keep("disabled"))],
    ["stateful-protected", entry(p.requireProtection ? "mandatory" : "disabled")],
    ["final-snapshot", entry(keep("advisory"))],
    ["no-force-destroy", entry(keep("disabled"))],
    [
      "eks-upgrade-policy",
      { supportTypes: EKS_SUPPORT_TYPES.slice(0, EKS_SUPPORT_TYPES.indexOf(p.eksSupportType) + 1) },
    ],
    ["allowed-instance-types", p.allowedInstanceTypes && { allowed: [...p.allowedInstanceTypes] }],
    ["off-hours-schedule", { required: p.requireSchedule }],
  ];
  return Object.fromEntries(rules.filter((r): r is [string, Entry] => r[1] !== undefined));
}

/** The file's text: Prettier's JSON at the repository's print width, as `npm run format` would leave it. */
export async function policyConfigText(environment: Environment): Promise<string> {
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(path.join(POLICY_CONFIG_DIR, `${environment}.json`))) ?? {};
  return prettier.format(JSON.stringify(policyConfigFor(environment)), { ...options, parser: "json" });
}
