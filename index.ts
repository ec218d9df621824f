import * as pulumi from "@pulumi/pulumi";
import { AwsSite, GcpSite } from "./components";
import { AlarmTopic } from "./components/alarms";
import { AuroraGlobalCluster, BackupVault, BucketReplication } from "./components/data";
import { DnsFailover } from "./components/dns";
import { RegionSwitchPlan } from "./components/failover";
import { GcsReplica } from "./components/gcp-data";
import { DmsContinuousReplication, pglogicalParameters } from "./components/gcp-dms";
import { HaVpn } from "./components/interconnect";
import { planGcpRanges } from "./components/network";
import { loadConfig } from "./config";
import { buildProviders } from "./providers";
import { awsSecondaryShape, gcpSiteArgs, primarySiteArgs, secondaryAwsSiteArgs } from "./site-args";

// Composition root: config -> providers -> sites -> cross-site wiring -> exports. Nothing else belongs here.
const cfg = loadConfig();
const providers = buildProviders(cfg);
const placement = providers.secondary;
const siteProviders = (aws: typeof providers.primary) => ({ providers: { aws, random: providers.random } });

// Cross-site handles the primary must be created with: the global database it becomes the writer of,
// and the vault in the secondary region its backups are copied to (every DR mode keeps that floor).
const shape = placement.cloud === "aws" ? awsSecondaryShape(cfg) : undefined;
const globalDatabase = shape?.globalDatabase
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
const backupVault =
  placement.cloud === "aws"
    ? new BackupVault(
        "secondary-backups",
        { protect: cfg.protection.protect, forceDestroy: cfg.teardown.allowed },
        { providers: { aws: placement.provider } },
      )
    : undefined;

const primary = new AwsSite(
  "primary",
  primarySiteArgs(cfg, {
    global: globalDatabase && {
      role: "primary",
      globalClusterIdentifier: globalDatabase.globalClusterIdentifier,
      engineVersion: globalDatabase.engineVersion,
      after: [globalDatabase.globalCluster],
    },
    backupCopyTo: backupVault && { vaultArn: backupVault.vaultArn, retentionDays: cfg.database.backupRetentionDays },
    secretReplicaRegion: placement.cloud === "aws" ? placement.site.region : undefined,
    // A GCP secondary replicates the database with DMS, which reads it over the VPN through pglogical.
    dmsSource:
      placement.cloud === "gcp" && cfg.drMode !== "backup-restore"
        ? {
            extraParameters: pglogicalParameters(),
            allowedCidrBlocks: [planGcpRanges(placement.site.vpcCidr).privateServices],
          }
        : undefined,
  }),
  siteProviders(providers.primary),
);

const secondary =
  placement.cloud === "aws"
    ? new AwsSite(
        "secondary",
        secondaryAwsSiteArgs(
          placement.site,
          cfg,
          globalDatabase && {
            role: "secondary",
            globalClusterIdentifier: globalDatabase.globalClusterIdentifier,
            engineVersion: globalDatabase.engineVersion,
            // A secondary can join only once the primary is the global database's writer.
            after: primary.database ? [primary.database] : [],
          },
        ),
        siteProviders(placement.provider),
      )
    : new GcpSite("secondary", gcpSiteArgs(placement.site, cfg), { providers: { gcp: placement.provider } });

