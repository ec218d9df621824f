export * from "./aws-site";
export * from "./gcp-site";
