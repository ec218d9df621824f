export * from "./backend-policies";
export * from "./certificate";
export * from "./dns-authorization-record";
export * from "./gke-gateway";
export * from "./route-decision";
export * from "./routes";
export * from "./validate";
export * from "./edge-security-policy";
