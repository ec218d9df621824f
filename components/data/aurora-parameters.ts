/**
 * The Aurora cluster parameters the component sets, as one pure list: TLS required, statement and connection
 * audit logging, and whatever a caller adds (pglogical for a DMS source, the RPO bound). Every library that must
 * load at server start goes into one `shared_preload_libraries`, since setting it replaces Aurora's default list.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.html
 */

/** One cluster parameter, in the shape `aws.rds.ClusterParameterGroup` takes. */
export interface ClusterParameter {
  readonly name: string;
  readonly value: string;
  readonly applyMethod: "immediate" | "pending-reboot";
}

const PRELOAD = "shared_preload_libraries";
/** Aurora's default, which Performance Insights' SQL statistics read: kept whatever else loads. */
const DEFAULT_LIBRARIES = ["pg_stat_statements"];

/**
 * What the audit log records: `ddl` (schema changes) and `role` (grants, users, passwords: the changes an
 * intruder makes first); not `read` or `write`, whose volume would swamp the log and the bill.
 */
export const PGAUDIT_LOG = "ddl,role";

const reboot = (name: string, value: string): ClusterParameter => ({ name, value, applyMethod: "pending-reboot" });

/** The cluster's parameters: the component's own, the audit settings unless `audit` is false, then `extra`. */
export function clusterParameters(extra: readonly ClusterParameter[], audit: boolean): ClusterParameter[] {
  const libraries = new Set(DEFAULT_LIBRARIES);
  for (const p of extra.filter((x) => x.name === PRELOAD)) {
    p.value
      .split(",")
      .map((l) => l.trim())
      .filter(Boolean)
      .forEach((l) => libraries.add(l));
  }
  if (audit) libraries.add("pgaudit");
  return [
    reboot("rds.force_ssl", "1"),
    ...(audit
      ? [reboot("pgaudit.log", PGAUDIT_LOG), reboot("log_connections", "1"), reboot("log_disconnections", "1")]
      : []),
    ...extra.filter((x) => x.name !== PRELOAD),
    ...(libraries.size > DEFAULT_LIBRARIES.length || extra.some((x) => x.name === PRELOAD)
      ? [reboot(PRELOAD, [...libraries].join(","))]
      : []),
  ];
}
