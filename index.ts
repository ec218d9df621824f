import { loadConfig } from "./config";
import { composeStack } from "./wiring/compose";
import { SECONDARY_MODULES, secondaryModule } from "./wiring/secondary";

// Composition root: config -> the secondary cloud's module -> providers -> DR handles -> sites ->
// cross-site links -> traffic -> outputs (the stages are in wiring/compose.ts).
const cfg = loadConfig();
const stack = composeStack(cfg, secondaryModule(SECONDARY_MODULES, cfg.secondary.cloud));

export const environment = cfg.environment;
export const drMode = cfg.drMode;
/** Which site writes and serves (`activeSite`): the failback gate and the runbooks read it. */
export const activeSite = cfg.activeSite;
/** The recovery objectives this stack promises; the offline plan's DR report judges the graph by them. */
export const drTargets = cfg.drTargets;
export const primarySite = stack.outputs.primarySite;
/** Kept apart from primarySite so that being secret does not hide the site's other outputs. */
export const primaryKubeconfig = stack.outputs.primaryKubeconfig;
export const database = stack.outputs.database;
export const dnsFailover = stack.outputs.dnsFailover;
export const secondarySite = stack.outputs.secondarySite;
/**
 * The off-hours schedule (null: always on): the DR report shows how long a Region loss waits while the
 * schedule has the primary switched off and its alarms silenced.
 */
export const offHours = cfg.schedule ?? null;
/** Experiment template ids, load-test and probe names the drill runbooks (docs/runbooks) read. */
export const resilience = stack.outputs.resilience;
