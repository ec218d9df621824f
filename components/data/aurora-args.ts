import * as pulumi from "@pulumi/pulumi";
import { SecretReplica } from "./database-credentials";

/** Aurora Serverless v2 capacity, in Aurora capacity units (1 ACU is about 2 GiB of memory). */
export interface AuroraServerless {
  /** ACUs the cluster never scales below; 0 lets it pause when idle (Aurora PostgreSQL 13.15, 14.12, 15.7, 16.3+). */
  readonly minCapacity: number;
  /** ACUs the cluster never scales above (1 to 256). */
  readonly maxCapacity: number;
  /** Idle seconds before a cluster with `minCapacity` 0 pauses (300 to 86400). @default 300 */
  readonly secondsUntilAutoPause?: number;
}

/** Arguments of {@link Aurora}. Its region is its provider's: pass `providers: { aws }` in opts. */
export interface AuroraArgs {
  /**
   * Exact Aurora PostgreSQL major.minor version, e.g. "16.6"; the parameter group family follows the
   * major. Explicit because a global database needs the same version in every region. After AWS applies
   * an automatic minor upgrade, raise this to the running version (a lower one cannot be applied).
   */
  readonly engineVersion: string;
  /** Instance class of every instance, e.g. "db.r6g.large". Required unless `serverless` is set. */
  readonly instanceClass?: string;
  /** Instances (1 writer, the rest readers), spread over `availabilityZones` in order. */
  readonly instances: number;
  /** Serverless v2 capacity; when set, every instance is `db.serverless`. @default provisioned instances */
  readonly serverless?: AuroraServerless;
  /** The VPC of the subnets and the security group. */
  readonly vpcId: pulumi.Input<string>;
  /** Isolated subnets (no internet route), one per AZ in `availabilityZones`. */
  readonly subnetIds: pulumi.Input<string>[];
  /** AZs to place instances in: instance i goes to AZ i mod count, so 2+ instances land in distinct AZs. */
  readonly availabilityZones: pulumi.Input<string[]>;
  /** Security groups (application nodes, pods) that may connect on 5432; no CIDR is ever allowed. */
  readonly allowedSecurityGroupIds: pulumi.Input<string>[];
  /** Days of automated backups (point-in-time restore), 1 to 35. @default 14 */
  readonly backupRetentionDays?: number;
  /**
   * Daily automated-backup window, UTC. The default is 03:00 to 04:00 in UTC+9 (Seoul, Tokyo); elsewhere
   * pass the region's quiet hours. Keep it an hour or more away from any AWS Backup start window.
   * @default "18:00-19:00"
   */
  readonly preferredBackupWindow?: string;
  /** Weekly maintenance window, UTC, not overlapping the backup window. @default "sun:19:00-sun:20:00" */
  readonly preferredMaintenanceWindow?: string;
  /** RDS deletion protection: the cluster cannot be deleted by any tool until this is turned off. */
  readonly deletionProtection: boolean;
  /** Pulumi `protect` on the cluster, its instances and its KMS key: `pulumi destroy` refuses to delete them. */
  readonly protect: boolean;
  /** Take a final snapshot (named from the cluster) when the cluster is deleted. */
  readonly finalSnapshot: boolean;
  /** Days to keep the PostgreSQL log in CloudWatch Logs (a CloudWatch retention value). @default 90 */
  readonly logRetentionDays?: number;
  /** The master user, whose password the program generates and keeps in Secrets Manager. @default "postgres" */
  readonly masterUsername?: string;
  /**
   * Membership of an Aurora Global Database. `primary`: the writer region, with the master credentials.
   * `secondary`: a read-only copy in another region, replicated by Aurora's storage layer (typically
   * under a second behind), with no credentials of its own; 0 instances makes it headless (storage only,
   * the cheapest pilot light). The versions must be equal: Aurora cannot fail over across versions.
   * @default none - a regional cluster
   */
  readonly global?: AuroraGlobalMembership;
  /**
   * Extra cluster parameters (for example the pglogical settings a Database Migration Service source
   * needs), each with its apply method.
   * @default none
   */
  readonly extraParameters?: readonly { name: string; value: string; applyMethod: "immediate" | "pending-reboot" }[];
  /**
   * Statement and connection audit logging into the cluster's log (pgaudit: schema and role changes; every
   * connection and disconnection), which the log group keeps as an audit log.
   * @default true
   */
  readonly auditLogging?: boolean;
  /**
   * CIDR blocks admitted on 5432 besides the security groups: a peer reached over a VPN, such as Google's
   * Database Migration Service reading the cluster from the GCP network.
   * @default none
   */
  readonly allowedCidrBlocks?: string[];
  /** A region to replicate the credential secrets to (the DR region), with that region's key. @default no replica */
  readonly secretReplica?: SecretReplica;
  /**
   * Rotate the master password every `afterDays` days with AWS's rotation function (password-rotation.ts), run
   * in `subnetIds` (private, with NAT egress to Secrets Manager). After the first value the secret is the
   * password's only source: the setup job reads it from there. On a cluster with credentials only.
   * @default no rotation
   */
  readonly passwordRotation?: {
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly vpcCidr: pulumi.Input<string>;
    /** @default 30 */
    readonly afterDays?: number;
    /**
     * Keep the function but schedule nothing: the writer is in another Region, out of the function's reach
     * (`activeSite: secondary`). The password keeps its last rotated value.
     * @default false
     */
    readonly paused?: boolean;
  };
  /**
   * The application's own login and database (created in the database by components/database-setup):
   * a password and a secret naming the writer (the global writer endpoint in a global database), so
   * applications never hold the master password. None on a global secondary, which replicates the primary's.
   * @default none
   */
  readonly application?: { readonly username: string; readonly database: string };
  /**
   * A replication login for a Google DMS job reading this cluster (granted `rds_replication` by the setup
   * script), so DMS never holds the master password. None on a global secondary.
   * @default none
   */
  readonly replicationUsername?: string;
  /**
   * Tags on the cluster that fault-injection experiments select it by, such as the one the AZ
   * power-interruption experiment fails the writer over by (components/resilience FIS_TARGET_TAGS).
   * @default none
   */
  readonly faultInjectionTags?: Readonly<Record<string, string>>;
  /**
   * Instances from this index on exist already, added by a Region switch plan when it promoted the cluster
   * (components/failover/writer-growth.ts): `pulumi up` adopts them (the `import` option; once in the state it is
   * a no-op) instead of creating others. Only the promoted site's render sets it (`activeSite: secondary`).
   * @default every instance is created by the program
   */
  readonly adoptInstancesFrom?: number;
  /**
   * The class the adopted instances (from `adoptInstancesFrom` on) were given by the failover's growth: the old
   * writer's, which a standby with a database class of its own (a smaller one, or Serverless v2) does not share.
   * The site's own instances keep theirs, so the day-after `pulumi up` restarts none of them.
   * @default the site's class (`instanceClass`, or db.serverless)
   */
  readonly adoptedInstanceClass?: string;
}

/** How an {@link Aurora} cluster joins an Aurora Global Database. */
export interface AuroraGlobalMembership {
  /**
   * How the cluster joined: `primary` was created first, with the master credentials; `secondary` joined it
   * with none. A creation fact, not the current writer: a failover moves the writer without changing it, and
   * changing it would replace the cluster (`masterUsername` cannot change in place). Which member writes is
   * the wiring's to say (the RPO bound, the role-aware deep check: stack-config/active-site.ts).
   */
  readonly role: "primary" | "secondary";
  /** The `aws.rds.GlobalCluster`'s identifier. */
  readonly globalClusterIdentifier: pulumi.Input<string>;
  /** The global cluster's engine version; must equal this cluster's. */
  readonly engineVersion: string;
  /** Resources the cluster must wait for: a secondary joins only once the primary is in the global cluster. */
  readonly after?: pulumi.Resource[];
  /**
   * The global writer endpoint, which follows the writer through a switchover or failover: the primary's
   * connection secret names it, so applications reading the secret (or its replica in the other Region) reach
   * the new writer after a promotion without a change.
   * @default the cluster's own endpoint
   */
  readonly writerEndpoint?: pulumi.Input<string>;
}
