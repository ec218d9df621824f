import { PolicyResource } from "@pulumi/policy";

/**
 * Defensive readers for resource props: a rule must never throw on a shape it did not expect (a throw
 * becomes a gRPC error that fails the whole preview), so absent or odd values read as undefined or empty.
 */
export type Obj = Record<string, unknown>;

export const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === "string");
/** Numbers and numeric strings (the engine passes some provider inputs as strings). */
export function num(v: unknown): number | undefined {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}
/** Booleans and "true"/"false" strings. */
export const bool = (v: unknown): boolean | undefined =>
  typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : undefined;
/** A dotted path into nested objects, e.g. `at(props, "vpcConfig.endpointPublicAccess")`. */
export const at = (v: unknown, path: string): unknown =>
  path.split(".").reduce((cur: unknown, key) => obj(cur)[key], v);

export const ofType = (resources: readonly PolicyResource[], ...types: string[]) =>
  resources.filter((r) => types.includes(r.type));

/** The resources of the given types that `r` depends on (input references and `dependsOn`). */
export const dependenciesOf = (r: PolicyResource, ...types: string[]) =>
  r.dependencies.filter((d) => types.includes(d.type));

/** The resources that reference `r` through one input property (a bucket policy's `bucket`). */
export const referencing = (resources: readonly PolicyResource[], r: PolicyResource, type: string, property: string) =>
  resources.filter((d) => d.type === type && (d.propertyDependencies[property] ?? []).some((x) => x.urn === r.urn));

/** The resources of the given types that depend on `r`. */
export const dependentsOf = (resources: readonly PolicyResource[], r: PolicyResource, ...types: string[]) =>
  resources.filter((d) => types.includes(d.type) && d.dependencies.some((x) => x.urn === r.urn));

/** The provider's logical name: the project names them aws-primary, aws-secondary, gcp-secondary, aws-global. */
export const providerName = (r: PolicyResource): string | undefined => r.provider?.name;

/** A short, readable handle for messages: `aws:eks/cluster:Cluster "primary-eks"`. */
export const label = (r: { type: string; name: string }) => `${r.type} "${r.name}"`;

/** Matches `m6i.*`-style patterns (only `*` is special). */
export function matchesPattern(value: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map(escape).join(".*")}$`);
  return re.test(value);
}
const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/**
 * What a rule sees where the engine knows no value yet (an ID or ARN of a resource a preview has not
 * created): a readable marker instead of the engine's sentinel, which @pulumi/policy's proxy would turn into
 * an exception and so into an advisory "can't run" for the whole rule. A rule treats it as "set, value not
 * known": enough for a presence check, never a reason to report.
 */
export const UNKNOWN = "[unknown during preview]";

/** The engine's sentinels for unknown values, by type (@pulumi/policy proxy.js). */
const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** The key @pulumi/policy's proxy answers with the object it wraps. */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** Props as plain JSON data: the proxy unwrapped, every unknown replaced by {@link UNKNOWN}. */
export function plain(value: unknown): unknown {
  const raw = value instanceof Object ? ((value as Record<string, unknown>)[PROXY_TARGET] ?? value) : value;
  if (typeof raw === "string") {
    return UNKNOWN_SENTINELS.has(raw) ? UNKNOWN : raw;
  }
  if (Array.isArray(raw)) {
    return raw.map(plain);
  }
  if (raw !== null && typeof raw === "object") {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, plain(v)]));
  }
  return raw;
}

export const isUnknown = (v: unknown) => v === UNKNOWN;

/** A JSON document the SDK passes as text (provider defaultTags, policies); unknown or invalid gives undefined. */
export function json(v: unknown): unknown {
  if (typeof v !== "string") {
    return v;
  }
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}
