export * from "./alarms";
