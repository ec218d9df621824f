import * as fs from "node:fs";
import { AwsCli, CliError, runAwsCli } from "./aws-cli";
import { parseCommandLine, runAsCommand, ToolIo, UsageError, withExitCodes } from "./offline/cli";

const USAGE = `Usage: npm run failback-gate -- OUTPUTS.json [--minutes N] [--max-lag-ms N]

The gate before a failback to Seoul with an AWS secondary (docs/runbooks/failback.md#the-gate): reads the stack's
outputs (\`pulumi stack output --json\`, saved outside Seoul) and asks AWS, through the AWS CLI, whether Seoul is
ready to take the writer back without loss. It opens (exit 0) only when every check passes:

  1. the stack declares the failover (\`activeSite: secondary\`): Pulumi no longer tries to undo it;
  2. Route 53's checkers see Seoul's deep check healthy (all but one checker region);
  3. Seoul's cluster is a connected, non-writer member of the global database;
  4. its replication lag stayed under --max-lag-ms (default 1000) for the last --minutes (default 30),
     with a data point for at least 5 in 6 of those minutes (no data is not "no lag").

It also prints how many messages each site's queue holds (the queue step comes after the switch).

Exit codes: 0 the gate is open; 1 it is closed (each failed check says why); 2 usage; 3 the outputs could not be
read or the CLI failed.`;

/** One check's verdict. */
export interface GateCheck {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
}

/** What the gate reads from the stack's outputs. */
export interface GateOutputs {
  readonly activeSite?: string;
  readonly seoulRegion: string;
  readonly secondaryRegion: string;
  readonly seoulClusterArn: string;
  readonly globalClusterIdentifier: string;
  /** Seoul's endpoint check: the SECONDARY record's while the secondary is active. */
  readonly seoulHealthCheckId: string;
  readonly queueUrls: readonly string[];
}

/** The outputs the gate needs, or every missing one by its output path. */
export function gateOutputs(outputs: unknown): GateOutputs {
  const o = (outputs ?? {}) as Record<string, Record<string, unknown> | string | undefined>;
  const block = (k: string) => (typeof o[k] === "object" ? (o[k] as Record<string, unknown>) : {});
  const missing: string[] = [];
  const need = (k: string, key: string): string => {
    const v = block(k)[key];
    if (typeof v !== "string" || v === "") missing.push(`${k}.${key}`);
    return typeof v === "string" ? v : "";
  };
  const result: GateOutputs = {
    activeSite: typeof o.activeSite === "string" ? o.activeSite : undefined,
    seoulRegion: need("primarySite", "region"),
    secondaryRegion: need("secondarySite", "region"),
    seoulClusterArn: need("primarySite", "databaseClusterArn"),
    globalClusterIdentifier: need("database", "globalClusterIdentifier"),
    seoulHealthCheckId: need("dnsFailover", "secondaryEndpointHealthCheckId"),
    queueUrls: [block("primarySite").queueUrl, block("secondarySite").queueUrl].filter(
      (u): u is string => typeof u === "string",
    ),
  };
  if (missing.length > 0) {
    throw new UsageError(
      `the outputs lack ${missing.join(", ")}: the gate is for a stack with an AWS secondary, a global database ` +
        "and DNS failover, saved after `activeSite: secondary` was applied",
    );
  }
  return result;
}

