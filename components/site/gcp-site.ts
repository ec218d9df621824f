import * as pulumi from "@pulumi/pulumi";
import { CloudSqlPostgres, PubSubQueue } from "../gcp-data";
import { gkeServiceAnnotations, GkeServiceIngress } from "../gcp-ingress";
import { GkeCluster, GkeNodePoolArgs } from "../gke";
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
}

/** The sample service on GKE, behind the Google external HTTPS load balancer. */
export interface GcpSiteServiceArgs {
  readonly image: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuPercent: number;
  /** The service's name, for the Google-managed certificate. */
  readonly domainName: string;
  /**
   * The exact paths the Ingress routes to the Service (GkeServiceIngressArgs.publicPaths), the Route 53 health
   * check's included; anything else gets 404 at the edge. @default the Ingress's default
   */
  readonly publicPaths?: readonly string[];
}

/** The GCP site's data stores: the Cloud SQL replica target and the queue. */
export interface GcpSiteDataArgs {
  /** e.g. POSTGRES_16, the Aurora source's major version (DMS needs the same or higher). */
  readonly databaseVersion: string;
  readonly tier: string;
  readonly deletionProtection: boolean;
  readonly protect: boolean;
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
 * cluster serving the same sample service behind a global static IP, and Cloud SQL (fed by DMS) with a
 * Pub/Sub queue. Cross-cloud links (the HA VPN, DMS, Storage Transfer) are wired by the composition root.
 */
export class GcpSite extends pulumi.ComponentResource {
  public readonly network: GcpNetwork;
  public readonly cluster?: GkeCluster;
  public readonly ingress?: GkeServiceIngress;
  /** The sample service, when the site serves. */
  public readonly service?: SampleService;
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
    }
    if (args.service && this.cluster) {
      const s = args.service;
      const inCluster = { parent: this, providers: { kubernetes: this.cluster.provider } };
      const ingressName = `${name}-ingress`;
      const service = new SampleService(
        `${name}-app`,
        {
          image: s.image,
          minReplicas: s.minReplicas,
          maxReplicas: s.maxReplicas,
          cpuUtilizationTarget: s.targetCpuPercent,
          // The ingress's BackendConfig is named after the ingress, so the Service can carry it up front.
          exposure: { kind: "gke-ingress", serviceAnnotations: gkeServiceAnnotations(ingressName) },
        },
        inCluster,
      );
      this.service = service;
      this.ingress = new GkeServiceIngress(
        ingressName,
        {
          namespace: service.namespace,
          serviceName: service.serviceName,
          servicePort: 80,
          domainName: s.domainName,
          publicPaths: s.publicPaths,
        },
        { ...inCluster, dependsOn: [service] },
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
        },
        { parent: this },
      );
      this.queue = new PubSubQueue(`${name}-queue`, { region: args.region, protect: d.protect }, { parent: this });
    }
    this.registerOutputs({ networkId: this.network.networkId });
  }
}
