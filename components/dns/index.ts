export * from "./dns-failover";
export * from "./validate";
