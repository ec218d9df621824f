export * from "./iam";
export * from "./kms";
export * from "./policy";
export * from "./log-group";
