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
