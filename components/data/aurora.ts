import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, cloudWatchLogsKeyStatement, createCustomerKey, regionOf } from "../aws";
import { physicalName } from "../naming";
import { createAuroraInstances } from "./aurora-instances";
import { clusterParameters } from "./aurora-parameters";
import { auroraProblems, parameterGroupFamily } from "./aurora-rules";
import { createClusterLogins, Login } from "./cluster-logins";
import { SecretReplica } from "./database-credentials";
import { createPasswordRotation, createPasswordRotationNetwork } from "./password-rotation";
import { failOnProblems } from "../problems";

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

/**
 * Aurora is an Aurora PostgreSQL cluster in isolated subnets, encrypted with its own KMS key, with the
 * master credentials in Secrets Manager, IAM authentication, TLS required, its log in CloudWatch Logs,
 * and 1 writer plus readers spread over AZs (in-region failover typically under 60 to 120 s).
 *
 * Ready to become the primary of an Aurora Global Database (an `aws.rds.GlobalCluster` with
 * `sourceDbClusterIdentifier` set to {@link clusterArn}, then `globalClusterIdentifier` here): the
 * engine and version are explicit, storage is encrypted, and the master password is the program's own
 * rather than RDS-managed, which AWS does not support in a global database.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-getting-started.html
 */
export class Aurora extends pulumi.ComponentResource {
  public readonly clusterArn: pulumi.Output<string>;
  public readonly clusterIdentifier: pulumi.Output<string>;
  /** The writer endpoint. */
  public readonly endpoint: pulumi.Output<string>;
  /** The load-balanced readers endpoint. */
  public readonly readerEndpoint: pulumi.Output<string>;
  public readonly port: pulumi.Output<number>;
  /** The cluster's security group, for rules a caller adds later (e.g. from a new consumer). */
  public readonly securityGroupId: pulumi.Output<string>;
  public readonly kmsKeyArn: pulumi.Output<string>;
  /** Secrets Manager ARN of the master credentials (username, password, host, port); none on a global secondary. */
  public readonly masterUserSecretArn?: pulumi.Output<string>;
  /** The role RDS publishes enhanced monitoring with (a failover plan's added instances use it too). */
  public readonly monitoringRoleArn: pulumi.Output<string>;
  /** The application's login, database and secret; when `application` is given on a cluster with credentials. */
  public readonly application?: Login & { readonly database: string };
  /** The replication login (`replicationUsername`), for a DMS source profile. */
  public readonly replication?: Login;
  /** The master user and (secret) password, for the setup job; none on a global secondary. */
  public readonly masterUsername?: string;
  public readonly masterPassword?: pulumi.Output<string>;
  /** Instance identifiers in AZ order; the first is the writer at creation. */
  public readonly instanceIdentifiers: pulumi.Output<string>[];

