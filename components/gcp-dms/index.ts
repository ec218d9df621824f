export * from "./continuous-replication";
export * from "./pglogical";
