import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** The repository root: where Pulumi.yaml and the stacks folder are. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Config for one stack, in the form the Pulumi engine hands a program: full keys, string values. */
export interface StackConfigMap {
  readonly project: string;
  readonly stack: string;
  readonly config: Record<string, string>;
  /** Keys whose value was a `secure:` ciphertext, now replaced by a test value. */
  readonly secretKeys: string[];
}

/** A dotted path and the value to set there, as `pulumi config set --path` would. */
export type ConfigOverride = readonly [path: string, value: unknown];

interface ProjectFile {
  readonly name: string;
  readonly stackConfigDir?: string;
  readonly config?: Record<string, { value?: unknown; default?: unknown }>;
}

export function readProjectFile(root = REPO_ROOT): ProjectFile {
  return YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

/** The stacks that have a stack file, in a fixed order (dev, staging, prod first, then the rest). */
export function listStacks(root = REPO_ROOT): string[] {
  const dir = path.join(root, readProjectFile(root).stackConfigDir ?? ".");
  const order = ["dev", "staging", "prod"];
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  return fs
    .readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * Reads a stack's config the way the CLI assembles it: project-level `value`s and `default`s from
 * Pulumi.yaml, then the stack file, then the overrides. Secrets cannot be decrypted here, so every
 * `secure:` value becomes `offline-secret:<key path>` and its key is reported as secret.
 */
export function loadStackConfig(
  stack: string,
  overrides: readonly ConfigOverride[] = [],
  root = REPO_ROOT,
): StackConfigMap {
  const project = readProjectFile(root);
  const file = path.join(root, project.stackConfigDir ?? ".", `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const known = listStacks(root).join(", ");
    throw new Error(`no stack file for stack "${stack}" (looked for ${path.relative(root, file)}); stacks: ${known}`);
  }
  const parsed = (YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const values: Record<string, unknown> = {};
  const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);

  for (const [key, decl] of Object.entries(project.config ?? {})) {
    if (decl && typeof decl === "object" && "value" in decl) {
      values[qualify(key)] = decl.value;
    } else if (decl && typeof decl === "object" && "default" in decl) {
      values[qualify(key)] = decl.default;
    }
  }
  Object.assign(values, parsed.config ?? {});

  for (const [pathText, value] of overrides) {
    const [key, ...rest] = pathText.split(".");
    const full = qualify(key);
    if (rest.length === 0) {
      values[full] = value;
    } else {
      values[full] = setPath(structuredClone(values[full] ?? {}), rest, value);
    }
  }

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    let secret = false;
    const clean = replaceSecure(value, key, () => (secret = true));
    config[key] = typeof clean === "string" ? clean : JSON.stringify(clean);
    if (secret) {
      secretKeys.push(key);
    }
  }
  return { project: project.name, stack, config, secretKeys };
}

function setPath(target: unknown, keys: string[], value: unknown): unknown {
  const root = target !== null && typeof target === "object" ? (target as Record<string, unknown>) : {};
  const [head, ...rest] = keys;
  root[head] = rest.length === 0 ? value : setPath(root[head], rest, value);
  return root;
}

function replaceSecure(value: unknown, keyPath: string, markSecret: () => void): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => replaceSecure(v, `${keyPath}[${i}]`, markSecret));
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && entries[0][0] === "secure") {
      markSecret();
      return `offline-secret:${keyPath}`;
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, replaceSecure(v, `${keyPath}.${k}`, markSecret)]));
  }
  return value;
}

/** Parses `a.b=value` as a config override; the value is YAML, so numbers and booleans keep their type. */
export function parseOverride(text: string): ConfigOverride {
  const eq = text.indexOf("=");
  if (eq <= 0) {
    throw new Error(`--set expects path=value (for example secondary.cloud=gcp), got "${text}"`);
  }
  return [text.slice(0, eq), YAML.parse(text.slice(eq + 1))];
}