  constructor(name: string, args: AuroraArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:data:Aurora", name, {}, opts);
    failOnProblems(this, `Aurora ${name}`, auroraProblems(args));
    const stack = pulumi.getStack();
    const parent = { parent: this };
    const stateful = { parent: this, protect: args.protect };
    const context = awsContext(this);
    const region = regionOf(this);
    const clusterIdentifier = physicalName(name, stack);
    // Named from the identifier, not read from the cluster, so it exists before the cluster first exports
    // to it; otherwise RDS creates it with no retention and this program could not create it any more.
    const logGroupName = `/aws/rds/cluster/${clusterIdentifier}/postgresql`;

    const key = createCustomerKey(this, `${name}-key`, {
      description: `Aurora ${clusterIdentifier}: storage, snapshots, Performance Insights, master secret, log`,
      context,
      protect: args.protect,
      serviceStatements: [cloudWatchLogsKeyStatement(context, region, logGroupName)],
      alias: name,
    });

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-postgresql`,
      { name: logGroupName, retentionInDays: args.logRetentionDays ?? 90, kmsKeyId: key.arn },
      parent,
    );

    const subnetGroup = new aws.rds.SubnetGroup(
      name,
      { name: clusterIdentifier, description: `Isolated subnets of ${clusterIdentifier}`, subnetIds: args.subnetIds },
      parent,
    );

    // The rotation function connects as the master: only where the cluster has credentials of its own.
    const rotates = args.passwordRotation !== undefined && args.global?.role !== "secondary";
    const rotationGroup =
      rotates && args.passwordRotation
        ? createPasswordRotationNetwork(this, name, {
            vpcId: args.vpcId,
            vpcCidr: args.passwordRotation.vpcCidr,
            port: 5432,
          })
        : undefined;

    // Inline rules make this list the whole truth: a rule added outside Pulumi is removed on the next
    // update. No egress: the database opens no connections of its own (replication, even to a global
    // database's secondary, runs in Aurora's storage layer; the aws_s3 or aws_lambda extensions would
    // need a rule here), and the provider removes AWS's default allow-all egress rule on creation.
    const securityGroup = new aws.ec2.SecurityGroup(
      name,
      {
        description: `Aurora ${clusterIdentifier}: PostgreSQL from the allowed security groups only`,
        vpcId: args.vpcId,
        ingress: [
          {
            description: "PostgreSQL from the allowed security groups",
            protocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
            securityGroups: [...args.allowedSecurityGroupIds, ...(rotationGroup ? [rotationGroup.id] : [])],
          },
          ...(args.allowedCidrBlocks ?? []).map((cidr) => ({
            description: `PostgreSQL from ${cidr} over the VPN`,
            protocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
            cidrBlocks: [cidr],
          })),
        ],
        egress: [],
        tags: { Name: clusterIdentifier },
      },
      parent,
    );

    // Autonamed (no fixed name): a major-version upgrade needs a group of the new family, created
    // before the old one is deleted.
    const parameterGroup = new aws.rds.ClusterParameterGroup(
      name,
      {
        family: parameterGroupFamily(args.engineVersion),
        description: `Aurora ${clusterIdentifier}: TLS required`,
        // pending-reboot is accepted for static and dynamic parameters alike; a new cluster starts with it.
        parameters: clusterParameters(args.extraParameters ?? [], args.auditLogging ?? true),
      },
      parent,
    );

    const masterUsername = args.masterUsername ?? "postgres";
    // A global secondary has no credentials of its own: it replicates the primary's users.
    const secondary = args.global?.role === "secondary";
    const logins = secondary
      ? undefined
      : createClusterLogins(
          name,
          {
            masterUsername,
            application: args.application,
            replicationUsername: args.replicationUsername,
            kmsKeyArn: key.arn,
            protect: args.protect,
            replica: args.secretReplica,
            rotated: args.passwordRotation !== undefined,
          },
          this,
        );

    const serverless = args.serverless;
    const cluster = new aws.rds.Cluster(
      name,
      {
        clusterIdentifier,
        engine: "aurora-postgresql",
        engineMode: "provisioned",
        engineVersion: args.engineVersion,
        masterUsername: logins?.master.username,
        masterPassword: logins?.master.password,
        globalClusterIdentifier: args.global?.globalClusterIdentifier,
        iamDatabaseAuthenticationEnabled: true,
        storageEncrypted: true,
        kmsKeyId: key.arn,
        port: 5432,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [securityGroup.id],
        dbClusterParameterGroupName: parameterGroup.name,
        // No `availabilityZones` here: RDS picks the cluster's storage AZs itself, and pinning them
        // causes a perpetual diff. Instances below carry the AZ placement.
        backupRetentionPeriod: args.backupRetentionDays ?? 14,
        preferredBackupWindow: args.preferredBackupWindow ?? "18:00-19:00",
        preferredMaintenanceWindow: args.preferredMaintenanceWindow ?? "sun:19:00-sun:20:00",
        copyTagsToSnapshot: true,
        deletionProtection: args.deletionProtection,
        skipFinalSnapshot: !args.finalSnapshot,
        finalSnapshotIdentifier: args.finalSnapshot ? physicalName(`${name}-final`, stack) : undefined,
        enabledCloudwatchLogsExports: ["postgresql"],
        serverlessv2ScalingConfiguration: serverless && {
          minCapacity: serverless.minCapacity,
          maxCapacity: serverless.maxCapacity,
          secondsUntilAutoPause: serverless.minCapacity === 0 ? (serverless.secondsUntilAutoPause ?? 300) : undefined,
        },
        // The AZ power-interruption experiment fails the writer over by its tag when it is in the lost AZ.
        tags: args.faultInjectionTags && { ...args.faultInjectionTags },
      },
      {
        ...stateful,
        dependsOn: [logGroup, ...(args.global?.after ?? [])],
        // After a switchover or failover AWS rewires the members (a secondary gains a replication source);
        // `pulumi up` must not try to undo the failover. The master password is the program's only when the
        // cluster is created: a rotation (or a person, in an event) owns it from then on.
        ignoreChanges: [...(args.global ? ["replicationSourceIdentifier"] : []), "masterPassword"],
      },
    );

    const { instances, monitoringRoleArn } = createAuroraInstances(this, name, args, { cluster, keyArn: key.arn });
    this.monitoringRoleArn = monitoringRoleArn;

    this.clusterArn = cluster.arn;
    this.clusterIdentifier = cluster.clusterIdentifier;
    this.endpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.port = cluster.port;
    this.securityGroupId = securityGroup.id;
    this.kmsKeyArn = key.arn;
    const written = logins?.writeSecrets({ host: args.global?.writerEndpoint ?? cluster.endpoint, port: cluster.port });
    if (logins && written && rotationGroup && args.passwordRotation) {
      const paused = args.passwordRotation.paused ?? false;
      createPasswordRotation(this, name, {
        secretId: logins.master.secretArn,
        kmsKeyArn: key.arn,
        subnetIds: args.passwordRotation.subnetIds,
        securityGroupId: rotationGroup.id,
        region,
        afterDays: args.passwordRotation.afterDays ?? 30,
        logRetentionDays: args.logRetentionDays ?? 90,
        after: [written.master, cluster],
        paused,
      });
    }
    this.application = logins?.application;
    this.replication = logins?.replication;
    this.masterUserSecretArn = logins?.master.secretArn;
    this.masterUsername = logins?.master.username;
    // Once rotated, the password Pulumi generated is history: the secret's current value is the live one.
    this.masterPassword =
      logins && written && rotationGroup
        ? currentPassword(this, logins.master.secretArn, written.master)
        : logins?.master.password;
    this.instanceIdentifiers = instances.map((instance) => instance.identifier);
    this.registerOutputs({
      clusterArn: this.clusterArn,
      clusterIdentifier: this.clusterIdentifier,
      endpoint: this.endpoint,
      readerEndpoint: this.readerEndpoint,
      port: this.port,
      securityGroupId: this.securityGroupId,
      kmsKeyArn: this.kmsKeyArn,
      masterUserSecretArn: this.masterUserSecretArn,
      applicationSecretArn: this.application?.secretArn,
      instanceIdentifiers: this.instanceIdentifiers,
    });
  }
}

/** The password a login's secret holds now (AWSCURRENT), read at deploy time once its first version exists. */
function currentPassword(
  parent: pulumi.Resource,
  secretArn: pulumi.Input<string>,
  firstVersion: pulumi.Resource,
): pulumi.Output<string> {
  const current = aws.secretsmanager.getSecretVersionOutput(
    { secretId: secretArn },
    { parent, dependsOn: [firstVersion] },
  );
  return pulumi.secret(
    current.secretString.apply((text) => String((JSON.parse(text) as { password?: unknown }).password)),
  );
}
