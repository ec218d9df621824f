import { z } from "zod";
import { PROFILES } from "./profiles";
import { stackConfigSchema } from "./schema";

/**
 * The config reference, read off the schema: every key's path, type, default and description. Pulumi.yaml's
 * `config:` block and docs/config.md are generated from it (`npm run docs`), and tests fail if either drifts,
 * so the contract is written once, next to the types that enforce it.
 */
export interface ConfigKey {
  /** Dotted path as `pulumi config set --path` takes it; `<name>` stands for a map key, `[]` for a list item. */
  readonly path: string;
  /** string, integer, number, boolean, an enum's values, list of ..., map of ..., or object. */
  readonly type: string;
  readonly required: boolean;
  /** The default the schema applies when the key is absent (JSON), if any. */
  readonly default?: unknown;
  readonly description: string;
}

/** Project config types Pulumi.yaml can declare (https://www.pulumi.com/docs/iac/concepts/projects/project-file/). */
type ProjectType = "string" | "integer" | "boolean" | "array";

/** One top-level key as Pulumi.yaml's `config:` block declares it. */
export interface ProjectConfigDeclaration {
  readonly type?: ProjectType;
  readonly description: string;
  readonly default?: unknown;
}

interface Unwrapped {
  readonly schema: z.ZodTypeAny;
  readonly required: boolean;
  readonly default?: unknown;
  readonly description?: string;
}

/** Peels defaults, optionals and effects off a field, keeping the outermost description. */
function unwrap(field: z.ZodTypeAny): Unwrapped {
  let schema = field;
  let required = true;
  let fallback: unknown;
  let description = field.description;
  for (;;) {
    description ??= schema.description;
    if (schema instanceof z.ZodDefault) {
      required = false;
      fallback = schema._def.defaultValue();
      schema = schema._def.innerType;
    } else if (schema instanceof z.ZodOptional) {
      required = false;
      schema = schema.unwrap();
    } else if (schema instanceof z.ZodEffects) {
      schema = schema.innerType();
    } else {
      return { schema, required, default: fallback, description };
    }
  }
}

function typeName(schema: z.ZodTypeAny): string {
  if (schema instanceof z.ZodString) return "string";
  if (schema instanceof z.ZodBoolean) return "boolean";
  if (schema instanceof z.ZodNumber) return schema.isInt ? "integer" : "number";
  if (schema instanceof z.ZodEnum) return (schema.options as string[]).map((o) => `\`${o}\``).join(" \\| ");
  if (schema instanceof z.ZodArray) return `list of ${typeName(unwrap(schema.element).schema)}`;
  if (schema instanceof z.ZodRecord) return `map of ${typeName(unwrap(schema.valueSchema).schema)}`;
  if (schema instanceof z.ZodObject) return "object";
  throw new Error(`config reference: no type name for ${schema.constructor.name}`);
}

/** Every key of the stack config, depth first, in the schema's order. */
export function configKeys(): ConfigKey[] {
  const keys: ConfigKey[] = [];
  const walk = (shape: z.ZodRawShape, prefix: string) => {
    for (const [name, field] of Object.entries(shape)) {
      const { schema, required, default: fallback, description } = unwrap(field);
      const path = `${prefix}${name}`;
      if (description === undefined) {
        throw new Error(
          `config reference: \`${path}\` has no description; add .describe(...) in stack-config/schema.ts`,
        );
      }
      const isObjectDefault = fallback !== undefined && typeof fallback === "object" && !Array.isArray(fallback);
      keys.push({
        path,
        type: typeName(schema),
        required,
        // An object's default is its fields' defaults, shown on the fields themselves.
        ...(fallback !== undefined && !isObjectDefault ? { default: fallback } : {}),
        description,
      });
      if (schema instanceof z.ZodObject) {
        walk(schema.shape, `${path}.`);
      } else if (schema instanceof z.ZodRecord) {
        const value = unwrap(schema.valueSchema).schema;
        if (value instanceof z.ZodObject) walk(value.shape, `${path}.<name>.`);
      } else if (schema instanceof z.ZodArray) {
        const item = unwrap(schema.element).schema;
        if (item instanceof z.ZodObject) walk(item.shape, `${path}[].`);
      }
    }
  };
  walk(stackConfigSchema.shape, "");
  return keys;
}

/**
 * Pulumi.yaml's declaration of each top-level key. Project config types are only string, integer, boolean
 * and array, so an object key carries its description alone; its fields are in docs/config.md.
 */
export function projectConfigDeclarations(): Record<string, ProjectConfigDeclaration> {
  const declarations: Record<string, ProjectConfigDeclaration> = {};
  for (const [name, field] of Object.entries(stackConfigSchema.shape as z.ZodRawShape)) {
    const { schema, default: fallback, description } = unwrap(field);
    const type: ProjectType | undefined =
      schema instanceof z.ZodString || schema instanceof z.ZodEnum
        ? "string"
        : schema instanceof z.ZodNumber && schema.isInt
          ? "integer"
          : schema instanceof z.ZodBoolean
            ? "boolean"
            : schema instanceof z.ZodArray
              ? "array"
              : undefined;
    declarations[name] = {
      ...(type ? { type } : {}),
      description: type ? `${description!}.` : `Object: ${description!}. Its fields: docs/config.md.`,
      ...(type && fallback !== undefined ? { default: fallback } : {}),
    };
  }
  return declarations;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const shown = (value: unknown) => `\`${JSON.stringify(value)}\``;

/** docs/config.md's key table. */
export function configKeyTable(): string {
  const rows = configKeys().map(
    (k) =>
      `| \`${k.path}\` | ${k.type} | ${k.required ? "required" : k.default === undefined ? "optional" : shown(k.default)} | ${cell(k.description)} |`,
  );
  return ["| key | type | default | description |", "|---|---|---|---|", ...rows].join("\n");
}

/** docs/config.md's table of what each environment requires and allows (stack-config/profiles.ts). */
export function profileTable(): string {
  const environments = Object.keys(PROFILES) as (keyof typeof PROFILES)[];
  const capabilities = Object.keys(PROFILES[environments[0]]).filter((c) => !c.endsWith("Why"));
  const value = (v: unknown): string =>
    v === undefined
      ? "–"
      : typeof v === "boolean"
        ? v
          ? "yes"
          : "no"
        : Array.isArray(v)
          ? v.map((x) => `\`${String(x)}\``).join(", ")
          : typeof v === "object" && v !== null
            ? Object.entries(v)
                .map(([k, x]) => `${k} ${value(x)}`)
                .join(", ")
            : String(v);
  return [
    `| capability | ${environments.join(" | ")} |`,
    `|---|${environments.map(() => "---").join("|")}|`,
    ...capabilities.map(
      (c) =>
        `| \`${c}\` | ${environments.map((e) => value((PROFILES[e] as unknown as Record<string, unknown>)[c])).join(" | ")} |`,
    ),
  ].join("\n");
}
