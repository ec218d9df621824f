import * as pulumi from "@pulumi/pulumi";
import { AwsSite } from "../components";
import { DnsFailover } from "../components/dns";
import { StackConfig } from "../config";
import { DatabaseLinkOutputs } from "./secondary/seam";

/**
 * The stack's outputs: the contract runbooks, `StackReference`s and tests read (tests/docs/runbooks.test.ts
 * checks every name the runbooks use), so names change only together with them. The secondary's own
 * outputs come from its module (wiring/secondary/).
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

/** The database as applications should use it: the global writer endpoint follows a failover. */
export function databaseOutputs(primary: AwsSite, secondary: DatabaseLinkOutputs) {
  return {
    globalClusterIdentifier: secondary.globalClusterIdentifier,
    writerEndpoint: secondary.writerEndpoint ?? primary.database?.endpoint,
    /** The application's own login (username, password, the writer that follows a promotion, port, dbname). */
    applicationSecretArn: primary.database?.application?.secretArn,
    migrationJobName: secondary.migrationJobName,
    promotionWorkflow: secondary.promotionWorkflow,
    applicationSecret: secondary.applicationSecret,
  };
}

/** `enabled` says whether there is a failover pair; a plain record still has its name and health check. */
export function dnsOutputs(dns: DnsFailover | undefined) {
  return {
    enabled: dns?.secondaryHealthCheckId !== undefined,
    recordFqdn: dns?.recordFqdn,
    primaryHealthCheckId: dns?.primaryHealthCheckId,
    secondaryHealthCheckId: dns?.secondaryHealthCheckId,
    primaryEndpointHealthCheckId: dns?.primaryEndpointHealthCheckId,
    secondaryEndpointHealthCheckId: dns?.secondaryEndpointHealthCheckId,
    primaryOverrideHealthCheckId: dns?.primaryOverrideHealthCheckId,
    secondaryOverrideHealthCheckId: dns?.secondaryOverrideHealthCheckId,
  };
}

/** An AWS site's network, as both sites' outputs show it. */
export function awsNetworkOutputs(site: AwsSite) {
  return {
    vpcId: site.network.vpcId,
    availabilityZones: site.network.availabilityZones,
    publicSubnetIds: pulumi.all(site.network.publicSubnetIds),
    privateSubnetIds: pulumi.all(site.network.privateSubnetIds),
    isolatedSubnetIds: pulumi.all(site.network.isolatedSubnetIds),
  };
}
