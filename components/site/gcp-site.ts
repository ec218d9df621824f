import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { gcpProject, workloadIdentityPrincipal } from "../gcp-data/project";
import { CloudSqlPostgres, PubSubQueue } from "../gcp-data";
import { GatewayExtraRoute, GkeGateway } from "../gcp-ingress";
import { GkeCluster, GkeNodePoolArgs } from "../gke";
import { createBinaryAuthorizationPolicy } from "../gke/binary-authorization";
import { pinnedReference, PLATFORM_IMAGES } from "../kubernetes/images";
import { PinnedImagesAdmission } from "../kubernetes/pinned-images-admission";
import { regionalHealthImage } from "../../health-check/image";
import { GCP_METADATA_RESOLVER, gcpSiteProbes, REGIONAL_HEALTH_PORT, RegionalHealthCheck } from "../health";
import { GcpNetwork, planGcpRanges } from "../network";
import { SampleService } from "../workload";

/** The GKE cluster of a GCP site. */
export interface GcpSiteClusterArgs {
  /** The autoscaling node pool; counts are per zone (a regional pool spans three). */
  readonly nodePool: GkeNodePoolArgs;
  /** The control plane's private /28. */
  readonly masterCidr: string;
  readonly releaseChannel: "RAPID" | "REGULAR" | "STABLE";
  readonly deletionProtection: boolean;
  /** Networks allowed to reach the (private) control plane, e.g. the AWS VPC over the VPN. */
  readonly authorizedCidrs: { readonly name: string; readonly cidr: string }[];
  /**
   * What the cluster does with an image that is not pinned by digest or not from the platform's repositories
   * (the admission policy and Binary Authorization). @default "deny"
   */
  readonly imageAdmission?: "deny" | "warn";
}

/** The sample service on GKE, behind the GKE Gateway (Google's global external Application Load Balancer). */
export interface GcpSiteServiceArgs {
  readonly image: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuPercent: number;
  /** The service's name: the Certificate Manager certificate's domain and the routes' host. */
  readonly domainName: string;
  /**
   * The exact paths the Gateway routes to the sample service (GkeGatewayArgs.publicPaths), the Route 53
   * health check's included when the service answers it; anything else gets 404 at the edge.
   * @default the Gateway's default
   */
  readonly publicPaths?: readonly string[];
  /**
   * Exact paths the same Gateway routes to other Services of the cluster (GkeGatewayArgs.extraRoutes), keyed
   * by name, e.g. the deep regional health check.
   * @default none
   */
  readonly edgeRoutes?: Readonly<Record<string, GatewayExtraRoute>>;
  /**
   * The site's deep regional check (components/health), served through the Gateway on this exact path: it
   * probes the site's own Cloud SQL instance (TCP), Pub/Sub and STS through the metadata server's resolver.
   * @default none
   */
  readonly deepCheck?: { readonly path: string };
}

/** The GCP site's data stores: the Cloud SQL replica target and the queue. */
export interface GcpSiteDataArgs {
  /** e.g. POSTGRES_16, the Aurora source's major version (DMS needs the same or higher). */
  readonly databaseVersion: string;
  readonly tier: string;
  readonly deletionProtection: boolean;
  readonly protect: boolean;
  /** The application's login and database, whose secrets the instance keeps (made after promotion). @default none */
  readonly application?: { readonly username: string; readonly database: string };
  /**
   * Encrypt Cloud SQL and the Pub/Sub topics with customer-managed Cloud KMS keys (one per store, in the
   * site's region), as the AWS side encrypts with its own KMS keys. Cloud SQL takes its key only at creation.
   * @default true
   */
  readonly customerManagedKeys?: boolean;
}

/** Arguments of {@link GcpSite}. Project and region are its provider's: pass `providers: { gcp }` in opts. */
export interface GcpSiteArgs {
  /** The site's IPv4 block (/14 to /18). */
  readonly vpcCidr: string;
  /**
   * The provider's region, given explicitly because regional resources name it: a GKE cluster whose
   * location is a region replicates its control plane across that region's zones.
   */
  readonly region: string;
  /** BGP ASN of the Cloud Router the HA VPN peers with. @default 64514 */
  readonly routerAsn?: number;
  /** @default none - network only */
  readonly cluster?: GcpSiteClusterArgs;
  /** @default none; requires `cluster` */
  readonly service?: GcpSiteServiceArgs;
  /** @default none */
  readonly data?: GcpSiteDataArgs;
}

/**
 * GcpSite is everything that runs in the Google Cloud secondary region: the network, a regional GKE
 * cluster serving the same sample service behind a GKE Gateway on a global static IP, and Cloud SQL (fed by
 * DMS) with a Pub/Sub queue. Cross-cloud links (the HA VPN, DMS, Storage Transfer) and the Route 53 CNAME of
 * the Gateway's certificate are wired by the composition root.
 */
export class GcpSite extends pulumi.ComponentResource {
  public readonly network: GcpNetwork;
  public readonly cluster?: GkeCluster;
  /** The public edge, when the site serves: its static IP is the Route 53 SECONDARY target. */
  public readonly gateway?: GkeGateway;
  /** The sample service, when the site serves. */
  public readonly service?: SampleService;
  /** The deep regional check Route 53 asks through the Gateway, when the site serves. */
  public readonly deepCheck?: RegionalHealthCheck;
  public readonly database?: CloudSqlPostgres;
  public readonly queue?: PubSubQueue;

