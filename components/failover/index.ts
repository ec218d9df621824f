export * from "./plan-shape";
export * from "./region-switch-plan";
