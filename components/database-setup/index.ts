export * from "./after-promotion-sql";
export * from "./image";
export * from "./psql-run";
export * from "./setup-job";
export * from "./source-setup-sql";
