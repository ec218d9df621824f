import type { AuroraArgs } from "./aurora-args";
import { AUTO_PAUSE_MINIMUM_VERSIONS, canAutoPause } from "../../lib/aurora";
import { ArgProblem, intRange } from "../problems";

/**
 * Pure rules for {@link AuroraArgs}: what AWS would reject only after minutes of provisioning, checked
 * before anything is registered. Kept apart from the component so they are unit-tested without mocks.
 */

/** The serverless instance class: Aurora Serverless v2 is a provisioned cluster with this class. */
export const SERVERLESS_CLASS = "db.serverless";

const VERSION = /^(\d+)\.(\d+)$/;

/** The cluster parameter group family of an engine version: "16.6" -> "aurora-postgresql16". */
export function parameterGroupFamily(engineVersion: string): string {
  const match = VERSION.exec(engineVersion);
  if (!match) {
    throw new Error(`engineVersion ${JSON.stringify(engineVersion)} is not a major.minor version like "16.6"`);
  }
  return `aurora-postgresql${match[1]}`;
}

/** Serverless v2 capacity moves in steps of half an ACU. */
const isAcu = (v: number) => Number.isFinite(v) && Number.isInteger(v * 2);

/** Every problem with the args, in argument order; empty when AWS would accept them. */
export function auroraProblems(args: AuroraArgs): ArgProblem[] {
  const problems: ArgProblem[] = [];
  const version = VERSION.exec(args.engineVersion);
  if (!version) {
    problems.push({
      path: "engineVersion",
      message: `got ${JSON.stringify(args.engineVersion)}; expected an Aurora PostgreSQL major.minor version like "16.6"`,
      fix: 'pass the exact version, e.g. "16.6" (a global database needs the same version in every region)',
    });
  }
  if (args.serverless === undefined) {
    if (args.instanceClass === undefined || args.instanceClass === SERVERLESS_CLASS) {
      problems.push({
        path: "instanceClass",
        message: `got ${JSON.stringify(args.instanceClass)}; a provisioned cluster needs an instance class`,
        fix: 'pass a class like "db.r6g.large", or pass `serverless` for Serverless v2',
      });
    }
  } else if (args.instanceClass !== undefined && args.instanceClass !== SERVERLESS_CLASS) {
    problems.push({
      path: "instanceClass",
      message: `got ${JSON.stringify(args.instanceClass)} with \`serverless\` set; Serverless v2 instances are ${SERVERLESS_CLASS}`,
      fix: "drop instanceClass, or drop serverless for provisioned instances",
    });
  }
  if (args.adoptedInstanceClass === SERVERLESS_CLASS && args.serverless === undefined) {
    problems.push({
      path: "adoptedInstanceClass",
      message: `got ${SERVERLESS_CLASS} on a cluster without \`serverless\`; Serverless v2 instances need the cluster's capacity range`,
      fix: "pass `serverless` (the old writer's range), or a provisioned class",
    });
  }
  // A global secondary may be headless (0 instances): storage replicates without any instance running.
  const minInstances = args.global?.role === "secondary" ? 0 : 1;
  problems.push(
    ...intRange("instances", args.instances, minInstances, 16, "an Aurora cluster has 1 writer and up to 15 readers"),
  );
  if (args.global && args.global.engineVersion !== args.engineVersion) {
    problems.push({
      path: "engineVersion",
      message: `got ${JSON.stringify(args.engineVersion)}, but the global database runs ${JSON.stringify(args.global.engineVersion)}; Aurora cannot fail over between versions`,
      fix: "use the global cluster's version in every region (upgrade the secondaries first, then the primary)",
    });
  }
  problems.push(...serverlessProblems(args, version));
  if (args.backupRetentionDays !== undefined) {
    problems.push(
      ...intRange(
        "backupRetentionDays",
        args.backupRetentionDays,
        1,
        35,
        "Aurora keeps automated backups 1 to 35 days",
      ),
    );
  }
  return problems;
}

function serverlessProblems(args: AuroraArgs, version: RegExpExecArray | null): ArgProblem[] {
  const s = args.serverless;
  if (s === undefined) {
    return [];
  }
  const problems: ArgProblem[] = [];
  if (!isAcu(s.minCapacity) || s.minCapacity < 0 || s.minCapacity > 256) {
    problems.push({
      path: "serverless.minCapacity",
      message: `got ${s.minCapacity}; Serverless v2 capacity is 0 to 256 ACUs in steps of 0.5`,
      fix: "pass 0 (pause when idle) or 0.5 and up",
    });
  }
  if (!isAcu(s.maxCapacity) || s.maxCapacity < 1 || s.maxCapacity > 256) {
    problems.push({
      path: "serverless.maxCapacity",
      message: `got ${s.maxCapacity}; Serverless v2 scales to 1 to 256 ACUs at most, in steps of 0.5`,
      fix: "pass a maximum from 1 to 256",
    });
  }
  if (s.minCapacity > s.maxCapacity) {
    problems.push({
      path: "serverless.minCapacity",
      message: `got ${s.minCapacity}, above \`serverless.maxCapacity\` (${s.maxCapacity})`,
      fix: `pass a minimum of at most ${s.maxCapacity}`,
    });
  }
  if (s.minCapacity === 0 && version && !canAutoPause(args.engineVersion)) {
    problems.push({
      path: "serverless.minCapacity",
      message: `got 0, but Aurora PostgreSQL ${args.engineVersion} cannot pause; scaling to 0 ACUs needs ${AUTO_PAUSE_MINIMUM_VERSIONS} or later`,
      fix: "raise engineVersion, or pass a minimum of 0.5",
    });
  }
  if (s.secondsUntilAutoPause !== undefined) {
    if (s.minCapacity !== 0) {
      problems.push({
        path: "serverless.secondsUntilAutoPause",
        message: `got ${s.secondsUntilAutoPause} with minCapacity ${s.minCapacity}; only a cluster that scales to 0 pauses`,
        fix: "drop secondsUntilAutoPause, or set minCapacity to 0",
      });
    } else {
      problems.push(
        ...intRange(
          "serverless.secondsUntilAutoPause",
          s.secondsUntilAutoPause,
          300,
          86400,
          "Aurora pauses after 5 minutes to 24 hours idle",
        ),
      );
    }
  }
  return problems;
}
