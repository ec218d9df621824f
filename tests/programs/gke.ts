import * as gcp from "@pulumi/gcp";
import { GkeCluster } from "../../components/gke";

// The Google Cloud secondary site's GKE cluster as prod builds it: regional in Tokyo, private endpoint
// reachable from the AWS primary's VPC across the VPN. Every value is a literal the test asserts on.
const provider = new gcp.Provider("gcp-secondary", { project: "dr-platform-prod", region: "asia-northeast1" });

const gke = new GkeCluster(
  "secondary-gke",
  {
    location: "asia-northeast1",
    network: "projects/dr-platform-prod/global/networks/secondary-network-prod",
    subnetwork: "projects/dr-platform-prod/regions/asia-northeast1/subnetworks/secondary-network-nodes-prod",
    podsRangeName: "pods",
    servicesRangeName: "services",
    nodePool: { machineType: "e2-standard-4", minNodesPerZone: 1, maxNodesPerZone: 3 },
    masterAuthorizedNetworks: [{ displayName: "aws-primary-vpc", cidrBlock: "10.0.0.0/16" }],
    labels: { environment: "prod", "managed-by": "pulumi" },
  },
  { providers: { gcp: provider } },
);

export const cluster = {
  clusterName: gke.clusterName,
  endpoint: gke.endpoint,
  workloadPool: gke.workloadPool,
  nodeServiceAccountEmail: gke.nodeServiceAccountEmail,
  secretsKeyId: gke.secretsKeyId,
};
export const kubeconfig = gke.kubeconfig;
