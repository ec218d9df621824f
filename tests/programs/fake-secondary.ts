import { loadConfig } from "../../config";
import { composeStack } from "../../wiring/compose";
import { SECONDARY_MODULES, SecondaryRegistry, secondaryModule } from "../../wiring/secondary";
import { fakeSecondary, withFakeSecondary } from "../fake-secondary/module";

// The composition root of index.ts with a third secondary cloud registered here, and only here: the
// production registry is extended, not edited, and the stack's secondary is the fake one.
const registry: SecondaryRegistry = { ...SECONDARY_MODULES, fake: fakeSecondary };
const cfg = withFakeSecondary(loadConfig(), { region: "fake-region-1", ipAddress: "203.0.113.10" });
const stack = composeStack(cfg, secondaryModule(registry, cfg.secondary.cloud));

export const primarySite = stack.outputs.primarySite;
export const database = stack.outputs.database;
export const dnsFailover = stack.outputs.dnsFailover;
export const secondarySite = stack.outputs.secondarySite;
export const resilience = stack.outputs.resilience;
