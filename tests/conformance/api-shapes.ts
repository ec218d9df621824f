import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import type * as TS from "typescript";
import { distance } from "fastest-levenshtein";

/**
 * The input shapes of AWS API operations, read from the AWS SDK for JavaScript v3 clients
 * (`@aws-sdk/client-<name>`), and a checker of the JSON that EventBridge Scheduler universal targets and Step
 * Functions' AWS SDK integrations send to those operations. Nothing here is copied by hand from a reference:
 *
 * - Operations, members, nesting, required members and scalar types come from each client's runtime schemas
 *   (the exported `<Operation>$` and `<Shape>$` values, in the static-schema format that `@smithy/types`
 *   publishes: `schema/static-schemas.d.ts` and `schema/sentinels.d.ts`).
 * - Enum values come from the same client's type declarations (`dist-types/models/*.d.ts`), where a member
 *   typed with an enum names it; the runtime schemas carry the enum's type (string) but not its values.
 *
 * Both callers read member names as the AWS SDK for Java 2.x spells them, not as the API does: the model's member
 * name split into words and each word capitalised (`DBClusterIdentifier` -> `DbClusterIdentifier`, `clusterName` ->
 * `ClusterName`), as in the `DbClusterIdentifier` and `DbInstanceIdentifier` inputs that work in the field; see
 * {@link javaSdkMemberName}.
 */

/** How a caller fills in values at run time, which this checker cannot see. */
export type Dialect =
  /** EventBridge Scheduler: `<aws.scheduler.*>` context attributes inside JSON strings. */
  | "scheduler"
  /** Step Functions JSONPath `Parameters`: a key ending `.$` takes a path or intrinsic function. */
  | "jsonpath"
  /** Step Functions JSONata `Arguments`: a string `{% ... %}` is an expression. */
  | "jsonata";

/** One call of an AWS SDK operation that a resource makes AWS perform. */
export interface SdkCall {
  readonly via: "scheduler" | "states";
  /** The SDK's service name, lowercase (`eks`, `rds`, `cloudwatch`, `arcregionswitch`). */
  readonly service: string;
  /** The operation in camelCase (`updateNodegroupConfig`). */
  readonly action: string;
  readonly input: unknown;
  readonly dialect: Dialect;
  /** Where in the resource: `target` for a schedule, the state's name for a Task. */
  readonly where: string;
  /** Set when the call could not even be read (input that is not JSON, say). */
  readonly problem?: string;
}

/** The Scheduler context attributes (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html). */
const SCHEDULER_ATTRIBUTES = ["schedule-arn", "scheduled-time", "execution-id", "attempt-number"];

const UNIVERSAL_TARGET = /^arn:[\w-]+:scheduler:::aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)$/;
const SDK_TASK = /^arn:[\w-]+:states:::aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)(?:\.(?:waitForTaskToken|sync(?::2)?))?$/;

/** The SDK calls a rendered resource makes: a schedule's universal target, a state machine's aws-sdk Tasks. */
export function sdkCallsOf(type: string, inputs: Record<string, unknown>): SdkCall[] {
  if (type === "aws:scheduler/schedule:Schedule") {
    const target = (inputs.target ?? {}) as Record<string, unknown>;
    const match = typeof target.arn === "string" ? UNIVERSAL_TARGET.exec(target.arn) : null;
    if (!match) {
      return [];
    }
    const call = {
      via: "scheduler",
      service: match[1],
      action: match[2],
      dialect: "scheduler",
      where: "target",
    } as const;
    if (target.input === undefined) {
      return [{ ...call, input: {} }];
    }
    if (typeof target.input !== "string") {
      return [{ ...call, input: undefined, problem: "target.input is not known when the program runs" }];
    }
    try {
      return [{ ...call, input: JSON.parse(target.input) }];
    } catch (err) {
      return [{ ...call, input: undefined, problem: `target.input is not JSON: ${(err as Error).message}` }];
    }
  }
  if (type === "aws:sfn/stateMachine:StateMachine") {
    const definition = inputs.definition;
    if (typeof definition !== "string") {
      return [];
    }
    try {
      return sdkTasksOf(JSON.parse(definition));
    } catch (err) {
      const problem = `definition is not JSON: ${(err as Error).message}`;
      return [{ via: "states", service: "", action: "", input: undefined, dialect: "jsonpath", where: "", problem }];
    }
  }
  return [];
}

