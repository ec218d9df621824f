import { ArgProblem } from "../problems";
import { parseCidr } from "../../lib/cidr";
import { insideCidrBlockProblem, TUNNEL_COUNT } from "./tunnel-plan";

/** The ASN AWS gives a virtual private gateway when none is chosen. */
export const DEFAULT_AMAZON_SIDE_ASN = 64512;
/** Google's usual example ASN for a Cloud Router facing AWS; any private ASN other than AWS's works. */
export const DEFAULT_GCP_ROUTER_ASN = 64514;
/** Cloud Router's own default priority for routes it advertises (lower wins on the AWS side). */
export const DEFAULT_ADVERTISED_ROUTE_PRIORITY = 100;

/**
 * True for the private ASN ranges (RFC 6996) that both AWS (`amazonSideAsn`) and Cloud Router accept
 * without proof of ownership: 64512 to 65534 and 4200000000 to 4294967294.
 */
export function isPrivateAsn(asn: number): boolean {
  return Number.isInteger(asn) && ((asn >= 64512 && asn <= 65534) || (asn >= 4_200_000_000 && asn <= 4_294_967_294));
}

/** The values of {@link HaVpnArgs} the rules judge, after defaults. */
export interface HaVpnSettings {
  readonly amazonSideAsn: number;
  readonly gcpRouterAsn: number;
  readonly insideCidrBlock: string;
  readonly advertisedRoutePriority: number;
  readonly routeTableKeys: readonly string[];
  readonly advertisedIpRanges: readonly string[];
  readonly gcpRegion: string;
}

/** Every problem with the settings, in argument order; empty when the VPN can be built. */
export function collectHaVpnProblems(s: HaVpnSettings): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (s.gcpRegion.trim() === "") {
    problems.push({
      path: "gcpRegion",
      message: "is empty; the HA VPN gateway, tunnels and BGP sessions live in the Cloud Router's region",
      fix: 'pass the GCP network\'s region, e.g. "asia-northeast3"',
    });
  }
  for (const [path, asn, fallback] of [
    ["amazonSideAsn", s.amazonSideAsn, DEFAULT_AMAZON_SIDE_ASN],
    ["gcpRouterAsn", s.gcpRouterAsn, DEFAULT_GCP_ROUTER_ASN],
  ] as const) {
    if (!isPrivateAsn(asn)) {
      problems.push({
        path,
        message: `got ${asn}; only a private ASN (64512-65534 or 4200000000-4294967294) is accepted without owning it`,
        fix: `pass a private ASN such as ${fallback}`,
      });
    }
  }
  if (s.amazonSideAsn === s.gcpRouterAsn) {
    problems.push({
      path: "gcpRouterAsn",
      message: `got ${s.gcpRouterAsn}, the same as \`amazonSideAsn\`; the BGP sessions are eBGP and need a different ASN on each side`,
      fix: `pass another private ASN, e.g. ${s.amazonSideAsn === DEFAULT_GCP_ROUTER_ASN ? DEFAULT_AMAZON_SIDE_ASN : DEFAULT_GCP_ROUTER_ASN}`,
    });
  }
  const blockProblem = insideCidrBlockProblem(s.insideCidrBlock, TUNNEL_COUNT);
  if (blockProblem !== undefined) {
    problems.push({
      path: "insideCidrBlock",
      message: `got ${JSON.stringify(s.insideCidrBlock)}, which ${blockProblem}`,
      fix: 'pass a /28 (or larger) inside 169.254.0.0/16 that avoids 169.254.0.0/21, e.g. "169.254.10.0/28"',
    });
  }
  const priority = s.advertisedRoutePriority;
  if (!Number.isInteger(priority) || priority < 0 || priority > 65535) {
    problems.push({
      path: "advertisedRoutePriority",
      message: `got ${priority}; Cloud Router priorities (BGP MED) are 0 to 65535`,
      fix: `pass an integer from 0 to 65535 (default ${DEFAULT_ADVERTISED_ROUTE_PRIORITY})`,
    });
  }
  if (s.routeTableKeys.length === 0) {
    problems.push({
      path: "routeTableIds",
      message: "is empty; no subnet would route to GCP, so the tunnels would carry nothing",
      fix: "pass every private and isolated route table of the VPC (pods and the database both reach GCP)",
    });
  }
  s.advertisedIpRanges.forEach((range, i) => {
    const parsed = parseCidr(range);
    if ("error" in parsed) {
      problems.push({
        path: `advertisedIpRanges[${i}]`,
        message: `got ${JSON.stringify(range)}, which ${parsed.error}`,
        fix: "pass IPv4 CIDR blocks, such as the private services access range Cloud SQL uses",
      });
    }
  });
  return problems;
}
