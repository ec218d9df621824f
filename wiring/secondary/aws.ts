import * as pulumi from "@pulumi/pulumi";
import { AwsSite } from "../../components";
import { RegionalKey } from "../../components/aws";
import { ReplicationLagAlarms } from "../../components/alarms";
import { AuroraGlobalCluster, OBJECT_REPLICATION_RULE_ID, OBJECT_RETURN_RULE_ID } from "../../components/data";
import { FailoverStarter, RegionSwitchPlan, WriterGrowth } from "../../components/failover";
import { StackConfig } from "../../config";
import { AwsSiteConfig } from "../../stack-config";
import { membership } from "../dr-handles";
import { eksDrills } from "../drills";
import { awsNetworkOutputs } from "../outputs";
import { awsOffHoursSchedule } from "../schedules";
import { ActiveSecondaryBackups, alarmSubscribers, secondaryAwsSiteArgs } from "../site-args";
import { linkObjectsBothWays, writerGrowth } from "./aws-links";
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
    // Which site writes: the other one is the standby the lag is watched on and the starter activates.
    const secondaryWrites = cfg.activeSite === "secondary";
    // A secondary cluster can join the global database only once the primary is its writer.
    const siteArgs = (primary: AwsSite, activeBackups?: ActiveSecondaryBackups) =>
      secondaryAwsSiteArgs(
        config,
        cfg,
        shape,
        membership(globalDatabase, "secondary", primary.database ? [primary.database] : []),
        // The global database replicates the primary's users: the secondary's deep check logs in as the
        // application, as the primary's does.
        primary.database?.application,
        activeBackups,
      );

    return {
      region: config.region,
      // An AWS secondary receives the backup copies in its own region.
      backupCopy: provider,
      primaryLinks: () => ({
        global: membership(globalDatabase, "primary", globalDatabase ? [globalDatabase.globalCluster] : []),
        // The database password must still be readable when the primary region is gone, under a key of ours there.
        secretReplica: {
          region: config.region,
          kmsKeyArn: new RegionalKey(
            "secret-replica",
            {
              description: "Replicas of the database secrets in the DR Region",
              protect: cfg.protection.protect,
              // Secrets Manager writes each new version (a rotation's too) into the replica with this key.
              usedVia: "secretsmanager",
            },
            { providers: { aws: provider } },
          ).arn,
        },
      }),
      siteArgs,
      create(primary, { backupVault }) {
        // As the writer, the secondary backs up into the DR vault (where the primary's copies already are) and
        // copies to the primary's vault, so backups leave the writer's Region whichever site it is.
        const activeBackups: ActiveSecondaryBackups = {
          vault: { name: backupVault.vaultName, arn: backupVault.vaultArn },
          copyTo: primary.backups && {
            vaultArn: primary.backups.vaultArn,
            retentionDays: cfg.database.backupRetentionDays,
          },
        };
        const site = new AwsSite("secondary", siteArgs(primary, activeBackups), siteProviders);
        // Created with the traffic (it checks the failover records); its ARN is an output the runbook starts.
        let regionSwitch: RegionSwitchPlan | undefined;
        // Linked first; its Tokyo topic also pages the failover starter's own failures.
        let lagAlarms: ReplicationLagAlarms | undefined;
        // One per Region: the plan runs the activating Region's to give the new writer in-Region HA.
        const growth: WriterGrowth[] = [];
        return {
          secondary: { cloud: "aws", site },

          link() {
            linkObjectsBothWays(primary, site, { primary: providers.primary, secondary: provider });
            if (globalDatabase) {
              growth.push(
                ...writerGrowth(
                  cfg,
                  providers.tags,
                  { primary, secondary: site },
                  { primary: providers.primary, secondary: provider },
                ),
              );
            }
            // The global database's lag against the RPO target, on the standby (AWS publishes it in the
            // standby's Region): paged from Tokyo while Seoul writes, so it still pages without Seoul. Named by
            // the site it watches, so switching `activeSite` adds one and removes the other.
            const standby = secondaryWrites
              ? { name: "primary-replication-lag", database: primary.database, provider: providers.primary }
              : { name: "replication-lag", database: site.database, provider };
            if (globalDatabase && standby.database && cfg.drTargets) {
              lagAlarms = new ReplicationLagAlarms(
                standby.name,
                {
                  clusterIdentifier: standby.database.clusterIdentifier,
                  rpoTargetSeconds: cfg.drTargets.rpoSeconds,
                  subscribers: alarmSubscribers(cfg),
                },
                { provider: standby.provider },
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
                writerGrowthFunctionArns: growth.map((g) => g.functionArn),
                // A pilot light's member has no instance at rest: the plan grows it before it promotes it.
                growFirstIn: site.database.headless ? [config.region] : [],
                activeRegion: secondaryWrites ? config.region : cfg.primary.region,
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
            // Nobody has to be awake: the PRIMARY's check failing for a minute starts the plan in the standby's
            // Region (Tokyo while Seoul writes; Seoul while Tokyo does, once Aurora has rebuilt it as a member).
            const target = secondaryWrites
              ? { region: cfg.primary.region, provider: providers.primary }
              : { region: config.region, provider };
            new FailoverStarter(
              "failover-start",
              {
                // The endpoint check, not the calculated one: inverting the override must not fail over.
                healthCheckId: dns.primaryEndpointHealthCheckId,
                alsoOnAlarmNames: dns.primaryQuorumAlarmName ? [dns.primaryQuorumAlarmName] : [],
                planArn: regionSwitch.planArn,
                targetRegion: target.region,
                alarmTopicArn,
                // The standby's paging topic (the replication lag's), so a failed start pages with the writer gone.
                targetAlarmTopicArn: lagAlarms?.topicArn,
                targetProvider: target.provider,
              },
              { provider: providers.global },
            );
          },

          replication: () =>
            pulumi.output({
              // The lag is read on the standby, in its Region.
              ...(globalDatabase && site.database && primary.database
                ? {
                    aurora: (secondaryWrites ? primary.database : site.database).clusterIdentifier.apply(
                      (clusterIdentifier) => ({
                        clusterIdentifier,
                        region: secondaryWrites ? cfg.primary.region : config.region,
                      }),
                    ),
                  }
                : {}),
              ...(primary.objectStore && site.objectStore
                ? {
                    // Both ways, each read in its source's Region.
                    objects: pulumi
                      .all([primary.objectStore.bucketName, site.objectStore.bucketName])
                      .apply(([seoul, tokyo]) => [
                        {
                          sourceBucket: seoul,
                          destinationBucket: tokyo,
                          ruleId: OBJECT_REPLICATION_RULE_ID,
                          region: cfg.primary.region,
                        },
                        {
                          sourceBucket: tokyo,
                          destinationBucket: seoul,
                          ruleId: OBJECT_RETURN_RULE_ID,
                          region: config.region,
                        },
                      ]),
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
              // What grows the promoted cluster to the writer's instance count; the plan runs it, a person may too.
              databaseGrowthFunction: growth[1]?.functionName,
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
