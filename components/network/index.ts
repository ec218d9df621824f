export * from "./aws-network";
export * from "./gcp-network";
export * from "./subnet-plan";