// The GCP secondary's links to Seoul: the HA VPN, DMS from Aurora to Cloud SQL, S3 to GCS.
let databaseReplication: DmsContinuousReplication | undefined;
if (secondary instanceof GcpSite && placement.cloud === "gcp" && secondary.database && primary.database) {
  const vpn = new HaVpn(
    "vpn",
    {
      awsProvider: providers.primary,
      gcpProvider: placement.provider,
      gcpRegion: placement.site.region,
      vpcId: primary.network.vpcId,
      routeTableIds: {
        ...Object.fromEntries(primary.network.privateRouteTableIds.map((id, i) => [`private-az${i + 1}`, id])),
        isolated: primary.network.isolatedRouteTableId,
      },
      gcpNetwork: secondary.network.networkId,
      gcpRouterName: secondary.network.routerName,
      amazonSideAsn: placement.site.vpn.awsAsn,
      gcpRouterAsn: placement.site.vpn.gcpAsn,
      // Cloud SQL lives in Google's peered network; AWS must learn its range to answer DMS.
      advertisedIpRanges: [placement.site.vpcCidr],
    },
    { providers: { random: providers.random } },
  );
  databaseReplication = new DmsContinuousReplication(
    "database-replication",
    {
      region: placement.site.region,
      sourceHost: primary.database.endpoint,
      sourceUsername: primary.database.masterUsername ?? "postgres",
      sourcePassword: primary.database.masterPassword ?? "",
      destinationInstanceId: secondary.database.instanceName,
      networkId: secondary.network.networkId,
    },
    { providers: { gcp: placement.provider }, dependsOn: [vpn] },
  );
  if (primary.objectStore) {
    new GcsReplica(
      "objects-replica",
      {
        sourceBucketName: primary.objectStore.bucketName,
        sourceKmsKeyArns: [primary.objectStore.kmsKeyArn],
        awsProvider: providers.primary,
        location: placement.site.region,
        protect: cfg.protection.protect,
        forceDestroy: cfg.teardown.allowed,
      },
      { providers: { gcp: placement.provider } },
    );
  }
}

if (secondary instanceof AwsSite && primary.objectStore && secondary.objectStore) {
  new BucketReplication(
    "objects-replication",
    {
      source: primary.objectStore,
      destination: secondary.objectStore,
      after: [primary.objectStore, secondary.objectStore],
    },
    { provider: providers.primary },
  );
}

// Traffic: Route 53 health checks and the failover pair, in us-east-1 where their metrics live. Only a
// secondary that can serve gets a SECONDARY record; a backup-restore stack has a plain record.
const secondaryLoadBalancer = secondary instanceof AwsSite ? secondary.loadBalancer : undefined;
const secondaryIngress = secondary instanceof GcpSite ? secondary.ingress : undefined;
const secondaryTarget = secondaryLoadBalancer
  ? {
      kind: "alias" as const,
      aliasDnsName: secondaryLoadBalancer.dnsName,
      aliasZoneId: secondaryLoadBalancer.zoneId,
    }
  : secondaryIngress && { kind: "ip" as const, ipAddress: secondaryIngress.ipAddress };
const dns =
  primary.loadBalancer && secondaryTarget
    ? new DnsFailover(
        "dns",
        {
          zoneName: cfg.dns.zoneName,
          recordName: cfg.dns.recordName,
          healthCheckPath: cfg.dns.healthCheckPath,
          requestInterval: cfg.dns.requestInterval as 10 | 30,
          failureThreshold: cfg.dns.failureThreshold,
          ttl: cfg.dns.ttl,
          primary: { aliasDnsName: primary.loadBalancer.dnsName, aliasZoneId: primary.loadBalancer.zoneId },
          secondary: secondaryTarget,
          alarmTopicArn: new AlarmTopic("dns-alarms", { email: cfg.alarms.email }, { provider: providers.global })
            .topicArn,
          globalProvider: providers.global,
        },
        { provider: providers.global },
      )
    : undefined;

// The AWS failover runbook as code: switch the global database and scale the secondary's service.
if (
  dns &&
  globalDatabase &&
  secondary instanceof AwsSite &&
  primary.database &&
  secondary.database &&
  secondary.cluster &&
  secondary.service &&
  placement.cloud === "aws"
) {
  new RegionSwitchPlan(
    "region-switch",
    {
      primaryRegion: cfg.primary.region,
      secondaryRegion: placement.site.region,
      globalClusterIdentifier: globalDatabase.globalClusterIdentifier,
      databaseClusterArns: [primary.database.clusterArn, secondary.database.clusterArn],
      secondaryClusterArn: secondary.cluster.clusterArn,
      service: secondary.service,
      hostedZoneId: dns.hostedZoneId,
      recordName: cfg.dns.recordName,
      recoveryTimeObjectiveMinutes: Math.max(1, Math.ceil((cfg.drTargets?.rtoSeconds ?? 600) / 60)),
    },
    { provider: providers.primary },
  );
}

