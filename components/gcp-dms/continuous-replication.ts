import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";

/** Arguments of {@link DmsContinuousReplication}. Its project is its provider's: pass `providers: { gcp }` in opts. */
export interface DmsContinuousReplicationArgs {
  /** Region of the connection profiles and the job: the Cloud SQL instance's region. */
  readonly region: string;
  /** The Aurora cluster's writer endpoint (`Aurora.endpoint`), reached over the HA VPN. */
  readonly sourceHost: pulumi.Input<string>;
  /** The source's port. @default 5432 */
  readonly sourcePort?: number;
  /**
   * The user DMS connects as: needs `rds_replication` and the pglogical and schema grants Google's
   * source guide lists, in every migrated database and in `postgres`.
   */
  readonly sourceUsername: pulumi.Input<string>;
  /** That user's password; kept secret in the state and the plan. */
  readonly sourcePassword: pulumi.Input<string>;
  /**
   * PEM of the CA that signed Aurora's certificate (the RDS CA bundle of the source's region). When set,
   * DMS verifies the server (SERVER_ONLY); when not, the connection is still encrypted but the server is
   * not verified (REQUIRED).
   * @default none: REQUIRED
   */
  readonly sourceCaCertificate?: pulumi.Input<string>;
  /** Id (name) of the existing Cloud SQL for PostgreSQL instance DMS replicates into. */
  readonly destinationInstanceId: pulumi.Input<string>;
  /**
   * The GCP network DMS peers with (`GcpNetwork.networkId`): the one the HA VPN reaches AWS from, where
   * the Cloud SQL instance has its private IP.
   */
  readonly networkId: pulumi.Input<string>;
  /** The job's display name in the console. @default "<name> (<stack>)" */
  readonly displayName?: string;
  /**
   * Start the job on `pulumi up` and keep it running (`desiredState: RUNNING`). Only once the source is ready
   * (parameters applied, `pglogical` created in each database, grants given: pass the setup job in `after`):
   * a job started earlier fails its checks.
   * @default false: created only, started by an operator (`gcloud database-migration migration-jobs start`)
   */
  readonly start?: boolean;
  /**
   * The job has been promoted (the destination is the writer: `activeSite: secondary`). Promotion is one-way:
   * the job is COMPLETED and can never run again, so `pulumi up` neither asks for RUNNING nor restarts it,
   * and the job stays, as the record of what was migrated, until the failback replaces it.
   * @default false
   */
  readonly promoted?: boolean;
  /**
   * What the job waits for: the network path to the source (the HA VPN) and the source's setup (its
   * replication login and pglogical). A component's `dependsOn` does not reach its children, so these are
   * given to the job itself.
   * @default none
   */
  readonly after?: pulumi.Resource[];
  /** Labels on the profiles and the job. @default none */
  readonly labels?: Record<string, string>;
}

/** DMS's SSL settings for the source: verify the server when its CA is known, otherwise just require TLS. */
export function sourceSsl(
  caCertificate?: pulumi.Input<string>,
): gcp.types.input.databasemigrationservice.ConnectionProfilePostgresqlSsl {
  return caCertificate === undefined ? { type: "REQUIRED" } : { type: "SERVER_ONLY", caCertificate };
}

/**
 * The source profile's `postgresql` block, password marked secret. The SDK reads a nested secret back
 * as a secret top-level input, so the offline plan shows the whole block as "[secret]"; test this instead.
 */
export function sourcePostgresql(
  args: Pick<
    DmsContinuousReplicationArgs,
    "sourceHost" | "sourcePort" | "sourceUsername" | "sourcePassword" | "sourceCaCertificate"
  >,
): gcp.types.input.databasemigrationservice.ConnectionProfilePostgresql {
  return {
    host: args.sourceHost,
    port: args.sourcePort ?? 5432,
    username: args.sourceUsername,
    password: pulumi.secret(args.sourcePassword),
    ssl: sourceSsl(args.sourceCaCertificate),
  };
}

