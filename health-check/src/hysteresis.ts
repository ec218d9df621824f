import { FailureReason } from "./contract";

/**
 * One probe's state with hysteresis. A healthy probe fails once `failAfter` of its last `failAfter + 1` rounds
 * failed: one slow round in between does not flap traffic, but a dependency that fails every other round is
 * down, not slow. A failed probe recovers after `recoverAfter` good rounds in a row. Pure.
 */
export interface ProbeState {
  readonly healthy: boolean;
  /** The last rounds' results, newest last, at most `failAfter + 1` of them (true: the round failed). */
  readonly recent: readonly boolean[];
  /** Good rounds in a row while failed (they recover it when they reach `recoverAfter`). */
  readonly good: number;
  /** The last failure's reason, kept while the probe is failed. */
  readonly reason?: FailureReason;
}

export interface Thresholds {
  readonly failAfter: number;
  readonly recoverAfter: number;
}

/**
 * The next state after one round. Before the first round nothing is known, so the first result decides (a new
 * pod answers at once).
 */
export function nextState(
  state: ProbeState | undefined,
  result: { readonly ok: boolean; readonly reason?: FailureReason },
  t: Thresholds,
): ProbeState {
  const failed = !result.ok;
  const recent = [...(state?.recent ?? []), failed].slice(-(t.failAfter + 1));
  const reason = failed ? result.reason : state?.reason;
  if (state === undefined) {
    return failed ? { healthy: false, recent, good: 0, reason } : { healthy: true, recent, good: 0 };
  }
  if (state.healthy) {
    const failures = recent.filter((f) => f).length;
    return failures >= t.failAfter
      ? { healthy: false, recent, good: 0, reason }
      : { healthy: true, recent, good: 0, ...(reason !== undefined ? { reason } : {}) };
  }
  const good = failed ? 0 : state.good + 1;
  return good >= t.recoverAfter ? { healthy: true, recent: [], good: 0 } : { healthy: false, recent, good, reason };
}
