export * from "./iam";
export * from "./kms";
export * from "./policy";