/**
 * DmsContinuousReplication keeps a Cloud SQL for PostgreSQL instance in step with the Aurora primary: a
 * source connection profile for Aurora's writer endpoint (TLS, as Aurora's `rds.force_ssl` requires), a
 * destination profile for the existing Cloud SQL instance, and a CONTINUOUS migration job (initial dump,
 * then change data capture through pglogical) that reaches Aurora over VPC peering and the HA VPN.
 *
 * DMS is a migration product, not a standing replica service. Promoting the destination is one-way: it
 * ends the job and makes Cloud SQL a standalone primary. Failing back to AWS is a new replication in the
 * reverse direction into a fresh Aurora cluster (Google's DMS writes only to Cloud SQL and AlloyDB, so
 * AWS DMS or pglogical), then a cut-over; never a switch. Starting the job demotes the destination to a
 * read replica of the source and erases what it held.
 *
 * The source must stay up: stopping the Aurora cluster (a cost schedule, `StopDBCluster`) cuts the job
 * off its source and the job fails, possibly needing a new full dump; so no schedule may stop the source
 * of a running job. While the job runs, its replication slot keeps WAL on Aurora until DMS consumes it.
 *
 * For DMS to reach Aurora, the Cloud SQL network's private services access peering must export custom
 * routes (the VPN's BGP routes), the HA VPN must advertise the private services access range to AWS,
 * and Aurora's security group must admit that range on 5432. The source's parameters come from
 * {@link pglogicalParameters}.
 * @see https://cloud.google.com/database-migration/docs/postgres/configure-source-database
 * @see https://cloud.google.com/database-migration/docs/postgres/configure-connectivity-vpc-peering
 */
export class DmsContinuousReplication extends pulumi.ComponentResource {
  /** The migration job's resource name. */
  public readonly migrationJobName: pulumi.Output<string>;
  /** The migration job's id (the last part of its name; the `migration_job_id` of its metrics). */
  public readonly migrationJobId: pulumi.Output<string>;
  /** The source (Aurora) connection profile's resource name. */
  public readonly sourceProfileName: pulumi.Output<string>;
  /** The destination (Cloud SQL) connection profile's resource name. */
  public readonly destinationProfileName: pulumi.Output<string>;

  constructor(name: string, args: DmsContinuousReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gcpdms:DmsContinuousReplication", name, {}, opts);
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const location = args.region;
    const labels = args.labels;

    const source = new gcp.databasemigrationservice.ConnectionProfile(
      `${name}-source`,
      {
        connectionProfileId: physicalName(`${name}-source`, stack),
        location,
        role: "SOURCE",
        displayName: "Aurora PostgreSQL writer (AWS primary)",
        labels,
        postgresql: sourcePostgresql(args),
      },
      parent,
    );

    // An existing instance is named through `postgresql.cloudSqlId`: the `cloudsql` block would have DMS
    // create a new instance (its cloudSqlId is output-only), and the instance belongs to CloudSqlPostgres.
    const destination = new gcp.databasemigrationservice.ConnectionProfile(
      `${name}-destination`,
      {
        connectionProfileId: physicalName(`${name}-destination`, stack),
        location,
        role: "DESTINATION",
        displayName: "Cloud SQL for PostgreSQL (GCP secondary)",
        labels,
        postgresql: { cloudSqlId: args.destinationInstanceId },
      },
      parent,
    );

    const job = new gcp.databasemigrationservice.MigrationJob(
      name,
      {
        migrationJobId: physicalName(name, stack),
        location,
        displayName: args.displayName ?? `${name} (${stack})`,
        labels,
        type: "CONTINUOUS",
        source: source.name,
        destination: destination.name,
        // Cloud SQL peers with the network that reaches AWS through the HA VPN; no public address on either side.
        vpcPeeringConnectivity: { vpc: args.networkId },
        // No dumpType: the API takes it for MySQL only; a PostgreSQL job always dumps logically (pglogical).
        // Unset unless asked: a job an operator started must not look like drift to the next `pulumi up`.
        ...(args.start && !args.promoted ? { desiredState: "RUNNING" } : {}),
      },
      { parent: this, dependsOn: args.after, ignoreChanges: args.promoted ? ["desiredState"] : [] },
    );

    this.migrationJobName = job.name;
    this.migrationJobId = job.migrationJobId;
    this.sourceProfileName = source.name;
    this.destinationProfileName = destination.name;
    this.registerOutputs({
      migrationJobName: this.migrationJobName,
      sourceProfileName: this.sourceProfileName,
      destinationProfileName: this.destinationProfileName,
    });
  }
}
