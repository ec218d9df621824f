import { z } from "zod";
import { suggest } from "./did-you-mean";

/** One thing wrong with the stack config: where, what was given, and how to put it right. */
export interface Problem {
  /** Dotted key path as `pulumi config set --path` takes it, e.g. `primary.azCount`. */
  readonly path: string;
  /** What is wrong, quoting the value given. */
  readonly message: string;
  /** The command or change that fixes it. */
  readonly fix: string;
}

export function formatProblem(p: Problem): string {
  return `\`${p.path}\`: ${p.message}. Fix: ${p.fix}`;
}

/**
 * `pulumi config set` for a path; `--path` only where the key is nested. With `--path` the CLI stores
 * true/false as booleans, integers as numbers and everything else as a string, so a fractional number
 * (`type` "float") needs `--type float` to arrive as a number.
 */
export function setCommand(path: string, value: string, type?: "float"): string {
  const typed = type === "float" && path.includes(".") && !/^-?\d+$/.test(value) ? " --type float" : "";
  return path.includes(".")
    ? `pulumi config set --path ${path} ${value}${typed}`
    : `pulumi config set ${path} ${value}`;
}

/** The command to set a key to one of several values, when there is no single value to propose. */
function chooseCommand(path: string, options: readonly string[]): string {
  return `${setCommand(path, "<value>")}, where <value> is one of ${options.join(", ")}`;
}

export function joinPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === "number") {
      return `${acc}[${part}]`;
    }
    return acc === "" ? part : `${acc}.${part}`;
  }, "");
}

export function show(value: unknown): string {
  return JSON.stringify(value) ?? "undefined";
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (node, part) =>
      node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[part] : undefined,
    root,
  );
}

/** The schema that validates the value at `path`, with optional, default and effects wrappers removed. */
function schemaAt(schema: z.ZodTypeAny, path: readonly (string | number)[]): z.ZodTypeAny | undefined {
  let node: z.ZodTypeAny | undefined = schema;
  for (const part of [...path, undefined]) {
    while (node instanceof z.ZodOptional || node instanceof z.ZodDefault || node instanceof z.ZodEffects) {
      node =
        node instanceof z.ZodEffects
          ? node.innerType()
          : node instanceof z.ZodDefault
            ? node._def.innerType
            : node.unwrap();
    }
    if (part === undefined) {
      break;
    }
    if (node instanceof z.ZodObject) {
      node = node.shape[part as string];
    } else if (node instanceof z.ZodRecord) {
      node = node.valueSchema;
    } else if (node instanceof z.ZodArray) {
      node = node.element;
    } else {
      return undefined;
    }
  }
  return node;
}

/** The keys an object schema accepts at `path`, for "did you mean" on unknown keys. */
function knownKeysAt(schema: z.ZodTypeAny, path: readonly (string | number)[]): string[] {
  const node = schemaAt(schema, path);
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

/**
 * What to say is expected and how to set it when a value is missing or of the wrong type. zod's own
 * wording for an enum (`'a' | 'b'`) would put a pipe into the shell command, and an object cannot be
 * set in one `pulumi config set`, so those two get their own forms.
 */
function expectation(issue: z.ZodInvalidTypeIssue, path: string, schema: z.ZodTypeAny) {
  const node = schemaAt(schema, issue.path);
  if (node instanceof z.ZodEnum) {
    const options = node.options as readonly string[];
    return { expected: `one of ${options.join(", ")}`, fix: chooseCommand(path, options) };
  }
  if (node instanceof z.ZodObject) {
    const required = Object.keys(node.shape).filter((key) => !(node.shape[key] as z.ZodTypeAny).isOptional());
    const [first, ...rest] = required;
    if (first !== undefined) {
      const more = rest.length === 0 ? "" : `, then set ${rest.join(" and ")} the same way`;
      return { expected: "object", fix: `${setCommand(`${path}.${first}`, "<value>")}${more}` };
    }
  }
  return { expected: issue.expected, fix: setCommand(path, `<${issue.expected}>`) };
}

/** Turns zod's issues into problems that quote the value and say what to run. */
export function problemsFromZod(error: z.ZodError, raw: unknown, schema: z.ZodTypeAny): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const path = joinPath(issue.path);
    const given = valueAt(raw, issue.path);
    switch (issue.code) {
      case z.ZodIssueCode.unrecognized_keys:
        for (const key of issue.keys) {
          const keyPath = joinPath([...issue.path, key]);
          const guess = suggest(key, knownKeysAt(schema, issue.path));
          problems.push({
            path: keyPath,
            message: `unknown key${guess ? ` (did you mean \`${joinPath([...issue.path, guess])}\`?)` : ""}`,
            fix: guess
              ? `rename it to \`${joinPath([...issue.path, guess])}\` in the stack file`
              : `remove it (\`pulumi config rm ${keyPath.includes(".") ? "--path " : ""}${keyPath}\`); the keys here are ${knownKeysAt(schema, issue.path).join(", ")}`,
          });
        }
        break;
      case z.ZodIssueCode.invalid_type: {
        const { expected, fix } = expectation(issue, path, schema);
        problems.push({
          path,
          message: given === undefined ? `missing (expected ${expected})` : `got ${show(given)}; expected ${expected}`,
          fix,
        });
        break;
      }
      case z.ZodIssueCode.invalid_enum_value: {
        const options = issue.options.map(String);
        const guess = typeof given === "string" ? suggest(given, options) : undefined;
        problems.push({
          path,
          message: `got ${show(given)}; expected one of ${options.join(", ")}${guess ? ` (did you mean "${guess}"?)` : ""}`,
          fix: guess ? setCommand(path, guess) : chooseCommand(path, options),
        });
        break;
      }
      default:
        problems.push({
          path,
          message: `got ${show(given)}; ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`,
          fix: setCommand(path, "<value>"),
        });
    }
  }
  return problems;
}
