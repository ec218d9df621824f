export * from "./aws-network";
export * from "./gcp-network";
export * from "./cidr";
export * from "./subnet-plan";
