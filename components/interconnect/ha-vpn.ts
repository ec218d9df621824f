import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { failOnProblems } from "../problems";
import { physicalName } from "../naming";
import {
  collectHaVpnProblems,
  DEFAULT_ADVERTISED_ROUTE_PRIORITY,
  DEFAULT_AMAZON_SIDE_ASN,
  DEFAULT_GCP_ROUTER_ASN,
} from "./ha-vpn-rules";
import { awsTunnelOptions, presharedKeyArgs } from "./tunnel-options";
import { DEFAULT_INSIDE_CIDR_BLOCK, planTunnels, TUNNEL_COUNT, tunnelInsideCidrs, TunnelSpec } from "./tunnel-plan";

/**
 * Arguments of {@link HaVpn}. The VPN spans two clouds, so it takes both providers as arguments and
 * gives each child its own; the pre-shared keys come from the `random` provider in `opts.providers`.
 */
export interface HaVpnArgs {
  /** The AWS primary's regional provider: the VPC's region and account. */
  readonly awsProvider: aws.Provider;
  /** The GCP secondary's provider: the network's project. */
  readonly gcpProvider: gcp.Provider;
  /** Region of the HA VPN gateway, tunnels and BGP sessions: the Cloud Router's region. */
  readonly gcpRegion: string;
  /** The AWS VPC the virtual private gateway attaches to. */
  readonly vpcId: pulumi.Input<string>;
  /**
   * Route tables that learn GCP's routes from BGP, keyed by a stable name (the key names the propagation
   * resource): every private table (pods reach GCP) and the isolated one (the database answers DMS).
   */
  readonly routeTableIds: Record<string, pulumi.Input<string>>;
  /** The GCP network's id or self link (`GcpNetwork.networkId`). */
  readonly gcpNetwork: pulumi.Input<string>;
  /**
   * The network's Cloud Router (`GcpNetwork.routerName`), in `gcpRegion`. Its `bgp.asn` must be
   * `gcpRouterAsn`: the tunnels' BGP sessions are configured on it.
   */
  readonly gcpRouterName: pulumi.Input<string>;
  /** ASN of the AWS virtual private gateway. @default 64512 (AWS's own default) */
  readonly amazonSideAsn?: number;
  /** ASN of the Cloud Router, which AWS's customer gateways announce. @default 64514 */
  readonly gcpRouterAsn?: number;
  /**
   * Link-local block the four tunnels' inside /30s come from. Each /30 must be unique on the virtual
   * private gateway and on the Cloud Router, so a second VPN on either needs another block.
   * @default "169.254.10.0/28"
   */
  readonly insideCidrBlock?: string;
  /** Priority (MED) of the routes Cloud Router advertises to AWS. @default 100 */
  readonly advertisedRoutePriority?: number;
  /**
   * Ranges Cloud Router advertises to AWS besides the network's subnets; set it to the private services
   * access range so Aurora can answer Cloud SQL (and so DMS), which lives in Google's peered network and
   * is not a subnet of this one. Non-empty switches the BGP peers to custom advertisement of all subnets
   * plus these ranges.
   * @default none: Cloud Router's default advertisement (the network's subnets in the region)
   */
  readonly advertisedIpRanges?: string[];
  /**
   * `four-tunnels`: Google's 99.99 % configuration, every tunnel of both AWS connections, on both HA VPN
   * interfaces. `two-tunnels`: the first tunnel of each AWS connection, one per HA VPN interface. Google bills
   * tunnels and AWS bills connections (both kept), so it halves Google's part; either HA VPN interface or either
   * AWS connection can still fail, but AWS's maintenance of a connection's first tunnel takes that connection
   * down (its second is not configured on Google's side, and shows DOWN on AWS's). For a pilot light, whose
   * replication may pause while one path is out.
   * @default "four-tunnels"
   */
  readonly redundancy?: "four-tunnels" | "two-tunnels";
}

/** One BGP session over one tunnel: the /30 and each side's address in it. */
export interface BgpSession {
  readonly tunnel: number;
  readonly insideCidr: string;
  /** Cloud Router's address (AWS calls it the customer gateway inside address). */
  readonly gcpAddress: string;
  /** The virtual private gateway's address (AWS's VGW inside address). */
  readonly awsAddress: string;
}

/**
 * HaVpn is the private AWS<->GCP link: a GCP HA VPN gateway (two interfaces) and an AWS virtual private
 * gateway joined by four IKEv2 tunnels (two AWS VPN connections, one per HA VPN interface) with a BGP
 * session on each, which is what Google's 99.99 % HA VPN SLA requires (or two, one per interface: `redundancy`). Modelled on Google's "HA VPN to
 * AWS" guide and GoogleCloudPlatform/gcp-to-aws-ha-vpn-terraform-module, with a virtual private gateway
 * instead of a transit gateway: a VGW uses one tunnel at a time (no ECMP), which is failover enough for
 * replication and DR traffic and costs no TGW attachment hours.
 *
 * Routes are learnt, never written: AWS propagates GCP's prefixes into the given route tables, and Cloud
 * Router learns the VPC's CIDR from the VGW. Each tunnel has its own generated pre-shared key.
 * @see https://cloud.google.com/network-connectivity/docs/vpn/how-to/connect-ha-vpn-aws-peer-gateway
 */