/** Every aws-sdk Task of an Amazon States Language definition, Parallel branches and Map processors included. */
export function sdkTasksOf(definition: unknown): SdkCall[] {
  const calls: SdkCall[] = [];
  const walk = (machine: Record<string, unknown>, prefix: string, language: string) => {
    const lang = typeof machine.QueryLanguage === "string" ? machine.QueryLanguage : language;
    for (const [name, raw] of Object.entries((machine.States ?? {}) as Record<string, Record<string, unknown>>)) {
      const where = `${prefix}${name}`;
      const stateLanguage = typeof raw.QueryLanguage === "string" ? raw.QueryLanguage : lang;
      const match = raw.Type === "Task" && typeof raw.Resource === "string" ? SDK_TASK.exec(raw.Resource) : null;
      if (match) {
        const jsonata = stateLanguage === "JSONata";
        calls.push({
          via: "states",
          service: match[1],
          action: match[2],
          input: (jsonata ? raw.Arguments : raw.Parameters) ?? {},
          dialect: jsonata ? "jsonata" : "jsonpath",
          where,
        });
      }
      for (const [i, branch] of ((raw.Branches ?? []) as Record<string, unknown>[]).entries()) {
        walk(branch, `${where}/Branches[${i}]/`, stateLanguage);
      }
      for (const key of ["ItemProcessor", "Iterator"]) {
        if (raw[key]) {
          walk(raw[key] as Record<string, unknown>, `${where}/${key}/`, stateLanguage);
        }
      }
    }
  };
  walk(definition as Record<string, unknown>, "", "JSONPath");
  return calls;
}

/**
 * A member's name as the AWS SDK for Java 2.x spells it, which is the name Scheduler and Step Functions read:
 * split on word boundaries, each word lowercased and capitalised (after the SDK's CodegenNamingUtils.pascalCase).
 */
export function javaSdkMemberName(name: string): string {
  const words = name
    .replace(/[^A-Za-z0-9]+/g, " ")
    .replace(/([^a-z]{2,})v([0-9]+)/g, "$1 v$2 ")
    .replace(/([^A-Z]{2,})V([0-9]+)/g, "$1 V$2 ")
    .split(/(?<=[a-z])(?=[A-Z][a-zA-Z0-9])/)
    .join(" ")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([0-9])([a-zA-Z])/g, "$1 $2")
    .replace(/ +/g, " ")
    .trim()
    .split(" ");
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join("");
}

/**
 * The v3 client package of a service where its name is not the service's: universal targets and Step Functions
 * name a service as the Java SDK does (spaces dropped), the JavaScript clients with dashes.
 */
const CLIENT_PACKAGE: Record<string, string> = {
  applicationautoscaling: "application-auto-scaling",
  arcregionswitch: "arc-region-switch",
  autoscaling: "auto-scaling",
  cloudwatchlogs: "cloudwatch-logs",
  elasticloadbalancingv2: "elastic-load-balancing-v2",
};

export const clientPackageOf = (service: string): string => `@aws-sdk/client-${CLIENT_PACKAGE[service] ?? service}`;

/** One service's operations, as one client package describes them. */
export interface ServiceModel {
  readonly service: string;
  readonly packageName: string;
  readonly version: string;
  /** Operation name (PascalCase, `UpdateNodegroupConfig`) to its static operation schema. */
  readonly operations: ReadonlyMap<string, unknown[]>;
  /** The values of the enum a structure's member is typed with (for a list or map, its elements'), if any. */
  enumOf(structure: string, member: string): readonly (string | number)[] | undefined;
}

/** A service no installed package describes. */
export interface MissingModel {
  readonly service: string;
  readonly packageName: string;
  readonly missing: string;
}

export type ModelLookup = (service: string) => ServiceModel | MissingModel;

/** Loads each service's model once from `@aws-sdk/client-<service>`, as Node resolves it from here. */
export function sdkV3Models(load: NodeJS.Require = createRequire(__filename)): ModelLookup {
  const cache = new Map<string, ServiceModel | MissingModel>();
  return (service) => {
    if (!cache.has(service)) {
      cache.set(service, loadModel(service, load));
    }
    return cache.get(service)!;
  };
}

function loadModel(service: string, load: NodeJS.Require): ServiceModel | MissingModel {
  const packageName = clientPackageOf(service);
  let client: Record<string, unknown>;
  let manifest: string;
  try {
    manifest = load.resolve(`${packageName}/package.json`);
    client = load(packageName) as Record<string, unknown>;
  } catch {
    return { service, packageName, missing: `${packageName} is not installed` };
  }
  const version = String((JSON.parse(fs.readFileSync(manifest, "utf8")) as { version?: string }).version);
  const operations = new Map<string, unknown[]>();
  for (const [name, value] of Object.entries(client)) {
    if (name.endsWith("$") && Array.isArray(value) && value[0] === OPERATION) {
      operations.set(String(value[2]), value);
    }
  }
  if (operations.size === 0) {
    return { service, packageName, missing: `${packageName}@${version} exports no runtime schemas` };
  }
  let enums: Map<string, Map<string, readonly (string | number)[]>> | undefined;
  return {
    service,
    packageName,
    version,
    operations,
    enumOf: (structure, member) => {
      enums ??= readEnums(path.join(path.dirname(manifest), "dist-types", "models"), load);
      return enums.get(structure)?.get(member);
    },
  };
}

