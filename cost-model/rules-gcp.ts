import { cloudResources, GraphResource, T } from "@dr-platform/model";
import { MeterLine, Rule, RuleContext } from "./meter-types";
import { firewallLines, hourly, list, monthly, num, obj, regionOf, str, usage } from "./rule-helpers";

/** What each Google Cloud resource type bills for (and the forwarding rules of a GKE Gateway or Ingress). */

const POOL = T.nodePool;
const DEPLOYMENT = T.deployment;
const HPA = T.hpa;

/** Zones a regional pool spans: its own node locations, else GKE's default of three zones of the region. */
function zonesOf(pool: GraphResource, ctx: RuleContext): number {
  const own = list(pool.inputs.nodeLocations).length;
  return own > 0 ? own : ctx.assumptions.gkeZonesPerRegion;
}

/**
 * The fewest nodes the cluster's workloads keep busy: a Deployment with replicas cannot run on a pool at
 * zero, and a zone spread that must be honoured (DoNotSchedule) needs a node in as many zones as it has
 * replicas (small pods are assumed to share a node per zone).
 */
function workloadFloor(pool: GraphResource, ctx: RuleContext, zones: number): { nodes: number; why?: string } {
  const provider = ctx.graph.resources.find(
    (x) => x.type === "pulumi:providers:kubernetes" && x.parent === pool.parent,
  );
  if (!provider) {
    return { nodes: 0 };
  }
  const onCluster = (type: string) =>
    cloudResources(ctx.graph).filter((x) => x.type === type && x.provider === provider.urn);
  let floor: { nodes: number; why?: string } = { nodes: 0 };
  for (const deployment of onCluster(DEPLOYMENT)) {
    const spec = obj(deployment.inputs.spec);
    const hpa = onCluster(HPA).find(
      (h) => obj(obj(h.inputs.spec).scaleTargetRef).name === obj(deployment.inputs.metadata).name,
    );
    const replicas = Math.max(num(spec.replicas) ?? 1, num(obj(hpa?.inputs.spec).minReplicas) ?? 0);
    const spreads = list(obj(obj(spec.template).spec).topologySpreadConstraints).map(obj);
    const strictZones = spreads.some(
      (c) => c.topologyKey === "topology.kubernetes.io/zone" && c.whenUnsatisfiable === "DoNotSchedule",
    );
    const nodes = replicas === 0 ? 0 : strictZones ? Math.min(replicas, zones) : 1;
    if (nodes > floor.nodes) {
      floor = {
        nodes,
        why: `${deployment.name} keeps ${replicas} replica(s)${strictZones ? " spread over zones (DoNotSchedule)" : ""}`,
      };
    }
  }
  return floor;
}

/** Nodes a pool runs at rest: its minimum (the autoscaler removes idle nodes), raised to its workload's floor. */
export function poolNodes(pool: GraphResource, ctx: RuleContext): { nodes: number; assumption: string } {
  const zones = zonesOf(pool, ctx);
  const auto = obj(pool.inputs.autoscaling);
  const perZone = num(auto.minNodeCount) ?? num(pool.inputs.nodeCount) ?? num(pool.inputs.initialNodeCount) ?? 1;
  const minimum = num(auto.totalMinNodeCount) ?? perZone * zones;
  const floor = workloadFloor(pool, ctx, zones);
  const zoneText = list(pool.inputs.nodeLocations).length > 0 ? `${zones} zones` : `${zones} zones (GKE's default)`;
  if (floor.nodes > minimum) {
    return {
      nodes: floor.nodes,
      assumption: `minimum ${minimum} node(s) over ${zoneText}, but ${floor.why}: counted at ${floor.nodes}`,
    };
  }
  return { nodes: minimum, assumption: `the autoscaler's minimum: ${minimum} node(s) over ${zoneText}` };
}

function nodePool(r: GraphResource, ctx: RuleContext): MeterLine[] {
  const config = obj(r.inputs.nodeConfig);
  const machine = str(config.machineType) ?? "e2-medium";
  const spot = config.spot === true || config.preemptible === true;
  const { nodes, assumption } = poolNodes(r, ctx);
  const disk = num(config.diskSizeGb) ?? 100;
  const diskType = (str(config.diskType) ?? "pd-balanced").replace(/^pd-/, "");
  return [
    hourly(r, ctx, `${spot ? "gce-spot" : "gce"}:${machine}`, nodes, `${machine} node(s)`, {
      assumption,
      switchedOffBy: "gkeNodePool",
      compute: true,
    }),
    {
      ...monthly(r, `pd:${diskType}`, nodes * disk, `GB-month of pd-${diskType} boot disks (${nodes} x ${disk} GB)`),
      unit: "GB-month",
      // Boot disks are deleted with the nodes when the pool is resized to zero.
      switchedOffBy: "gkeNodePool",
    },
  ];
}

