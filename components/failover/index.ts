export * from "./plan-shape";
export * from "./region-switch-plan";
export * from "./failover-starter";
export * from "./writer-growth";
