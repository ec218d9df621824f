/** The login a DMS job reads the Aurora source with: its own, granted `rds_replication`, never the master user. */
export const DMS_REPLICATION_USERNAME = "dms_replication";

/** One Aurora cluster parameter, in the shape `aws.rds.ClusterParameterGroup` takes. */
export interface AuroraParameter {
  readonly name: string;
  readonly value: string;
  readonly applyMethod: "pending-reboot";
}

/** What the source's parameters depend on. */
export interface PglogicalOptions {
  /**
   * Databases DMS migrates: every database on the cluster except template0, template1 and rdsadmin,
   * `postgres` included (DMS requires it to exist).
   * @default 2 (postgres and one application database)
   */
  readonly databases?: number;
  /**
   * Background workers the cluster needs besides pglogical's (parallel query, other extensions).
   * Aurora's default is GREATEST(2 x vCPU, 8); pass 2 x vCPU for instances above 4 vCPUs so the fixed
   * value set here does not lower it.
   * @default 8
   */
  readonly baseWorkerProcesses?: number;
}

/**
 * The Aurora PostgreSQL cluster parameters a DMS continuous migration needs on its source, after
 * Google's "Configure your source" guide for Amazon RDS and Aurora. All are static, so each takes
 * `pending-reboot`: they apply when the writer next reboots, and the migration job cannot start before.
 * The Aurora component merges these into its cluster parameter group.
 *
 * - `rds.logical_replication = 1`: Aurora's switch for `wal_level = logical`; pglogical decodes the WAL
 *   into row changes, which the default (physical) level does not carry.
 * - `shared_preload_libraries` with `pglogical`: pglogical runs background workers, which only a
 *   library loaded at server start can register. Setting the parameter replaces Aurora's default list,
 *   so `pg_stat_statements` (the default, which Performance Insights' SQL statistics read) stays in it.
 * - `max_replication_slots`: DMS's pglogical subscription holds one logical slot per migrated database;
 *   never below 20, so other consumers (an AWS DMS task, a debezium connector) still find one.
 * - `max_wal_senders`: each slot streams through its own WAL sender, so at least as many as slots (Aurora
 *   replicas share storage and use no WAL sender).
 * - `max_worker_processes`: pglogical's supervisor plus one manager per database, on top of the workers
 *   the cluster already needs.
 *
 * `CREATE EXTENSION pglogical` in every migrated database and the DMS user's grants are SQL: the primary's
 * setup job runs them on every deploy (components/database-setup/source-setup-sql.ts). On a cluster created
 * with these parameters they apply at once; on an existing cluster, reboot the writer before the job starts.
 * @see https://cloud.google.com/database-migration/docs/postgres/configure-source-database
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Appendix.PostgreSQL.CommonDBATasks.pglogical.basic-setup.html
 */
export function pglogicalParameters(options: PglogicalOptions = {}): AuroraParameter[] {
  const databases = options.databases ?? 2;
  const baseWorkers = options.baseWorkerProcesses ?? 8;
  for (const [key, value, min] of [
    ["databases", databases, 1],
    ["baseWorkerProcesses", baseWorkers, 0],
  ] as const) {
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(`pglogicalParameters: ${key} must be an integer of at least ${min}, got ${value}`);
    }
  }
  const slots = Math.max(20, databases);
  const parameter = (name: string, value: string | number): AuroraParameter => ({
    name,
    value: String(value),
    applyMethod: "pending-reboot",
  });
  return [
    parameter("rds.logical_replication", 1),
    parameter("shared_preload_libraries", "pg_stat_statements,pglogical"),
    parameter("max_replication_slots", slots),
    parameter("max_wal_senders", slots),
    parameter("max_worker_processes", baseWorkers + databases + 1),
  ];
}
