export * from "./gke-cluster";
export * from "./kubeconfig";
export * from "./node-pool";
export { gkeProblems } from "./rules";
export type { GkeRuleInput } from "./rules";
