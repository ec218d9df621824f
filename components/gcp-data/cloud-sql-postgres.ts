import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { PGAUDIT_LOG } from "../data/aurora-parameters";
import { failOnProblems } from "../problems";
import { mustParseCidr } from "../../lib/cidr";
import { physicalName } from "../naming";
import { createGcpKey } from "./kms-key";
import { gcpProject, serviceAgentMember } from "./project";
import { cloudSqlProblems } from "./cloud-sql-rules";
import { CloudSqlLogins, createCloudSqlLogins } from "./cloud-sql-logins";

/**
 * Arguments of {@link CloudSqlPostgres}. Project and region are its provider's: pass `providers: { gcp }`
 * in opts (the instance is created in the provider's region).
 */
export interface CloudSqlPostgresArgs {
  /**
   * Cloud SQL major version, e.g. "POSTGRES_16". As a DMS destination it must be the source's major
   * version or higher. Required: version-like values are never defaulted.
   */
  readonly databaseVersion: string;
  /** The VPC the instance gets its private IP in (`GcpNetwork.networkSelfLink`). */
  readonly networkSelfLink: pulumi.Input<string>;
  /** Cloud-side deletion protection, both Pulumi's `deletionProtection` and Cloud SQL's own flag. */
  readonly deletionProtection: boolean;
  /** Pulumi `protect` on the instance: `pulumi destroy` refuses to delete it. */
  readonly protect: boolean;
  /** Machine tier (Enterprise edition: db-custom-<vCPUs>-<MiB>). @default "db-custom-2-7680" */
  readonly tier?: string;
  /**
   * Cloud SQL edition. Set explicitly: for PostgreSQL 16 and later the API's default is Enterprise Plus,
   * which does not run on db-custom tiers.
   * @default "ENTERPRISE"
   */
  readonly edition?: "ENTERPRISE" | "ENTERPRISE_PLUS";
  /** Automated daily backups kept. @default 14 */
  readonly retainedBackups?: number;
  /** Days of write-ahead log kept for point-in-time recovery (1 to 7 on Enterprise). @default 7 */
  readonly transactionLogRetentionDays?: number;
  /** Initial SSD size in GB; it grows automatically. @default 20 */
  readonly diskSizeGb?: number;
  /**
   * Weekly maintenance window (UTC): day 1 (Monday) to 7, hour 0 to 23.
   * @default Sunday 18:00 UTC (Monday 03:00 in Seoul and Tokyo)
   */
  readonly maintenanceWindow?: { readonly day: number; readonly hour: number };
  /**
   * The block reserved for private services access (the peering Cloud SQL's private IP lives in). Pass
   * one outside both sites' ranges: an automatic choice can collide with the AWS VPC on the far side of the
   * VPN, and then the instance cannot reach the DMS source.
   * @default a free /20 picked by Google Cloud
   */
  readonly privateServiceRange?: string;
  /** Labels on the instance and the reserved range. @default none */
  readonly labels?: Record<string, string>;
  /**
   * The application's login and database: its password and the instance's `postgres` password are made now and
   * kept in Secret Manager (cloud-sql-logins.ts); the logins themselves are made after promotion.
   * @default none
   */
  readonly application?: { readonly username: string; readonly database: string };
  /** The instance's Region, where the secrets live. Required with `application`. */
  readonly region?: string;
  /**
   * Encrypt the instance (disks, backups, logs) with a customer-managed Cloud KMS key created here, in
   * `region`. Cloud SQL takes a key only when the instance is created: switching it on (or off) for an
   * existing instance replaces it, which `protect` stops and which, on a DMS destination, means a new full
   * load (docs/security.md#customer-managed-keys-on-google-cloud).
   * @default false
   */
  readonly customerManagedKey?: boolean;
}

/** Sunday 18:00 UTC: Monday 03:00 in Seoul and Tokyo, the primary's quietest hour. */
const DEFAULT_MAINTENANCE = { day: 7, hour: 18 } as const;

