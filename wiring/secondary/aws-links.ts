import * as aws from "@pulumi/aws";
import { AwsSite } from "../../components";
import { ObjectReplicationAlarms } from "../../components/alarms";
import {
  AURORA_MONITORING_INTERVAL_SECONDS,
  auroraInstanceIdentifier,
  BucketReplication,
  OBJECT_REPLICATION_RULE_ID,
  OBJECT_RETURN_RULE_ID,
  RTC_MINUTES,
} from "../../components/data";
import { WriterGrowth } from "../../components/failover";
import { StackConfig } from "../../config";
import { writerInstanceClass } from "../site-args";

/** The two AWS sites of a stack with an AWS secondary, by their config keys, and each one's provider. */
export interface AwsPair<T> {
  readonly primary: T;
  readonly secondary: T;
}

/**
 * S3 to S3 with RTC, both ways, so whatever the serving site receives is in the other Region too (and back in
 * Seoul after a failback); alarms where S3 publishes each way's metrics: its source's Region.
 */
export function linkObjectsBothWays(primary: AwsSite, secondary: AwsSite, providers: AwsPair<aws.Provider>): void {
  if (!primary.objectStore || !secondary.objectStore) {
    return;
  }
  const ways = [
    {
      name: "objects-replication",
      from: primary,
      to: secondary,
      ruleId: OBJECT_REPLICATION_RULE_ID,
      provider: providers.primary,
    },
    {
      name: "objects-return",
      from: secondary,
      to: primary,
      ruleId: OBJECT_RETURN_RULE_ID,
      provider: providers.secondary,
    },
  ];
  for (const way of ways) {
    const [from, to] = [way.from.objectStore!, way.to.objectStore!];
    new BucketReplication(
      way.name,
      { source: from, destination: to, after: [from, to], ruleId: way.ruleId, twoWay: true },
      { provider: way.provider },
    );
    if (way.from.alarms) {
      new ObjectReplicationAlarms(
        `${way.name}-alarms`,
        {
          sourceBucketName: from.bucketName,
          destinationBucketName: to.bucketName,
          ruleId: way.ruleId,
          latencySeconds: RTC_MINUTES * 60,
          alarmTopicArn: way.from.alarms.topicArn,
        },
        { provider: way.provider },
      );
    }
  }
}

/**
 * Each global-database member's WriterGrowth, in its own Region: what grows it to the writer's instance count
 * when a Region switch plan (or a person, with `aws lambda invoke`) activates it. Returned primary first.
 */
export function writerGrowth(
  cfg: StackConfig,
  tags: Readonly<Record<string, string>>,
  sites: AwsPair<AwsSite>,
  providers: AwsPair<aws.Provider>,
): WriterGrowth[] {
  return (["primary", "secondary"] as const).flatMap((siteName) => {
    const database = sites[siteName].database;
    if (!database) return [];
    return [
      new WriterGrowth(
        `${siteName}-db-growth`,
        {
          clusterIdentifier: database.clusterIdentifier,
          clusterArn: database.clusterArn,
          instanceClass: writerInstanceClass(cfg),
          identifiers: Array.from({ length: cfg.database.instances }, (_, i) =>
            auroraInstanceIdentifier(`${siteName}-db`, i),
          ),
          availabilityZones: sites[siteName].network.availabilityZones,
          kmsKeyArn: database.kmsKeyArn,
          monitoring: { roleArn: database.monitoringRoleArn, intervalSeconds: AURORA_MONITORING_INTERVAL_SECONDS },
          tags,
          logRetentionDays: cfg.logRetentionDays,
          // A headless member cannot be promoted before its first instance is available: the plan waits on it.
          waitForAvailable: database.headless,
        },
        { provider: providers[siteName] },
      ),
    ];
  });
}
