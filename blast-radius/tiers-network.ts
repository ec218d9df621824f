import { GraphResource } from "@dr-platform/model";
import { Tier, tier, ZONAL_FACTS } from "./model";
import {
  azList,
  azsOf,
  Indexed,
  loadBalancerSubnets,
  obj,
  ofType,
  resolveRefs,
  str,
  subnetAz,
  TYPES,
} from "./topology";
import { replicasLeftAtOnce, Workload } from "./workload";

/** One AZ lost in one region: the context every zonal tier reads. */
export interface AzLoss {
  readonly ix: Indexed;
  readonly region: string;
  readonly lost: string;
  /** The other AZs of the region that the plan uses. */
  readonly survivors: readonly string[];
}

const survivingOf = (c: AzLoss, azs: readonly string[]) => azs.filter((a) => a !== c.lost);

/** A private route table: its NAT gateway, and the AZs of the subnets that use it. */
interface PrivateRoute {
  readonly table: GraphResource;
  readonly nat: GraphResource;
  /** The NAT gateway's AZ; undefined when its subnet cannot be placed (counted as lost). */
  readonly natAz?: string;
  readonly servedAzs: string[];
}

function privateRoutes(c: AzLoss): PrivateRoute[] {
  const { ix, region } = c;
  const associations = ofType(ix, TYPES.routeTableAssociation, region);
  return ofType(ix, TYPES.route, region).flatMap((route) => {
    if (route.inputs.natGatewayId === undefined) {
      return [];
    }
    const table = resolveRefs(ix, route, "routeTableId", TYPES.routeTable).found[0];
    const nat = resolveRefs(ix, route, "natGatewayId", TYPES.natGateway).found[0];
    if (!table || !nat) {
      return [];
    }
    const servedAzs = associations
      .filter((a) => resolveRefs(ix, a, "routeTableId", TYPES.routeTable).found[0] === table)
      .flatMap((a) => resolveRefs(ix, a, "subnetId", TYPES.subnet).found.map(subnetAz))
      .filter((az): az is string => az !== undefined);
    return [{ table, nat, natAz: azsOf(ix, nat, "subnetId").azs[0], servedAzs: [...new Set(servedAzs)] }];
  });
}

/** AWS services the pods and nodes call, and the VPC endpoint names that would keep them off the NAT path. */
const OUTBOUND = ["ecr.api", "ecr.dkr", "sts", "eks-auth", "sqs", "secretsmanager"];

/**
 * NAT and egress. A private subnet leaves through the NAT gateway its route table names; a NAT gateway
 * lives in one AZ. So a surviving AZ keeps egress only if its route table's NAT is not in the lost AZ:
 * one NAT per AZ loses only the lost AZ's own (already gone) subnets, a single NAT in the lost AZ takes
 * egress from every AZ. Inbound traffic through the ALB does not use the NAT, so running pods keep
 * answering; what breaks is everything that calls out without a VPC endpoint, and image pulls.
 */
export function egressTier(c: AzLoss, workloads: readonly Workload[], nodeZones: number): Tier {
  const routes = privateRoutes(c);
  if (routes.length === 0) {
    return tier(
      "egress",
      "absent",
      "none",
      "no NAT gateway route in this site: private subnets have no internet egress",
    );
  }
  const natLost = (r: PrivateRoute) => r.natAz === undefined || r.natAz === c.lost;
  const cutOff = c.survivors.filter((az) => routes.some((r) => r.servedAzs.includes(az) && natLost(r)));
  const withEgress = c.survivors.filter((az) => routes.some((r) => r.servedAzs.includes(az)));
  if (cutOff.length === 0) {
    const lostNat = [...new Set(routes.filter(natLost).map((r) => r.nat.name))];
    const kept = withEgress.map((az) => `${az} via ${routes.find((r) => r.servedAzs.includes(az))!.nat.name}`);
    return tier(
      "egress",
      lostNat.length > 0 ? "reduced" : "ok",
      "none",
      `surviving AZs keep egress (${kept.join(", ")})` +
        (lostNat.length > 0 ? `; ${lostNat.join(", ")} served only ${c.lost}` : ""),
    );
  }
  const endpoints = ofType(c.ix, TYPES.vpcEndpoint, c.region).map((e) => str(e.inputs.serviceName) ?? "");
  const missing = OUTBOUND.filter((s) => !endpoints.some((e) => e.endsWith(`.${s}`)));
  const cause = routes
    .filter((r) => natLost(r) && r.servedAzs.some((az) => cutOff.includes(az)))
    .map((r) => r.nat.name);
  // A replacement pod must pull its image; with no replica left running and no egress, nothing answers.
  const stranded = workloads.filter((w) => w.serving && replicasLeftAtOnce(w, nodeZones) === 0);
  const notes = [
    "inbound traffic through the load balancer does not use the NAT gateway, so running pods keep answering",
    `calls out without a VPC endpoint fail: ${missing.join(", ")} (endpoints in the plan: ${endpoints.length > 0 ? endpoints.join(", ") : "none"})`,
    `images from outside the VPC cannot be pulled (${[...new Set(workloads.flatMap((w) => w.images))].join(", ")}), and new nodes cannot pull their own images from ECR to join`,
    ...(stranded.length > 0
      ? [
          `${stranded.map((w) => w.name).join(", ")} may have no replica left to answer, and replacements cannot pull their image`,
        ]
      : []),
  ];
  const all = cutOff.length === withEgress.length;
  return tier(
    "egress",
    all ? "lost" : "reduced",
    stranded.length > 0 && all ? "down" : "degraded",
    `${[...new Set(cause)].join(", ")} in ${c.lost} was the egress of ${azList(cutOff)}: ` +
      (all
        ? "no surviving AZ reaches the internet"
        : `${azList(withEgress.filter((a) => !cutOff.includes(a)))} keep theirs`),
    notes,
  );
}