/**
 * Structure -> member -> enum values, from the client's declarations: `export declare const E: { readonly A: "a" }`
 * (or an older `enum E`) and `member?: E | undefined`, `E[]` or `Record<string, E>` in `export interface S`.
 */
function readEnums(dir: string, load: NodeJS.Require): Map<string, Map<string, readonly (string | number)[]>> {
  const ts = load("typescript") as typeof TS;
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".d.ts")) : [];
  const sources = files.map((f) =>
    ts.createSourceFile(f, fs.readFileSync(path.join(dir, f), "utf8"), ts.ScriptTarget.Latest),
  );
  const values = new Map<string, (string | number)[]>();
  const literal = (node: TS.Node | undefined): string | number | undefined =>
    node && ts.isLiteralTypeNode(node)
      ? literal(node.literal)
      : node && ts.isStringLiteral(node)
        ? node.text
        : node && ts.isNumericLiteral(node)
          ? Number(node.text)
          : undefined;
  for (const source of sources) {
    for (const statement of source.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.type && ts.isTypeLiteralNode(d.type)) {
            const all = d.type.members.map((m) => (ts.isPropertySignature(m) ? literal(m.type) : undefined));
            if (all.length > 0 && all.every((v) => v !== undefined)) {
              values.set(d.name.text, all as (string | number)[]);
            }
          }
        }
      } else if (ts.isEnumDeclaration(statement)) {
        const all = statement.members.map((m) => literal(m.initializer));
        if (all.every((v) => v !== undefined)) {
          values.set(statement.name.text, all as (string | number)[]);
        }
      }
    }
  }
  // The enum a member's type names, through `| undefined`, parentheses, arrays and Record<string, E>; none where the
  // type also admits any string (an open enum).
  const enumIn = (node: TS.TypeNode): readonly (string | number)[] | undefined => {
    if (ts.isParenthesizedTypeNode(node)) {
      return enumIn(node.type);
    }
    if (ts.isUnionTypeNode(node)) {
      const rest = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
      return rest.length === 1 ? enumIn(rest[0]) : undefined;
    }
    if (ts.isArrayTypeNode(node)) {
      return enumIn(node.elementType);
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const args = node.typeArguments ?? [];
      return node.typeName.text === "Record" && args.length === 2 ? enumIn(args[1]) : values.get(node.typeName.text);
    }
    return undefined;
  };
  const byStructure = new Map<string, Map<string, readonly (string | number)[]>>();
  for (const source of sources) {
    for (const statement of source.statements) {
      if (!ts.isInterfaceDeclaration(statement)) {
        continue;
      }
      const members = new Map<string, readonly (string | number)[]>();
      for (const m of statement.members) {
        if (ts.isPropertySignature(m) && m.type && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) {
          const found = enumIn(m.type);
          if (found) {
            members.set(m.name.text, found);
          }
        }
      }
      byStructure.set(statement.name.text, members);
    }
  }
  return byStructure;
}

// The static-schema format (@smithy/types schema/static-schemas.d.ts, schema/sentinels.d.ts).
const OPERATION = 9;
const LIST = 1;
const MAP = 2;
const STRUCTURE = 3;
const UNION = 4;
const ERROR = -3;
const SIMPLE = 0;

type Decoded =
  | { kind: "string" | "number" | "boolean" | "timestamp" | "blob" | "document" | "unit" | "unknown"; code?: unknown }
  | { kind: "list"; member: unknown }
  | { kind: "map"; value: unknown }
  | {
      kind: "structure";
      name: string;
      members: readonly string[];
      schemas: readonly unknown[];
      required: number;
      union: boolean;
    };

