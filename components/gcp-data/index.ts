export * from "./cloud-sql-logins";
export * from "./cloud-sql-postgres";
export { cloudSqlProblems } from "./cloud-sql-rules";
export type { CloudSqlRuleInput } from "./cloud-sql-rules";
export * from "./gcs-replica";
export * from "./kms-key";
export * from "./project";
export * from "./pubsub-queue";
export * from "./transfer-role";
