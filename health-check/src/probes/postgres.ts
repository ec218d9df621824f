import * as fs from "node:fs";
import { isIP } from "node:net";
import { Client, ClientConfig } from "pg";
import { PostgresProbe, RegionalHealthConfig } from "../contract";
import { PodCredentials } from "../aws/pod-credentials";
import { DatabaseLogin, SecretLoginSource } from "../aws/secret-login";
import { classify, ProbeFailure } from "./failure";

// One credentials cache per environment and one login source per probe, kept across rounds.
const podCredentials = new WeakMap<NodeJS.ProcessEnv, PodCredentials>();
const secretLogins = new WeakMap<PostgresProbe, SecretLoginSource>();

/** The probe's login: from its secret when it names one, otherwise from the environment. */
export function databaseLogin(
  p: PostgresProbe,
  env: NodeJS.ProcessEnv,
  resolver: RegionalHealthConfig["resolver"],
  timeoutMs: number,
): Promise<DatabaseLogin> {
  if (p.login === undefined) {
    return Promise.resolve({ user: env[p.userEnv] ?? "", password: env[p.passwordEnv] ?? "" });
  }
  let credentials = podCredentials.get(env);
  if (!credentials) {
    credentials = new PodCredentials(env);
    podCredentials.set(env, credentials);
  }
  let source = secretLogins.get(p);
  if (!source) {
    source = new SecretLoginSource(p.login, credentials, resolver);
    secretLogins.set(p, source);
  }
  return source.get(timeoutMs);
}

/** TLS as the probe asks for it; the server name is the configured host, never the resolved address. */
function tlsOptions(p: PostgresProbe): ClientConfig["ssl"] {
  const servername = isIP(p.host) === 0 ? p.host : undefined;
  switch (p.tls) {
    case "disable":
      return false;
    case "require":
      return { rejectUnauthorized: false, servername };
    case "verify":
      return { rejectUnauthorized: true, ca: fs.readFileSync(p.caFile as string, "utf8"), servername };
  }
}

/**
 * Connects to `address` (already resolved), authenticates and runs the probe's query. Without a query,
 * `SELECT 1` proves the server answers; with one, its first column must be true (the role-aware check).
 */
export async function probePostgres(
  p: PostgresProbe,
  address: string,
  login: DatabaseLogin,
  timeoutMs: number,
): Promise<void> {
  const client = new Client({
    host: address,
    port: p.port,
    database: p.database,
    user: login.user,
    password: login.password,
    ssl: tlsOptions(p),
    application_name: "regional-health",
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A connection that dies after an answer must not crash the process.
  client.on("error", () => undefined);
  try {
    await client.connect();
    const result = await client.query({ text: p.query ?? "SELECT 1", rowMode: "array" });
    if (p.query !== undefined && result.rows[0]?.[0] !== true) {
      throw new ProbeFailure("role", `${p.name}: the query answered ${JSON.stringify(result.rows[0]?.[0])}`);
    }
  } catch (e) {
    throw classify(e);
  } finally {
    client.end().catch(() => undefined);
  }
}
