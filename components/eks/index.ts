export * from "./addons";
export * from "./ami-type";
export * from "./cluster-autoscaler";
export * from "./eks-cluster";
export * from "./kubeconfig";
export * from "./node-groups";
