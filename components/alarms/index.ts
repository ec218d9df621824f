export * from "./alarms";
export * from "./alarm-topic";
