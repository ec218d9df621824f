import * as pulumi from "@pulumi/pulumi";
import { Alarms } from "../alarms";
import { PinnedImagesAdmission } from "../kubernetes/pinned-images-admission";
import { Aurora, Backups, ObjectStore, Queue } from "../data";
import { ClusterAutoscaler, EksAddons, EksCluster, minimumNodes as minimumNodesOf, NodeGroups } from "../eks";
import { RegionalHealthCheck, REGIONAL_HEALTH_PORT } from "../health";
import { ApplicationLoadBalancer, LoadBalancerController } from "../ingress";
import { AwsNetwork } from "../network";
import { DatabaseSetupJob } from "../database-setup";
import { SampleService } from "../workload";
import { AwsSiteArgs, AwsSiteClusterArgs, AwsSiteDataArgs, AwsSiteServiceArgs } from "./aws-site-args";

import { applicationSecretIn, createDatabaseSetup, siteEndpoints } from "./aws-site-data-access";
import { createAwsDeepCheck } from "./aws-site-deep-check";

export * from "./aws-site-args";

/** The sample service's component name, which is also its namespace (SampleService's default). */
const serviceName = (site: string) => `${site}-app`;
/** The port podinfo serves on, and the target group's. */
const SERVICE_PORT = 9898;

/**
 * AwsSite is everything that runs in one AWS region, primary or secondary: the same component with
 * other sizes, so the secondary is a faithful copy of the primary and nothing assumes Seoul. Each part
 * exists because of an argument: network always; cluster, service, data and alarms when given.
 */
export class AwsSite extends pulumi.ComponentResource {
  public readonly network: AwsNetwork;
  public readonly cluster?: EksCluster;
  public readonly nodeGroups?: NodeGroups;
  public readonly loadBalancer?: ApplicationLoadBalancer;
  /** The sample service, when the site serves. */
  public readonly service?: SampleService;
  public readonly database?: Aurora;
  public readonly objectStore?: ObjectStore;
  public readonly queue?: Queue;
  public readonly backups?: Backups;
  public readonly alarms?: Alarms;
  /** The deep regional check Route 53 requests, when the site serves and `service.deepCheck` is given. */
  public readonly deepCheck?: RegionalHealthCheck;
  /** The database's setup (the application's login and database; a DMS source's grants), when it has credentials. */
  public readonly databaseSetup?: DatabaseSetupJob;
  private lbController?: LoadBalancerController;

  constructor(name: string, args: AwsSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:site:AwsSite", name, {}, opts);
    if (args.service && !args.cluster) {
      throw new pulumi.ResourceError(`AwsSite ${name}: \`service\` needs \`cluster\` to run on`, this);
    }
    if (args.service && args.cluster?.controllers === false) {
      throw new pulumi.ResourceError(`AwsSite ${name}: \`service\` needs the cluster's controllers to run`, this);
    }
    if (args.alarms && !(args.service && args.data)) {
      throw new pulumi.ResourceError(`AwsSite ${name}: \`alarms\` watch the service and the data; give both`, this);
    }
    this.network = new AwsNetwork(
      `${name}-network`,
      {
        cidr: args.vpcCidr,
        azCount: args.azCount,
        azCountName: args.azCountName,
        natGateways: args.natGateways,
        flowLogRetentionDays: args.auditLogRetentionDays ?? args.logRetentionDays,
        faultInjectionTags: args.faultInjectionTags,
      },
      { parent: this },
    );
    if (args.cluster) {
      [this.cluster, this.nodeGroups] = this.createCluster(name, args.cluster, args);
    }
    // The data before the service: the service is told the site's own stores.
    if (args.data) {
      [this.database, this.objectStore, this.queue, this.backups] = this.createData(name, args.data, args);
    }
    if (args.service && this.cluster) {
      [this.loadBalancer, this.service] = this.createService(name, args.service, this.cluster, args);
    }
    if (this.database && this.cluster) {
      this.databaseSetup = createDatabaseSetup(this, name, this.database, this.cluster, this.nodeGroups);
    }
    if (args.service?.deepCheck && this.cluster && this.loadBalancer) {
      this.deepCheck = createAwsDeepCheck(this, name, args.service.deepCheck, {
        cluster: this.cluster,
        nodeGroups: this.nodeGroups,
        loadBalancer: this.loadBalancer,
        controller: this.lbController,
        database: this.database,
        databaseSetup: this.databaseSetup,
        vpcCidr: args.vpcCidr,
      });
    }
    if (args.alarms && this.cluster && this.loadBalancer && this.database && this.queue && args.cluster) {
      const minimumNodes = minimumNodesOf(args.cluster.nodeGroups, args.azCount);
      this.alarms = new Alarms(
        `${name}-alarms`,
        {
          thresholds: args.alarms.thresholds,
          subscribers: args.alarms.subscribers,
          loadBalancerArnSuffix: this.loadBalancer.arnSuffix,
          targetGroupArnSuffix: this.loadBalancer.targetGroupArnSuffix,
          clusterName: this.cluster.clusterName,
          minimumNodes,
          dbClusterIdentifier: this.database.clusterIdentifier,
          deadLetterQueueName: this.queue.deadLetterQueueName,
        },
        { parent: this },
      );
    }
    this.registerOutputs({ vpcId: this.network.vpcId, clusterName: this.cluster?.clusterName });
  }

