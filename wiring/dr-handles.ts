import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuroraGlobalCluster, AuroraGlobalMembership, BackupVault } from "../components/data";
import { StackConfig } from "../config";

/** Cross-site handles every stack creates before the primary, because the primary is created with them. */
export interface DrHandles {
  /** The vault outside the primary region the primary's backups are copied to (every stack). */
  readonly backupVault: BackupVault;
}

/**
 * Backups leave the primary region whatever the secondary cloud: a second line when replication
 * faithfully copies a mistake (DMS and global databases replicate deletes too). `backupCopy` is the
 * secondary module's choice of region. Handles only one cloud needs (the global database) are its module's.
 */
export function createDrHandles(cfg: StackConfig, backupCopy: aws.Provider): DrHandles {
  const backupVault = new BackupVault(
    "secondary-backups",
    { protect: cfg.protection.protect, forceDestroy: cfg.teardown.allowed },
    { providers: { aws: backupCopy } },
  );
  return { backupVault };
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
      writerEndpoint: globalDatabase.writerEndpoint,
      after,
    }
  );
}
