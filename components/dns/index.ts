export * from "./dns-failover";
export * from "./validate";
export * from "./health-status-alarm";
