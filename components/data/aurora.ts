import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, cloudWatchLogsKeyStatement, createCustomerKey, regionOf } from "../aws";
import { physicalName } from "../naming";
import { createAuroraInstances } from "./aurora-instances";
import { clusterParameters } from "./aurora-parameters";
import { auroraProblems, parameterGroupFamily } from "./aurora-rules";
import { createClusterLogins, Login } from "./cluster-logins";
import { createPasswordRotation, createPasswordRotationNetwork } from "./password-rotation";
import { failOnProblems } from "../problems";
import { AuroraArgs } from "./aurora-args";

export * from "./aurora-args";

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
  /** No instance: a global secondary's storage only, which must get one before it can be promoted or read. */
  public readonly headless: boolean;

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
        // Turning rotation on tests the secret against the writer: the instances must exist.
        after: [written.master, cluster, ...instances],
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
    this.headless = instances.length === 0;
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