  private createCluster(name: string, c: AwsSiteClusterArgs, site: AwsSiteArgs): [EksCluster, NodeGroups] {
    const cluster = new EksCluster(
      `${name}-eks`,
      {
        version: c.version,
        subnetIds: this.network.privateSubnetIds,
        publicAccessCidrs: c.publicAccessCidrs,
        adminRoleArns: c.adminRoleArns,
        logRetentionDays: site.auditLogRetentionDays ?? site.logRetentionDays,
        supportType: c.supportType,
        zonalShift: c.zonalShift,
        deletionProtection: c.deletionProtection,
      },
      { parent: this },
    );
    // The API server admits only digest-pinned images in the platform's namespaces, from the first pod on.
    new PinnedImagesAdmission(
      `${name}-pinned-images`,
      {
        mode: c.imageAdmission ?? "deny",
        // Exactly the service's namespace, the one FIS's pod drill creates its pods in (the service's name below).
        exempt: c.imageAdmissionExempt && {
          users: c.imageAdmissionExempt.users,
          serviceAccounts: (c.imageAdmissionExempt.serviceAccounts ?? []).map((account) => ({
            namespace: serviceName(name),
            name: account,
          })),
        },
      },
      { parent: this, providers: { kubernetes: cluster.provider } },
    );
    const nodeGroups = new NodeGroups(
      `${name}-nodes`,
      {
        clusterName: cluster.clusterName,
        subnetIds: this.network.privateSubnetIds,
        groups: c.nodeGroups,
        faultInjectionTags: site.faultInjectionTags?.nodeInstances,
      },
      { parent: this },
    );
    if (c.controllers ?? true) {
      const inCluster = { parent: this, providers: { kubernetes: cluster.provider }, dependsOn: nodeGroups };
      new EksAddons(`${name}-addons`, { clusterName: cluster.clusterName }, inCluster);
      new ClusterAutoscaler(
        `${name}-cluster-autoscaler`,
        { clusterName: cluster.clusterName, chartVersion: c.clusterAutoscalerChartVersion },
        inCluster,
      );
    }
    return [cluster, nodeGroups];
  }

