export * from "./naming";
export * from "./network";
export * from "./site";
