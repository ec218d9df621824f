import type { DrMode, SecondaryCloud } from "./schema";

/**
 * What a secondary site runs in one DR mode, whatever its cloud (docs/sources.md#environment-matrix). The one
 * answer the site arguments, the config rules (stack-config/schedule-rules.ts), the drills and the schedules
 * read, so a DR mode means the same thing everywhere. Pure and free of Pulumi, so the config rules can import
 * it without loading a provider SDK.
 */
export interface SiteShape {
  /**
   * The secondary's cluster: none; at rest (a control plane whose nodes stay at zero and which runs no
   * controllers or service, so it cannot take traffic until failover scales it); or serving (the service
   * runs and DNS can fail over to it, even when its pool rests at zero nodes until pods are pending).
   */
  readonly cluster: "none" | "at-rest" | "serving";
  /** The secondary's database: none; headless (replicated storage with no instance); or a replica instance. */
  readonly database: "none" | "headless" | "replica";
  /** How the database reaches the secondary: an Aurora Global Database, or a DMS continuous migration. */
  readonly databaseLink: "none" | "global-database" | "dms";
  /** The primary's objects are replicated to the secondary. */
  readonly objects: boolean;
  /** The secondary has its own queue (with its dead-letter queue), ready for the service after failover. */
  readonly queue: boolean;
  /** DNS failover points at the secondary: it serves (`cluster` is "serving"). */
  readonly dnsTarget: boolean;
  /** The primary's backups are copied out of its region: every mode, the last line when replication copies a mistake. */
  readonly backupCopy: true;
}

/** A secondary cloud's shape in every DR mode. */
export type ShapeTable = Readonly<Record<DrMode, SiteShape>>;

const NETWORK_ONLY: SiteShape = {
  cluster: "none",
  database: "none",
  databaseLink: "none",
  objects: false,
  queue: false,
  dnsTarget: false,
  backupCopy: true,
};

/** The shapes of the shipped secondary clouds; a module for another cloud brings its own table. */
export const SHAPES: Readonly<Record<SecondaryCloud, ShapeTable>> = {
  // Warm standby serves at its own (smaller) sizes with a one-instance replica; pilot light keeps the EKS
  // control plane with node groups at rest and a headless global-database member; backup and restore keeps
  // the network (and the vault the backups are copied to).
  aws: {
    "warm-standby": {
      cluster: "serving",
      database: "replica",
      databaseLink: "global-database",
      objects: true,
      queue: true,
      dnsTarget: true,
      backupCopy: true,
    },
    "pilot-light": {
      cluster: "at-rest",
      database: "headless",
      databaseLink: "global-database",
      objects: true,
      queue: true,
      dnsTarget: false,
      backupCopy: true,
    },
    "backup-restore": NETWORK_ONLY,
  },
  // GKE's autoscaler adds nodes when pods are pending, so a pilot light's pool may rest at zero nodes and
  // still serve: both replicated modes run the service, Cloud SQL as the DMS target and a Pub/Sub queue.
  gcp: {
    "warm-standby": {
      cluster: "serving",
      database: "replica",
      databaseLink: "dms",
      objects: true,
      queue: true,
      dnsTarget: true,
      backupCopy: true,
    },
    "pilot-light": {
      cluster: "serving",
      database: "replica",
      databaseLink: "dms",
      objects: true,
      queue: true,
      dnsTarget: true,
      backupCopy: true,
    },
    "backup-restore": NETWORK_ONLY,
  },
};

/** What the secondary on `cloud` runs in `drMode`. */
export function siteShape(drMode: DrMode, cloud: SecondaryCloud): SiteShape {
  return SHAPES[cloud][drMode];
}
