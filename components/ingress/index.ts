export * from "./application-load-balancer";
export * from "./edge-routes";
export * from "./lbc-iam-policy";
export * from "./load-balancer-controller";
export * from "./policies";
export * from "./web-acl";
