export * from "./continuous-replication";
export * from "./pglogical";
export * from "./after-promotion-job";
export * from "./dms-promotion";
export * from "./promotion-signal";
export * from "./promotion-workflow";
export * from "./replication-alert";
