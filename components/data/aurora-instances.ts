import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { attachManaged, serviceTrust } from "../aws";
import type { AuroraArgs } from "./aurora-args";
import { physicalName } from "../naming";
import { SERVERLESS_CLASS } from "./aurora-rules";

/** Seconds between enhanced-monitoring samples of every instance (1, 5, 10, 15, 30 or 60). */
export const AURORA_MONITORING_INTERVAL_SECONDS = 60;

/**
 * The identifier the program gives the cluster's instance `index` (0-based): what a failover plan's WriterGrowth
 * must name an instance it adds, so the program adopts it.
 */
export const auroraInstanceIdentifier = (clusterName: string, index: number): string =>
  physicalName(`${clusterName}-${index + 1}`, pulumi.getStack());

/**
 * An Aurora cluster's instances (components/data/aurora.ts): one per AZ in turn, with Performance Insights and
 * enhanced monitoring; those a failover plan added (WriterGrowth) adopted rather than created, and unprotected,
 * since they go when the site rests again.
 */
export function createAuroraInstances(
  parent: pulumi.ComponentResource,
  name: string,
  args: AuroraArgs,
  on: { readonly cluster: aws.rds.Cluster; readonly keyArn: pulumi.Output<string> },
): { readonly instances: aws.rds.ClusterInstance[]; readonly monitoringRoleArn: pulumi.Output<string> } {
  // Enhanced monitoring: the OS's own view (processes, memory, I/O) every minute, which CloudWatch's instance
  // metrics do not show, through the role RDS assumes to publish it.
  const monitoringRole = new aws.iam.Role(
    `${name}-monitoring`,
    { assumeRolePolicy: serviceTrust("monitoring.rds.amazonaws.com", "sts:AssumeRole") },
    { parent },
  );
  const monitoringPolicies = attachManaged(parent, `${name}-monitoring`, monitoringRole, [
    "service-role/AmazonRDSEnhancedMonitoringRole",
  ]);

  const zones = pulumi.output(args.availabilityZones).apply((names) => {
    if (names.length === 0) {
      throw new pulumi.ResourceError(`Aurora ${name}: availabilityZones is empty; pass the subnets' AZs`, parent);
    }
    return names;
  });
  const instances: aws.rds.ClusterInstance[] = [];
  for (let i = 0; i < args.instances; i++) {
    instances.push(
      new aws.rds.ClusterInstance(
        `${name}-${i + 1}`,
        {
          identifier: auroraInstanceIdentifier(name, i),
          clusterIdentifier: on.cluster.id,
          engine: "aurora-postgresql",
          // Validated above: set unless serverless, and then only ever db.serverless.
          instanceClass:
            args.adoptInstancesFrom !== undefined && i >= args.adoptInstancesFrom
              ? (args.adoptedInstanceClass ?? args.instanceClass ?? SERVERLESS_CLASS)
              : (args.instanceClass ?? SERVERLESS_CLASS),
          availabilityZone: zones.apply((names) => names[i % names.length]),
          // Aurora promotes the reader with the lowest tier, so the reader in the next AZ goes first.
          // Serverless v2 readers in tiers 0 and 1 also scale with the writer, so that one is warm.
          promotionTier: i,
          publiclyAccessible: false,
          autoMinorVersionUpgrade: true,
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: on.keyArn,
          // 7 days is the free tier of Performance Insights.
          performanceInsightsRetentionPeriod: 7,
          monitoringInterval: AURORA_MONITORING_INTERVAL_SECONDS,
          monitoringRoleArn: monitoringRole.arn,
        },
        // The first instance created becomes the writer: readers wait for it so the writer is in AZ 1. An
        // instance a failover plan added (WriterGrowth) is adopted with the identifier it was given.
        {
          parent,
          // What a failover plan added is given back when the site rests again (activeSite back to primary):
          // the cluster keeps the data and its protection; these instances are only capacity.
          protect: args.protect && (args.adoptInstancesFrom === undefined || i < args.adoptInstancesFrom),
          dependsOn: [...instances.slice(0, 1), ...monitoringPolicies],
          ...(args.adoptInstancesFrom !== undefined && i >= args.adoptInstancesFrom
            ? { import: auroraInstanceIdentifier(name, i) }
            : {}),
        },
      ),
    );
  }
  return { instances, monitoringRoleArn: monitoringRole.arn };
}
