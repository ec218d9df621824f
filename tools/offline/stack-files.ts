import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { suggest } from "../../stack-config/did-you-mean";

/** The repository root: where Pulumi.yaml and the stacks folder are. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * The stack's config cannot be used: a stack or project file that is not a YAML mapping, an override that
 * does not fit, or (thrown by the render and the typed loader) the program's own list of config problems.
 * The message is complete; the tools print it without a stack trace and exit 1.
 */
export class ConfigProblemsError extends Error {}

/** Config for one stack, in the form the Pulumi engine hands a program: full keys, string values. */
export interface StackConfigMap {
  readonly project: string;
  readonly stack: string;
  readonly config: Record<string, string>;
  /** Keys whose value was a `secure:` ciphertext, now replaced by a test value. */
  readonly secretKeys: string[];
}

/**
 * A path and the value to set there, as `pulumi config set --path` would: dots between keys, `[N]` for a
 * list element, `["key"]` for a key with dots in it (`schedule.holidays[0]`, `dns.recordName`).
 */
export type ConfigOverride = readonly [path: string, value: unknown];

interface ProjectFile {
  readonly name: string;
  readonly stackConfigDir?: string;
  readonly config?: Record<string, { value?: unknown; default?: unknown }>;
}

/** Top-level keys of a stack file (Pulumi.<stack>.yaml), as the Pulumi CLI defines them. */
const STACK_FILE_KEYS = ["config", "encryptionsalt", "secretsprovider", "encryptedkey", "environment"];

export function readProjectFile(root = REPO_ROOT): ProjectFile {
  const file = path.join(root, "Pulumi.yaml");
  const doc = readMapping(file, root, "Project file");
  if (typeof doc.name !== "string" || doc.name === "") {
    throw fileProblems("Project file", file, root, [
      "`name`: missing; the project's name is the namespace of its config keys",
    ]);
  }
  return doc as unknown as ProjectFile;
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
 * `secure:` value becomes `offline-secret:<key path>` and its key is reported as secret. Keys are kept as
 * written: one without a namespace is left for the config validation to report, as the CLI would refuse it.
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
  const stackConfig = readStackFile(file, root, project.name);
  const values: Record<string, unknown> = {};
  const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);

  for (const [key, decl] of Object.entries(project.config ?? {})) {
    if (decl && typeof decl === "object" && "value" in decl) {
      values[qualify(key)] = decl.value;
    } else if (decl && typeof decl === "object" && "default" in decl) {
      values[qualify(key)] = decl.default;
    }
  }
  Object.assign(values, stackConfig);

  for (const [pathText, value] of overrides) {
    const [key, ...rest] = parseConfigPath(pathText);
    if (typeof key !== "string") {
      throw new ConfigProblemsError(`--set ${pathText}: a config path starts with a key, not a list index`);
    }
    const full = qualify(key);
    values[full] = rest.length === 0 ? value : setPath(structuredClone(values[full]), rest, value, pathText, key);
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

/** A stack file's `config:` mapping; every problem with the file's shape is reported at once. */
function readStackFile(file: string, root: string, project: string): Record<string, unknown> {
  const doc = readMapping(file, root, "Stack file");
  const problems: string[] = [];
  for (const key of Object.keys(doc)) {
    if (!STACK_FILE_KEYS.includes(key)) {
      const guess = suggest(key, STACK_FILE_KEYS);
      problems.push(
        `\`${key}\`: not a stack file key${guess ? ` (did you mean \`${guess}\`?)` : ""}; the keys are ${STACK_FILE_KEYS.join(", ")}. Fix: ${guess ? `rename it to \`${guess}\`` : "remove it"}`,
      );
    }
  }
  const config = doc.config;
  if (config !== undefined && config !== null && !isMapping(config)) {
    problems.push(
      `\`config\`: got ${kindOf(config)}; expected a mapping of keys to values. Fix: write each key on its own line under \`config:\`, e.g. \`  ${project}:environment: prod\``,
    );
  }
  if (problems.length > 0) {
    throw fileProblems("Stack file", file, root, problems);
  }
  return isMapping(config) ? config : {};
}

/** A YAML file's top-level mapping (an empty file is an empty mapping), or every syntax problem at once. */
function readMapping(file: string, root: string, what: string): Record<string, unknown> {
  const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"), { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw fileProblems(
      what,
      file,
      root,
      doc.errors.map((e) => {
        const [line, column] = e.linePos ? [e.linePos[0].line, e.linePos[0].col] : [undefined, undefined];
        const reason = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        const where = line === undefined ? "" : `line ${line}, column ${column}: `;
        return `${where}${reason.charAt(0).toLowerCase()}${reason.slice(1)} (not valid YAML). Fix: correct the file there, or rewrite the key with \`pulumi config set\``;
      }),
    );
  }
  const value: unknown = doc.toJS() ?? {};
  if (!isMapping(value)) {
    throw fileProblems(what, file, root, [
      `the document is ${kindOf(value)}; expected a mapping${what === "Stack file" ? " with a `config:` key" : ""}. Fix: start the file with \`${what === "Stack file" ? "config:" : "name: <project>"}\``,
    ]);
  }
  return value;
}

