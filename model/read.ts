/**
 * The one set of readers for resource inputs (graph inputs and policy props alike). A reader never
 * throws on a shape it did not expect: an analysis must not crash, and in the policy pack a throw becomes
 * a gRPC error that fails the whole preview.
 *
 * The rule, for every reader:
 *  - `undefined`, `null` and `""` are absent: `str`, `num` and `bool` read them as undefined, `obj` as {},
 *    `list` as []. (Providers send "" for an unset string, e.g. a node group's remoteAccessSecurityGroupId.)
 *  - {@link UNKNOWN} (a value the engine does not know yet during a preview) is set but not known: `str`
 *    returns it as it is, so a presence check passes, while `num` and `bool` read it as undefined (not a
 *    known number or flag). Test for it with {@link isUnknown}; never report a violation on it.
 *  - a wrong type reads as absent: `num("abc")`, `obj([1])`, `list({})`. Numeric strings are numbers and
 *    "true"/"false" are booleans (the engine passes some provider inputs as strings).
 */
export type Obj = Record<string, unknown>;

/** What a reader sees where the engine knows no value yet (see policy/lib/read.ts `plain`). */
export const UNKNOWN = "[unknown during preview]";
export const isUnknown = (v: unknown): boolean => v === UNKNOWN;

export const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
/** The present strings of a list (absent entries dropped). */
export const strings = (v: unknown): string[] => list(v).filter((x): x is string => str(x) !== undefined);

export function num(v: unknown): number | undefined {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

export const bool = (v: unknown): boolean | undefined =>
  typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : undefined;

/** A dotted path into nested objects, e.g. `at(props, "vpcConfig.endpointPublicAccess")`. */
export const at = (v: unknown, path: string): unknown =>
  path.split(".").reduce((cur: unknown, key) => obj(cur)[key], v);

/** A JSON document the SDK passes as text (provider defaultTags, policies); absent or invalid gives undefined. */
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

/** The object without its undefined fields: an optional field is absent, never present as undefined. */
export function compact<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
