import { FailureReason } from "./contract";

/**
 * One probe's state with hysteresis: a healthy probe fails after `failAfter` failed rounds in a row, a failed
 * one recovers after `recoverAfter` good rounds in a row, so one slow round does not flap traffic. Pure.
 */
export interface ProbeState {
  readonly healthy: boolean;
  /** Rounds in a row that disagree with `healthy` (they move it when they reach the threshold). */
  readonly against: number;
  /** The last failure's reason, kept while the probe is failed. */
  readonly reason?: FailureReason;
}

export interface Thresholds {
  readonly failAfter: number;
  readonly recoverAfter: number;
}

/** Before the first round: nothing is known, so the first result decides (a new pod answers at once). */
export const UNKNOWN = undefined;

export function nextState(
  state: ProbeState | undefined,
  result: { readonly ok: boolean; readonly reason?: FailureReason },
  t: Thresholds,
): ProbeState {
  if (state === undefined) {
    return result.ok ? { healthy: true, against: 0 } : { healthy: false, against: 0, reason: result.reason };
  }
  if (result.ok === state.healthy) {
    // Agreeing rounds reset the streak; a failed probe keeps the latest reason.
    return state.healthy ? { healthy: true, against: 0 } : { healthy: false, against: 0, reason: result.reason };
  }
  const against = state.against + 1;
  if (state.healthy) {
    return against >= t.failAfter
      ? { healthy: false, against: 0, reason: result.reason }
      : { healthy: true, against, reason: result.reason };
  }
  return against >= t.recoverAfter ? { healthy: true, against: 0 } : { healthy: false, against, reason: state.reason };
}