function routerNat(r: GraphResource, ctx: RuleContext): MeterLine[] {
  const region = regionOf(r);
  const vms = cloudResources(ctx.graph)
    .filter((p) => p.type === POOL && regionOf(p) === region)
    .reduce((sum, p) => sum + poolNodes(p, ctx).nodes, 0);
  // Cloud NAT bills per VM using it, capped at 32 VMs per gateway.
  const billed = Math.min(vms, 32);
  return [
    hourly(r, ctx, "cloud-nat:gateway-per-vm", billed, "VM(s) behind the gateway", {
      assumption: `the GKE nodes of ${region} at rest (${vms})`,
      switchedOffBy: "gkeNodePool",
    }),
    usage(r, "cloud-nat:data-processed", "GB", "data processed by Cloud NAT"),
  ];
}

function sqlInstance(r: GraphResource, ctx: RuleContext): MeterLine[] {
  const settings = obj(r.inputs.settings);
  const tier = str(settings.tier) ?? "unknown";
  const regional = settings.availabilityType === "REGIONAL";
  const edition = settings.edition === "ENTERPRISE_PLUS" ? "enterprise-plus" : "enterprise";
  const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
  const ha = regional ? "ha-regional" : "zonal";
  const base = { switchedOffBy: "cloudSql", compute: true } as const;
  const lines: MeterLine[] = custom
    ? [
        {
          ...hourly(r, ctx, `cloudsql-postgres-${edition}:vcpu-${ha}`, Number(custom[1]), "vCPU(s)", base),
          unit: "vCPU-hours",
        },
        {
          ...hourly(r, ctx, `cloudsql-postgres-${edition}:memory-${ha}`, Number(custom[2]) / 1024, "GB memory", base),
          unit: "GB-hours",
        },
      ]
    : [hourly(r, ctx, `cloudsql:${tier}-${ha}`, 1, `${tier} instance`, base)];
  const disk = num(settings.diskSize) ?? 10;
  const diskType = settings.diskType === "PD_HDD" ? "hdd" : "ssd";
  lines.push({
    ...monthly(r, `cloudsql:${diskType}-storage`, disk * (regional ? 2 : 1), `GB-month of ${diskType} storage`),
    unit: "GB-month",
    assumption: regional
      ? `${disk} GB, billed twice: a REGIONAL instance keeps a standby copy (HA price); storage is billed while stopped`
      : `${disk} GB; storage is billed while stopped`,
  });
  lines.push(usage(r, "cloudsql:backup-storage", "GB-month", "backups beyond the free allowance"));
  return lines;
}

function globalAddress(r: GraphResource, ctx: RuleContext): MeterLine[] | { notBilled: string } {
  if (r.inputs.addressType === "INTERNAL") {
    return { notBilled: "an internal range reserved for private services access" };
  }
  return [hourly(r, ctx, "gcp-ip:static-external-on-forwarding-rule", 1, "static external IPv4 address")];
}

/** A GCE ingress creates a global forwarding rule per protocol it serves (HTTPS, and HTTP unless disabled). */
function ingress(r: GraphResource, ctx: RuleContext): MeterLine[] | { notBilled: string } {
  const annotations = obj(obj(r.inputs.metadata).annotations);
  if (annotations["kubernetes.io/ingress.class"] !== "gce") {
    return { notBilled: "not a GCE ingress: its load balancer, if any, is a resource of its own in the plan" };
  }
  const http = annotations["kubernetes.io/ingress.allow-http"] !== "false";
  const rules = http ? 2 : 1;
  const opts = { cloud: "gcp", region: "global" } as const;
  return [
    hourly(r, ctx, "lb:forwarding-rule-first-5", rules, `global forwarding rule(s) (HTTPS${http ? " + HTTP" : ""})`, {
      ...opts,
      assumption: "the GKE ingress controller creates one forwarding rule per protocol; within the first five rules",
    }),
    usage(r, "lb:inbound-data-processed", "GB", "data processed by the load balancer", opts),
  ];
}

/**
 * A GKE Gateway of a global class is a global external Application Load Balancer: the Gateway controller
 * creates one global forwarding rule per listener port (here 443, and 80 for the redirect).
 */
