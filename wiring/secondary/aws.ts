import * as pulumi from "@pulumi/pulumi";
import { AwsSite } from "../../components";
import { ObjectReplicationAlarms, ReplicationLagAlarms } from "../../components/alarms";
import { AuroraGlobalCluster, BucketReplication, OBJECT_REPLICATION_RULE_ID, RTC_MINUTES } from "../../components/data";
import { FailoverStarter, RegionSwitchPlan } from "../../components/failover";
import { StackConfig } from "../../config";
import { AwsSiteConfig } from "../../stack-config";
import { membership } from "../dr-handles";
import { eksDrills } from "../drills";
import { awsNetworkOutputs } from "../outputs";
import { awsOffHoursSchedule } from "../schedules";
import { alarmSubscribers, secondaryAwsSiteArgs } from "../site-args";
import { SecondaryModule } from "./seam";
import { SHAPES } from "../../stack-config/site-shape";

/** The AWS secondary (Tokyo in the shipped stacks): the same AwsSite as the primary, shaped by the DR mode. */
export type AwsSecondarySite = { readonly cloud: "aws"; readonly site: AwsSite };

function awsConfig(cfg: StackConfig): AwsSiteConfig {
  if (cfg.secondary.cloud !== "aws") {
    throw new Error(`the AWS secondary module was picked for secondary.cloud "${cfg.secondary.cloud}"`);
  }
  return cfg.secondary.site;
}

