import { closest, distance } from "fastest-levenshtein";

/**
 * The known name closest to `given`, when it is close enough to be a likely typo: at most a third of
 * its letters differ (one edit is always allowed), ignoring case so that `azcount` finds `azCount`.
 * A shortened name (`warm` for `warm-standby`) counts too, when exactly one known name starts with it.
 */
export function suggest(given: string, known: readonly string[]): string | undefined {
  if (known.length === 0) {
    return undefined;
  }
  const lowerKnown = known.map((k) => k.toLowerCase());
  const prefixed = lowerKnown.filter((k) => given.length >= 3 && k.startsWith(given.toLowerCase()));
  if (prefixed.length === 1) {
    return known[lowerKnown.indexOf(prefixed[0])];
  }
  const best = closest(given.toLowerCase(), lowerKnown);
  const edits = distance(given.toLowerCase(), best);
  const candidate = known[lowerKnown.indexOf(best)];
  return edits <= Math.max(1, Math.floor(given.length / 3)) ? candidate : undefined;
}