/** A schema reference (a sentinel number, a static schema, a member `[ref, traits]` or a thunk of one) decoded. */
function decode(ref: unknown): { shape: Decoded; traits: Record<string, unknown> } {
  const traits: Record<string, unknown> = {};
  let s = typeof ref === "function" ? (ref as () => unknown)() : ref;
  for (;;) {
    if (Array.isArray(s) && s.length === 2) {
      Object.assign(traits, traitsOf(s[1]));
      s = typeof s[0] === "function" ? (s[0] as () => unknown)() : s[0];
    } else if (Array.isArray(s) && s[0] === SIMPLE && s.length >= 5) {
      Object.assign(traits, traitsOf(s[3]));
      s = typeof s[4] === "function" ? (s[4] as () => unknown)() : s[4];
    } else {
      break;
    }
  }
  if (s === "unit") {
    return { shape: { kind: "unit" }, traits };
  }
  if (typeof s === "number") {
    if (s >= 128 && s <= 255) {
      return { shape: { kind: "map", value: s & 0b0011_1111 }, traits };
    }
    if (s >= 64 && s < 128) {
      return { shape: { kind: "list", member: s & 0b0011_1111 }, traits };
    }
    const kind =
      s === 0
        ? "string"
        : s === 1 || s === 17 || s === 19
          ? "number"
          : s === 2
            ? "boolean"
            : s >= 4 && s <= 7
              ? "timestamp"
              : s === 21 || s === 42
                ? "blob"
                : s === 15
                  ? "document"
                  : "unknown";
    return { shape: { kind, code: s }, traits };
  }
  if (Array.isArray(s)) {
    Object.assign(traits, traitsOf(s[3]));
    switch (s[0]) {
      case LIST:
        return { shape: { kind: "list", member: s[4] }, traits };
      case MAP:
        return { shape: { kind: "map", value: s[5] }, traits };
      case STRUCTURE:
      case ERROR:
      case UNION:
        return {
          shape: {
            kind: "structure",
            name: String(s[2]),
            members: s[4] as string[],
            schemas: s[5] as unknown[],
            required: typeof s[6] === "number" ? s[6] : 0,
            union: s[0] === UNION,
          },
          traits,
        };
    }
  }
  return { shape: { kind: "unknown", code: s }, traits };
}

/** Trait bit vector order of @smithy/types' TraitBitVector (only idempotencyToken matters here). */
function traitsOf(t: unknown): Record<string, unknown> {
  if (t && typeof t === "object") {
    return t as Record<string, unknown>;
  }
  const bits = Number(t) | 0;
  return bits & 0b100 ? { idempotencyToken: 1 } : {};
}

const camel = (op: string) => op.charAt(0).toLowerCase() + op.slice(1);

/** A close name from `names`, when one is within a third of the length (for "did you mean"). */
function nearest(name: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of names) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      [best, bestDistance] = [candidate, d];
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * What is wrong with a call of `service:action` with `input`, as the model of `service` says: an operation that does
 * not exist, a key that is no member, a missing required member, a value of the wrong type or outside its enum.
 * Each problem starts with the operation and the path in the input.
 */
export function checkCall(model: ServiceModel, action: string, input: unknown, dialect: Dialect): string[] {
  const op = `${model.service}:${action}`;
  if (!/^[a-z]/.test(action)) {
    return [`${op}: the action is written in camelCase (${camel(action)})`];
  }
  const schema = model.operations.get(action.charAt(0).toUpperCase() + action.slice(1));
  if (!schema) {
    const near = nearest(action, [...model.operations.keys()].map(camel));
    const hint = near ? ` (did you mean "${near}"?)` : "";
    return [`${op}: ${model.packageName}@${model.version} has no operation "${action}"${hint}`];
  }
  const problems: string[] = [];
  checkValue(model, dialect, schema[4], input, "", (p) => problems.push(`${op} ${p}`));
  return problems;
}

const listed = (values: readonly (string | number)[]) =>
  values.length > 12 ? `${values.slice(0, 12).join(", ")}, ... (${values.length} values)` : values.join(", ");

const EXPRESSION = /^\s*\{%[\s\S]*%\}\s*$/;
const ATTRIBUTE = /<aws\.scheduler\.([^>]*)>/g;

