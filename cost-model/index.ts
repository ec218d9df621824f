/**
 * The cost model: pure functions from the offline plan's graph and a dated price table to a monthly
 * bill per site, component and resource, the passive side's share, the off-hours schedule's saving and
 * a region comparison. No Pulumi resources, no network. See README.md for the model and its sources.
 */
export * from "./price-table";
export * from "./meter-types";
export * from "./meter";
export * from "./bill";
export * from "./sides";
export * from "./schedule";
export * from "./regions";
export * from "./targets";
export * from "./format";
export * from "./svg";
export * from "./report";
export * from "./summary";
export * from "./price-gaps";