export const environment = cfg.environment;
/** The recovery objectives this stack promises; the offline plan's DR report judges the graph by them. */
export const drTargets = cfg.drTargets;
export const drMode = cfg.drMode;
export const primarySite = {
  cloud: "aws",
  region: cfg.primary.region,
  vpcId: primary.network.vpcId,
  availabilityZones: primary.network.availabilityZones,
  publicSubnetIds: pulumi.all(primary.network.publicSubnetIds),
  privateSubnetIds: pulumi.all(primary.network.privateSubnetIds),
  isolatedSubnetIds: pulumi.all(primary.network.isolatedSubnetIds),
  clusterName: primary.cluster?.clusterName,
  clusterEndpoint: primary.cluster?.endpoint,
  loadBalancerDnsName: primary.loadBalancer?.dnsName,
  loadBalancerZoneId: primary.loadBalancer?.zoneId,
  databaseEndpoint: primary.database?.endpoint,
  databaseReaderEndpoint: primary.database?.readerEndpoint,
  databaseClusterArn: primary.database?.clusterArn,
  databaseSecretArn: primary.database?.masterUserSecretArn,
  bucketName: primary.objectStore?.bucketName,
  queueUrl: primary.queue?.queueUrl,
  queueName: primary.queue?.queueName,
  backupVaultName: primary.backups?.vaultName,
  alarmTopicArn: primary.alarms?.topicArn,
};
/** Kept apart from primarySite so that being secret does not hide the site's other outputs. */
export const primaryKubeconfig = primary.cluster?.kubeconfig;
/** The database as applications should use it: the global writer endpoint follows a failover. */
export const database = {
  globalClusterIdentifier: globalDatabase?.globalClusterIdentifier,
  writerEndpoint: globalDatabase?.writerEndpoint ?? primary.database?.endpoint,
  migrationJobName: databaseReplication?.migrationJobName,
};
export const dnsFailover = dns
  ? {
      enabled: true,
      recordFqdn: dns.recordFqdn,
      primaryHealthCheckId: dns.primaryHealthCheckId,
      secondaryHealthCheckId: dns.secondaryHealthCheckId,
    }
  : { enabled: false };
export const secondarySite =
  secondary instanceof AwsSite
    ? {
        cloud: "aws",
        region: placement.site.region,
        vpcId: secondary.network.vpcId,
        availabilityZones: secondary.network.availabilityZones,
        publicSubnetIds: pulumi.all(secondary.network.publicSubnetIds),
        privateSubnetIds: pulumi.all(secondary.network.privateSubnetIds),
        isolatedSubnetIds: pulumi.all(secondary.network.isolatedSubnetIds),
        clusterName: secondary.cluster?.clusterName,
        nodeGroupNames: secondary.nodeGroups?.nodeGroupNames,
        loadBalancerDnsName: secondary.loadBalancer?.dnsName,
        loadBalancerZoneId: secondary.loadBalancer?.zoneId,
        databaseClusterIdentifier: secondary.database?.clusterIdentifier,
        databaseClusterArn: secondary.database?.clusterArn,
        databaseReaderEndpoint: secondary.database?.readerEndpoint,
        bucketName: secondary.objectStore?.bucketName,
        queueUrl: secondary.queue?.queueUrl,
        backupVaultName: backupVault?.vaultName,
      }
    : {
        cloud: "gcp",
        region: placement.site.region,
        project: placement.cloud === "gcp" ? placement.site.project : undefined,
        networkId: secondary.network.networkId,
        subnetworkId: secondary.network.subnetworkId,
        clusterName: secondary.cluster?.clusterName,
        nodePoolName: secondary.cluster?.nodePool.name,
        loadBalancerIp: secondary.ingress?.ipAddress,
        cloudSqlInstanceName: secondary.database?.instanceName,
        topicName: secondary.queue?.topicName,
      };
