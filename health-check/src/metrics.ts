import { FailureReason } from "./contract";
import { RoundReport } from "./monitor";

/**
 * Prometheus text exposition (https://prometheus.io/docs/instrumenting/exposition_formats/): each probe's
 * last result and duration, failures by reason, and whether the site answers healthy. Served on its own
 * port, never through the load balancer.
 */
export class Metrics {
  private last: RoundReport | undefined;
  private readonly failures = new Map<string, number>();

  record(report: RoundReport): void {
    this.last = report;
    for (const [probe, r] of report.results) {
      if (!r.ok) this.failures.set(key(probe, r.reason), (this.failures.get(key(probe, r.reason)) ?? 0) + 1);
    }
  }

  render(healthy: boolean): string {
    const lines = [
      "# HELP regional_health_healthy Whether the deep check answers 200.",
      "# TYPE regional_health_healthy gauge",
      `regional_health_healthy ${healthy ? 1 : 0}`,
      "# HELP regional_health_probe_up Whether the probe's last round succeeded.",
      "# TYPE regional_health_probe_up gauge",
      ...[...(this.last?.results ?? [])].map(([p, r]) => `regional_health_probe_up{probe="${p}"} ${r.ok ? 1 : 0}`),
      "# HELP regional_health_probe_duration_seconds The probe's last round duration.",
      "# TYPE regional_health_probe_duration_seconds gauge",
      ...[...(this.last?.results ?? [])].map(
        ([p, r]) => `regional_health_probe_duration_seconds{probe="${p}"} ${(r.ms / 1000).toFixed(3)}`,
      ),
      "# HELP regional_health_probe_failures_total Failed probe rounds by reason.",
      "# TYPE regional_health_probe_failures_total counter",
      ...[...this.failures].map(([k, n]) => `regional_health_probe_failures_total{${k}} ${n}`),
      "# HELP regional_health_last_round_timestamp_seconds When the last round ended.",
      "# TYPE regional_health_last_round_timestamp_seconds gauge",
      `regional_health_last_round_timestamp_seconds ${((this.last?.endedAt ?? 0) / 1000).toFixed(3)}`,
    ];
    return lines.join("\n") + "\n";
  }
}

const key = (probe: string, reason: FailureReason) => `probe="${probe}",reason="${reason}"`;
