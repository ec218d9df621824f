/**
 * Metropolitan areas that hold both an AWS region and a Google Cloud region. Two clouds' regions in one
 * metro share its power grid, fibre routes and natural hazards, so a secondary there does not survive
 * what takes the primary's metro down: prod refuses one (stack-config/profiles.ts). Only metros with a
 * region of each cloud are listed; a pair not listed counts as apart.
 */
export const METROS_SOURCES = [
  "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html",
  "https://cloud.google.com/about/locations",
] as const;
export const METROS_AS_OF = "2026-12-03";

export interface Metro {
  readonly name: string;
  readonly aws: readonly string[];
  readonly gcp: readonly string[];
}

export const METROS: readonly Metro[] = [
  { name: "Seoul", aws: ["ap-northeast-2"], gcp: ["asia-northeast3"] },
  { name: "Tokyo", aws: ["ap-northeast-1"], gcp: ["asia-northeast1"] },
  { name: "Osaka", aws: ["ap-northeast-3"], gcp: ["asia-northeast2"] },
  { name: "Hong Kong", aws: ["ap-east-1"], gcp: ["asia-east2"] },
  { name: "Singapore", aws: ["ap-southeast-1"], gcp: ["asia-southeast1"] },
  { name: "Jakarta", aws: ["ap-southeast-3"], gcp: ["asia-southeast2"] },
  { name: "Mumbai", aws: ["ap-south-1"], gcp: ["asia-south1"] },
  { name: "Sydney", aws: ["ap-southeast-2"], gcp: ["australia-southeast1"] },
  { name: "Melbourne", aws: ["ap-southeast-4"], gcp: ["australia-southeast2"] },
  { name: "Frankfurt", aws: ["eu-central-1"], gcp: ["europe-west3"] },
  { name: "London", aws: ["eu-west-2"], gcp: ["europe-west2"] },
  { name: "Paris", aws: ["eu-west-3"], gcp: ["europe-west9"] },
  { name: "Milan", aws: ["eu-south-1"], gcp: ["europe-west8"] },
  { name: "Zurich", aws: ["eu-central-2"], gcp: ["europe-west6"] },
  { name: "Stockholm", aws: ["eu-north-1"], gcp: ["europe-north2"] },
  { name: "Tel Aviv", aws: ["il-central-1"], gcp: ["me-west1"] },
  { name: "Montreal", aws: ["ca-central-1"], gcp: ["northamerica-northeast1"] },
  { name: "Sao Paulo", aws: ["sa-east-1"], gcp: ["southamerica-east1"] },
  { name: "Northern Virginia", aws: ["us-east-1"], gcp: ["us-east4"] },
  { name: "Columbus", aws: ["us-east-2"], gcp: ["us-east5"] },
  { name: "Oregon", aws: ["us-west-2"], gcp: ["us-west1"] },
  { name: "Queretaro", aws: ["mx-central-1"], gcp: ["northamerica-south1"] },
];

/** The metro an AWS region and a Google Cloud region share, if they share one. */
export function sharedMetro(awsRegion: string, gcpRegion: string): Metro | undefined {
  return METROS.find((m) => m.aws.includes(awsRegion) && m.gcp.includes(gcpRegion));
}