/**
 * CloudSqlPostgres is the Google Cloud site's relational database: Cloud SQL for PostgreSQL with REGIONAL
 * availability (a synchronous standby in a second zone; failover keeps the IP and loses nothing), daily
 * backups with point-in-time recovery, a private IP only (no public IPv4) through private services
 * access, TLS required, growing storage, query insights, a maintenance window, and deletion protection.
 *
 * It is built to be the DESTINATION of a Database Migration Service continuous migration job from the
 * AWS primary (the job is another component's): DMS "migrate to an existing destination instance"
 * demotes this instance into a replica of the source, and promotion at failover makes it a standalone
 * primary again. While the job replicates, DMS suspends automated backups and point-in-time recovery and
 * nothing may write to the migrated databases; the instance must start empty. Reaching the source over
 * the HA VPN needs the peering to export the VPC's custom (BGP-learned) routes, which this component
 * turns on, and the Cloud Router to advertise `privateServiceRange` to AWS (the VPN's side).
 * @see https://cloud.google.com/database-migration/docs/postgres/create-migration-job-existing-instance
 * @see https://cloud.google.com/sql/docs/postgres/high-availability
 */
export class CloudSqlPostgres extends pulumi.ComponentResource {
  /** The instance's name (Cloud SQL never reuses a name within a week of deletion, so it is autonamed). */
  public readonly instanceName: pulumi.Output<string>;
  /** `project:region:instance`, for the Cloud SQL Auth Proxy, connectors and DMS. */
  public readonly connectionName: pulumi.Output<string>;
  public readonly privateIpAddress: pulumi.Output<string>;
  public readonly selfLink: pulumi.Output<string>;
  /** The reserved range's name (`allocatedIpRange`), e.g. for the Cloud Router's custom advertisement. */
  public readonly privateServiceRangeName: pulumi.Output<string>;
  /** The instance resource, for `dependsOn` (the DMS job). */
  public readonly instance: gcp.sql.DatabaseInstance;
  /** The instance's logins in Secret Manager, when `application` is given. */
  public readonly logins?: CloudSqlLogins;

