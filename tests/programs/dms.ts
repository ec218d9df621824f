import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { DmsContinuousReplication } from "../../components/gcp-dms";

// Continuous replication from the Aurora primary to the GCP secondary's Cloud SQL instance as staging
// builds it, over VPC peering with the network the HA VPN reaches AWS from. Every value is a literal the
// test asserts on (the Aurora endpoint and the Cloud SQL instance belong to other components).

const gcpProvider = new gcp.Provider("gcp-secondary", { project: "dr-platform-staging", region: "asia-northeast3" });

const replication = new DmsContinuousReplication(
  "orders-replication",
  {
    region: "asia-northeast3",
    sourceHost: "orders-db.cluster-offline.ap-northeast-2.rds.amazonaws.com",
    sourceUsername: "dms_replicator",
    sourcePassword: pulumi.secret("offline-dms-password"),
    destinationInstanceId: "secondary-db-staging",
    networkId: "projects/dr-platform-staging/global/networks/secondary-network-staging",
    labels: { service: "orders" },
  },
  { providers: { gcp: gcpProvider } },
);

export const migrationJobName = replication.migrationJobName;
export const sourceProfileName = replication.sourceProfileName;
export const destinationProfileName = replication.destinationProfileName;
