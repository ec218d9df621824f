export * from "./alarms";
export * from "./alarm-topic";
export * from "./notification-channels";
export * from "./replication-lag";
export * from "./object-replication";
export * from "./replication-dashboard";
