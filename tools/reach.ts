import * as fs from "node:fs";
import * as tls from "node:tls";
import { parseCommandLine, runAsCommand, ToolIo, withExitCodes } from "./offline/cli";

const USAGE = `Usage: npm run reach -- OUTPUTS.json [--timeout-ms N]

Checks that this machine reaches the Kubernetes API of every cluster a stack's outputs name (the file
\`pulumi stack output --json\` writes), before anything needs it: \`pulumi up\` installs Kubernetes objects through
those endpoints, and the runbooks' kubectl commands use them during an event. A cluster counts as reached when a
TLS handshake with its endpoint completes; authorization is not checked (that is IAM's and the access entries').

The deploy workflow runs it before \`pulumi up\`; run it from the on-call machine to know, before an event, whether
you can reach Tokyo's cluster with Seoul gone (docs/deploying.md#reaching-the-clusters).

Options:
  --timeout-ms N   how long one endpoint may take (default 5000)

Exit codes: 0 every endpoint reached, or none named (a stack never deployed); 1 some endpoint not reached;
2 usage; 3 the file could not be read.`;

/** A cluster API endpoint the outputs name. */
export interface ClusterEndpoint {
  /** The output path, e.g. `primarySite.clusterEndpoint`. */
  readonly output: string;
  readonly host: string;
  readonly port: number;
}

/** The output keys that name a Kubernetes API endpoint, by site. */
const ENDPOINT_KEYS = ["clusterEndpoint", "clusterDnsEndpoint"] as const;

/** Every cluster endpoint in the outputs of `pulumi stack output --json`: URLs or bare host names. */
export function clusterEndpoints(outputs: unknown): ClusterEndpoint[] {
  const sites = ["primarySite", "secondarySite"] as const;
  return sites.flatMap((site) => {
    const block = (outputs as Record<string, Record<string, unknown> | undefined> | null)?.[site] ?? {};
    return ENDPOINT_KEYS.flatMap((key) => {
      const value = block[key];
      if (typeof value !== "string" || value === "") {
        return [];
      }
      const url = new URL(/^https?:\/\//.test(value) ? value : `https://${value}`);
      return [{ output: `${site}.${key}`, host: url.hostname, port: url.port === "" ? 443 : Number(url.port) }];
    });
  });
}

/** Completes a TLS handshake with the endpoint, or says why not (refused, a timeout, a name that does not resolve). */
export function handshake(endpoint: ClusterEndpoint, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      servername: /^[\d.]+$/.test(endpoint.host) ? undefined : endpoint.host,
      // Reaching, not trusting: the endpoint's CA is in the kubeconfig, not in this machine's store.
      rejectUnauthorized: false,
    });
    const done = (why: string | undefined) => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once("secureConnect", () => done(undefined));
    socket.once("error", (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

/** `npm run reach`: can this machine reach the stack's clusters? */
export function main(argv: readonly string[], io: ToolIo): Promise<number> {
  return withExitCodes(USAGE, io, async () => {
    const { values, positionals } = parseCommandLine(argv, {
      allowPositionals: true,
      options: { "timeout-ms": { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const [file] = positionals;
    const timeoutMs = Number(values["timeout-ms"] ?? 5000);
    if (file === undefined || positionals.length > 1 || !Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      io.err(USAGE);
      return 2;
    }
    let outputs: unknown;
    try {
      outputs = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      io.err(`reach: cannot read ${file}: ${(e as Error).message}`);
      return 3;
    }
    const endpoints = clusterEndpoints(outputs);
    if (endpoints.length === 0) {
      io.out("reach: the outputs name no cluster endpoint (a stack not deployed yet): nothing to check");
      return 0;
    }
    let unreached = 0;
    for (const e of endpoints) {
      const why = await handshake(e, timeoutMs);
      if (why === undefined) {
        io.out(`reached ${e.output} (${e.host}:${e.port})`);
      } else {
        unreached++;
        io.err(
          `reach: ${e.output} (${e.host}:${e.port}) not reached: ${why}. A private EKS endpoint answers only inside ` +
            "its VPC: run on a self-hosted runner there, or list this runner's egress CIDR in eks.publicAccessCidrs; " +
            "GKE: use the DNS-based endpoint (docs/deploying.md#reaching-the-clusters)",
        );
      }
    }
    return unreached === 0 ? 0 : 1;
  });
}

runAsCommand(module, main);
