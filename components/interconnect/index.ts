export * from "./ha-vpn";
export * from "./ha-vpn-rules";
export * from "./tunnel-options";
export * from "./tunnel-plan";
