/**
 * Lists of what exists outside this repository (regions' AZs, versions, instance types, chart releases),
 * each naming where it was read and as of when. Rules only ask whether a value is listed, never what
 * today's date is, so a list growing old never fails a test: it only means a newer value is reported
 * until someone adds it.
 */
export * from "./aurora-classes";
export * from "./aurora-versions";
export * from "./aws-azs";
export * from "./ec2-instance-types";
export * from "./eks-versions";
export * from "./helm-charts";
export * from "./metros";
