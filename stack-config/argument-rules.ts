import { tierFitsEdition } from "../lib/cloud-sql";
import { Problem, setCommand, show } from "./problems";
import { at, ConfigPath, int, num, str } from "./raw";
import { CONTROLLER_NODE_GROUP } from "./site-shape";

/**
 * What the components would refuse with a ResourceError naming their own arguments (components/*-rules),
 * checked here first under the config keys the values come from. The component checks stay: they guard
 * every other caller. Each rule below names the component rule it mirrors.
 */
export function checkComponentArguments(raw: unknown): Problem[] {
  return [...checkDatabaseTier(raw), ...checkServerless(raw), ...checkNodePoolCeiling(raw), ...checkRecordName(raw)];
}

/**
 * CloudSqlPostgres (cloud-sql-rules.ts, through lib/cloud-sql.ts): wiring creates it in the Enterprise
 * edition, which takes db-custom-<vCPUs>-<MiB> (or the legacy shared-core and n1 tiers). A custom shape must also exist:
 * 1 or an even number of vCPUs up to 96, memory a multiple of 256 MiB, 0.9 to 6.5 GiB per vCPU and at
 * least 3840 MiB. https://cloud.google.com/sql/docs/postgres/instance-settings#machine-type-2ndgen
 */
function checkDatabaseTier(raw: unknown): Problem[] {
  const path = "secondary.gcp.databaseTier";
  const tier = str(raw, path);
  if (tier === undefined) {
    return [];
  }
  if (!tierFitsEdition(tier, "ENTERPRISE")) {
    return [
      {
        path,
        message: `got ${show(tier)}; the Cloud SQL Enterprise edition takes db-custom-<vCPUs>-<MiB> tiers (or the shared-core and n1 ones)`,
        fix: setCommand(path, "db-custom-2-7680"),
      },
    ];
  }
  const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
  if (!custom) {
    return [];
  }
  const [cpus, mib] = [Number(custom[1]), Number(custom[2])];
  const why: string[] = [];
  if (!(cpus === 1 || (cpus % 2 === 0 && cpus >= 2 && cpus <= 96))) {
    why.push(`${cpus} vCPUs (a custom tier has 1 or an even number from 2 to 96)`);
  }
  const gib = mib / 1024;
  if (mib % 256 !== 0 || mib < 3840 || gib < 0.9 * cpus || gib > 6.5 * cpus) {
    why.push(`${mib} MiB (memory is a multiple of 256 MiB, at least 3840, and 0.9 to 6.5 GiB per vCPU)`);
  }
  if (why.length === 0) {
    return [];
  }
  const fixedCpus = cpus <= 1 ? 1 : Math.min(96, cpus + (cpus % 2));
  const fixedMib = Math.max(3840, Math.ceil((3.75 * 1024 * fixedCpus) / 256) * 256);
  return [
    {
      path,
      message: `got ${show(tier)}; no Cloud SQL machine has ${why.join(" or ")}`,
      fix: setCommand(path, `db-custom-${fixedCpus}-${fixedMib}`),
    },
  ];
}

/**
 * Aurora (aurora-rules.ts): Serverless v2 capacity moves in steps of 0.5 ACU, the maximum from 1 ACU; a
 * provisioned cluster cannot use the serverless class; the standby's own instance is one kind or the other.
 */
