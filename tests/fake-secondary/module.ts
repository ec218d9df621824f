import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { AwsSite } from "../../components";
import { StackConfig } from "../../config";
import { SecondaryModule, ShapeTable, SiteShape } from "../../wiring/secondary";
import { FakeSite, FakeSiteArgs } from "./fake-site";

/** The fake cloud's block of `secondary`, as its config would hold it. */
export interface FakeSiteConfig {
  readonly region: string;
  /** The address DNS failover sends users to when the site serves (TEST-NET-3, RFC 5737). */
  readonly ipAddress: string;
}

export type FakeSecondarySite = { readonly cloud: "fake"; readonly site: FakeSite };

const NETWORK_ONLY: SiteShape = {
  cluster: "none",
  database: "none",
  databaseLink: "none",
  objects: false,
  queue: false,
  dnsTarget: false,
  serviceAtRest: "none",
  controllerNode: false,
  backupCopy: true,
};
const SERVING: SiteShape = {
  ...NETWORK_ONLY,
  cluster: "serving",
  database: "replica",
  dnsTarget: true,
  serviceAtRest: "configured",
};

/** The fake's shapes: its pilot light serves, like GKE's. Replication is out of its scope (databaseLink none). */
export const FAKE_SHAPES: ShapeTable = {
  "backup-restore": NETWORK_ONLY,
  "pilot-light": SERVING,
  "warm-standby": SERVING,
};

/** The stack config with the fake cloud as its secondary: the schema knows only the shipped clouds. */
export function withFakeSecondary(cfg: StackConfig, site: FakeSiteConfig): StackConfig {
  return { ...cfg, secondary: { cloud: "fake", site } as unknown as StackConfig["secondary"] };
}

function fakeConfig(cfg: StackConfig): FakeSiteConfig {
  const secondary = cfg.secondary as unknown as { cloud: string; site: FakeSiteConfig };
  if (secondary.cloud !== "fake") {
    throw new Error(`the fake secondary module was picked for secondary.cloud "${secondary.cloud}"`);
  }
  return secondary.site;
}

/** A third secondary cloud, implemented only through the seam (wiring/secondary/seam.ts). */
export const fakeSecondary: SecondaryModule<FakeSecondarySite> = {
  cloud: "fake",
  shapes: FAKE_SHAPES,
  place({ cfg, shape, providers }) {
    const config = fakeConfig(cfg);
    const provider = new random.Provider("fake-secondary");
    const siteArgs = (_primary?: AwsSite): FakeSiteArgs => ({
      serving: shape.cluster === "serving" ? { ipAddress: config.ipAddress } : undefined,
      database: shape.database !== "none",
    });
    return {
      region: config.region,
      backupCopy: providers.aws("aws-backup-copy", cfg.database.backupCopyRegion),
      primaryLinks: () => ({}),
      siteArgs,
      create(primary, { backupVault }) {
        const site = new FakeSite("secondary", siteArgs(primary), { providers: { random: provider } });
        return {
          secondary: { cloud: "fake", site },
          link() {},
          trafficTarget: () => (site.ipAddress ? { kind: "ip", ipAddress: site.ipAddress } : undefined),
          failover() {},
          replication: () => pulumi.output({}),
          outputs: () => ({
            site: {
              cloud: "fake",
              region: config.region,
              networkName: site.network.id,
              clusterName: site.cluster?.id,
              backupVaultName: backupVault.vaultName,
            },
            database: {},
          }),
          drills: () => ({}),
          schedule: () => undefined,
        };
      },
    };
  },
};