function fileProblems(what: string, file: string, root: string, problems: readonly string[]): ConfigProblemsError {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return new ConfigProblemsError(
    [`${what} \`${path.relative(root, file)}\` is invalid (${count}):`, ...problems.map((p) => `  - ${p}`)].join("\n"),
  );
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function kindOf(value: unknown): string {
  if (Array.isArray(value)) {
    return "a list";
  }
  return typeof value === "string"
    ? `the string ${JSON.stringify(value)}`
    : `the ${typeof value} ${JSON.stringify(value)}`;
}

/** Path segments that would reach JavaScript's object prototypes instead of config. */
const FORBIDDEN_SEGMENTS = ["__proto__", "constructor", "prototype"];

/**
 * Parses a `pulumi config set --path` path into keys and list indexes: `a.b`, `a[0].b`, `a["x.y"]`. The
 * first key may carry a namespace (`aws:region`). Throws on anything else, and on a segment that names an
 * object prototype.
 */
export function parseConfigPath(text: string): (string | number)[] {
  const segments: (string | number)[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`--set path ${JSON.stringify(text)}: ${why}`);
  };
  const readKey = () => {
    const start = i;
    while (i < text.length && text[i] !== "." && text[i] !== "[") {
      i++;
    }
    if (i === start) {
      fail(`empty key at character ${start + 1}`);
    }
    segments.push(text.slice(start, i));
  };
  readKey();
  while (i < text.length) {
    if (text[i] === ".") {
      i++;
      readKey();
    } else if (text.startsWith('["', i)) {
      const end = text.indexOf('"]', i + 2);
      if (end < 0) {
        fail('a ["key"] is not closed');
      }
      segments.push(text.slice(i + 2, end));
      i = end + 2;
    } else {
      const end = text.indexOf("]", i);
      const index = text.slice(i + 1, end);
      if (end < 0 || !/^\d+$/.test(index)) {
        fail(`expected a list index like [0] at character ${i + 1}`);
      }
      segments.push(Number(index));
      i = end + 1;
    }
    if (i < text.length && text[i] !== "." && text[i] !== "[") {
      fail(`expected "." or "[" at character ${i + 1}`);
    }
  }
  const forbidden = segments.find((s) => typeof s === "string" && FORBIDDEN_SEGMENTS.includes(s));
  if (forbidden !== undefined) {
    fail(
      `"${forbidden}" names a JavaScript object prototype, not a config key; config paths never contain ${FORBIDDEN_SEGMENTS.join(", ")}`,
    );
  }
  return segments;
}

/**
 * Sets `value` at `keys` below `target`, creating objects (or lists, for an index) on the way, as the CLI
 * does: an index may replace an element or append one, never leave a gap.
 */
function setPath(
  target: unknown,
  keys: readonly (string | number)[],
  value: unknown,
  text: string,
  at: string,
): unknown {
  const [head, ...rest] = keys;
  const where = (done: string) => `--set ${text}: \`${done}\``;
  if (typeof head === "number") {
    const list = target === undefined || target === null ? [] : target;
    if (!Array.isArray(list)) {
      throw new ConfigProblemsError(`${where(at)} is ${kindOf(list)}, not a list, so it has no element [${head}]`);
    }
    if (head > list.length) {
      throw new ConfigProblemsError(
        `${where(at)} has ${list.length} element(s); an index replaces one (0 to ${list.length - 1}) or adds one at ${list.length}`,
      );
    }
    list[head] = rest.length === 0 ? value : setPath(list[head], rest, value, text, `${at}[${head}]`);
    return list;
  }
  const node = target === undefined || target === null ? {} : target;
  if (!isMapping(node)) {
    throw new ConfigProblemsError(`${where(at)} is ${kindOf(node)}, not a mapping, so it has no key \`${head}\``);
  }
  node[head] = rest.length === 0 ? value : setPath(node[head], rest, value, text, `${at}.${head}`);
  return node;
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

/**
 * Parses `path=value` as a config override; the path as `pulumi config set --path` takes it (see
 * {@link parseConfigPath}), the value YAML, so numbers and booleans keep their type. Throws, naming the
 * problem, on anything else: the tools report it as a usage error.
 */
export function parseOverride(text: string): ConfigOverride {
  const eq = splitAt(text);
  if (eq <= 0) {
    throw new Error(`--set expects path=value (for example secondary.cloud=gcp), got "${text}"`);
  }
  const pathText = text.slice(0, eq);
  parseConfigPath(pathText);
  try {
    return [pathText, YAML.parse(text.slice(eq + 1))];
  } catch (err) {
    const reason = (err as Error).message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    throw new Error(`--set ${pathText}: the value is not valid YAML (${reason})`);
  }
}

/** The first "=" outside a ["quoted key"]. */
function splitAt(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('["', i) && !quoted) {
      quoted = true;
      i++;
    } else if (text.startsWith('"]', i) && quoted) {
      quoted = false;
      i++;
    } else if (text[i] === "=" && !quoted) {
      return i;
    }
  }
  return -1;
}
