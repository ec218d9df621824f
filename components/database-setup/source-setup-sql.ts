/** What {@link sourceSetupSql} sets up. */
export interface SourceSetupOptions {
  /**
   * Databases DMS migrates besides the application's: `postgres` must exist on a DMS source and is migrated
   * too, so pglogical and the grants go there as well.
   * @default ["postgres"]
   */
  readonly otherDatabases?: readonly string[];
  /** Set up a Google DMS source (pglogical, a replication user). @default false */
  readonly dmsSource?: boolean;
  /**
   * Create pgaudit in every database (the Aurora component preloads it and sets `pgaudit.log`; AWS's guide
   * creates the extension in each database too).
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.html
   * @default true
   */
  readonly audit?: boolean;
}

/** pgaudit's functions and event triggers in the current database (its library is preloaded by the cluster). */
export const AUDIT_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pgaudit;";

/** The psql variables {@link sourceSetupSql} reads; the job passes each from a secret environment variable. */
export const SOURCE_SETUP_VARIABLES = ["app_user", "app_password", "app_database"] as const;
/** The extra variables of a DMS source. */
export const DMS_SOURCE_VARIABLES = ["replication_user", "replication_password"] as const;

/** One role, created when missing and its password set on every run (a rotated secret reaches the database). */
function loginRole(user: string, password: string): string {
  return [
    `SELECT format('CREATE ROLE %I LOGIN', :'${user}') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'${user}') \\gexec`,
    `SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'${user}', :'${password}') \\gexec`,
  ].join("\n");
}

/**
 * What DMS's user needs in one database, after Google's source guide for Aurora: pglogical installed, its
 * schema readable, and every user schema, table and sequence readable; default privileges extend that to
 * what the application creates later (DDL itself is not replicated: a new table needs a new migration job
 * or its creation on the destination too, see docs/components.md).
 */
function dmsGrants(): string {
  return [
    "CREATE EXTENSION IF NOT EXISTS pglogical;",
    `GRANT USAGE ON SCHEMA pglogical TO :"replication_user";`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA pglogical TO :"replication_user";`,
    `SELECT format('GRANT USAGE ON SCHEMA %I TO %I', nspname, :'replication_user'),
       format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', nspname, :'replication_user'),
       format('GRANT SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', nspname, :'replication_user')
     FROM pg_namespace
     WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'pglogical') \\gexec`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE :"app_user" GRANT USAGE ON SCHEMAS TO :"replication_user";`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE :"app_user" GRANT SELECT ON TABLES TO :"replication_user";`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE :"app_user" GRANT SELECT ON SEQUENCES TO :"replication_user";`,
  ].join("\n");
}

/**
 * The primary database's setup, run as the master user on every `pulumi up` (idempotent):
 * - the application's own login role and database, owned by it: applications never use the master user,
 *   whose password only the platform and a break-glass operator hold;
 * - on a Google DMS source: a replication user of its own (`rds_replication`, never the master user), and in
 *   every migrated database pglogical and the grants Google's guide lists.
 * - in every database it touches, pgaudit (`audit`).
 * The cluster parameters (pglogical and pgaudit preloaded, logical WAL) are the Aurora component's.
 * @see https://cloud.google.com/database-migration/docs/postgres/configure-source-database
 */
export function sourceSetupSql(options: SourceSetupOptions = {}): string {
  const databases = [...(options.otherDatabases ?? ["postgres"])];
  const lines = [
    loginRole("app_user", "app_password"),
    // Membership lets the master user set default privileges for the application's role (PostgreSQL 15
    // allows ALTER DEFAULT PRIVILEGES FOR ROLE only to its members).
    `SELECT format('GRANT %I TO %I', :'app_user', current_user) \\gexec`,
    `SELECT format('CREATE DATABASE %I OWNER %I', :'app_database', :'app_user') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'app_database') \\gexec`,
  ];
  const dms = options.dmsSource ?? false;
  const audit = options.audit ?? true;
  if (dms) {
    lines.push(
      loginRole("replication_user", "replication_password"),
      `SELECT format('GRANT rds_replication TO %I', :'replication_user') \\gexec`,
    );
  }
  // Each database once: pgaudit, then (on a DMS source) pglogical and DMS's grants.
  const perDatabase = [...(audit ? [AUDIT_EXTENSION] : []), ...(dms ? [dmsGrants()] : [])];
  if (perDatabase.length > 0) {
    for (const database of databases) {
      lines.push(`\\connect ${quoteIdentifier(database)}`, ...perDatabase);
    }
    lines.push(`\\connect :"app_database"`, ...perDatabase);
  }
  return lines.join("\n") + "\n";
}

/** A database name as psql's `\connect` takes it. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
