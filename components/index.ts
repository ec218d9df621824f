export * from "./naming";
export * from "./network";
export * from "./site";
export * from "./eks";
export * from "./alarms";
export * from "./data";
export * from "./ingress";
export * from "./workload";
