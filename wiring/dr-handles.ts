import * as pulumi from "@pulumi/pulumi";
import { AuroraGlobalCluster, AuroraGlobalMembership, BackupVault } from "../components/data";
import { StackConfig } from "../config";
import { Providers } from "../providers";
import { awsSecondaryShape } from "./site-args";

/** Cross-site handles that must exist before the primary site, because the primary is created with them. */
export interface DrHandles {
  /** The Aurora Global Database the primary becomes the writer of (AWS secondary, pilot light or warm). */
  readonly globalDatabase?: AuroraGlobalCluster;
  /** The vault outside the primary region the primary's backups are copied to (every stack). */
  readonly backupVault?: BackupVault;
}

export function createDrHandles(cfg: StackConfig, providers: Providers): DrHandles {
  const placement = providers.secondary;
  // Backups leave the primary region whatever the secondary cloud: a second line when replication
  // faithfully copies a mistake (DMS and global databases replicate deletes too).
  const backupVault = new BackupVault(
    "secondary-backups",
    { protect: cfg.protection.protect, forceDestroy: cfg.teardown.allowed },
    { providers: { aws: providers.backupCopy } },
  );
  if (placement.cloud !== "aws") {
    return { backupVault };
  }
  const globalDatabase = awsSecondaryShape(cfg).globalDatabase
    ? new AuroraGlobalCluster(
        "database",
        {
          engineVersion: cfg.database.engineVersion,
          deletionProtection: cfg.protection.deletionProtection,
          protect: cfg.protection.protect,
        },
        { provider: providers.primary },
      )
    : undefined;
  return { globalDatabase, backupVault };
}

/** How an Aurora cluster joins the global database; a secondary waits for `after` (the primary). */
export function membership(
  globalDatabase: AuroraGlobalCluster | undefined,
  role: "primary" | "secondary",
  after: pulumi.Resource[],
): AuroraGlobalMembership | undefined {
  return (
    globalDatabase && {
      role,
      globalClusterIdentifier: globalDatabase.globalClusterIdentifier,
      engineVersion: globalDatabase.engineVersion,
      after,
    }
  );
}
