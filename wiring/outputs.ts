import * as pulumi from "@pulumi/pulumi";
import { AwsSite, GcpSite } from "../components";
import { AuroraGlobalCluster, BackupVault } from "../components/data";
import { DnsFailover } from "../components/dns";
import { DmsContinuousReplication } from "../components/gcp-dms";
import { StackConfig } from "../config";

/**
 * The stack's outputs: the contract runbooks, `StackReference`s and tests read (tests/runbooks.test.ts
 * checks every name the runbooks use), so names change only together with them.
 */

export function primarySiteOutputs(cfg: StackConfig, primary: AwsSite) {
  return {
    cloud: "aws",
    region: cfg.primary.region,
    ...awsNetworkOutputs(primary),
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
}

export function secondarySiteOutputs(
  cfg: StackConfig,
  secondary: AwsSite | GcpSite,
  backupVault: BackupVault | undefined,
) {
  const region = cfg.secondary.site.region;
  if (secondary instanceof AwsSite) {
    return {
      cloud: "aws",
      region,
      ...awsNetworkOutputs(secondary),
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
    };
  }
  return {
    cloud: "gcp",
    region,
    project: cfg.secondary.cloud === "gcp" ? cfg.secondary.site.project : undefined,
    networkId: secondary.network.networkId,
    subnetworkId: secondary.network.subnetworkId,
    clusterName: secondary.cluster?.clusterName,
    nodePoolName: secondary.cluster?.nodePool.name,
    loadBalancerIp: secondary.ingress?.ipAddress,
    cloudSqlInstanceName: secondary.database?.instanceName,
    topicName: secondary.queue?.topicName,
  };
}

/** The database as applications should use it: the global writer endpoint follows a failover. */
export function databaseOutputs(
  primary: AwsSite,
  globalDatabase: AuroraGlobalCluster | undefined,
  replication: DmsContinuousReplication | undefined,
) {
  return {
    globalClusterIdentifier: globalDatabase?.globalClusterIdentifier,
    writerEndpoint: globalDatabase?.writerEndpoint ?? primary.database?.endpoint,
    migrationJobName: replication?.migrationJobName,
  };
}

/** `enabled` says whether there is a failover pair; a plain record still has its name and health check. */
export function dnsOutputs(dns: DnsFailover | undefined) {
  return {
    enabled: dns?.secondaryHealthCheckId !== undefined,
    recordFqdn: dns?.recordFqdn,
    primaryHealthCheckId: dns?.primaryHealthCheckId,
    secondaryHealthCheckId: dns?.secondaryHealthCheckId,
  };
}

function awsNetworkOutputs(site: AwsSite) {
  return {
    vpcId: site.network.vpcId,
    availabilityZones: site.network.availabilityZones,
    publicSubnetIds: pulumi.all(site.network.publicSubnetIds),
    privateSubnetIds: pulumi.all(site.network.privateSubnetIds),
    isolatedSubnetIds: pulumi.all(site.network.isolatedSubnetIds),
  };
}
