export * from "./region-switch-plan";
