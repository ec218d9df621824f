import { ArgProblem, intRange } from "../problems";
import { parseCidr } from "../../lib/cidr";
import { CloudSqlEdition, tierFitsEdition } from "../../lib/cloud-sql";

/** What {@link cloudSqlProblems} checks: the plain arguments of a CloudSqlPostgres. */
export interface CloudSqlRuleInput {
  readonly databaseVersion: string;
  readonly tier: string;
  readonly edition: CloudSqlEdition;
  readonly transactionLogRetentionDays: number;
  readonly retainedBackups: number;
  readonly diskSizeGb: number;
  readonly maintenanceWindow: { readonly day: number; readonly hour: number };
  readonly privateServiceRange?: string;
}

/**
 * Every problem with a CloudSqlPostgres's arguments, so one run reports them all.
 * @see https://cloud.google.com/sql/docs/postgres/editions-intro
 * @see https://cloud.google.com/sql/docs/postgres/backup-recovery/backups#retention
 */
export function cloudSqlProblems(a: CloudSqlRuleInput): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (!/^POSTGRES_\d+$/.test(a.databaseVersion)) {
    problems.push({
      path: "databaseVersion",
      message: `got "${a.databaseVersion}"; expected a Cloud SQL PostgreSQL major version like "POSTGRES_16"`,
      fix: "pass POSTGRES_<major>, the same major version as the source database or a higher one (DMS never migrates down)",
    });
  }
  const fits = tierFitsEdition(a.tier, a.edition);
  if (a.edition === "ENTERPRISE_PLUS" && !fits) {
    problems.push({
      path: "tier",
      message: `got "${a.tier}" with edition ENTERPRISE_PLUS, which runs only on db-perf-optimized-N-<vCPUs> tiers`,
      fix: 'pass e.g. "db-perf-optimized-N-2", or use edition ENTERPRISE',
    });
  }
  if (a.edition === "ENTERPRISE" && !fits) {
    problems.push({
      path: "tier",
      message: `got "${a.tier}"; edition ENTERPRISE takes db-custom-<vCPUs>-<MiB> (or the shared-core and n1 tiers)`,
      fix: 'pass e.g. "db-custom-2-7680", or use edition ENTERPRISE_PLUS with a db-perf-optimized tier',
    });
  }
  const maxLogDays = a.edition === "ENTERPRISE_PLUS" ? 35 : 7;
  problems.push(
    ...intRange(
      "transactionLogRetentionDays",
      a.transactionLogRetentionDays,
      1,
      maxLogDays,
      `${a.edition} keeps point-in-time recovery logs 1 to ${maxLogDays} days`,
    ),
    ...intRange("retainedBackups", a.retainedBackups, 1, 365, "Cloud SQL keeps 1 to 365 automated backups"),
    ...intRange("diskSizeGb", a.diskSizeGb, 10, 65536, "a Cloud SQL disk is 10 GB to 64 TB"),
    ...intRange("maintenanceWindow.day", a.maintenanceWindow.day, 1, 7, "Cloud SQL numbers days 1 (Monday) to 7"),
    ...intRange("maintenanceWindow.hour", a.maintenanceWindow.hour, 0, 23, "the window starts at an hour 0 to 23 UTC"),
  );
  if (a.privateServiceRange !== undefined) {
    const range = parseCidr(a.privateServiceRange);
    if ("error" in range || range.prefix > 24) {
      problems.push({
        path: "privateServiceRange",
        message: `got "${a.privateServiceRange}", which ${"error" in range ? range.error : "is smaller than the /24 private services access needs"}`,
        fix: 'pass a free private block of /24 or larger outside both sites\' ranges, e.g. "10.199.0.0/20"',
      });
    }
  }
  return problems;
}
