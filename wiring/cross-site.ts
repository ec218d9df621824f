import { AwsSite, GcpSite } from "../components";
import { BucketReplication } from "../components/data";
import { GcsReplica } from "../components/gcp-data";
import { DmsContinuousReplication } from "../components/gcp-dms";
import { HaVpn } from "../components/interconnect";
import { StackConfig } from "../config";
import { GcpSecondaryPlacement, Providers } from "../providers";

/** The AWS secondary's object replication: S3 to S3 with RTC (the database links through its global cluster). */
export function linkAwsSecondary(providers: Providers, primary: AwsSite, secondary: AwsSite): void {
  if (primary.objectStore && secondary.objectStore) {
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
}

/**
 * The GCP secondary's links to the primary: the HA VPN, DMS from Aurora to Cloud SQL over it, and Storage
 * Transfer from S3 to GCS. Nothing to link when the secondary holds no data (backup and restore).
 */
export function linkGcpSecondary(
  cfg: StackConfig,
  providers: Providers,
  placement: GcpSecondaryPlacement,
  primary: AwsSite,
  secondary: GcpSite,
): DmsContinuousReplication | undefined {
  if (!secondary.database || !primary.database) {
    return undefined;
  }
  const { masterUsername, masterPassword } = primary.database;
  if (masterUsername === undefined || masterPassword === undefined) {
    throw new Error("the primary database must hold the master credentials DMS reads it with");
  }
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
      // Cloud SQL lives in Google's peered network, inside the site's block; AWS must learn it to answer DMS.
      advertisedIpRanges: [placement.site.vpcCidr],
    },
    { providers: { random: providers.random } },
  );
  const replication = new DmsContinuousReplication(
    "database-replication",
    {
      region: placement.site.region,
      sourceHost: primary.database.endpoint,
      sourceUsername: masterUsername,
      sourcePassword: masterPassword,
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
  return replication;
}
