import { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { resourceRule, stackRule } from "../lib/rule";
import { at, label, num, obj, ofType, referencing, str } from "../lib/read";
import { onPrimary, subnetAzs, T } from "../lib/sites";

/**
 * Availability inside the primary region: every tier spread over enough AZs that losing one loses no
 * service (docs/sources.md#zonal-spread). The AZ floor is config (`minAzs`): 3 in prod, 2 elsewhere.
 */

const minAzsSchema: PolicyConfigSchema = {
  properties: { minAzs: { type: "integer", minimum: 1, default: 3, description: "Fewest distinct AZs" } },
};
type MinAzs = { minAzs: number };

const azList = (azs: string[]) => (azs.length === 0 ? "none" : azs.join(", "));

export const subnetsAcrossAzs = () =>
  stackRule<MinAzs>(
    {
      name: "subnets-across-azs",
      area: "availability",
      description: "Each VPC of the primary site has subnets in at least `minAzs` availability zones.",
      severity: "high",
      remediation: "raise `primary.azCount` (pulumi config set --path primary.azCount 3).",
      configSchema: minAzsSchema,
    },
    (resources, report, { config }) => {
      for (const vpc of ofType(resources, T.vpc).filter(onPrimary)) {
        const subnets = referencing(resources, vpc, T.subnet, "vpcId");
        const azs = [...new Set(subnets.map((s) => str(s.props.availabilityZone) ?? "?"))].sort();
        if (azs.length < config.minAzs) {
          report(
            `${label(vpc)} has subnets in ${azs.length} AZ(s) (${azList(azs)}); at least ${config.minAzs} are required.`,
            vpc.urn,
          );
        }
      }
    },
  );

export const eksControlPlaneAzs = () =>
  stackRule<MinAzs>(
    {
      name: "eks-control-plane-azs",
      area: "availability",
      description:
        "The EKS control plane's subnets span at least `minAzs` AZs, so its API servers and etcd survive an AZ.",
      severity: "high",
      remediation: "give the cluster a private subnet in every AZ (raise `primary.azCount`).",
      configSchema: minAzsSchema,
    },
    (resources, report, { config }) => {
      for (const cluster of ofType(resources, T.eksCluster).filter(onPrimary)) {
        const azs = subnetAzs(cluster);
        if (azs.length < config.minAzs) {
          report(
            `${label(cluster)} has control-plane subnets in ${azs.length} AZ(s) (${azList(azs)}); at least ${config.minAzs} are required.`,
            cluster.urn,
          );
        }
      }
    },
  );

export const nodeGroupsAcrossAzs = () =>
  stackRule<MinAzs>(
    {
      name: "node-groups-across-azs",
      area: "availability",
      description: "The managed node groups of each primary EKS cluster together cover at least `minAzs` AZs.",
      severity: "high",
      remediation: "keep one node group per AZ (the NodeGroups component does this for every AZ of the site).",
      configSchema: minAzsSchema,
    },
    (resources, report, { config }) => {
      for (const cluster of ofType(resources, T.eksCluster).filter(onPrimary)) {
        const groups = referencing(resources, cluster, T.nodeGroup, "clusterName");
        const azs = [...new Set(groups.flatMap(subnetAzs))].sort();
        if (azs.length < config.minAzs) {
          report(
            `${label(cluster)} has node groups in ${azs.length} AZ(s) (${azList(azs)}); at least ${config.minAzs} are required.`,
            cluster.urn,
          );
        }
      }
    },
  );

export const natPerAz = () =>
  stackRule(
    {
      name: "nat-per-az",
      area: "availability",
      description:
        "Every AZ with subnets in a primary VPC has its own NAT gateway: a single NAT is a single point of failure for egress.",
      severity: "high",
      remediation: "use a NAT gateway per AZ (pulumi config set --path primary.natGateways per-az).",
    },
    (resources, report) => {
      for (const vpc of ofType(resources, T.vpc).filter(onPrimary)) {
        const subnets = referencing(resources, vpc, T.subnet, "vpcId");
        const azs = [...new Set(subnets.map((s) => str(s.props.availabilityZone) ?? "?"))].sort();
        const subnetUrns = new Set(subnets.map((s) => s.urn));
        const nats = ofType(resources, T.natGateway).filter((n) => n.dependencies.some((d) => subnetUrns.has(d.urn)));
        const natAzs = [...new Set(nats.flatMap(subnetAzs))].sort();
        const missing = azs.filter((az) => !natAzs.includes(az));
        if (missing.length > 0) {
          report(
            `${label(vpc)} has NAT gateways in ${azList(natAzs)} but none in ${missing.join(", ")}; losing ${natAzs[0] ?? "the NAT's AZ"} cuts egress for the others.`,
            vpc.urn,
          );
        }
      }
    },
  );

export const auroraMultiAz = () =>
  stackRule<{ minInstances: number }>(
    {
      name: "aurora-multi-az",
      area: "availability",
      description:
        "The primary Aurora cluster has at least `minInstances` instances in distinct AZs, so a reader can take over from the writer.",
      severity: "high",
      remediation: "set `database.instances` to 2 or more (pulumi config set --path database.instances 2).",
      related: [
        {
          id: "CKV_AWS_157",
          difference:
            "CKV_AWS_157 checks aws_db_instance multi_az and never evaluates Aurora clusters or their instances; ours counts the primary cluster's instances in distinct AZs.",
        },
      ],
      configSchema: {
        properties: { minInstances: { type: "integer", minimum: 1, default: 2, description: "Fewest instances" } },
      },
    },
    (resources, report, { config }) => {
      for (const cluster of ofType(resources, T.rdsCluster).filter(onPrimary)) {
        const instances = referencing(resources, cluster, T.rdsInstance, "clusterIdentifier");
        const azs = new Set(instances.map((i) => str(i.props.availabilityZone) ?? i.urn));
        if (instances.length < config.minInstances || azs.size < Math.min(config.minInstances, 2)) {
          report(
            `${label(cluster)} has ${instances.length} instance(s) in ${azs.size} distinct AZ(s); at least ${config.minInstances} in distinct AZs are required.`,
            cluster.urn,
          );
        }
      }
    },
  );

/** A GCP location is a zone when it ends in a zone letter (asia-northeast3-a). */
const isZone = (location: string) => /-[a-z]$/.test(location);

export const gkeRegional = () =>
  resourceRule(
    {
      name: "gke-regional",
      area: "availability",
      description: "GKE clusters and node pools are regional: a zonal control plane goes down with its zone.",
      severity: "high",
      remediation: "create the cluster with a region (asia-northeast3) as its location, not a zone.",
    },
    [T.gkeCluster, T.nodePool],
    (props, report, { args }) => {
      const location = str(props.location) ?? "";
      if (location === "" || isZone(location)) {
        report(`${label(args)} has location "${location}", a zone; a regional location is required.`);
      }
    },
  );

export const cloudSqlRegional = () =>
  resourceRule(
    {
      name: "cloud-sql-regional",
      area: "availability",
      description: "Cloud SQL instances are REGIONAL (a standby in a second zone with automatic failover).",
      severity: "high",
      remediation: "set settings.availabilityType to REGIONAL on the Cloud SQL instance.",
    },
    [T.cloudSql],
    (props, report, { args }) => {
      const availability = str(at(props, "settings.availabilityType")) ?? "ZONAL";
      if (availability !== "REGIONAL") {
        report(`${label(args)} has availabilityType ${availability}; REGIONAL is required.`);
      }
    },
  );

const labelsOf = (v: unknown) => obj(v) as Record<string, unknown>;
const selects = (selector: Record<string, unknown>, labels: Record<string, unknown>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
const sameNamespace = (a: PolicyResource, b: PolicyResource) =>
  at(a.props, "metadata.namespace") === at(b.props, "metadata.namespace");

export const workloadResilience = () =>
  stackRule(
    {
      name: "workload-resilience",
      area: "availability",
      description: "Every Deployment behind a Service has an HPA, a PodDisruptionBudget and a zone topology spread.",
      severity: "medium",
      remediation: "deploy services with the SampleService component, which adds all three.",
    },
    (resources, report) => {
      const services = ofType(resources, T.service);
      for (const deployment of ofType(resources, T.deployment)) {
        const podLabels = labelsOf(at(deployment.props, "spec.template.metadata.labels"));
        // Only served workloads must survive an AZ; drills (load generators, inflate) are not behind a Service.
        const served = services.some(
          (s) => sameNamespace(s, deployment) && selects(labelsOf(at(s.props, "spec.selector")), podLabels),
        );
        if (!served) {
          continue;
        }
        const name = at(deployment.props, "metadata.name");
        const missing: string[] = [];
        const hasHpa = ofType(resources, T.hpa).some(
          (h) =>
            sameNamespace(h, deployment) &&
            at(h.props, "spec.scaleTargetRef.name") === name &&
            at(h.props, "spec.scaleTargetRef.kind") === "Deployment",
        );
        if (!hasHpa) missing.push("a HorizontalPodAutoscaler");
        const hasPdb = ofType(resources, T.pdb).some(
          (p) => sameNamespace(p, deployment) && selects(labelsOf(at(p.props, "spec.selector.matchLabels")), podLabels),
        );
        if (!hasPdb) missing.push("a PodDisruptionBudget");
        const spreads = (at(deployment.props, "spec.template.spec.topologySpreadConstraints") ?? []) as unknown[];
        const zoneSpread =
          Array.isArray(spreads) && spreads.some((c) => obj(c).topologyKey === "topology.kubernetes.io/zone");
        if (!zoneSpread) missing.push("a topology spread over topology.kubernetes.io/zone");
        if (missing.length > 0) {
          report(`${label(deployment)} is served by a Service but lacks ${missing.join(", ")}.`, deployment.urn);
        }
      }
    },
  );

export const nodeGroupScaling = () =>
  resourceRule(
    {
      name: "node-group-scaling",
      area: "availability",
      description: "Node groups and node pools can scale: min < max, so the autoscaler can add capacity.",
      severity: "medium",
      remediation: "raise the group's maxSize above minSize (primary.nodeGroups.<group>.maxSize).",
    },
    [T.nodeGroup, T.nodePool],
    (props, report, { args }) => {
      const scaling = obj(args.type === T.nodeGroup ? props.scalingConfig : props.autoscaling);
      const min = num(scaling.minSize ?? scaling.minNodeCount ?? scaling.totalMinNodeCount) ?? 0;
      const max = num(scaling.maxSize ?? scaling.maxNodeCount ?? scaling.totalMaxNodeCount);
      if (max === undefined || min >= max) {
        report(`${label(args)} has min ${min} and max ${max ?? "unset"}; max must be above min.`);
      }
    },
  );

export const availabilityRules = () => [
  subnetsAcrossAzs(),
  eksControlPlaneAzs(),
  nodeGroupsAcrossAzs(),
  natPerAz(),
  auroraMultiAz(),
  gkeRegional(),
  cloudSqlRegional(),
  workloadResilience(),
  nodeGroupScaling(),
];
