import * as pulumi from "@pulumi/pulumi";
import { regionOf } from "../aws";
import { Aurora, ObjectStore, Queue } from "../data";
import { DatabaseSetupJob, sourceSetupSql } from "../database-setup";
import { EksCluster, NodeGroups } from "../eks";
import { AwsSiteDeepCheckArgs } from "./aws-site-args";

/**
 * How an AWS site's applications reach its data: the application's secret as the site's Region reads it, the
 * site's own stores for its service, and the setup job that makes the application's login.
 */

/**
 * The application's secret as the site's Region reads it: the site's own (the primary's), or a global
 * secondary's replica of the primary's (same name; the ARN names this Region).
 */
export function applicationSecretIn(
  site: pulumi.Resource,
  database: Aurora | undefined,
  deepCheck: AwsSiteDeepCheckArgs | undefined,
): pulumi.Output<string> | undefined {
  const own = database?.application?.secretArn;
  const replicated = deepCheck?.databaseCredentials?.secretArn;
  if (own !== undefined || replicated === undefined) {
    return own;
  }
  return pulumi
    .all([replicated, regionOf(site)])
    .apply(([arn, region]) => arn.replace(/^(arn:[^:]+:secretsmanager:)[^:]+:/, `$1${region}:`));
}

/**
 * The site's own stores, as its service reads them (SampleServiceArgs.siteEndpoints): whichever site serves
 * uses its own queue and bucket, and the writer its secret names.
 */
export function siteEndpoints(
  site: pulumi.Resource,
  queue: Queue | undefined,
  objectStore: ObjectStore | undefined,
  secretArn: pulumi.Input<string> | undefined,
): Record<string, pulumi.Input<string>> | undefined {
  if (!queue || !objectStore) {
    return undefined;
  }
  return {
    SITE_REGION: regionOf(site),
    QUEUE_URL: queue.queueUrl,
    BUCKET_NAME: objectStore.bucketName,
    ...(secretArn === undefined ? {} : { DATABASE_SECRET_ARN: secretArn }),
  };
}

/**
 * The setup job runs inside the cluster, the only network the database admits, once the nodes exist; a
 * global secondary has no credentials of its own and replicates the primary's users, so it has none.
 */
export function createDatabaseSetup(
  site: pulumi.Resource,
  name: string,
  database: Aurora,
  cluster: EksCluster,
  nodeGroups: NodeGroups | undefined,
): DatabaseSetupJob | undefined {
  const { masterUsername, masterPassword, application, replication } = database;
  if (masterUsername === undefined || masterPassword === undefined || application === undefined) {
    return undefined;
  }
  return new DatabaseSetupJob(
    `${name}-db-setup`,
    {
      script: sourceSetupSql({ dmsSource: replication !== undefined }),
      variables: {
        app_user: application.username,
        app_password: application.password,
        app_database: application.database,
        ...(replication && { replication_user: replication.username, replication_password: replication.password }),
      },
      connection: { host: database.endpoint, port: database.port, username: masterUsername, password: masterPassword },
      after: nodeGroups ? [nodeGroups, database] : [database],
    },
    { parent: site, providers: { kubernetes: cluster.provider } },
  );
}
