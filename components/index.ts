export * from "./naming";
export * from "./network";
export * from "./site";
export * from "./eks";
export * from "./alarms";