function checkServerless(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const serverless = at(raw, "database.serverless");
  if (serverless === undefined && str(raw, "database.instanceClass") === "db.serverless") {
    problems.push({
      path: "database.instanceClass",
      message: 'got "db.serverless" without `database.serverless`; a Serverless v2 instance needs its capacity range',
      fix: `${setCommand("database.serverless.minCapacity", "0.5", "float")}, then set maxCapacity the same way (or set instanceClass to a provisioned class such as db.r6g.large)`,
    });
  }
  const standby = "secondary.aws.database";
  if (str(raw, `${standby}.instanceClass`) === "db.serverless") {
    problems.push({
      path: `${standby}.instanceClass`,
      message: 'got "db.serverless"; a Serverless v2 standby is set by its capacity range, not a class',
      fix: `pulumi config rm --path ${standby}.instanceClass, then ${setCommand(`${standby}.serverless.minCapacity`, "1", "float")} and maxCapacity the same way`,
    });
  } else if (str(raw, `${standby}.instanceClass`) !== undefined && at(raw, `${standby}.serverless`) !== undefined) {
    problems.push({
      path: standby,
      message: `got instanceClass ${show(str(raw, `${standby}.instanceClass`))} and a serverless range; the standby's own instance is either provisioned or Serverless v2`,
      fix: `pulumi config rm --path ${standby}.instanceClass (or ${standby}.serverless)`,
    });
  }
  if (at(raw, standby) !== undefined && serverless !== undefined) {
    problems.push({
      path: standby,
      message: `got ${show(at(raw, standby))} with \`database.serverless\` set; a Serverless v2 writer's standby scales within the writer's capacity range and takes no database of its own`,
      fix: `pulumi config rm --path ${standby}`,
    });
  }
  const groups = at(raw, "secondary.aws.nodeGroups");
  if (groups !== null && typeof groups === "object" && CONTROLLER_NODE_GROUP in groups) {
    problems.push({
      path: `secondary.aws.nodeGroups.${CONTROLLER_NODE_GROUP}`,
      message: `got a group named ${show(CONTROLLER_NODE_GROUP)}, the name of the group a pilot light adds for its cluster's controllers: it would be overwritten`,
      fix: "rename it to any other name in the stack file",
    });
  }
  if (num(raw, `${standby}.serverless.minCapacity`) === 0) {
    problems.push({
      path: `${standby}.serverless.minCapacity`,
      message:
        "got 0; a standby applies the writer's changes all the time and is promoted without warning: it must not pause",
      fix: setCommand(`${standby}.serverless.minCapacity`, "1", "float"),
    });
  }
  return [...problems, ...capacitySteps(raw, "database.serverless"), ...capacitySteps(raw, `${standby}.serverless`)];
}

/** Serverless v2 capacity moves in steps of 0.5 ACU, the maximum from 1 ACU. */
function capacitySteps(raw: unknown, range: "database.serverless" | "secondary.aws.database.serverless"): Problem[] {
  const problems: Problem[] = [];
  for (const key of ["minCapacity", "maxCapacity"] as const) {
    const path: ConfigPath = `${range}.${key}`;
    const acu = num(raw, path);
    if (acu !== undefined && acu >= 0 && !Number.isInteger(acu * 2)) {
      problems.push({
        path,
        message: `got ${acu}; Serverless v2 capacity moves in steps of 0.5 ACU`,
        fix: setCommand(path, String(Math.max(key === "maxCapacity" ? 1 : 0, Math.round(acu * 2) / 2)), "float"),
      });
    }
  }
  const maxPath: ConfigPath = `${range}.maxCapacity`;
  const max = num(raw, maxPath);
  if (max !== undefined && max > 0 && max < 1) {
    problems.push({
      path: maxPath,
      message: `got ${max}; Serverless v2 scales to at least 1 ACU`,
      fix: setCommand(maxPath, "1"),
    });
  }
  return problems;
}

/** GkeCluster (gke/rules.ts): the cluster autoscaler's per-zone bounds stop at 1000 nodes. */
function checkNodePoolCeiling(raw: unknown): Problem[] {
  return (["minNodesPerZone", "maxNodesPerZone"] as const).flatMap((key) => {
    const path: ConfigPath = `secondary.gcp.nodePool.${key}`;
    const value = int(raw, path);
    return value !== undefined && value > 1000
      ? [
          {
            path,
            message: `got ${value}; the GKE autoscaler counts at most 1000 nodes per zone`,
            fix: setCommand(path, "1000"),
          },
        ]
      : [];
  });
}

/**
 * GkeServiceIngress (gcp-ingress) and the ALB's ACM certificate: the service's name is one lowercase,
 * fully qualified name without a wildcard (a trailing dot is dropped when the config is read).
 */
function checkRecordName(raw: unknown): Problem[] {
  const path = "dns.recordName";
  const name = str(raw, path)?.replace(/\.$/, "");
  const label = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
  if (name === undefined || (new RegExp(`^(${label}\\.)+[a-z]{2,63}$`).test(name) && name.length <= 253)) {
    return [];
  }
  const lower = name.toLowerCase();
  const fixable = lower !== name && new RegExp(`^(${label}\\.)+[a-z]{2,63}$`).test(lower);
  return [
    {
      path,
      message: `got ${show(str(raw, path))}; the service's certificates need one lowercase fully qualified name, without a wildcard`,
      fix: setCommand(path, fixable ? lower : "app.<zone>"),
    },
  ];
}
