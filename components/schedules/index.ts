export * from "./gcp-off-hours-schedule";
export * from "./hours-rules";
export * from "./off-hours-schedule";
export * from "./schedule-plan";
export * from "./schedule-targets";
