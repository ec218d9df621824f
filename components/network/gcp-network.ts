import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../naming";
import { planGcpRanges } from "./subnet-plan";

/** Arguments of {@link GcpNetwork}. Project and region are its provider's: pass `providers: { gcp }` in opts. */
export interface GcpNetworkArgs {
  /** The site's IPv4 block, /14 to /18; node, pod and service ranges are planned from it by `planGcpRanges`. */
  readonly cidr: string;
  /** BGP ASN of the Cloud Router, which the HA VPN to AWS peers with (a private ASN). @default 64514 */
  readonly routerAsn?: number;
}

/**
 * GcpNetwork is a custom-mode VPC with one regional subnet (a GCP subnet spans every zone of its
 * region, so zonal spread needs no per-zone subnets), secondary ranges for GKE pods and services, and
 * a Cloud Router with Cloud NAT so private nodes reach the internet without public addresses.
 * The Cloud Router is also where the HA VPN to AWS attaches its BGP sessions.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/alias-ips
 */
export class GcpNetwork extends pulumi.ComponentResource {
  public readonly networkId: pulumi.Output<string>;
  public readonly networkSelfLink: pulumi.Output<string>;
  public readonly subnetworkId: pulumi.Output<string>;
  /** Secondary range names GKE's `ipAllocationPolicy` refers to. */
  public readonly podsRangeName: string;
  public readonly servicesRangeName: string;
  public readonly routerName: pulumi.Output<string>;
  public readonly cidr: string;

  constructor(name: string, args: GcpNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:network:GcpNetwork", name, {}, opts);
    const ranges = planGcpRanges(args.cidr);
    const stack = pulumi.getStack();
    const parent = { parent: this };
    this.podsRangeName = "pods";
    this.servicesRangeName = "services";

    const network = new gcp.compute.Network(
      name,
      { name: physicalName(name, stack), autoCreateSubnetworks: false, routingMode: "REGIONAL" },
      parent,
    );
    const subnetwork = new gcp.compute.Subnetwork(
      `${name}-nodes`,
      {
        name: physicalName(`${name}-nodes`, stack),
        network: network.id,
        ipCidrRange: ranges.nodes,
        secondaryIpRanges: [
          { rangeName: this.podsRangeName, ipCidrRange: ranges.pods },
          { rangeName: this.servicesRangeName, ipCidrRange: ranges.services },
        ],
        // Nodes without public IPs still reach Google APIs (Artifact Registry, Cloud SQL admin).
        privateIpGoogleAccess: true,
        // Flow logs, sampled at half to keep the logging bill proportionate.
        logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
      },
      parent,
    );
    const router = new gcp.compute.Router(
      `${name}-router`,
      // The ASN is the HA VPN's side of BGP; Cloud NAT does not use it.
      { name: physicalName(`${name}-router`, stack), network: network.id, bgp: { asn: args.routerAsn ?? 64514 } },
      parent,
    );
    new gcp.compute.RouterNat(
      `${name}-nat`,
      {
        name: physicalName(`${name}-nat`, stack),
        router: router.name,
        natIpAllocateOption: "AUTO_ONLY",
        sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
        logConfig: { enable: true, filter: "ERRORS_ONLY" },
      },
      parent,
    );

    this.cidr = args.cidr;
    this.networkId = network.id;
    this.networkSelfLink = network.selfLink;
    this.subnetworkId = subnetwork.id;
    this.routerName = router.name;
    this.registerOutputs({
      networkId: this.networkId,
      networkSelfLink: this.networkSelfLink,
      subnetworkId: this.subnetworkId,
      podsRangeName: this.podsRangeName,
      servicesRangeName: this.servicesRangeName,
      routerName: this.routerName,
      cidr: this.cidr,
    });
  }
}
