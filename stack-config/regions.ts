import * as aws from "@pulumi/aws";

/** Every region name the installed AWS provider knows (its `aws.Region` enumeration). */
export const AWS_REGIONS: readonly string[] = Object.values(aws.Region);

/**
 * Google Cloud regions with GKE, Cloud SQL and HA VPN, as listed at
 * https://cloud.google.com/about/locations (read 2026-11). The GCP provider ships no such list; a region
 * opened after that date needs a line here, which the validation message says.
 */
export const GCP_REGIONS: readonly string[] = [
  "africa-south1",
  "asia-east1",
  "asia-east2",
  "asia-northeast1",
  "asia-northeast2",
  "asia-northeast3",
  "asia-south1",
  "asia-south2",
  "asia-southeast1",
  "asia-southeast2",
  "australia-southeast1",
  "australia-southeast2",
  "europe-central2",
  "europe-north1",
  "europe-north2",
  "europe-southwest1",
  "europe-west1",
  "europe-west2",
  "europe-west3",
  "europe-west4",
  "europe-west6",
  "europe-west8",
  "europe-west9",
  "europe-west10",
  "europe-west12",
  "me-central1",
  "me-central2",
  "me-west1",
  "northamerica-northeast1",
  "northamerica-northeast2",
  "northamerica-south1",
  "southamerica-east1",
  "southamerica-west1",
  "us-central1",
  "us-east1",
  "us-east4",
  "us-east5",
  "us-south1",
  "us-west1",
  "us-west2",
  "us-west3",
  "us-west4",
];
