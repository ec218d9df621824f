export * from "./aurora";
export { AUTO_PAUSE_MINIMUM_MINOR, auroraProblems, parameterGroupFamily } from "./aurora-rules";
export * from "./backups";
export * from "./object-store";
export { formatProblems } from "./problems";
export type { ArgProblem } from "./problems";
export * from "./queue";
