import * as gcp from "@pulumi/gcp";
import { GkeCluster } from "../../components/gke";

// The non-default choices: a public endpoint limited to one network, the legacy dataplane, the STABLE
// channel, no deletion protection, pinned zones, Spot nodes that may scale to zero.
const provider = new gcp.Provider("gcp-secondary", { project: "dr-platform-staging", region: "asia-northeast3" });

new GkeCluster(
  "secondary-gke",
  {
    location: "asia-northeast3",
    nodeLocations: ["asia-northeast3-a", "asia-northeast3-b", "asia-northeast3-c"],
    network: "projects/dr-platform-staging/global/networks/secondary-network-staging",
    subnetwork: "projects/dr-platform-staging/regions/asia-northeast3/subnetworks/secondary-network-nodes-staging",
    podsRangeName: "pods",
    servicesRangeName: "services",
    nodePool: { machineType: "e2-standard-2", minNodesPerZone: 0, maxNodesPerZone: 2, spot: true, diskSizeGb: 50 },
    masterIpv4CidrBlock: "172.16.0.16/28",
    privateEndpoint: false,
    dnsEndpoint: false,
    masterAuthorizedNetworks: [{ displayName: "ci-runners", cidrBlock: "203.0.113.0/24" }],
    releaseChannel: "STABLE",
    deletionProtection: false,
    dataplaneV2: false,
  },
  { providers: { gcp: provider } },
);