  private createService(
    name: string,
    s: AwsSiteServiceArgs,
    cluster: EksCluster,
    site: AwsSiteArgs,
  ): [ApplicationLoadBalancer, SampleService] {
    const inCluster = { parent: this, providers: { kubernetes: cluster.provider }, dependsOn: this.nodeGroups };
    const controller = new LoadBalancerController(
      `${name}-lb-controller`,
      {
        clusterName: cluster.clusterName,
        vpcId: this.network.vpcId,
        chartVersion: s.loadBalancerControllerChartVersion,
      },
      inCluster,
    );
    const loadBalancer = new ApplicationLoadBalancer(
      `${name}-alb`,
      {
        vpcId: this.network.vpcId,
        vpcCidr: site.vpcCidr,
        publicSubnetIds: this.network.publicSubnetIds,
        domainName: s.domainName,
        zoneName: s.zoneName,
        targetPort: SERVICE_PORT,
        healthCheckPath: "/readyz",
        publicPaths: s.publicPaths,
        deepCheck: s.deepCheck && { path: s.deepCheck.path, port: REGIONAL_HEALTH_PORT },
        deletionProtection: s.deletionProtection,
        protect: s.protect,
        logRetentionDays: site.logRetentionDays,
        forceDestroy: s.forceDestroy,
      },
      { parent: this },
    );
    const service = new SampleService(
      serviceName(name),
      {
        image: s.image,
        containerPort: SERVICE_PORT,
        minReplicas: s.minReplicas,
        initialReplicas: s.initialReplicas,
        maxReplicas: s.maxReplicas,
        cpuUtilizationTarget: s.targetCpuPercent,
        exposure: {
          kind: "aws-target-group",
          targetGroupArn: loadBalancer.targetGroupArn,
          loadBalancerSecurityGroupId: loadBalancer.securityGroupId,
        },
        controller,
        faultInjection: s.faultInjection,
        siteEndpoints: siteEndpoints(
          this,
          this.queue,
          this.objectStore,
          applicationSecretIn(this, this.database, s.deepCheck),
        ),
      },
      inCluster,
    );
    this.lbController = controller;
    return [loadBalancer, service];
  }

  private createData(
    name: string,
    d: AwsSiteDataArgs,
    site: AwsSiteArgs,
  ): [Aurora, ObjectStore, Queue, Backups | undefined] {
    const parent = { parent: this };
    const database = new Aurora(
      `${name}-db`,
      {
        engineVersion: d.engineVersion,
        instanceClass: d.instanceClass,
        instances: d.instances,
        serverless: d.serverless,
        vpcId: this.network.vpcId,
        subnetIds: this.network.isolatedSubnetIds,
        availabilityZones: this.network.availabilityZones,
        // Only the cluster's nodes (which use the EKS cluster security group) reach the database.
        allowedSecurityGroupIds: this.cluster ? [this.cluster.clusterSecurityGroupId] : [],
        backupRetentionDays: d.backupRetentionDays,
        deletionProtection: d.deletionProtection,
        protect: d.protect,
        finalSnapshot: d.finalSnapshot,
        logRetentionDays: site.auditLogRetentionDays ?? site.logRetentionDays,
        global: d.global,
        extraParameters: d.extraParameters,
        application: d.application,
        replicationUsername: d.replicationUsername,
        allowedCidrBlocks: d.allowedCidrBlocks,
        secretReplica: d.secretReplica,
        passwordRotation:
          d.passwordRotationDays === undefined
            ? undefined
            : {
                subnetIds: this.network.privateSubnetIds,
                vpcCidr: site.vpcCidr,
                afterDays: d.passwordRotationDays,
                paused: d.passwordRotationPaused,
              },
        faultInjectionTags: site.faultInjectionTags?.database,
        adoptInstancesFrom: d.adoptInstancesFrom,
        adoptedInstanceClass: d.adoptedInstanceClass,
      },
      parent,
    );
    const objectStore = new ObjectStore(
      `${name}-objects`,
      {
        protect: d.protect,
        forceDestroy: d.forceDestroy,
        logRetentionDays: site.logRetentionDays,
        faultInjectionTags: site.faultInjectionTags?.objectBucket,
      },
      parent,
    );
    const queue = new Queue(`${name}-queue`, { protect: d.protect }, parent);
    const backups =
      (d.backups ?? true)
        ? new Backups(
            `${name}-backups`,
            {
              resourceArns: [database.clusterArn, objectStore.bucketArn],
              retentionDays: d.backupRetentionDays,
              copyTo: d.backupCopyTo,
              vault: d.backupVault,
              protect: d.protect,
              forceDestroy: d.forceDestroy,
            },
            parent,
          )
        : undefined;
    return [database, objectStore, queue, backups];
  }
}