  constructor(name: string, args: CloudSqlPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:gcpdata:CloudSqlPostgres", name, {}, opts);
    const tier = args.tier ?? "db-custom-2-7680";
    const edition = args.edition ?? "ENTERPRISE";
    const retainedBackups = args.retainedBackups ?? 14;
    const transactionLogRetentionDays = args.transactionLogRetentionDays ?? 7;
    const diskSizeGb = args.diskSizeGb ?? 20;
    const maintenanceWindow = args.maintenanceWindow ?? DEFAULT_MAINTENANCE;
    const labels = args.labels ?? {};
    failOnProblems(
      this,
      `CloudSqlPostgres ${name}`,
      cloudSqlProblems({
        databaseVersion: args.databaseVersion,
        tier,
        edition,
        transactionLogRetentionDays,
        retainedBackups,
        diskSizeGb,
        maintenanceWindow,
        privateServiceRange: args.privateServiceRange,
      }),
    );
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const key = args.customerManagedKey ? this.createKey(name, args) : undefined;
    const range = args.privateServiceRange ? mustParseCidr(args.privateServiceRange) : undefined;

    const reserved = new gcp.compute.GlobalAddress(
      `${name}-psa`,
      {
        name: physicalName(`${name}-psa`, stack),
        description: `Private services access for Cloud SQL ${name} (${stack})`,
        purpose: "VPC_PEERING",
        addressType: "INTERNAL",
        address: args.privateServiceRange?.split("/")[0],
        prefixLength: range?.prefix ?? 20,
        network: args.networkSelfLink,
        labels,
      },
      parent,
    );
    const connection = new gcp.servicenetworking.Connection(
      `${name}-psa`,
      {
        network: args.networkSelfLink,
        service: "servicenetworking.googleapis.com",
        reservedPeeringRanges: [reserved.name],
        // Cloud SQL holds the producer side for days after an instance is deleted, so deleting the
        // connection fails and would block `pulumi destroy`; the provider documents ABANDON for this.
        deletionPolicy: "ABANDON",
      },
      parent,
    );
    // Cloud SQL's private IP sits in Google's peered VPC: exporting this VPC's custom routes (those the
    // Cloud Router learns over the VPN's BGP sessions) is what lets the instance reach the AWS source.
    const routes = new gcp.compute.NetworkPeeringRoutesConfig(
      `${name}-psa`,
      {
        // This resource takes the network's name; the self link (or id) ends with it.
        network: pulumi.output(args.networkSelfLink).apply((link) => link.split("/").pop()!),
        peering: connection.peering,
        exportCustomRoutes: true,
        importCustomRoutes: false,
      },
      parent,
    );

    this.instance = new gcp.sql.DatabaseInstance(
      name,
      {
        databaseVersion: args.databaseVersion,
        deletionProtection: args.deletionProtection,
        encryptionKeyName: key?.key.id,
        settings: {
          tier,
          edition,
          availabilityType: "REGIONAL",
          diskType: "PD_SSD",
          diskSize: diskSizeGb,
          diskAutoresize: true,
          // 0: no ceiling. A replica whose disk fills stops replicating, which is worse than the bill.
          diskAutoresizeLimit: 0,
          deletionProtectionEnabled: args.deletionProtection,
          backupConfiguration: {
            enabled: true,
            pointInTimeRecoveryEnabled: true,
            transactionLogRetentionDays,
            // 17:00 UTC is 02:00 in Seoul and Tokyo.
            startTime: "17:00",
            backupRetentionSettings: { retainedBackups, retentionUnit: "COUNT" },
          },
          ipConfiguration: {
            ipv4Enabled: false,
            privateNetwork: args.networkSelfLink,
            allocatedIpRange: reserved.name,
            sslMode: "ENCRYPTED_ONLY",
          },
          maintenanceWindow: { ...maintenanceWindow, updateTrack: "stable" },
          // Connection and statement audit logging (pgaudit: schema and role changes), as on the Aurora side.
          databaseFlags: [
            { name: "log_connections", value: "on" },
            { name: "log_disconnections", value: "on" },
            { name: "cloudsql.enable_pgaudit", value: "on" },
            { name: "pgaudit.log", value: PGAUDIT_LOG },
          ],
          insightsConfig: {
            queryInsightsEnabled: true,
            queryStringLength: 1024,
            recordApplicationTags: true,
            recordClientAddress: true,
          },
          userLabels: labels,
        },
      },
      // The private IP is assigned from the peering, which must exist first; the key's grant before the
      // instance encrypts with it.
      // A key is taken only at creation: an instance made before keys were on keeps Google's until it is rebuilt
      // by the runbook (docs/security.md#customer-managed-keys-on-google-cloud), never replaced by an `up`.
      {
        parent: this,
        protect: args.protect,
        dependsOn: [connection, routes, ...(key?.grants ?? [])],
        ignoreChanges: ["encryptionKeyName"],
      },
    );

    if (args.application) {
      if (args.region === undefined) {
        throw new pulumi.ResourceError(
          `CloudSqlPostgres ${name}: \`application\` needs \`region\` for its secrets`,
          this,
        );
      }
      this.logins = createCloudSqlLogins(this, name, {
        region: args.region,
        host: this.instance.privateIpAddress,
        application: args.application,
        protect: args.protect,
        labels: args.labels,
      });
    }
    this.instanceName = this.instance.name;
    this.connectionName = this.instance.connectionName;
    this.privateIpAddress = this.instance.privateIpAddress;
    this.selfLink = this.instance.selfLink;
    this.privateServiceRangeName = reserved.name;
    this.registerOutputs({
      instanceName: this.instanceName,
      connectionName: this.connectionName,
      privateIpAddress: this.privateIpAddress,
      selfLink: this.selfLink,
      privateServiceRangeName: this.privateServiceRangeName,
    });
  }

  /**
   * The instance's key, in its Region, and the grant to Cloud SQL's service agent, which the ServiceIdentity
   * makes exist first (a project's Cloud SQL agent is created on first use, after the key's grant would be).
   * @see https://cloud.google.com/sql/docs/postgres/configure-cmek
   */
  private createKey(name: string, args: CloudSqlPostgresArgs) {
    if (args.region === undefined) {
      throw new pulumi.ResourceError(`CloudSqlPostgres ${name}: \`customerManagedKey\` needs \`region\``, this);
    }
    const agent = new gcp.projects.ServiceIdentity(
      `${name}-sql-agent`,
      { service: "sqladmin.googleapis.com" },
      {
        parent: this,
      },
    );
    return createGcpKey(this, `${name}-key`, {
      location: args.region,
      encrypters: { cloudsql: serviceAgentMember(gcpProject(this).number, "cloudSql") },
      protect: args.protect,
      labels: args.labels,
      dependsOn: [agent],
    });
  }
}
