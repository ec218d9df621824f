import * as gcp from "@pulumi/gcp";
import { CloudSqlPostgres } from "../../components/gcp-data";

// Five mistakes at once: CloudSqlPostgres must list them all and refuse before registering any child.
const google = new gcp.Provider("gcp-secondary", { project: "dr-platform-prod", region: "asia-northeast1" });

new CloudSqlPostgres(
  "orders-db",
  {
    databaseVersion: "16",
    networkSelfLink:
      "https://www.googleapis.com/compute/v1/projects/dr-platform-prod/global/networks/secondary-network-prod",
    edition: "ENTERPRISE_PLUS",
    tier: "db-custom-2-7680",
    transactionLogRetentionDays: 40,
    maintenanceWindow: { day: 0, hour: 3 },
    privateServiceRange: "10.199.0.0/28",
    deletionProtection: true,
    protect: true,
  },
  { providers: { gcp: google } },
);