function gateway(r: GraphResource, ctx: RuleContext): MeterLine[] {
  const spec = obj(r.inputs.spec);
  const ports = new Set(list(spec.listeners).map((l) => num(obj(l).port)));
  const global = (str(spec.gatewayClassName) ?? "").startsWith("gke-l7-global");
  const opts = { cloud: "gcp", region: global ? "global" : regionOf(r) } as const;
  return [
    hourly(
      r,
      ctx,
      global ? "lb:forwarding-rule-first-5" : "lb:forwarding-rule-regional",
      ports.size,
      `${global ? "global" : "regional"} forwarding rule(s) (one per listener port)`,
      {
        ...opts,
        assumption:
          "the GKE Gateway controller creates one forwarding rule per listener port; within the first five rules",
      },
    ),
    usage(r, "lb:inbound-data-processed", "GB", "data processed by the load balancer", opts),
  ];
}

/**
 * Certificate Manager prices certificates, map entries and DNS authorizations
 * (https://cloud.google.com/certificate-manager/pricing); the price table has no dated, sourced figure for
 * them, so each line is reported as an unknown price, never as 0.
 */
const certificateManager =
  (sku: string, what: string): Rule =>
  (r) => [monthly(r, sku, 1, what, { region: "global" })];

const usageOnly =
  (sku: string, unit: string, what: string): Rule =>
  (r) => [usage(r, sku, unit, what)];

export const GCP_RULES: Readonly<Record<string, Rule>> = {
  [T.gkeCluster]: (r, ctx) => [hourly(r, ctx, "gke:cluster-management-fee", 1, "cluster")],
  [POOL]: nodePool,
  [T.gcpRouterNat]: routerNat,
  [T.gcpVpnTunnel]: (r, ctx) => [
    hourly(r, ctx, "vpn:ha-vpn-tunnel", 1, "HA VPN tunnel"),
    usage(r, "vpn:egress", "GB", "data sent over the tunnel"),
  ],
  [T.cloudSql]: sqlInstance,
  [T.gcpGlobalAddress]: globalAddress,
  [T.ingress]: ingress,
  [T.gateway]: gateway,
  [T.gcpCertificate]: certificateManager("certificate-manager:certificate", "Google-managed certificate"),
  [T.gcpCertificateMapEntry]: certificateManager("certificate-manager:map-entry", "certificate map entry"),
  [T.gcpDnsAuthorization]: certificateManager("certificate-manager:dns-authorization", "DNS authorization"),
  [T.gcpCryptoKey]: (r) => [
    monthly(r, "gcp-kms:key-version", 1, "active key version", {
      assumption: "one active version; each rotation adds a version that stays billed until destroyed",
    }),
  ],
  [T.migrationJob]: (r) => [monthly(r, "dms:homogeneous-migration", 1, "PostgreSQL to Cloud SQL migration job")],
  [T.gcsBucket]: usageOnly("gcs:standard-storage", "GB-month", "objects stored"),
  [T.transferJob]: usageOnly(
    "sts:agentless-transfer",
    "GB",
    "objects copied from S3 (plus AWS internet egress from the source bucket)",
  ),
  [T.pubsubTopic]: usageOnly("pubsub:throughput", "TiB", "messages published and delivered"),
  [T.pubsubSubscription]: usageOnly("pubsub:throughput", "TiB", "messages delivered and retained"),
  [T.gcpSubnetwork]: (r) =>
    r.inputs.logConfig === undefined
      ? { notBilled: "a subnet without flow logs" }
      : [usage(r, "vpc-flow-logs:generation", "GB", "flow log records generated")],
  [T.gcpSchedulerJob]: (r) => [monthly(r, "cloud-scheduler:job", 1, "scheduler job")],
  [T.gcpLogMetric]: usageOnly("cloud-monitoring:metric-samples", "MiB", "samples of a log-based metric"),
  [T.cloudArmorPolicy]: (r) => firewallLines(r, "cloud-armor", "policy"),
  [T.gcpSecret]: (r) => [
    monthly(r, "secret-manager:secret-version", 1, "active secret version", {
      assumption: "one active version per secret",
    }),
  ],
  [T.cloudRunJob]: usageOnly("cloud-run:job-resources", "vCPU-second", "only while the job runs (after a promotion)"),
  [T.gcpWorkflow]: usageOnly("workflows:steps", "1K steps", "steps executed (a promotion: a few hundred)"),
  [T.gcpEventarcTrigger]: usageOnly("eventarc:events", "1M events", "events delivered"),
  [T.gcpUptimeCheck]: usageOnly("cloud-monitoring:uptime-check-executions", "1K executions", "checks run"),
  [T.binaryAuthorizationPolicy]: usageOnly(
    "binary-authorization:evaluations",
    "pod admission",
    "policy evaluations at pod admission",
  ),
  [T.gcpAlertPolicy]: (r) => [
    monthly(r, "cloud-monitoring:alert-condition", Math.max(list(r.inputs.conditions).length, 1), "alert condition(s)"),
  ],
};
