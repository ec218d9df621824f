export * from "./annotations";
export * from "./gke-service-ingress";
