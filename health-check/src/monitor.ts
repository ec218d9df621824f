import { RegionalHealthConfig } from "./contract";
import { Answer, answer } from "./answer";
import { nextState, ProbeState } from "./hysteresis";
import { ProbeResult, runProbe } from "./probes/run";

/** What one round saw, for the metrics and the logs. */
export interface RoundReport {
  readonly endedAt: number;
  readonly results: ReadonlyMap<string, ProbeResult>;
  /** Probes whose healthy state changed in this round. */
  readonly changed: readonly string[];
}

type Run = typeof runProbe;

/**
 * Runs every probe in parallel once per interval and keeps each one's state; the handler reads the last
 * answer and never waits for a probe (Route 53 wants an answer within 2 s: docs/regional-health.md).
 */
export class Monitor {
  private readonly states = new Map<string, ProbeState>();
  private lastRoundEndedAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly config: RegionalHealthConfig,
    private readonly env: NodeJS.ProcessEnv,
    private readonly onRound: (report: RoundReport) => void = () => undefined,
    private readonly run: Run = runProbe,
    private readonly clock: () => number = Date.now,
  ) {}

  /** One round: every probe at once, then the hysteresis. */
  async round(): Promise<RoundReport> {
    const results = await Promise.all(
      this.config.probes.map(async (p) => [p.name, await this.run(p, this.config, this.env)] as const),
    );
    const changed: string[] = [];
    for (const [name, result] of results) {
      const before = this.states.get(name);
      const after = nextState(before, result.ok ? { ok: true } : { ok: false, reason: result.reason }, this.config);
      if (before?.healthy !== after.healthy) changed.push(name);
      this.states.set(name, after);
    }
    this.lastRoundEndedAt = this.clock();
    const report = { endedAt: this.lastRoundEndedAt, results: new Map(results), changed };
    this.onRound(report);
    return report;
  }

  /** Rounds start every `intervalSeconds`; a round never overlaps the next (each probe is bounded by timeoutMs). */
  start(): void {
    const tick = async () => {
      const started = this.clock();
      try {
        await this.round();
      } catch (e) {
        // A failed round (a logging or metrics error) must not end the loop: the answer goes stale instead.
        process.stderr.write(`regional-health: round failed: ${(e as Error).message}\n`);
      } finally {
        if (!this.stopped) {
          const wait = Math.max(0, this.config.intervalSeconds * 1000 - (this.clock() - started));
          this.timer = setTimeout(tick, wait);
        }
      }
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  answer(): Answer {
    return answer(this.config.probes, this.states, this.lastRoundEndedAt, this.clock(), this.config.staleAfterSeconds);
  }

  state(name: string): ProbeState | undefined {
    return this.states.get(name);
  }
}
