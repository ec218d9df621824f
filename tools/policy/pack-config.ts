import Ajv from "ajv";
import { suggest } from "../../stack-config/did-you-mean";

/**
 * The engine's half of policy config, as `pulumi preview --policy-pack-config` does it
 * (pkg/resource/analyzer/config.go): parse the file, fill each policy's defaults from its schema, apply the
 * pack's initial config and then the file (an "all" level first, then per policy), and validate every
 * policy's properties against its schema. The analyzer then receives the result through Configure.
 */

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

export interface PolicyConfig {
  readonly enforcementLevel?: EnforcementLevel;
  readonly properties?: Record<string, unknown>;
}

/** What the pack says about one policy (from GetAnalyzerInfo). */
export interface PolicyInfo {
  readonly name: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly configSchema?: { properties: Record<string, Record<string, unknown>>; required?: string[] };
}

/** A config file that cannot be used: the engine refuses to start the preview. */
export class PolicyConfigError extends Error {}

const isLevel = (v: unknown): v is EnforcementLevel => ENFORCEMENT_LEVELS.includes(v as EnforcementLevel);

/**
 * Parses a `--policy-pack-config` file's JSON text; `source` names it in errors. An empty file is refused:
 * it would leave every rule at the pack's defaults while looking like a config (write `{}` to mean that).
 */
export function parsePolicyConfig(text: string, source: string): Record<string, PolicyConfig> {
  if (text.trim() === "") {
    throw new PolicyConfigError(
      `${source}: empty; a policy config is a JSON object of policy names (\`{}\` keeps the pack's defaults)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PolicyConfigError(`${source}: not valid JSON (${(err as Error).message})`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new PolicyConfigError(`${source}: expected an object of policy names`);
  }
  const result: Record<string, PolicyConfig> = {};
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (typeof value === "string") {
      if (!isLevel(value)) {
        throw new PolicyConfigError(
          `${source}: parsing enforcement level for "${name}": "${value}" is not a valid enforcement level`,
        );
      }
      result[name] = { enforcementLevel: value };
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new PolicyConfigError(
        `${source}: parsing "${name}": ${JSON.stringify(value)} is not a valid value; must be a string or object`,
      );
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
      throw new PolicyConfigError(
        `${source}: parsing enforcement level for "${name}": "${String(enforcementLevel)}" is not a valid enforcement level`,
      );
    }
    if (enforcementLevel === undefined && Object.keys(properties).length === 0) {
      continue;
    }
    result[name] = {
      ...(enforcementLevel !== undefined ? { enforcementLevel } : {}),
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
    };
  }
  return result;
}

function apply(result: Map<string, PolicyConfig>, config: Record<string, PolicyConfig>): void {
  const all = config.all?.enforcementLevel;
  if (all !== undefined) {
    for (const [name, c] of result) {
      result.set(name, { ...c, enforcementLevel: all });
    }
  }
  for (const [name, given] of Object.entries(config)) {
    const current = result.get(name) ?? {};
    result.set(name, {
      enforcementLevel: given.enforcementLevel ?? current.enforcementLevel,
      properties: given.properties ? { ...current.properties, ...given.properties } : current.properties,
    });
  }
}

/**
 * Defaults, then the pack's initial config, then the file. Returns every policy's effective config, or the
 * validation errors (`<policy>: <problem>`) the engine would print before refusing to run.
 */
export function reconcilePolicyConfig(
  policies: readonly PolicyInfo[],
  initial: Record<string, PolicyConfig>,
  given: Record<string, PolicyConfig>,
): { config: Map<string, PolicyConfig>; errors: string[] } {
  const result = new Map<string, PolicyConfig>();
  for (const p of policies) {
    const defaults = Object.entries(p.configSchema?.properties ?? {}).filter(([, schema]) => "default" in schema);
    result.set(p.name, {
      enforcementLevel: p.enforcementLevel,
      properties: defaults.length > 0 ? Object.fromEntries(defaults.map(([k, s]) => [k, s.default])) : undefined,
    });
  }
  apply(result, initial);
  apply(result, given);
  const errors: string[] = [];
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const p of policies) {
    if (!p.configSchema) continue;
    const schema = { type: "object", properties: p.configSchema.properties, required: p.configSchema.required ?? [] };
    const validate = ajv.compile(schema);
    if (!validate(result.get(p.name)?.properties ?? {})) {
      for (const e of validate.errors ?? []) {
        const where = e.instancePath === "" ? "" : `${e.instancePath.slice(1).replace(/\//g, ".")}: `;
        errors.push(`${p.name}: ${where}${e.message ?? "invalid"}`);
      }
    }
  }
  // The engine passes names it does not know through silently, and validates properties against schemas
  // that allow any other property; a typo in a policy or setting name would then relax nothing and fail
  // nothing, so this runner names both (the places it is stricter than the CLI).
  for (const [name, c] of Object.entries(given)) {
    const policy = policies.find((p) => p.name === name);
    if (name !== "all" && policy === undefined) {
      errors.push(`${name}: no such policy in the pack`);
      continue;
    }
    const settings = Object.keys(policy?.configSchema?.properties ?? {});
    for (const setting of Object.keys(c.properties ?? {})) {
      if (!settings.includes(setting)) {
        const guess = suggest(setting, settings);
        const known = settings.length === 0 ? "it takes none" : `its settings are ${settings.join(", ")}`;
        errors.push(`${name}: ${setting}: no such setting${guess ? ` (did you mean "${guess}"?)` : ""}; ${known}`);
      }
    }
  }
  return { config: result, errors };
}
