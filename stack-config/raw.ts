import { StackConfigInput } from "./schema";

/**
 * Defensive readers of the raw (unvalidated) config, so rules can run even when types are wrong and report
 * every problem at once. Paths are typed: {@link ConfigPath} is every dotted path of the schema's input
 * type, so a rule that names a key the contract does not have does not compile.
 */

export type Raw = Record<string, unknown>;

type Depth = [never, 0, 1, 2, 3, 4, 5];

/** An object to descend into: not a list (paths stop at lists; rules index them with brackets). */
type Branch<V> = V extends readonly unknown[] ? false : V extends object ? true : false;

/**
 * Dotted paths into T: "primary", "primary.azCount", "primary.nodeGroups.<any>.minSize", ... An entry of a
 * record of objects (`primary.nodeGroups.<any>`) is not a path itself: `${string}` would match any suffix,
 * so a misspelt key below it would still compile. A record of plain values (`tags.<any>`) is.
 */
type PathsOf<T, D extends number = 6> = [D] extends [never]
  ? never
  : T extends readonly unknown[]
    ? never
    : T extends object
      ? {
          [K in keyof T & string]-?:
            | (string extends K ? (Branch<NonNullable<T[K]>> extends true ? never : K) : K)
            | (NonNullable<T[K]> extends readonly unknown[]
                ? never
                : NonNullable<T[K]> extends object
                  ? `${K}.${PathsOf<NonNullable<T[K]>, Depth[D]>}`
                  : never);
        }[keyof T & string]
      : never;

/** A key path of the stack config, as the contract (stack-config/schema.ts) defines it. */
export type ConfigPath = PathsOf<StackConfigInput>;

/** The config keys of the AWS sites: the primary, and the AWS secondary when its block exists. */
export type AwsSitePath = "primary" | "secondary.aws";
export const AWS_SITE_PATHS: readonly AwsSitePath[] = ["primary", "secondary.aws"];

export function at(raw: unknown, path: ConfigPath): unknown {
  return path
    .split(".")
    .reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Raw)[key] : undefined), raw);
}

export const str = (raw: unknown, path: ConfigPath): string | undefined => {
  const v = at(raw, path);
  return typeof v === "string" ? v : undefined;
};
export const int = (raw: unknown, path: ConfigPath): number | undefined => {
  const v = at(raw, path);
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
};
/** A number, integer or not (ACUs move in halves). */
export const num = (raw: unknown, path: ConfigPath): number | undefined => {
  const v = at(raw, path);
  return typeof v === "number" ? v : undefined;
};
