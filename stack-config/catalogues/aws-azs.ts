/**
 * Availability zones per AWS region that a new account can use, so `primary.azCount` and
 * `secondary.aws.azCount` are checked before anything is deployed (an AZ count above the region's made
 * the program fail deep inside the render). An account may still see fewer than listed (older accounts
 * have zones mapped differently, and AWS closes constrained zones to new accounts); the network component
 * checks the real list at deploy time and names the key too.
 *
 * Counts are the AZ IDs listed per region, less the zones AWS closes to new accounts (ap-northeast-1's
 * apne1-az3, us-west-1's third zone). A region missing here is reported, never assumed: add its line.
 */
export const AWS_AZ_SOURCE =
  "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html";
export const AWS_AZ_AS_OF = "2026-12-03";

export const AWS_AZ_COUNTS: Readonly<Record<string, number>> = {
  "af-south-1": 3,
  "ap-east-1": 3,
  "ap-east-2": 3,
  "ap-northeast-1": 3,
  "ap-northeast-2": 4,
  "ap-northeast-3": 3,
  "ap-south-1": 3,
  "ap-south-2": 3,
  "ap-southeast-1": 3,
  "ap-southeast-2": 3,
  "ap-southeast-3": 3,
  "ap-southeast-4": 3,
  "ap-southeast-5": 3,
  "ap-southeast-6": 3,
  "ap-southeast-7": 3,
  "ca-central-1": 3,
  "ca-west-1": 3,
  "eu-central-1": 3,
  "eu-central-2": 3,
  "eu-north-1": 3,
  "eu-south-1": 3,
  "eu-south-2": 3,
  "eu-west-1": 3,
  "eu-west-2": 3,
  "eu-west-3": 3,
  "il-central-1": 3,
  "me-central-1": 3,
  "me-south-1": 3,
  "mx-central-1": 3,
  "sa-east-1": 3,
  "us-east-1": 6,
  "us-east-2": 3,
  "us-west-1": 2,
  "us-west-2": 4,
  "cn-north-1": 3,
  "cn-northwest-1": 3,
  "us-gov-east-1": 3,
  "us-gov-west-1": 3,
};
