import * as gcp from "@pulumi/gcp";
import { GkeCluster } from "../../components/gke";

// Four mistakes at once: GkeCluster must list them all and refuse before registering any child resource.
const provider = new gcp.Provider("gcp-secondary", { project: "dr-platform-prod", region: "asia-northeast1" });

new GkeCluster(
  "secondary-gke",
  {
    location: "asia-northeast1-a",
    network: "projects/dr-platform-prod/global/networks/secondary-network-prod",
    subnetwork: "projects/dr-platform-prod/regions/asia-northeast1/subnetworks/secondary-network-nodes-prod",
    podsRangeName: "pods",
    servicesRangeName: "services",
    nodePool: { machineType: "e2-standard-4", minNodesPerZone: 4, maxNodesPerZone: 2 },
    masterIpv4CidrBlock: "172.16.0.0/24",
    privateEndpoint: false,
  },
  { providers: { gcp: provider } },
);