/**
 * The load balancer. An ALB has a node in each AZ it has a subnet in and routes across zones, so it
 * keeps serving from the AZs left; it needs subnets in two AZs only to be created or to change subnets.
 */
export function loadBalancerTier(c: AzLoss): Tier {
  const lbs = ofType(c.ix, TYPES.loadBalancer, c.region);
  if (lbs.length === 0) {
    return tier("load balancer", "absent", "none", "no load balancer in this site");
  }
  const results = lbs.map((lb) => {
    const subnets = loadBalancerSubnets(lb);
    const placed = azsOf(c.ix, lb, subnets.property, subnets.values);
    const left = survivingOf(c, placed.azs);
    const name = `${lb.name} (${str(lb.inputs.loadBalancerType) ?? "application"})`;
    if (!placed.azs.includes(c.lost) && placed.unknown === 0) {
      return tier("load balancer", "ok", "none", `${name} has no subnet in ${c.lost}`);
    }
    if (left.length === 0) {
      return tier("load balancer", "lost", "down", `${name} had subnets only in ${c.lost}: no entry point left`);
    }
    const notes =
      left.length < ZONAL_FACTS.albMinimumAzs.count
        ? [
            `with one AZ left it keeps serving, but it cannot be re-created or have its subnets changed until a second AZ is back (${ZONAL_FACTS.albMinimumAzs.source})`,
          ]
        : [];
    return tier(
      "load balancer",
      "reduced",
      "none",
      `${name} serves from ${left.length} of ${placed.azs.length} AZs (${azList(left)})`,
      notes,
    );
  });
  return worst(results);
}

/**
 * The EKS control plane. AWS runs it across three AZs of the region whatever subnets it is given; the
 * subnets only hold its network interfaces, through which nodes reach the private endpoint. So it
 * survives an AZ as long as one of its subnets does, and is at full strength with two.
 */
export function controlPlaneTier(c: AzLoss): Tier {
  const clusters = ofType(c.ix, TYPES.eksCluster, c.region);
  if (clusters.length === 0) {
    return tier("control plane", "absent", "none", "no EKS cluster in this site");
  }
  return worst(
    clusters.map((cluster) => {
      const placed = azsOf(c.ix, cluster, "vpcConfig.subnetIds");
      const left = survivingOf(c, placed.azs);
      const shift = obj(cluster.inputs.zonalShiftConfig).enabled === true;
      const notes = [
        ZONAL_FACTS.eksControlPlane,
        shift
          ? "zonal shift is enabled: an ARC zonal shift (or autoshift) steers in-cluster traffic away from the impaired AZ"
          : "zonal shift is not enabled: in-cluster traffic keeps going to endpoints in the impaired AZ until they fail readiness",
      ];
      if (left.length === 0) {
        return tier(
          "control plane",
          "lost",
          "down",
          `${cluster.name}: every control-plane subnet was in ${c.lost}`,
          notes,
        );
      }
      const status = placed.azs.includes(c.lost) || placed.unknown > 0 ? "reduced" : "ok";
      return tier(
        "control plane",
        status,
        "none",
        `${cluster.name}: AWS-managed across three AZs; its interfaces remain in ${azList(left)}` +
          (left.length < 2 ? " (one AZ: no spare interface AZ)" : ""),
        notes,
      );
    }),
  );
}

const RANK = { down: 2, degraded: 1, none: 0 } as const;
const STATUS_RANK = { lost: 4, unknown: 3, reduced: 2, ok: 1, absent: 0 } as const;

/**
 * The worst of several results of one tier (several load balancers, clusters or databases): its summary
 * leads, the others' summaries follow as notes so nothing is hidden.
 */
export function worst(results: readonly Tier[]): Tier {
  const rank = (t: Tier) => RANK[t.effect] * 10 + STATUS_RANK[t.status];
  const [first, ...rest] = [...results].sort((a, b) => rank(b) - rank(a));
  return { ...first, notes: [...first.notes, ...rest.flatMap((t) => [t.summary, ...t.notes])] };
}
