import { Probe } from "./contract";
import { ProbeState } from "./hysteresis";

/**
 * The public answer: a status and one short code. `ok` (200) when every probe is healthy; `fail
 * <probe>:<reason>` (503) naming the first failed probe in config order; `starting` (503) before the first
 * round ends; `stale` (503) when no round has ended for `staleAfterSeconds` (a wedged loop must not keep
 * answering its last green). Pure.
 */
export interface Answer {
  readonly status: 200 | 503;
  readonly body: string;
}

export function answer(
  probes: readonly Probe[],
  states: ReadonlyMap<string, ProbeState>,
  lastRoundEndedAt: number | undefined,
  now: number,
  staleAfterSeconds: number,
): Answer {
  if (lastRoundEndedAt === undefined) return { status: 503, body: "starting" };
  if (now - lastRoundEndedAt > staleAfterSeconds * 1000) return { status: 503, body: "stale" };
  for (const p of probes) {
    const s = states.get(p.name);
    if (s === undefined) return { status: 503, body: "starting" };
    if (!s.healthy) return { status: 503, body: `fail ${p.name}:${s.reason ?? "error"}` };
  }
  return { status: 200, body: "ok" };
}
