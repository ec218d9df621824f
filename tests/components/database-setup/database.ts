import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { psqlCommand, SCRIPT_ENV, variableEnv } from "../../../components/database-setup/psql-run";

/**
 * The local PostgreSQL `.ci/services` starts (with pglogical loaded), reached two ways: as its superuser over
 * the Unix socket, to build the stand-ins a cloud provides (Aurora's `rds_replication`, DMS's object owner),
 * and as ordinary password logins over TCP with TLS, the way the setup jobs reach Aurora and Cloud SQL.
 */
export function adminConnection(): string {
  const admin = process.env.DR_TEST_POSTGRES_ADMIN ?? "";
  if (admin === "") {
    throw new Error(
      "DR_TEST_POSTGRES_ADMIN unset: the database setup scripts run against a real PostgreSQL; " +
        'start it with `eval "$(bash .ci/services)"` (docs/contributing.md#test-services)',
    );
  }
  return admin;
}

/** host and port of the TCP listener, from the deep check's connection URL. */
function tcpEndpoint(): { host: string; port: string } {
  const url = new URL(process.env.DR_TEST_POSTGRES_URL ?? "postgres://127.0.0.1:54329/x");
  return { host: url.hostname, port: url.port };
}

/** A name no other run uses. */
export function unique(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** SQL as the superuser (stand-ins and assertions). */
export function asAdmin(sql: string, database = "postgres"): string {
  const run = spawnSync("psql", ["-X", "-qAt", "-v", "ON_ERROR_STOP=1", `${adminConnection()} dbname=${database}`], {
    input: sql,
    encoding: "utf8",
  });
  if (run.status !== 0) {
    throw new Error(`admin SQL failed: ${run.stderr}`);
  }
  return run.stdout.trim();
}

/**
 * Drops a test database. pglogical 2.4's supervisor never answers the signal barrier DROP DATABASE waits
 * for on PostgreSQL 15, so the drop would hang forever; the tests need the extension, not its replication
 * workers, so the supervisor is stopped first (postgres does not restart a worker that exits on SIGTERM).
 */
export function dropDatabase(name: string): void {
  asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'pglogical supervisor';`);
  asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE);`);
}

/** SQL as a password login over TCP with TLS. */
export function asUser(user: string, password: string, database: string, sql: string): Run {
  const { host, port } = tcpEndpoint();
  const run = spawnSync("psql", ["-X", "-qAt", "-v", "ON_ERROR_STOP=1"], {
    input: sql,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      PGHOST: host,
      PGPORT: port,
      PGUSER: user,
      PGPASSWORD: password,
      PGDATABASE: database,
      PGSSLMODE: "require",
    },
  });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr };
}

/** A setup script run exactly as the jobs run it: psqlCommand, the script and variables in the environment. */
export function runScript(
  login: { user: string; password: string; database: string },
  script: string,
  variables: Record<string, string>,
): Run {
  const { host, port } = tcpEndpoint();
  const [command, ...args] = psqlCommand(Object.keys(variables));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    PGHOST: host,
    PGPORT: port,
    PGUSER: login.user,
    PGPASSWORD: login.password,
    PGDATABASE: login.database,
    PGSSLMODE: "require",
    [SCRIPT_ENV]: script,
  };
  for (const [name, value] of Object.entries(variables)) {
    env[variableEnv(name)] = value;
  }
  const run = spawnSync(command as string, args, { env, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr };
}
