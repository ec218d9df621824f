export * from "./pod-spec";
export * from "./sample-service";
export * from "./validate";
