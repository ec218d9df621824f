export * from "./application-load-balancer";
export * from "./lbc-iam-policy";
export * from "./load-balancer-controller";
export * from "./policies";
