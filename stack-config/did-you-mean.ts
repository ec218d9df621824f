import { closest, distance } from "fastest-levenshtein";

/**
 * The known name closest to `given`, when it is close enough to be a likely typo: at most a third of
 * its letters differ (case differences count as one edit each, so `azcount` finds `azCount`).
 */
export function suggest(given: string, known: readonly string[]): string | undefined {
  if (known.length === 0) {
    return undefined;
  }
  const lowerKnown = known.map((k) => k.toLowerCase());
  const best = closest(given.toLowerCase(), lowerKnown);
  const edits = distance(given.toLowerCase(), best);
  const candidate = known[lowerKnown.indexOf(best)];
  return edits <= Math.max(1, Math.floor(given.length / 3)) ? candidate : undefined;
}