/** The checks, in order; each reads AWS through `cli`. `now` is injected for the tests. */
export async function runGate(
  cli: AwsCli,
  outputs: GateOutputs,
  options: { readonly minutes: number; readonly maxLagMs: number; readonly now?: Date },
): Promise<GateCheck[]> {
  const checks: GateCheck[] = [];
  checks.push({
    name: "the stack declares the failover",
    pass: outputs.activeSite === "secondary",
    detail:
      outputs.activeSite === "secondary"
        ? "activeSite is secondary"
        : `activeSite is ${outputs.activeSite ?? "not in the outputs"}: apply the day-after change first (docs/runbooks/failback.md#the-stack-after-a-failover)`,
  });

  const status = await cli([
    "route53",
    "get-health-check-status",
    "--health-check-id",
    outputs.seoulHealthCheckId,
    "--region",
    "us-east-1",
  ]);
  const reports = ((status.HealthCheckObservations as { StatusReport?: { Status?: string } }[] | undefined) ?? []).map(
    (r) => r.StatusReport?.Status ?? "",
  );
  const healthy = reports.filter((s) => s.startsWith("Success")).length;
  checks.push({
    name: "Route 53 sees Seoul healthy",
    pass: reports.length > 0 && healthy >= reports.length - 1,
    detail: `${healthy} of ${reports.length} checker regions see Seoul's deep check healthy`,
  });

  const global = await cli([
    "rds",
    "describe-global-clusters",
    "--global-cluster-identifier",
    outputs.globalClusterIdentifier,
    "--region",
    outputs.secondaryRegion,
  ]);
  const members =
    ((global.GlobalClusters as { GlobalClusterMembers?: Record<string, unknown>[] }[] | undefined) ?? [])[0]
      ?.GlobalClusterMembers ?? [];
  const seoul = members.find((m) => m.DBClusterArn === outputs.seoulClusterArn);
  checks.push({
    name: "Seoul is a connected reader of the global database",
    pass: seoul !== undefined && seoul.IsWriter === false && seoul.SynchronizationStatus === "connected",
    detail: seoul
      ? `writer ${String(seoul.IsWriter)}, synchronization ${String(seoul.SynchronizationStatus ?? "unknown")}`
      : "Seoul's cluster is not a member: Aurora did not rebuild it (docs/runbooks/failback.md#a1-re-establish-replication-tokyo---seoul)",
  });

  const end = options.now ?? new Date();
  const start = new Date(end.getTime() - options.minutes * 60_000);
  const lag = await cli([
    "cloudwatch",
    "get-metric-statistics",
    "--namespace",
    "AWS/RDS",
    "--metric-name",
    "AuroraGlobalDBReplicationLag",
    "--dimensions",
    `Name=DBClusterIdentifier,Value=${outputs.seoulClusterArn.split(":").pop()}`,
    "--start-time",
    start.toISOString(),
    "--end-time",
    end.toISOString(),
    "--period",
    "60",
    "--statistics",
    "Maximum",
    "--region",
    outputs.seoulRegion,
  ]);
  const points = ((lag.Datapoints as { Maximum?: number }[] | undefined) ?? []).map((p) => p.Maximum ?? Infinity);
  const worst = points.length === 0 ? undefined : Math.max(...points);
  const enough = points.length >= Math.ceil((options.minutes * 5) / 6);
  checks.push({
    name: `replication lag under ${options.maxLagMs} ms for ${options.minutes} minutes`,
    pass: enough && worst !== undefined && worst < options.maxLagMs,
    detail:
      worst === undefined
        ? "no data points: the lag is not being reported"
        : `worst ${worst} ms over ${points.length} of ${options.minutes} minutes`,
  });
  return checks;
}

/** The queues' depths, for the operator (not a condition of the gate). */
async function queueDepths(cli: AwsCli, urls: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const url of urls) {
    const region = url.match(/^https:\/\/sqs\.([a-z0-9-]+)\./)?.[1] ?? "us-east-1";
    const answer = await cli([
      "sqs",
      "get-queue-attributes",
      "--queue-url",
      url,
      "--attribute-names",
      "ApproximateNumberOfMessages",
      "ApproximateNumberOfMessagesNotVisible",
      "--region",
      region,
    ]);
    const a = (answer.Attributes as Record<string, string> | undefined) ?? {};
    lines.push(
      `queue ${url}: ${a.ApproximateNumberOfMessages ?? "?"} waiting, ${a.ApproximateNumberOfMessagesNotVisible ?? "?"} in flight`,
    );
  }
  return lines;
}

/** `npm run failback-gate`. */
export function main(argv: readonly string[], io: ToolIo, cli: AwsCli = runAwsCli, now?: Date): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values, positionals } = parseCommandLine(argv, {
      allowPositionals: true,
      options: {
        minutes: { type: "string" },
        "max-lag-ms": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const minutes = Number(values.minutes ?? 30);
    const maxLagMs = Number(values["max-lag-ms"] ?? 1000);
    if (positionals.length !== 1 || !Number.isInteger(minutes) || minutes < 5 || !(maxLagMs > 0)) {
      throw new UsageError("give one outputs file, --minutes of 5 or more and a positive --max-lag-ms");
    }
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(positionals[0], "utf8"));
    } catch (e) {
      io.err(`failback-gate: cannot read ${positionals[0]}: ${(e as Error).message}`);
      return 3;
    }
    const outputs = gateOutputs(raw);
    try {
      const checks = await runGate(cli, outputs, { minutes, maxLagMs, now });
      for (const c of checks) io.out(`${c.pass ? "PASS" : "FAIL"}  ${c.name}: ${c.detail}`);
      for (const line of await queueDepths(cli, outputs.queueUrls)) io.out(`info  ${line}`);
      const open = checks.every((c) => c.pass);
      io.out(open ? "gate open: go on with the switchover (A3)" : "gate closed: do not fail back yet");
      return open ? 0 : 1;
    } catch (err) {
      if (err instanceof CliError) {
        io.err(`failback-gate: ${err.message}`);
        return 3;
      }
      throw err;
    }
  });
}

runAsCommand(module, (argv, io) => main(argv, io));
