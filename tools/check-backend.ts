import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { AwsCli, CliError, runAwsCli } from "./aws-cli";
import { parseCommandLine, runAsCommand, ToolIo, UsageError, withExitCodes } from "./offline/cli";
import { REPO_ROOT } from "./offline/stack-files";

const USAGE = `Usage: npm run check-backend -- STACK [--backend URL]

Fails when the stack's state or its secrets could be lost with its primary Region: the recovery from a Seoul
outage runs \`pulumi up\`, which needs both (docs/deploying.md#prerequisites). Reads the backend from --backend or
PULUMI_BACKEND_URL (empty: Pulumi Cloud), the secrets provider from stacks/Pulumi.<STACK>.yaml (\`secretsprovider\`)
and the primary Region from the same file (\`dr-platform:primary.region\`). An S3 backend's Region is asked of S3
(\`aws s3api get-bucket-location\`, the CLI's credentials) unless the URL names it (\`?region=\`).

Every workflow that runs \`pulumi\` runs this first.

Exit codes: 0 outside the primary Region; 1 inside it, or on a runner's own disk; 2 usage; 3 the stack file could
not be read or the CLI failed.`;

/** Where one of the two lives, and whether that survives the primary Region. */
export interface Placement {
  readonly what: "state backend" | "secrets provider";
  readonly where: string;
  /** Undefined when it is not in any AWS Region (Pulumi Cloud, Google Cloud, a passphrase). */
  readonly region?: string;
  /** Why it cannot survive, when it cannot (a runner's disk). */
  readonly problem?: string;
}

/** The backend URL's placement; `bucketRegion` asks S3 when the URL does not say. */
export async function backendPlacement(
  url: string,
  bucketRegion: (bucket: string) => Promise<string>,
): Promise<Placement> {
  const what = "state backend";
  if (url === "" || /^https:\/\/(api|app)\.pulumi\.com\/?$/.test(url)) {
    return { what, where: "Pulumi Cloud" };
  }
  if (url.startsWith("s3://")) {
    const u = new URL(url);
    return { what, where: url, region: u.searchParams.get("region") ?? (await bucketRegion(u.hostname)) };
  }
  if (url.startsWith("file://") || url.startsWith("/") || url === "--local") {
    return { what, where: url, problem: "a runner's own disk is lost with the runner: use Pulumi Cloud or a bucket" };
  }
  return { what, where: url };
}

/** The secrets provider's placement: an AWS KMS key names its Region; anything else is not in an AWS Region. */
export function secretsPlacement(provider: string | undefined): Placement {
  const what = "secrets provider";
  if (provider === undefined || provider === "" || provider === "default") {
    return { what, where: "the backend's own (Pulumi Cloud) or a passphrase" };
  }
  if (provider.startsWith("awskms://")) {
    const arnRegion = provider.match(/^awskms:\/\/arn:aws[a-z-]*:kms:([a-z0-9-]+):/)?.[1];
    const queryRegion = provider.includes("?") ? new URLSearchParams(provider.split("?")[1]).get("region") : null;
    const region = arnRegion ?? queryRegion ?? undefined;
    return region
      ? { what, where: provider, region }
      : { what, where: provider, problem: "an awskms:// alias without ?region= follows the CLI's Region: name it" };
  }
  return { what, where: provider };
}

/** The verdict on one placement, against the primary Region. */
export function judge(p: Placement, primaryRegion: string): string | undefined {
  if (p.problem) return `${p.what} ${p.where}: ${p.problem}`;
  if (p.region === primaryRegion) {
    return (
      `${p.what} ${p.where} is in ${primaryRegion}, the stack's primary Region: a Regional outage there takes the ` +
      "recovery's `pulumi up` with it; move it to another Region or to Pulumi Cloud (docs/deploying.md#prerequisites)"
    );
  }
  return undefined;
}

const s3BucketRegion =
  (cli: AwsCli) =>
  async (bucket: string): Promise<string> => {
    const answer = await cli(["s3api", "get-bucket-location", "--bucket", bucket]);
    // S3 answers null for us-east-1 (and "EU" for the oldest eu-west-1 buckets).
    const c = answer.LocationConstraint;
    return typeof c !== "string" || c === "" ? "us-east-1" : c === "EU" ? "eu-west-1" : c;
  };

/** `npm run check-backend`. */
export function main(
  argv: readonly string[],
  io: ToolIo,
  cli: AwsCli = runAwsCli,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values, positionals } = parseCommandLine(argv, {
      allowPositionals: true,
      options: { backend: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    if (positionals.length !== 1 || !/^[\w.-]+$/.test(positionals[0])) {
      throw new UsageError("give one stack name");
    }
    const stack = positionals[0];
    const file = path.join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`);
    let doc: { secretsprovider?: string; config?: Record<string, unknown> };
    try {
      doc = (parseYaml(fs.readFileSync(file, "utf8")) ?? {}) as typeof doc;
    } catch (e) {
      io.err(`check-backend: cannot read ${path.relative(REPO_ROOT, file)}: ${(e as Error).message}`);
      return 3;
    }
    const primary = (doc.config?.["dr-platform:primary"] as { region?: unknown } | undefined)?.region;
    if (typeof primary !== "string") {
      io.err(`check-backend: ${path.relative(REPO_ROOT, file)} sets no dr-platform:primary.region`);
      return 3;
    }
    try {
      const placements = [
        await backendPlacement(values.backend ?? env.PULUMI_BACKEND_URL ?? "", s3BucketRegion(cli)),
        secretsPlacement(doc.secretsprovider),
      ];
      const problems = placements.map((p) => judge(p, primary)).filter((x): x is string => x !== undefined);
      for (const p of placements) {
        io.out(`${p.what}: ${p.where}${p.region ? ` (${p.region})` : ""}`);
      }
      for (const problem of problems) io.err(`check-backend: ${problem}`);
      if (problems.length === 0) io.out(`${stack}: state and secrets survive the loss of ${primary}`);
      return problems.length === 0 ? 0 : 1;
    } catch (err) {
      if (err instanceof CliError) {
        io.err(`check-backend: ${err.message}`);
        return 3;
      }
      throw err;
    }
  });
}

runAsCommand(module, (argv, io) => main(argv, io));
