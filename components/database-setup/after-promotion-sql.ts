import { AUDIT_EXTENSION } from "./source-setup-sql";

/** The psql variables {@link afterPromotionSql} reads. */
export const AFTER_PROMOTION_VARIABLES = [
  "app_user",
  "app_password",
  "app_database",
  "source_owner",
  "sequence_gap",
] as const;

/**
 * The role DMS writes the destination's objects as; after promotion it still owns every migrated table.
 * @see https://cloud.google.com/database-migration/docs/postgres/known-limitations
 */
export const DMS_OBJECT_OWNER = "cloudsqlexternalsync";

/**
 * How far past the highest migrated key each sequence restarts. Rows Seoul accepted after the last change DMS
 * carried (lost to the failover, see docs/runbooks/failover.md) hold keys just above that maximum; starting
 * the new writer's sequences a gap higher keeps the two sets apart, so those rows can be merged back by hand.
 */
export const DEFAULT_SEQUENCE_GAP = 100000;

/**
 * The promoted Cloud SQL instance's setup, run as its `postgres` user by the promotion workflow right after
 * DMS promotes it (idempotent: a second run changes nothing):
 * - the application's login role, with the password the platform stored in Secret Manager (DMS does not
 *   migrate roles);
 * - the migrated objects handed from DMS's role to the application's, which owned them on Aurora;
 * - pgaudit in the application's database (the instance's `cloudsql.enable_pgaudit` flag loads it);
 * - every sequence that feeds a column and would hand out a key that already exists (DMS does not carry
 *   sequence values) set past that column's maximum plus a gap. Sequences no column owns
 *   are listed (the script cannot know their tables) for the runbook's check.
 * @see https://cloud.google.com/database-migration/docs/postgres/known-limitations
 */
export function afterPromotionSql(): string {
  return (
    [
      `SELECT format('CREATE ROLE %I LOGIN', :'app_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \\gexec`,
      `SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'app_user', :'app_password') \\gexec`,
      // Cloud SQL's postgres user has CREATEROLE: it may join both roles, which REASSIGN OWNED requires.
      `SELECT format('GRANT %I TO %I', :'app_user', current_user) \\gexec`,
      `SELECT format('GRANT %I TO %I', :'source_owner', current_user) WHERE EXISTS (SELECT FROM pg_roles WHERE rolname = :'source_owner') \\gexec`,
      `SELECT format('ALTER DATABASE %I OWNER TO %I', :'app_database', :'app_user') \\gexec`,
      `\\connect :"app_database"`,
      // Cloud SQL logs with pgaudit once cloudsql.enable_pgaudit is on and the extension exists in the database.
      AUDIT_EXTENSION,
      `SELECT format('REASSIGN OWNED BY %I TO %I', :'source_owner', :'app_user') WHERE EXISTS (SELECT FROM pg_roles WHERE rolname = :'source_owner') \\gexec`,
      // Each owned sequence whose next value is already taken by a migrated row: past the maximum plus the gap.
      // One the application has advanced since (a second run) is behind nothing and stays where it is.
      `SELECT format(
       'SELECT setval(%L, m + %s, true) FROM (SELECT coalesce(max(%I), 0) AS m FROM %s) AS migrated
        WHERE (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM %s) <= m',
       seq.oid::regclass, :'sequence_gap'::bigint, col.attname, tbl.oid::regclass, seq.oid::regclass)
     FROM pg_class seq
     JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = seq.oid
       AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i') AND dep.refobjsubid > 0
     JOIN pg_class tbl ON tbl.oid = dep.refobjid
     JOIN pg_attribute col ON col.attrelid = tbl.oid AND col.attnum = dep.refobjsubid
     WHERE seq.relkind = 'S' \\gexec`,
      `\\pset tuples_only on`,
      `SELECT 'sequence not owned by a column, not reset: ' || seq.oid::regclass
     FROM pg_class seq
     WHERE seq.relkind = 'S' AND seq.relnamespace::regnamespace::text NOT IN ('pglogical')
       AND NOT EXISTS (SELECT FROM pg_depend dep WHERE dep.classid = 'pg_class'::regclass AND dep.objid = seq.oid
         AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i'));`,
    ].join("\n") + "\n"
  );
}
