import { ArgProblem, intRange } from "../problems";
import { parseCidr } from "../../lib/cidr";

/** A Google Cloud region ("asia-northeast1"); a zone adds a letter ("asia-northeast1-a"). */
const REGION = /^[a-z]+-[a-z]+\d+$/;
const ZONE = /^([a-z]+-[a-z]+\d+)-[a-z]$/;

/** What {@link gkeProblems} checks: the plain (non-Output) arguments of a GkeCluster. */
export interface GkeRuleInput {
  readonly location: string;
  readonly nodeLocations?: readonly string[];
  readonly masterIpv4CidrBlock: string;
  readonly masterAuthorizedNetworks: readonly { readonly displayName: string; readonly cidrBlock: string }[];
  readonly privateEndpoint: boolean;
  readonly nodePool: {
    readonly minNodesPerZone: number;
    readonly maxNodesPerZone: number;
    readonly diskSizeGb: number;
  };
}

/**
 * Every problem with a GkeCluster's arguments, so one run reports them all. The location must be a
 * region: a zonal cluster has a single control-plane replica, and GKE cannot turn it regional later.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/regional-clusters
 */
export function gkeProblems(a: GkeRuleInput): ArgProblem[] {
  const problems: ArgProblem[] = [];
  if (!REGION.test(a.location)) {
    const zone = ZONE.exec(a.location);
    problems.push({
      path: "location",
      message: zone
        ? `got "${a.location}", a zone; a zonal cluster runs one control-plane replica and cannot become regional later`
        : `got "${a.location}"; expected a Google Cloud region like "asia-northeast1"`,
      fix: zone ? `pass the region "${zone[1]}"` : 'pass the region the site runs in, e.g. "asia-northeast1"',
    });
  }
  for (const zone of a.nodeLocations ?? []) {
    if (!zone.startsWith(`${a.location}-`) || !ZONE.test(zone)) {
      problems.push({
        path: "nodeLocations",
        message: `got "${zone}"; node zones must be zones of ${a.location}`,
        fix: `pass zones like "${a.location}-a", or leave nodeLocations out to let GKE pick three`,
      });
    }
  }
  if ((a.nodeLocations ?? []).length === 1) {
    problems.push({
      path: "nodeLocations",
      message: "got one zone; the nodes would not survive the loss of that zone",
      fix: "list at least two zones (three for production), or leave nodeLocations out",
    });
  }
  const master = parseCidr(a.masterIpv4CidrBlock);
  if ("error" in master || master.prefix !== 28) {
    problems.push({
      path: "masterIpv4CidrBlock",
      message: `got "${a.masterIpv4CidrBlock}", which ${"error" in master ? master.error : "is not a /28, the only size GKE takes"}`,
      fix: 'pass an unused private /28 outside every site range, e.g. "172.16.0.0/28"',
    });
  }
  a.masterAuthorizedNetworks.forEach((n, i) => {
    const parsed = parseCidr(n.cidrBlock);
    if ("error" in parsed) {
      problems.push({
        path: `masterAuthorizedNetworks[${i}].cidrBlock`,
        message: `got "${n.cidrBlock}", which ${parsed.error}`,
        fix: "pass the network's IPv4 CIDR block",
      });
    }
  });
  if (!a.privateEndpoint && a.masterAuthorizedNetworks.length === 0) {
    problems.push({
      path: "masterAuthorizedNetworks",
      message: "is empty with `privateEndpoint: false`; the public endpoint would be reachable from no network",
      fix: "list the CIDRs that may reach the public endpoint, or keep the private endpoint only",
    });
  }
  const { minNodesPerZone: min, maxNodesPerZone: max } = a.nodePool;
  problems.push(
    ...intRange("nodePool.minNodesPerZone", min, 0, 1000, "the autoscaler's per-zone floor is 0 to 1000 nodes"),
    ...intRange("nodePool.maxNodesPerZone", max, 1, 1000, "the autoscaler's per-zone ceiling is 1 to 1000 nodes"),
    ...intRange("nodePool.diskSizeGb", a.nodePool.diskSizeGb, 10, 65536, "a GKE boot disk is 10 GB to 64 TB"),
  );
  if (Number.isInteger(min) && Number.isInteger(max) && min > max) {
    problems.push({
      path: "nodePool.minNodesPerZone",
      message: `got ${min}, above \`nodePool.maxNodesPerZone\` (${max})`,
      fix: `pass a minimum of at most ${max}, or raise the maximum`,
    });
  }
  return problems;
}