  constructor(name: string, args: GcpSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:site:GcpSite", name, {}, opts);
    if (args.service && !args.cluster) {
      throw new pulumi.ResourceError(`GcpSite ${name}: \`service\` needs \`cluster\` to run on`, this);
    }
    this.network = new GcpNetwork(
      `${name}-network`,
      { cidr: args.vpcCidr, routerAsn: args.routerAsn },
      { parent: this },
    );
    const c = args.cluster;
    if (c) {
      this.cluster = new GkeCluster(
        `${name}-gke`,
        {
          location: args.region,
          network: this.network.networkId,
          subnetwork: this.network.subnetworkId,
          podsRangeName: this.network.podsRangeName,
          servicesRangeName: this.network.servicesRangeName,
          nodePool: c.nodePool,
          masterIpv4CidrBlock: c.masterCidr,
          releaseChannel: c.releaseChannel,
          deletionProtection: c.deletionProtection,
          masterAuthorizedNetworks: c.authorizedCidrs.map((n) => ({ displayName: n.name, cidrBlock: n.cidr })),
        },
        { parent: this },
      );
      const mode = c.imageAdmission ?? "deny";
      // Binary Authorization admits the platform's repositories (and Google's system images) only; the
      // admission policy, that each image is pinned by digest.
      createBinaryAuthorizationPolicy(this, `${name}-binary-authorization`, {
        images: [
          ...(args.service ? [args.service.image] : []),
          regionalHealthImage(),
          ...Object.values(PLATFORM_IMAGES).map(pinnedReference),
        ],
        mode,
      });
      new PinnedImagesAdmission(
        `${name}-pinned-images`,
        { mode },
        { parent: this, providers: { kubernetes: this.cluster.provider } },
      );
    }
    if (args.data) {
      const d = args.data;
      this.database = new CloudSqlPostgres(
        `${name}-db`,
        {
          databaseVersion: d.databaseVersion,
          networkSelfLink: this.network.networkSelfLink,
          tier: d.tier,
          deletionProtection: d.deletionProtection,
          protect: d.protect,
          privateServiceRange: planGcpRanges(args.vpcCidr).privateServices,
          application: d.application,
          region: args.region,
          customerManagedKey: d.customerManagedKeys ?? true,
        },
        { parent: this },
      );
      this.queue = new PubSubQueue(
        `${name}-queue`,
        { region: args.region, protect: d.protect, customerManagedKey: d.customerManagedKeys ?? true },
        { parent: this },
      );
    }
    if (args.service && this.cluster) {
      const s = args.service;
      const inCluster = { parent: this, providers: { kubernetes: this.cluster.provider } };
      const service = new SampleService(
        `${name}-app`,
        {
          image: s.image,
          minReplicas: s.minReplicas,
          maxReplicas: s.maxReplicas,
          cpuUtilizationTarget: s.targetCpuPercent,
          exposure: { kind: "gke-gateway" },
          // This site's own stores: whichever site serves uses its own.
          siteEndpoints:
            this.database?.logins && this.queue
              ? {
                  SITE_REGION: args.region,
                  DATABASE_SECRET: this.database.logins.applicationSecret.id,
                  PUBSUB_TOPIC: this.queue.topicName,
                }
              : undefined,
        },
        inCluster,
      );
      this.service = service;
      // The service reads its database login as an application does: its Kubernetes service account, through
      // Workload Identity, may read that one secret (no Google service account in between).
      if (this.database?.logins) {
        const project = gcpProject(this);
        new gcp.secretmanager.SecretIamMember(
          `${name}-app-reads-login`,
          {
            secretId: this.database.logins.applicationSecret.id,
            role: "roles/secretmanager.secretAccessor",
            member: workloadIdentityPrincipal(project, service.namespace, service.serviceAccountName),
          },
          { parent: this },
        );
      }
      // The deep check: its own namespace and Service, routed by the same Gateway on its exact path.
      const deep = s.deepCheck
        ? new RegionalHealthCheck(
            `${name}-deep-check`,
            {
              path: s.deepCheck.path,
              resolver: { address: GCP_METADATA_RESOLVER },
              probes: pulumi
                .output(this.database?.privateIpAddress)
                .apply((databaseAddress) => gcpSiteProbes({ region: args.region, databaseAddress })),
            },
            inCluster,
          )
        : undefined;
      this.deepCheck = deep;
      const deepRoute: Record<string, GatewayExtraRoute> = deep
        ? {
            "deep-check": {
              path: deep.path,
              namespace: deep.namespace,
              serviceName: deep.serviceName,
              servicePort: REGIONAL_HEALTH_PORT,
              healthCheckPath: deep.path,
            },
          }
        : {};
      this.gateway = new GkeGateway(
        `${name}-gateway`,
        {
          namespace: service.namespace,
          serviceName: service.serviceName,
          servicePort: 80,
          domainName: s.domainName,
          publicPaths: s.publicPaths,
          extraRoutes: { ...s.edgeRoutes, ...deepRoute },
        },
        { ...inCluster, dependsOn: [service, ...(deep ? [deep] : [])] },
      );
    }
    this.registerOutputs({ networkId: this.network.networkId });
  }
}
