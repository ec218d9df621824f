import type { DrMode, SecondaryCloud } from "./schema";

/**
 * What a secondary site runs in one DR mode, whatever its cloud (docs/sources.md#environment-matrix). The one
 * answer the site arguments, the config rules (stack-config/schedule-rules.ts), the drills and the schedules
 * read, so a DR mode means the same thing everywhere. Pure and free of Pulumi, so the config rules can import
 * it without loading a provider SDK.
 */
export interface SiteShape {
  /**
   * The secondary's cluster: none, or serving (the service is deployed and DNS can fail over to it, even when its
   * groups rest at zero nodes and its service at zero replicas until the failover plan scales them).
   */
  readonly cluster: "none" | "serving";
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
  /**
   * The service's replicas at rest: as configured, or none until the failover plan scales it (a pilot light keeps
   * no serving replicas; the plan's EKS scaling step sets them to the primary's, and the autoscaler adds nodes).
   */
  readonly serviceAtRest: "configured" | "none";
  /**
   * One node spanning the site's AZs runs the cluster's controllers (CoreDNS, the autoscaler, the load balancer
   * controller) and the deep check while every configured node group rests at zero: without it the autoscaler,
   * itself a pod, could never start the scale-up a failover needs (EKS only; GKE's autoscaler is Google's).
   */
  readonly controllerNode: boolean;
  /**
   * The HA VPN to the AWS primary (a GCP secondary only): all four tunnels (Google's 99.99 % configuration), or
   * one per HA VPN interface, each to its own AWS connection, for a pilot light whose replication may pause
   * while one path is out (components/interconnect/ha-vpn.ts `redundancy`). Tunnels cannot be added mid-event.
   */
  readonly vpnTunnels?: 2 | 4;
  /** The primary's backups are copied out of its region: every mode, the last line when replication copies a mistake. */
  readonly backupCopy: true;
}

/** The node group name a `controllerNode` shape adds to the site's groups (the config check keeps it free). */
export const CONTROLLER_NODE_GROUP = "controllers";

/** A secondary cloud's shape in every DR mode. */
export type ShapeTable = Readonly<Record<DrMode, SiteShape>>;

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

/** The shapes of the shipped secondary clouds; a module for another cloud brings its own table. */
export const SHAPES: Readonly<Record<SecondaryCloud, ShapeTable>> = {
  // Warm standby serves at its own (smaller) sizes with a one-instance replica; pilot light keeps the EKS
  // control plane, one controller node, the load balancer and the failover records, with node groups at zero,
  // no service replicas and a headless global-database member until the Region switch plan grows them; backup
  // and restore keeps the network (and the vault the backups are copied to).
  aws: {
    "warm-standby": {
      cluster: "serving",
      database: "replica",
      databaseLink: "global-database",
      objects: true,
      queue: true,
      dnsTarget: true,
      serviceAtRest: "configured",
      controllerNode: false,
      backupCopy: true,
    },
    "pilot-light": {
      cluster: "serving",
      database: "headless",
      databaseLink: "global-database",
      objects: true,
      queue: true,
      dnsTarget: true,
      serviceAtRest: "none",
      controllerNode: true,
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
      serviceAtRest: "configured",
      controllerNode: false,
      vpnTunnels: 4,
      backupCopy: true,
    },
    // The promotion workflow does not scale the service, so a GCP pilot light keeps its configured replicas.
    "pilot-light": {
      cluster: "serving",
      database: "replica",
      databaseLink: "dms",
      objects: true,
      queue: true,
      dnsTarget: true,
      serviceAtRest: "configured",
      controllerNode: false,
      vpnTunnels: 2,
      backupCopy: true,
    },
    "backup-restore": NETWORK_ONLY,
  },
};

/** What the secondary on `cloud` runs in `drMode`. */
export function siteShape(drMode: DrMode, cloud: SecondaryCloud): SiteShape {
  return SHAPES[cloud][drMode];
}
