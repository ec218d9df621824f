import { AwsSite, GcpSite } from "./components";
import { DmsContinuousReplication, pglogicalParameters } from "./components/gcp-dms";
import { planGcpRanges } from "./components/network";
import { loadConfig } from "./config";
import { buildProviders } from "./providers";
import { linkAwsSecondary, linkGcpSecondary } from "./wiring/cross-site";
import { createDrHandles, membership } from "./wiring/dr-handles";
import { databaseOutputs, dnsOutputs, primarySiteOutputs, secondarySiteOutputs } from "./wiring/outputs";
import { createResilience } from "./wiring/resilience";
import { gcpSiteArgs, primarySiteArgs, secondaryAwsSiteArgs } from "./wiring/site-args";
import { createSchedules } from "./wiring/schedules";
import { createTraffic } from "./wiring/traffic";

// Composition root: config -> providers -> DR handles -> sites -> cross-site links -> traffic -> outputs.
const cfg = loadConfig();
const providers = buildProviders(cfg);
const placement = providers.secondary;
const siteProviders = (aws: typeof providers.primary) => ({ providers: { aws, random: providers.random } });

// The primary is created with these: the global database it writes, the vault its backups are copied to.
const { globalDatabase, backupVault } = createDrHandles(cfg, providers);

const primary = new AwsSite(
  "primary",
  primarySiteArgs(cfg, {
    global: membership(globalDatabase, "primary", globalDatabase ? [globalDatabase.globalCluster] : []),
    backupCopyTo: backupVault && { vaultArn: backupVault.vaultArn, retentionDays: cfg.database.backupRetentionDays },
    secretReplicaRegion: placement.cloud === "aws" ? placement.site.region : undefined,
    // A GCP secondary replicates the database with DMS, which reads it over the VPN through pglogical.
    dmsSource:
      placement.cloud === "gcp" && cfg.drMode !== "backup-restore"
        ? {
            extraParameters: pglogicalParameters(),
            allowedCidrBlocks: [planGcpRanges(placement.site.vpcCidr).privateServices],
          }
        : undefined,
  }),
  siteProviders(providers.primary),
);

let secondary: AwsSite | GcpSite;
let databaseReplication: DmsContinuousReplication | undefined;
if (placement.cloud === "aws") {
  // A secondary cluster can join the global database only once the primary is its writer.
  const global = membership(globalDatabase, "secondary", primary.database ? [primary.database] : []);
  const site = new AwsSite(
    "secondary",
    secondaryAwsSiteArgs(placement.site, cfg, global),
    siteProviders(placement.provider),
  );
  linkAwsSecondary(providers, primary, site);
  secondary = site;
} else {
  const site = new GcpSite("secondary", gcpSiteArgs(placement.site, cfg), { providers: { gcp: placement.provider } });
  databaseReplication = linkGcpSecondary(cfg, providers, placement, primary, site);
  secondary = site;
}

const dns = createTraffic(cfg, providers, primary, secondary, globalDatabase);
const drills = createResilience(cfg, providers, primary, secondary);
createSchedules(cfg, providers, primary, secondary);

export const environment = cfg.environment;
export const drMode = cfg.drMode;
/** The recovery objectives this stack promises; the offline plan's DR report judges the graph by them. */
export const drTargets = cfg.drTargets;
export const primarySite = primarySiteOutputs(cfg, primary);
/** Kept apart from primarySite so that being secret does not hide the site's other outputs. */
export const primaryKubeconfig = primary.cluster?.kubeconfig;
export const database = databaseOutputs(primary, globalDatabase, databaseReplication);
export const dnsFailover = dnsOutputs(dns);
export const secondarySite = secondarySiteOutputs(cfg, secondary, backupVault);
/** Experiment template ids, load-test and probe names the drill runbooks (docs/runbooks) read. */
export const resilience = drills;
