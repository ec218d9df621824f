// @ts-check
/* global console */
"use strict";

/**
 * The Lambda function a Region switch plan runs in the Region it activates (components/failover/writer-growth.ts):
 * it grows that Region's Aurora cluster to the writer's instance count, so the promoted site has in-Region HA
 * without a `pulumi up` during the event. Each missing instance gets exactly the identifier, class, AZ, promotion
 * tier and settings the program gives it (`CONFIG`, written by the program), so the day-after `pulumi up` adopts
 * it (the `import` option) instead of creating a second one. Idempotent: a rerun creates only what is missing.
 * Plain CommonJS, shipped as is; the AWS SDK v3 is the Lambda Node.js runtime's own.
 */

/**
 * @typedef {object} GrowthConfig
 * @property {string} clusterIdentifier
 * @property {string} instanceClass
 * @property {string[]} identifiers   the identifier of instance 1..n, in the program's order
 * @property {string[]} availabilityZones  instance i goes to availabilityZones[i % length]
 * @property {string} performanceInsightsKmsKeyId
 * @property {string} monitoringRoleArn
 * @property {number} monitoringInterval
 * @property {Record<string, string>} tags
 * @property {boolean} [waitForAvailable]  fail until the first instance is available (a headless cluster, which
 *   cannot be promoted before it has one): the plan's step retries until it is, then the promotion runs
 */

/**
 * @typedef {object} Rds
 * @property {(cluster: string) => Promise<string[]>} members  the cluster's instance identifiers
 * @property {(params: Record<string, unknown>) => Promise<void>} createInstance  CreateDBInstance's parameters
 * @property {(identifier: string) => Promise<string | undefined>} status  an instance's DBInstanceStatus
 */

/**
 * Creates the instances the cluster lacks, in the program's order.
 * @param {Rds} rds
 * @param {GrowthConfig} config
 * @returns {Promise<{ created: string[], present: string[] }>}
 */
async function grow(rds, config) {
  if (config.identifiers.length === 0 || config.availabilityZones.length === 0) {
    throw new Error("CONFIG names no instances or no availability zones");
  }
  const present = await rds.members(config.clusterIdentifier);
  const created = [];
  for (const [i, identifier] of config.identifiers.entries()) {
    if (present.includes(identifier)) continue;
    await rds.createInstance({
      DBInstanceIdentifier: identifier,
      DBClusterIdentifier: config.clusterIdentifier,
      Engine: "aurora-postgresql",
      DBInstanceClass: config.instanceClass,
      AvailabilityZone: config.availabilityZones[i % config.availabilityZones.length],
      PromotionTier: i,
      PubliclyAccessible: false,
      AutoMinorVersionUpgrade: true,
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: config.performanceInsightsKmsKeyId,
      PerformanceInsightsRetentionPeriod: 7,
      MonitoringInterval: config.monitoringInterval,
      MonitoringRoleArn: config.monitoringRoleArn,
      Tags: Object.entries(config.tags).map(([Key, Value]) => ({ Key, Value })),
    });
    created.push(identifier);
  }
  if (config.waitForAvailable) {
    const first = config.identifiers[0];
    const status = await rds.status(first);
    if (status !== "available") {
      // A thrown error fails this invocation; the plan's step invokes again after its retry interval.
      throw new Error(`${first} is ${status ?? "not found"}, not yet available to promote; retried by the plan`);
    }
  }
  return { created, present };
}

/** The RDS calls through the runtime's AWS SDK. */
function sdkRds() {
  const sdk = require("@aws-sdk/client-rds");
  const client = new sdk.RDSClient({});
  return {
    /** @param {string} cluster */
    async members(cluster) {
      const out = await client.send(new sdk.DescribeDBClustersCommand({ DBClusterIdentifier: cluster }));
      return (out.DBClusters?.[0]?.DBClusterMembers ?? []).map((/** @type {any} */ m) => m.DBInstanceIdentifier);
    },
    /** @param {Record<string, unknown>} params */
    async createInstance(params) {
      await client.send(new sdk.CreateDBInstanceCommand(params));
    },
    /** @param {string} identifier */
    async status(identifier) {
      const out = await client.send(new sdk.DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
      return out.DBInstances?.[0]?.DBInstanceStatus;
    },
  };
}

/** The Lambda entry point: ARC passes its execution details, which this step does not need. */
async function handler() {
  const config = /** @type {GrowthConfig} */ (JSON.parse(process.env.CONFIG ?? "{}"));
  const result = await grow(sdkRds(), config);
  console.log(JSON.stringify({ cluster: config.clusterIdentifier, ...result }));
  return result;
}

module.exports = { grow, handler };
