import * as fs from "node:fs";
import { parseConfig } from "./config-schema";
import { CONFIG_PATH_ENV } from "./contract";
import { Metrics } from "./metrics";
import { Monitor, RoundReport } from "./monitor";
import { healthServer, metricsServer } from "./server";

/** One JSON line per event on stdout: the details the public answer leaves out. */
const log = (event: string, fields: Record<string, unknown>) =>
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), event, ...fields }) + "\n");

function main(): void {
  const file = process.env[CONFIG_PATH_ENV];
  if (file === undefined || file === "") {
    process.stderr.write(`regional-health: set ${CONFIG_PATH_ENV} to the config file's path\n`);
    process.exit(2);
  }
  const parsed = parseConfig(fs.readFileSync(file, "utf8"));
  if (!parsed.ok) {
    process.stderr.write(`regional-health: ${file} is not a valid config:\n  ${parsed.problems.join("\n  ")}\n`);
    process.exit(2);
  }
  const config = parsed.config;
  const metrics = new Metrics();
  const onRound = (r: RoundReport) => {
    metrics.record(r);
    for (const [probe, result] of r.results) {
      if (!result.ok) log("probe-failed", { probe, reason: result.reason, detail: result.detail, ms: result.ms });
    }
    for (const probe of r.changed) log("probe-state", { probe, healthy: monitor.state(probe)?.healthy });
  };
  const monitor = new Monitor(config, process.env, onRound);
  const servers = [healthServer(config.path, () => monitor.answer()).listen(config.listenPort)];
  if (config.metricsPort !== undefined) {
    servers.push(metricsServer(() => metrics.render(monitor.answer().status === 200)).listen(config.metricsPort));
  }
  monitor.start();
  log("started", { path: config.path, port: config.listenPort, probes: config.probes.map((p) => p.name) });
  const stop = () => {
    monitor.stop();
    for (const s of servers) s.close();
    log("stopped", {});
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main();