export const awsSecondary: SecondaryModule<AwsSecondarySite> = {
  cloud: "aws",
  shapes: SHAPES.aws,
  place({ cfg, shape, providers }) {
    const config = awsConfig(cfg);
    const provider = providers.aws("aws-secondary", config.region);
    const siteProviders = { providers: { aws: provider, random: providers.random } };
    // The Aurora Global Database the primary becomes the writer of; it must exist before the primary.
    const globalDatabase =
      shape.databaseLink === "global-database"
        ? new AuroraGlobalCluster(
            "database",
            {
              engineVersion: cfg.database.engineVersion,
              deletionProtection: cfg.protection.deletionProtection,
              protect: cfg.protection.protect,
            },
            { provider: providers.primary },
          )
        : undefined;
    // A secondary cluster can join the global database only once the primary is its writer.
    const siteArgs = (primary: AwsSite) =>
      secondaryAwsSiteArgs(
        config,
        cfg,
        shape,
        membership(globalDatabase, "secondary", primary.database ? [primary.database] : []),
        // The global database replicates the primary's users: the secondary's deep check logs in as the
        // application, as the primary's does.
        primary.database?.application,
      );

    return {
      region: config.region,
      // An AWS secondary receives the backup copies in its own region.
      backupCopy: provider,
      primaryLinks: () => ({
        global: membership(globalDatabase, "primary", globalDatabase ? [globalDatabase.globalCluster] : []),
        // The database password must still be readable when the primary region is gone.
        secretReplicaRegion: config.region,
      }),
      siteArgs,
      create(primary, { backupVault }) {
        const site = new AwsSite("secondary", siteArgs(primary), siteProviders);
        // Created with the traffic (it checks the failover records); its ARN is an output the runbook starts.
        let regionSwitch: RegionSwitchPlan | undefined;
        // Linked first; its Tokyo topic also pages the failover starter's own failures.
        let lagAlarms: ReplicationLagAlarms | undefined;
        return {
          secondary: { cloud: "aws", site },

          link() {
            // S3 to S3 with RTC; the database links through its global cluster.
            if (primary.objectStore && site.objectStore) {
              new BucketReplication(
                "objects-replication",
                {
                  source: primary.objectStore,
                  destination: site.objectStore,
                  after: [primary.objectStore, site.objectStore],
                },
                { provider: providers.primary },
              );
              // S3 publishes replication metrics in the source's Region: the alarms live in Seoul.
              if (primary.alarms) {
                new ObjectReplicationAlarms(
                  "objects-replication-alarms",
                  {
                    sourceBucketName: primary.objectStore.bucketName,
                    destinationBucketName: site.objectStore.bucketName,
                    ruleId: OBJECT_REPLICATION_RULE_ID,
                    latencySeconds: RTC_MINUTES * 60,
                    alarmTopicArn: primary.alarms.topicArn,
                  },
                  { provider: providers.primary },
                );
              }
            }
            // The global database's lag against the RPO target, paged from Tokyo (it still pages without Seoul).
            if (globalDatabase && site.database && cfg.drTargets) {
              lagAlarms = new ReplicationLagAlarms(
                "replication-lag",
                {
                  clusterIdentifier: site.database.clusterIdentifier,
                  rpoTargetSeconds: cfg.drTargets.rpoSeconds,
                  subscribers: alarmSubscribers(cfg),
                },
                { provider },
              );
            }
          },

          trafficTarget: () =>
            site.loadBalancer && {
              kind: "alias",
              aliasDnsName: site.loadBalancer.dnsName,
              aliasZoneId: site.loadBalancer.zoneId,
            },

          failover(dns, alarmTopicArn) {
            // The ARC Region switch plan brings the data and capacity behind the DNS move.
            if (
              !globalDatabase ||
              !primary.database ||
              !site.database ||
              !primary.cluster ||
              !primary.service ||
              !site.cluster ||
              !site.service
            ) {
              return;
            }
            regionSwitch = new RegionSwitchPlan(
              "region-switch",
              {
                primaryRegion: cfg.primary.region,
                secondaryRegion: config.region,
                globalClusterIdentifier: globalDatabase.globalClusterIdentifier,
                databaseClusterArns: [primary.database.clusterArn, site.database.clusterArn],
                clusters: {
                  primary: {
                    region: cfg.primary.region,
                    clusterArn: primary.cluster.clusterArn,
                    clusterName: primary.cluster.clusterName,
                    service: primary.service,
                    provider: providers.primary,
                  },
                  secondary: {
                    region: config.region,
                    clusterArn: site.cluster.clusterArn,
                    clusterName: site.cluster.clusterName,
                    service: site.service,
                    provider,
                  },
                },
                hostedZoneId: dns.hostedZoneId,
                recordName: cfg.dns.recordName,
                recoveryTimeObjectiveMinutes: Math.max(1, Math.ceil((cfg.drTargets?.rtoSeconds ?? 600) / 60)),
                ...(cfg.failover.approvalRoleArn !== undefined
                  ? {
                      approval: {
                        roleArn: cfg.failover.approvalRoleArn,
                        timeoutMinutes: cfg.failover.approvalTimeoutMinutes,
                      },
                    }
                  : {}),
              },
              { provider: providers.primary },
            );
            // Nobody has to be awake: the PRIMARY's check failing for a minute starts the plan in Tokyo.
            new FailoverStarter(
              "failover-start",
              {
                // The endpoint check, not the calculated one: inverting the override must not fail over.
                healthCheckId: dns.primaryEndpointHealthCheckId,
                alsoOnAlarmNames: dns.primaryQuorumAlarmName ? [dns.primaryQuorumAlarmName] : [],
                planArn: regionSwitch.planArn,
                targetRegion: config.region,
                alarmTopicArn,
                // Tokyo's paging topic (the replication lag's), so a failed start pages with Seoul gone.
                targetAlarmTopicArn: lagAlarms?.topicArn,
                targetProvider: provider,
              },
              { provider: providers.global },
            );
          },

          replication: () =>
            pulumi.output({
              ...(globalDatabase && site.database
                ? {
                    aurora: pulumi.all([site.database.clusterIdentifier]).apply(([clusterIdentifier]) => ({
                      clusterIdentifier,
                      region: config.region,
                    })),
                  }
                : {}),
              ...(primary.objectStore && site.objectStore
                ? {
                    objects: pulumi
                      .all([primary.objectStore.bucketName, site.objectStore.bucketName])
                      .apply(([sourceBucket, destinationBucket]) => ({
                        sourceBucket,
                        destinationBucket,
                        ruleId: OBJECT_REPLICATION_RULE_ID,
                        region: cfg.primary.region,
                      })),
                  }
                : {}),
            }),

          outputs: () => ({
            site: {
              cloud: "aws",
              region: config.region,
              ...awsNetworkOutputs(site),
              clusterName: site.cluster?.clusterName,
              // What `npm run reach` and the runbooks' kubectl need to reach with Seoul gone.
              clusterEndpoint: site.cluster?.endpoint,
              nodeGroupNames: site.nodeGroups?.nodeGroupNames,
              loadBalancerDnsName: site.loadBalancer?.dnsName,
              loadBalancerZoneId: site.loadBalancer?.zoneId,
              databaseClusterIdentifier: site.database?.clusterIdentifier,
              databaseClusterArn: site.database?.clusterArn,
              databaseReaderEndpoint: site.database?.readerEndpoint,
              regionSwitchPlanArn: regionSwitch?.planArn,
              bucketName: site.objectStore?.bucketName,
              queueUrl: site.queue?.queueUrl,
              backupVaultName: backupVault.vaultName,
            },
            // The global writer endpoint follows a failover.
            database: {
              globalClusterIdentifier: globalDatabase?.globalClusterIdentifier,
              writerEndpoint: globalDatabase?.writerEndpoint,
            },
          }),

          drills: () => ({
            cluster: eksDrills("secondary", cfg, site, provider),
            // The region-isolation drill cuts the primary off from a secondary that receives its objects.
            regionIsolation:
              shape.objects && primary.objectStore && site.objectStore
                ? {
                    destinationRegion: config.region,
                    sourceBucketArn: primary.objectStore.bucketArn,
                    destinationBucketName: site.objectStore.bucketName,
                  }
                : undefined,
          }),

          schedule: (hours, targets) => awsOffHoursSchedule("secondary", site, provider, hours, targets),
        };
      },
    };
  },
};
