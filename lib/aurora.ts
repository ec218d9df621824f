/**
 * Facts about Aurora PostgreSQL that both the Aurora component (components/data/aurora-rules.ts) and the
 * config contract (stack-config/service-rules.ts) rely on. Pure, no dependencies.
 */

/**
 * Aurora PostgreSQL minor versions, per major, from which Serverless v2 can scale to 0 ACUs (auto-pause).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html
 */
export const AUTO_PAUSE_MINIMUM_MINOR: Readonly<Record<string, number>> = { "13": 15, "14": 12, "15": 7, "16": 3 };

/** The first version of each major that can pause, for messages: "13.15, 14.12, 15.7, 16.3". */
export const AUTO_PAUSE_MINIMUM_VERSIONS = Object.entries(AUTO_PAUSE_MINIMUM_MINOR)
  .map(([major, minor]) => `${major}.${minor}`)
  .join(", ");

/** True when an Aurora PostgreSQL "major.minor" version can scale to 0 ACUs; false for anything else. */
export function canAutoPause(engineVersion: string): boolean {
  const match = /^(\d+)\.(\d+)$/.exec(engineVersion);
  return match !== null && Number(match[2]) >= (AUTO_PAUSE_MINIMUM_MINOR[match[1]] ?? Infinity);
}

/**
 * The Aurora PostgreSQL cluster parameter that bounds a global database's RPO: the primary pauses commits
 * while no secondary is within this many seconds of it. It takes 20 seconds and more, and belongs on the
 * current primary only (on a lone survivor it would pause every commit).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html
 */
export const GLOBAL_RPO_PARAMETER = "rds.global_db_rpo";
export const GLOBAL_RPO_MINIMUM_SECONDS = 20;
