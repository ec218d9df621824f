import { formatBlock, Ipv4Block, overlaps, parseCidr, subnet } from "../../lib/cidr";

/** Where AWS and Google both require BGP inside addresses to come from: IPv4 link-local space. */
export const LINK_LOCAL = "169.254.0.0/16";

/**
 * The /30s AWS refuses as a tunnel's inside CIDR (its own link-local services use them).
 * 169.254.169.252/30 also holds 169.254.169.254, the metadata address of both clouds.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html
 */
export const AWS_RESERVED_INSIDE_CIDRS: readonly string[] = [
  "169.254.0.0/30",
  "169.254.1.0/30",
  "169.254.2.0/30",
  "169.254.3.0/30",
  "169.254.4.0/30",
  "169.254.5.0/30",
  "169.254.169.252/30",
];

/**
 * The block the four tunnels take their inside /30s from: exactly four /30s, none reserved. Change it
 * only when another VPN on the same Cloud Router (or virtual private gateway) already uses it.
 */
export const DEFAULT_INSIDE_CIDR_BLOCK = "169.254.10.0/28";

/** HA VPN to AWS needs four tunnels for Google's 99.99 % SLA: two AWS connections of two tunnels each. */
export const TUNNEL_COUNT = 4;

/**
 * Why `block` cannot supply `count` tunnel inside CIDRs, or undefined when it can. Returned, not thrown,
 * so the component can report it with every other bad argument at once.
 */
export function insideCidrBlockProblem(block: string, count: number): string | undefined {
  const parsed = parseCidr(block);
  if ("error" in parsed) {
    return parsed.error;
  }
  const linkLocal = parseCidr(LINK_LOCAL) as Ipv4Block;
  if (parsed.prefix < linkLocal.prefix || !overlaps(parsed, linkLocal)) {
    return `is outside ${LINK_LOCAL}; AWS and Cloud Router take BGP inside addresses only from link-local space`;
  }
  if (parsed.prefix > 30) {
    return "is smaller than a /30; each tunnel needs a /30";
  }
  const usable = usableSlash30s(parsed).length;
  if (usable < count) {
    return `holds ${usable} /30s that AWS accepts, and ${count} tunnels need one each`;
  }
  return undefined;
}

/**
 * The first `count` /30s of `block` that AWS accepts as tunnel inside CIDRs, in address order: distinct,
 * inside 169.254.0.0/16, and none of {@link AWS_RESERVED_INSIDE_CIDRS}. In each /30 AWS takes the first
 * host address (.1) for its virtual private gateway and the customer side (here Cloud Router) the second.
 * Throws on a block that cannot supply them (see {@link insideCidrBlockProblem}).
 */
export function tunnelInsideCidrs(block: string = DEFAULT_INSIDE_CIDR_BLOCK, count: number = TUNNEL_COUNT): string[] {
  const problem = insideCidrBlockProblem(block, count);
  if (problem !== undefined) {
    throw new RangeError(`inside CIDR block ${JSON.stringify(block)} ${problem}`);
  }
  return usableSlash30s(parseCidr(block) as Ipv4Block)
    .slice(0, count)
    .map(formatBlock);
}

function usableSlash30s(block: Ipv4Block): Ipv4Block[] {
  const reserved = AWS_RESERVED_INSIDE_CIDRS.map((cidr) => parseCidr(cidr) as Ipv4Block);
  return Array.from({ length: 2 ** (30 - block.prefix) }, (_, i) => subnet(block, 30, i)).filter(
    (candidate) => !reserved.some((r) => overlaps(candidate, r)),
  );
}

/** One of the four tunnels: which gateway interfaces and AWS connection it joins, and its inside CIDR. */
export interface TunnelSpec {
  /** 0 to 3: the tunnel's position, and the interface id on the GCP external VPN gateway (the AWS side). */
  readonly index: number;
  /** The HA VPN gateway interface (0 or 1) the tunnel leaves from. */
  readonly haVpnInterface: 0 | 1;
  /** The AWS VPN connection (0 or 1) the tunnel belongs to: the one whose customer gateway is that interface. */
  readonly connection: 0 | 1;
  /** Which of the connection's two tunnels it is (AWS numbers them 1 and 2). */
  readonly awsTunnel: 1 | 2;
  /** The tunnel's /30 of BGP inside addresses. */
  readonly insideCidr: string;
}

/**
 * The four tunnels as Google's "HA VPN to AWS" guide pairs them: AWS connection 0 terminates on HA VPN
 * interface 0 and supplies external gateway interfaces 0 and 1; connection 1 terminates on interface 1
 * and supplies interfaces 2 and 3. Either GCP interface, either AWS connection, and any one AWS endpoint
 * can fail and BGP still has a path.
 * @see https://cloud.google.com/network-connectivity/docs/vpn/how-to/connect-ha-vpn-aws-peer-gateway
 */
export function planTunnels(insideCidrs: readonly string[]): TunnelSpec[] {
  if (insideCidrs.length !== TUNNEL_COUNT || new Set(insideCidrs).size !== TUNNEL_COUNT) {
    throw new RangeError(`need ${TUNNEL_COUNT} distinct inside CIDRs, got ${JSON.stringify(insideCidrs)}`);
  }
  return insideCidrs.map((insideCidr, index) => {
    const connection = index < 2 ? 0 : 1;
    return { index, haVpnInterface: connection, connection, awsTunnel: index % 2 === 0 ? 1 : 2, insideCidr };
  });
}
