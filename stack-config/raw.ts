/** Defensive readers of the raw (unvalidated) config, so rules can run even when types are wrong. */

export type Raw = Record<string, unknown>;

export function at(raw: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Raw)[key] : undefined), raw);
}

export const str = (raw: unknown, path: string): string | undefined => {
  const v = at(raw, path);
  return typeof v === "string" ? v : undefined;
};
export const int = (raw: unknown, path: string): number | undefined => {
  const v = at(raw, path);
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
};
