import { AwsSite } from "../components";
import { StackConfig } from "../config";
import { buildProviders } from "../providers";
import { createDrHandles } from "./dr-handles";
import { databaseOutputs, dnsOutputs, primarySiteOutputs } from "./outputs";
import { createResilience } from "./resilience";
import { createSchedules } from "./schedules";
import { SecondaryModule } from "./secondary/seam";
import { primarySiteArgs } from "./site-args";
import { createTraffic } from "./traffic";

/**
 * The composition's stages: config -> providers -> DR handles -> sites -> cross-site links -> traffic ->
 * drills and schedules -> outputs. Nothing here asks which cloud the secondary is on: `secondary` (the module
 * index.ts picked from its registry by `secondary.cloud`) answers every such question.
 */
export function composeStack(cfg: StackConfig, secondary: SecondaryModule) {
  const providers = buildProviders(cfg);
  const shape = secondary.shapes[cfg.drMode];
  const placed = secondary.place({ cfg, shape, providers });

  // The primary is created with these: the vault its backups are copied to, and the secondary's links.
  const { backupVault } = createDrHandles(cfg, placed.backupCopy);
  const primary = new AwsSite(
    "primary",
    primarySiteArgs(cfg, {
      ...placed.primaryLinks(),
      backupCopyTo: { vaultArn: backupVault.vaultArn, retentionDays: cfg.database.backupRetentionDays },
    }),
    { providers: { aws: providers.primary, random: providers.random } },
  );
  const site = placed.create(primary, { backupVault });
  site.link();

  const traffic = createTraffic(cfg, providers, primary, site, shape);
  const dns = traffic?.dns;
  const drills = createResilience(cfg, providers, primary, site);
  createSchedules(cfg, providers, primary, site, dns);

  const outputs = site.outputs();
  return {
    primary,
    secondary: site.secondary,
    outputs: {
      primarySite: primarySiteOutputs(cfg, primary),
      /** Kept apart from primarySite so that being secret does not hide the site's other outputs. */
      primaryKubeconfig: primary.cluster?.kubeconfig,
      database: { ...databaseOutputs(primary, outputs.database), replicationDashboardUrl: traffic?.dashboard.url },
      dnsFailover: dnsOutputs(dns),
      secondarySite: outputs.site,
      resilience: drills,
    },
  };
}
