import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";

/**
 * Project roles of the nodes' own service account, and nothing else: write logs and metrics, read
 * monitoring config, pull images from Artifact Registry. Workloads never act as the node (Workload
 * Identity and GKE_METADATA hide its credentials from pods), so anything a workload needs is granted to
 * its own service account instead. The keys become part of each grant's logical name.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa
 */
export const NODE_SERVICE_ACCOUNT_ROLES: Readonly<Record<string, string>> = {
  "log-writer": "roles/logging.logWriter",
  "metric-writer": "roles/monitoring.metricWriter",
  "monitoring-viewer": "roles/monitoring.viewer",
  "registry-reader": "roles/artifactregistry.reader",
};

/**
 * One autoscaling node pool. GKE's autoscaler limits on a regional pool are PER ZONE: the pool spans
 * every node zone of the region (three by default), so its total size is three times these numbers.
 */
export interface GkeNodePoolArgs {
  /** Compute Engine machine type, e.g. "e2-standard-4". */
  readonly machineType: string;
  /**
   * The autoscaler's floor in EACH zone (0 lets a zone empty out). The pool starts with this many nodes
   * per zone (at least one, so system pods schedule at creation).
   */
  readonly minNodesPerZone: number;
  /** The autoscaler's ceiling in EACH zone: three zones give the pool up to 3x this many nodes. */
  readonly maxNodesPerZone: number;
  /** Boot disk size in GB. @default 100 */
  readonly diskSizeGb?: number;
  /** Spot VMs (preemptible at any time, about a third of the price); for non-production pools. @default false */
  readonly spot?: boolean;
}

/** A dedicated node service account with {@link NODE_SERVICE_ACCOUNT_ROLES}, instead of the Compute default (Editor). */
export function createNodeServiceAccount(
  parent: pulumi.Resource,
  name: string,
  projectId: pulumi.Output<string>,
): { account: gcp.serviceaccount.Account; grants: gcp.projects.IAMMember[] } {
  const account = new gcp.serviceaccount.Account(
    name,
    {
      // 6 to 30 characters; physicalName hashes the tail of longer names.
      accountId: physicalName(name, pulumi.getStack(), 30),
      displayName: `GKE nodes of ${name} (${pulumi.getStack()})`,
    },
    { parent },
  );
  const grants = Object.entries(NODE_SERVICE_ACCOUNT_ROLES).map(
    ([suffix, role]) =>
      new gcp.projects.IAMMember(`${name}-${suffix}`, { project: projectId, role, member: account.member }, { parent }),
  );
  return { account, grants };
}

/** What {@link createNodePool} needs from the cluster. */
export interface NodePoolPlacement {
  readonly cluster: gcp.container.Cluster;
  /** The cluster's region. */
  readonly location: string;
  /** @default GKE's choice: three zones of the region */
  readonly nodeLocations?: string[];
  readonly serviceAccountEmail: pulumi.Input<string>;
  readonly labels: Record<string, string>;
  /** The node account's role grants: nodes that cannot write logs or pull images fail their health checks. */
  readonly dependsOn: pulumi.Resource[];
}

/**
 * A regional autoscaling node pool: surge upgrades (one extra node, none taken away first), automatic
 * repair and upgrade, Shielded VMs, the GKE metadata server (pods see Workload Identity, never the node's
 * credentials). The name is left to Pulumi's autonaming so a change that replaces the pool (machine type,
 * disk) creates the new pool before deleting the old one. Pulumi ignores the node counts, which the
 * autoscaler owns, so `pulumi up` never fights it (and a changed `initialNodeCount` would otherwise
 * replace the whole pool).
 */
export function createNodePool(
  parent: pulumi.Resource,
  name: string,
  pool: GkeNodePoolArgs,
  placement: NodePoolPlacement,
): gcp.container.NodePool {
  return new gcp.container.NodePool(
    name,
    {
      cluster: placement.cluster.id,
      location: placement.location,
      nodeLocations: placement.nodeLocations,
      // Per zone, like the autoscaling limits.
      initialNodeCount: Math.max(pool.minNodesPerZone, 1),
      autoscaling: {
        minNodeCount: pool.minNodesPerZone,
        maxNodeCount: pool.maxNodesPerZone,
        // Keep the zones even, as --balance-similar-node-groups does on the EKS side.
        locationPolicy: "BALANCED",
      },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: pool.machineType,
        diskSizeGb: pool.diskSizeGb ?? 100,
        diskType: "pd-balanced",
        imageType: "COS_CONTAINERD",
        spot: pool.spot ?? false,
        serviceAccount: placement.serviceAccountEmail,
        // The broad scope is what Google recommends with a dedicated account: IAM roles, not access
        // scopes, are what limit the node.
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        metadata: { "disable-legacy-endpoints": "true" },
        resourceLabels: placement.labels,
      },
    },
    { parent, dependsOn: placement.dependsOn, ignoreChanges: ["initialNodeCount", "nodeCount"] },
  );
}