export class HaVpn extends pulumi.ComponentResource {
  /** Tunnels built on Google's side: four, or two (`redundancy`). */
  public readonly tunnelCount: number;
  /** The tunnels' inside /30s, in tunnel order. */
  public readonly insideCidrs: string[];
  /** The two AWS VPN connections (connection 0 ends on HA VPN interface 0, connection 1 on interface 1). */
  public readonly awsVpnConnectionIds: pulumi.Output<string>[];
  /** The four GCP tunnels' names, in tunnel order. */
  public readonly gcpTunnelNames: pulumi.Output<string>[];
  /** The four BGP sessions' inside addresses, in tunnel order. */
  public readonly bgpSessions: pulumi.Output<BgpSession[]>;

  constructor(name: string, args: HaVpnArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:interconnect:HaVpn", name, {}, opts);
    const amazonSideAsn = args.amazonSideAsn ?? DEFAULT_AMAZON_SIDE_ASN;
    const gcpRouterAsn = args.gcpRouterAsn ?? DEFAULT_GCP_ROUTER_ASN;
    const insideCidrBlock = args.insideCidrBlock ?? DEFAULT_INSIDE_CIDR_BLOCK;
    const advertisedRoutePriority = args.advertisedRoutePriority ?? DEFAULT_ADVERTISED_ROUTE_PRIORITY;
    const advertisedIpRanges = args.advertisedIpRanges ?? [];
    failOnProblems(
      this,
      `HaVpn ${name}`,
      collectHaVpnProblems({
        amazonSideAsn,
        gcpRouterAsn,
        insideCidrBlock,
        advertisedRoutePriority,
        routeTableKeys: Object.keys(args.routeTableIds),
        advertisedIpRanges,
        gcpRegion: args.gcpRegion,
      }),
    );

    const stack = pulumi.getStack();
    const onAws = { parent: this, provider: args.awsProvider };
    const onGcp = { parent: this, provider: args.gcpProvider };
    // GCP names are fixed, so a replacement must delete first (the new one would collide with the old).
    const onGcpReplaced = { ...onGcp, deleteBeforeReplace: true };
    const region = args.gcpRegion;
    const label = (suffix: string) => ({ Name: `${physicalName(name, stack)}-${suffix}` });
    const tunnels = planTunnels(tunnelInsideCidrs(insideCidrBlock, TUNNEL_COUNT));
    // AWS always has both connections' four tunnels; Google configures all of them, or each connection's first.
    const onGoogle = args.redundancy === "two-tunnels" ? tunnels.filter((t) => t.awsTunnel === 1) : tunnels;

    const haGateway = new gcp.compute.HaVpnGateway(
      name,
      { name: physicalName(name, stack), network: args.gcpNetwork, region },
      onGcpReplaced,
    );

    const vgw = new aws.ec2.VpnGateway(
      name,
      { vpcId: args.vpcId, amazonSideAsn: String(amazonSideAsn), tags: label("vgw") },
      onAws,
    );
    for (const [key, routeTableId] of Object.entries(args.routeTableIds)) {
      new aws.ec2.VpnGatewayRoutePropagation(`${name}-${key}`, { vpnGatewayId: vgw.id, routeTableId }, onAws);
    }

    // One customer gateway per HA VPN interface: AWS sees each GCP interface as a separate device.
    const customerGateways = ([0, 1] as const).map(
      (i) =>
        new aws.ec2.CustomerGateway(
          `${name}-if${i}`,
          {
            type: "ipsec.1",
            // bgpAsn holds 2-byte and 4-byte ASNs up to 2147483647; larger private ASNs go in bgpAsnExtended.
            ...(gcpRouterAsn > 2_147_483_647
              ? { bgpAsnExtended: String(gcpRouterAsn) }
              : { bgpAsn: String(gcpRouterAsn) }),
            ipAddress: haGateway.vpnInterfaces.apply((interfaces) => this.interfaceAddress(interfaces, i)),
            tags: label(`gcp-if${i}`),
          },
          onAws,
        ),
    );

    const keys = tunnels.map(
      (t) =>
        // One key per tunnel, so a key that leaks from one tunnel's configuration opens no other.
        new random.RandomPassword(`${name}-tunnel-${t.index + 1}`, presharedKeyArgs, { parent: this }),
    );
    const psk = (t: TunnelSpec) => pulumi.secret(keys[t.index].result);

    const connections = ([0, 1] as const).map((c) => {
      const [first, second] = tunnels.filter((t) => t.connection === c);
      return new aws.ec2.VpnConnection(
        `${name}-if${c}`,
        {
          type: "ipsec.1",
          customerGatewayId: customerGateways[c].id,
          vpnGatewayId: vgw.id,
          staticRoutesOnly: false,
          tunnel1InsideCidr: first.insideCidr,
          tunnel2InsideCidr: second.insideCidr,
          tunnel1PresharedKey: psk(first),
          tunnel2PresharedKey: psk(second),
          ...awsTunnelOptions(1),
          ...awsTunnelOptions(2),
          tags: label(`gcp-if${c}`),
        },
        onAws,
      );
    });
    const awsTunnel = (t: TunnelSpec) => {
      const connection = connections[t.connection];
      return t.awsTunnel === 1
        ? {
            outside: connection.tunnel1Address,
            gcpInside: connection.tunnel1CgwInsideAddress,
            awsInside: connection.tunnel1VgwInsideAddress,
          }
        : {
            outside: connection.tunnel2Address,
            gcpInside: connection.tunnel2CgwInsideAddress,
            awsInside: connection.tunnel2VgwInsideAddress,
          };
    };

    // The AWS side as GCP sees it: the endpoints of the tunnels it configures, interface id = position.
    const peerInterface = (t: TunnelSpec) => onGoogle.indexOf(t);
    const peerGateway = new gcp.compute.ExternalVpnGateway(
      `${name}-aws`,
      {
        name: physicalName(`${name}-aws`, stack),
        redundancyType: onGoogle.length === 4 ? "FOUR_IPS_REDUNDANCY" : "TWO_IPS_REDUNDANCY",
        description: `The AWS virtual private gateway's ${onGoogle.length === 4 ? "four" : "two"} tunnel endpoints`,
        interfaces: onGoogle.map((t) => ({ id: peerInterface(t), ipAddress: awsTunnel(t).outside })),
      },
      onGcpReplaced,
    );

    const gcpTunnels = onGoogle.map((t) => {
      const tunnelName = `${name}-tunnel-${t.index + 1}`;
      const tunnel = new gcp.compute.VPNTunnel(
        tunnelName,
        {
          name: physicalName(tunnelName, stack),
          region,
          vpnGateway: haGateway.id,
          vpnGatewayInterface: t.haVpnInterface,
          peerExternalGateway: peerGateway.id,
          peerExternalGatewayInterface: peerInterface(t),
          sharedSecret: psk(t),
          ikeVersion: 2,
          router: args.gcpRouterName,
        },
        onGcpReplaced,
      );
      const { gcpInside, awsInside } = awsTunnel(t);
      const routerInterface = new gcp.compute.RouterInterface(
        tunnelName,
        {
          name: physicalName(tunnelName, stack),
          router: args.gcpRouterName,
          region,
          ipRange: pulumi.interpolate`${gcpInside}/30`,
          vpnTunnel: tunnel.name,
        },
        onGcpReplaced,
      );
      new gcp.compute.RouterPeer(
        tunnelName,
        {
          name: physicalName(tunnelName, stack),
          router: args.gcpRouterName,
          region,
          interface: routerInterface.name,
          ipAddress: gcpInside,
          peerIpAddress: awsInside,
          peerAsn: amazonSideAsn,
          advertisedRoutePriority,
          ...(advertisedIpRanges.length > 0
            ? {
                advertiseMode: "CUSTOM",
                advertisedGroups: ["ALL_SUBNETS"],
                advertisedIpRanges: advertisedIpRanges.map((range) => ({ range })),
              }
            : {}),
        },
        onGcpReplaced,
      );
      return tunnel;
    });

    this.tunnelCount = onGoogle.length;
    this.insideCidrs = onGoogle.map((t) => t.insideCidr);
    this.awsVpnConnectionIds = connections.map((c) => c.id);
    this.gcpTunnelNames = gcpTunnels.map((t) => t.name);
    this.bgpSessions = pulumi.all(
      onGoogle.map((t) => {
        const { gcpInside, awsInside } = awsTunnel(t);
        return pulumi.all([gcpInside, awsInside]).apply(([gcpAddress, awsAddress]) => ({
          tunnel: t.index,
          insideCidr: t.insideCidr,
          gcpAddress,
          awsAddress,
        }));
      }),
    );
    this.registerOutputs({
      tunnelCount: this.tunnelCount,
      insideCidrs: this.insideCidrs,
      awsVpnConnectionIds: this.awsVpnConnectionIds,
      gcpTunnelNames: this.gcpTunnelNames,
      bgpSessions: this.bgpSessions,
    });
  }

  /** The public address of HA VPN interface `id`, as GCP assigned it. */
  private interfaceAddress(interfaces: gcp.types.output.compute.HaVpnGatewayVpnInterface[], id: 0 | 1): string {
    const found = interfaces.find((i) => i.id === id) ?? interfaces[id];
    if (found?.ipAddress === undefined) {
      throw new pulumi.ResourceError(`HA VPN gateway reported no address for interface ${id}`, this);
    }
    return found.ipAddress;
  }
}
