export * from "./bundle";
export * from "./probe-plan";
export * from "./regional-health-check";
export * from "./secret-reader";