function checkValue(
  model: ServiceModel,
  dialect: Dialect,
  ref: unknown,
  value: unknown,
  at: string,
  report: (problem: string) => void,
  enumValues?: readonly (string | number)[],
): void {
  const { shape } = decode(ref);
  const where = at === "" ? "(input)" : at;
  if (dialect === "jsonata" && typeof value === "string" && EXPRESSION.test(value)) {
    return; // evaluated when the state runs
  }
  if (value === null) {
    report(`${where}: null (leave the member out instead)`);
    return;
  }
  if (dialect === "scheduler" && typeof value === "string") {
    for (const [, name] of value.matchAll(ATTRIBUTE)) {
      if (!SCHEDULER_ATTRIBUTES.includes(name)) {
        report(`${where}: <aws.scheduler.${name}> is no Scheduler context attribute`);
      }
    }
  }
  const got = () => `got ${Array.isArray(value) ? "a list" : typeof value} ${JSON.stringify(value)?.slice(0, 60)}`;
  switch (shape.kind) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) {
        report(`${where}: expected a structure (${shape.name}), ${got()}`);
        return;
      }
      checkStructure(model, dialect, shape, value as Record<string, unknown>, at, report);
      return;
    }
    case "list":
      if (!Array.isArray(value)) {
        report(`${where}: expected a list, ${got()}`);
        return;
      }
      value.forEach((v, i) => checkValue(model, dialect, shape.member, v, `${at}[${i}]`, report, enumValues));
      return;
    case "map":
      if (typeof value !== "object" || Array.isArray(value)) {
        report(`${where}: expected a map, ${got()}`);
        return;
      }
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        checkValue(model, dialect, shape.value, v, `${at}[${JSON.stringify(k)}]`, report, enumValues);
      }
      return;
    case "string":
    case "blob":
    case "timestamp":
      if (shape.kind === "timestamp" && typeof value === "number") {
        return; // epoch seconds
      }
      if (typeof value !== "string") {
        report(`${where}: expected a ${shape.kind === "string" ? "string" : shape.kind}, ${got()}`);
      } else if (enumValues && !enumValues.includes(value)) {
        report(`${where}: "${value}" is not one of ${listed(enumValues)}`);
      } else if (shape.kind === "timestamp" && !/<aws\.scheduler\./.test(value) && Number.isNaN(Date.parse(value))) {
        report(`${where}: "${value}" is not a timestamp`);
      }
      return;
    case "number":
    case "boolean":
      if (typeof value !== shape.kind) {
        const attribute = typeof value === "string" && /<aws\.scheduler\./.test(value);
        const why = attribute ? " (a context attribute is substituted as a string)" : "";
        report(`${where}: expected a ${shape.kind}, ${got()}${why}`);
      } else if (enumValues && !enumValues.includes(value as number)) {
        report(`${where}: ${String(value)} is not one of ${listed(enumValues)}`);
      }
      return;
    case "document":
      return;
    case "unit":
      if (typeof value !== "object" || Array.isArray(value) || Object.keys(value as object).length > 0) {
        report(`${where}: the operation takes no input, ${got()}`);
      }
      return;
    default:
      report(`${where}: the model's schema ${JSON.stringify(shape.code)} is not understood by this checker`);
  }
}

function checkStructure(
  model: ServiceModel,
  dialect: Dialect,
  shape: Extract<Decoded, { kind: "structure" }>,
  value: Record<string, unknown>,
  at: string,
  report: (problem: string) => void,
): void {
  const prefix = at === "" ? "" : `${at}.`;
  const byKey = new Map(shape.members.map((m, i) => [javaSdkMemberName(m), i]));
  const present = new Set<number>();
  for (const [rawKey, v] of Object.entries(value)) {
    const isPath = dialect === "jsonpath" && rawKey.endsWith(".$");
    const key = isPath ? rawKey.slice(0, -2) : rawKey;
    const i = byKey.get(key);
    if (i === undefined) {
      const raw = shape.members.indexOf(key);
      const hint =
        raw >= 0
          ? ` (that is the API's spelling: Scheduler and Step Functions read the Java SDK's "${javaSdkMemberName(key)}")`
          : ((n) => (n ? ` (did you mean "${n}"?)` : ""))(nearest(key, byKey.keys()));
      report(`${prefix}${rawKey}: ${shape.name} has no member "${key}"${hint}`);
      continue;
    }
    if (present.has(i)) {
      report(`${prefix}${key}: given both as a value and as a path`);
    }
    present.add(i);
    if (isPath) {
      if (typeof v !== "string") {
        report(`${prefix}${rawKey}: a path or intrinsic function is a string, got ${typeof v}`);
      }
      continue;
    }
    const memberEnum = model.enumOf(shape.name, shape.members[i]);
    checkValue(model, dialect, shape.schemas[i], v, `${prefix}${key}`, report, memberEnum);
  }
  for (let i = 0; i < shape.required; i++) {
    if (!present.has(i) && !decode(shape.schemas[i]).traits.idempotencyToken) {
      report(`${at === "" ? "(input)" : at}: missing required member "${javaSdkMemberName(shape.members[i])}"`);
    }
  }
  if (shape.union && present.size !== 1) {
    report(`${at === "" ? "(input)" : at}: ${shape.name} is a union: set exactly one member, not ${present.size}`);
  }
}
