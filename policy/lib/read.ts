import { PolicyResource } from "@pulumi/policy";

/**
 * The pack's readers are the model's (one rule for "", null and unknowns: @dr-platform/model read.ts,
 * docs/model.md); what follows is only what reading a PolicyResource adds.
 */
export { at, bool, isUnknown, json, list, num, obj, str, strings, UNKNOWN } from "@dr-platform/model";
export type { Obj } from "@dr-platform/model";
import { UNKNOWN } from "@dr-platform/model";

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
