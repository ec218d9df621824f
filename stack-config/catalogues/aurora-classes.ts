/**
 * DB instance classes Aurora PostgreSQL runs on, from AWS's table of supported engines per instance class.
 * Some classes need a minimum engine version (the table says which); that finer check is left to AWS.
 * A class AWS adds later is reported until it has a line here.
 */
export const AURORA_CLASSES_SOURCE =
  "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html";
export const AURORA_CLASSES_AS_OF = "2026-12-03";

/** Aurora Serverless v2 instances: the class a cluster with `serverless` capacity uses. */
export const SERVERLESS_INSTANCE_CLASS = "db.serverless";

const family = (name: string, sizes: readonly string[]) => sizes.map((size) => `db.${name}.${size}`);
const UP_TO_16X = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];

export const AURORA_POSTGRESQL_INSTANCE_CLASSES: readonly string[] = [
  SERVERLESS_INSTANCE_CLASS,
  ...family("r8g", [...UP_TO_16X, "24xlarge", "48xlarge"]),
  ...family("r7g", UP_TO_16X),
  ...family("r7i", [...UP_TO_16X, "24xlarge", "48xlarge"]),
  ...family("r6g", UP_TO_16X),
  ...family("r6i", [...UP_TO_16X, "24xlarge", "32xlarge"]),
  ...family("r6gd", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"]),
  ...family("r6id", ["24xlarge", "32xlarge"]),
  ...family("r5", [...UP_TO_16X, "24xlarge"]),
  ...family("x2g", UP_TO_16X),
  ...family("t4g", ["medium", "large"]),
  ...family("t3", ["medium", "large"]),
];
