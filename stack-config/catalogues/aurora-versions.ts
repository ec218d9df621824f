/**
 * Aurora PostgreSQL engine versions a new cluster can be created with, per the release notes' version
 * list. Cross-checked against the list the AWS CDK maintains from the same page (aws-cdk-lib 2.276.0,
 * published 2026-11-10: its `AuroraPostgresEngineVersion` members not marked "no longer supported by
 * Amazon RDS"); the Limitless variants are left out, since this program never creates a Limitless
 * cluster. Validation asks only whether a version is listed, so the list going stale never fails a test:
 * add a version when AWS releases it, remove one when AWS deprecates it.
 */
export const AURORA_VERSIONS_SOURCE =
  "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Updates.html";
export const AURORA_VERSIONS_AS_OF = "2026-11-10";

export const AURORA_POSTGRESQL_VERSIONS: readonly string[] = [
  "13.9",
  "13.16",
  "13.23",
  "14.6",
  "14.13",
  "14.15",
  "14.17",
  "14.18",
  "14.19",
  "14.20",
  "14.22",
  "15.8",
  "15.10",
  "15.12",
  "15.13",
  "15.14",
  "15.15",
  "15.17",
  "16.4",
  "16.6",
  "16.8",
  "16.9",
  "16.10",
  "16.11",
  "16.13",
  "17.4",
  "17.5",
  "17.6",
  "17.7",
  "17.9",
  "18.3",
  "18.4",
  "18.6",
];
