import { stackRule, resourceRule } from "../lib/rule";
import { at, label, list, num, obj, ofType, str } from "../lib/read";
import { T } from "../lib/sites";

/** What the databases record: enhanced monitoring on every Aurora instance, audit logging on both clouds. */

export const auroraEnhancedMonitoring = () =>
  resourceRule(
    {
      name: "aurora-enhanced-monitoring",
      area: "security",
      description:
        "Every Aurora instance publishes enhanced monitoring (the OS's view) through a role, every minute or faster.",
      severity: "low",
      remediation: "set monitoringInterval (60 or less) and monitoringRoleArn (the Aurora component does).",
    },
    [T.rdsInstance],
    (props, report, { args }) => {
      const interval = num(props.monitoringInterval) ?? 0;
      if (interval === 0 || interval > 60 || props.monitoringRoleArn === undefined) {
        report(
          `${label(args)} has monitoringInterval ${interval} and ${props.monitoringRoleArn === undefined ? "no" : "a"} monitoring role.`,
        );
      }
    },
  );

/** What audit logging needs on an Aurora cluster's parameters and a Cloud SQL instance's flags. */
const AURORA_AUDIT: Readonly<Record<string, (value: string) => boolean>> = {
  shared_preload_libraries: (v) =>
    v
      .split(",")
      .map((l) => l.trim())
      .includes("pgaudit"),
  "pgaudit.log": (v) => v !== "" && v.toLowerCase() !== "none",
  log_connections: (v) => v === "1",
  log_disconnections: (v) => v === "1",
};
const CLOUD_SQL_AUDIT: Readonly<Record<string, (value: string) => boolean>> = {
  "cloudsql.enable_pgaudit": (v) => v === "on",
  "pgaudit.log": (v) => v !== "" && v.toLowerCase() !== "none",
  log_connections: (v) => v === "on",
  log_disconnections: (v) => v === "on",
};

const missing = (have: Record<string, string>, want: Readonly<Record<string, (value: string) => boolean>>) =>
  Object.entries(want)
    .filter(([name, ok]) => !ok(have[name] ?? ""))
    .map(([name]) => name);

export const databaseAuditLogging = () =>
  stackRule(
    {
      name: "database-audit-logging",
      area: "security",
      description:
        "Every database logs connections and, through pgaudit, schema and role changes: Aurora through its own cluster parameter group, Cloud SQL through its flags.",
      severity: "medium",
      remediation:
        "keep the Aurora component's auditLogging (on by default) and the Cloud SQL component's audit flags.",
    },
    (resources, report) => {
      for (const cluster of ofType(resources, T.rdsCluster)) {
        const groups = (cluster.propertyDependencies.dbClusterParameterGroupName ?? []).filter(
          (g) => g.type === T.rdsClusterParameterGroup,
        );
        const have: Record<string, string> = {};
        for (const g of groups) {
          for (const p of list(g.props.parameters).map(obj)) have[str(p.name) ?? ""] = str(p.value) ?? "";
        }
        const lacking = missing(have, AURORA_AUDIT);
        if (lacking.length > 0) {
          report(`${label(cluster)} does not audit: its parameter group lacks ${lacking.join(", ")}.`, cluster.urn);
        }
      }
      for (const instance of ofType(resources, T.cloudSql)) {
        const flags = Object.fromEntries(
          list(at(instance.props, "settings.databaseFlags"))
            .map(obj)
            .map((f) => [str(f.name) ?? "", str(f.value) ?? ""]),
        );
        const lacking = missing(flags, CLOUD_SQL_AUDIT);
        if (lacking.length > 0) {
          report(`${label(instance)} does not audit: its flags lack ${lacking.join(", ")}.`, instance.urn);
        }
      }
    },
  );

export const databaseRules = () => [auroraEnhancedMonitoring(), databaseAuditLogging()];
