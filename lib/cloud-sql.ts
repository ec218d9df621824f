/**
 * Facts about Cloud SQL machine tiers that both the CloudSqlPostgres component
 * (components/gcp-data/cloud-sql-rules.ts) and the config contract (stack-config/argument-rules.ts) rely on.
 * Pure, no dependencies.
 * @see https://cloud.google.com/sql/docs/postgres/editions-intro
 */

/** The Cloud SQL editions. */
export type CloudSqlEdition = "ENTERPRISE" | "ENTERPRISE_PLUS";

/** Enterprise Plus runs only on the performance-optimized machine series, Enterprise never does. */
const ENTERPRISE_PLUS_TIER = /^db-perf-optimized-N-\d+$/;

/** Enterprise takes custom machines (db-custom-<vCPUs>-<MiB>) and the legacy shared-core and n1 tiers. */
const ENTERPRISE_TIER = /^db-(custom-\d+-\d+|n1-|g1-|f1-)/;

/** True when `tier` is a machine tier of `edition`. */
export function tierFitsEdition(tier: string, edition: CloudSqlEdition): boolean {
  return edition === "ENTERPRISE_PLUS"
    ? ENTERPRISE_PLUS_TIER.test(tier)
    : !ENTERPRISE_PLUS_TIER.test(tier) && ENTERPRISE_TIER.test(tier);
}
