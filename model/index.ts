/**
 * @dr-platform/model: the deployment model read from the plan graph. See docs/model.md.
 *  - graph.ts: the plan graph's types;
 *  - catalogue.ts: the one catalogue of resource types (`T`, `CATALOGUE`);
 *  - read.ts: the one set of readers and their rule for "", null and unknowns;
 *  - resolve.ts: references followed through property dependencies;
 *  - facts.ts (sites, dns, data, ops): typed facts derived once from a graph;
 *  - detection.ts, failover-target.ts: how a site's loss is detected and paged, and what the failover
 *    target needs to be healthy before it receives traffic (from `facts(graph)`).
 */
export * from "./graph";
export * from "./catalogue";
export * from "./read";
export * from "./resolve";
export * from "./sites";
export * from "./dns";
export * from "./data";
export * from "./ops";
export * from "./facts";
export * from "./detection";
export * from "./failover-target";
export * from "./gcp-promotion";
export * from "./node-sizes";
export * from "./system-pods";
export * from "./capacity";
