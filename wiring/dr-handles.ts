import * as pulumi from "@pulumi/pulumi";
import { AuroraGlobalCluster, AuroraGlobalMembership, BackupVault } from "../components/data";
import { StackConfig } from "../config";
import { Providers } from "../providers";
import { awsSecondaryShape } from "./site-args";

/** Cross-site handles that must exist before the primary site, because the primary is created with them. */
export interface DrHandles {
  /** The Aurora Global Database the primary becomes the writer of (AWS secondary, pilot light or warm). */
  readonly globalDatabase?: AuroraGlobalCluster;
  /** The vault in the AWS secondary's region the primary's backups are copied to (every AWS mode). */
  readonly backupVault?: BackupVault;
}

export function createDrHandles(cfg: StackConfig, providers: Providers): DrHandles {
  const placement = providers.secondary;
  if (placement.cloud !== "aws") {
    return {};
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
  const backupVault = new BackupVault(
    "secondary-backups",
    { protect: cfg.protection.protect, forceDestroy: cfg.teardown.allowed },
    { providers: { aws: placement.provider } },
  );
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
