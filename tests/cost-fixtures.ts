import { T } from "@dr-platform/model";
import { PriceItem, PriceTable } from "../cost-model";
import { Graph, GraphResource } from "../tools/offline/graph";
import { graphResource } from "./hand-graph";

/**
 * Hand-built graphs and a small price table for the cost model's unit tests: only what the model
 * reads, placed through providers named as the program names them, under components named as the
 * program's top-level components are.
 */

const STACK = "test";
const PROJECT = "dr-platform";
const ROOT = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;

export const PROVIDERS: Record<string, { cloud: string; region: string }> = {
  "aws-primary": { cloud: "aws", region: "ap-northeast-2" },
  "aws-secondary": { cloud: "aws", region: "ap-northeast-1" },
  "aws-global": { cloud: "aws", region: "us-east-1" },
  "gcp-secondary": { cloud: "gcp", region: "asia-northeast3" },
};

export interface Spec {
  readonly type: string;
  readonly name: string;
  /** A key of PROVIDERS, or the name of a provider resource among the specs (a Kubernetes provider). */
  readonly provider?: string;
  /** Component path, e.g. "secondary/secondary-gke"; the root stack when absent. */
  readonly component?: string;
  readonly inputs?: Record<string, unknown>;
  /**
   * Names of resources this one references, by input property (`{ clusterIdentifier: "db" }`), recorded as
   * property dependencies and dependencies, as the renderer does; a plain list is only `dependsOn`.
   */
  readonly refs?: readonly string[] | Readonly<Record<string, string | readonly string[]>>;
  /** The region the renderer records when no input names one (a Kubernetes provider's cluster region). */
  readonly region?: string;
}

const urnOf = (type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

/** A graph resource below the root stack unless told otherwise. */
const resource = (fields: Partial<GraphResource> & Pick<GraphResource, "urn" | "type" | "name">): GraphResource =>
  graphResource({ parent: ROOT, ...fields });

export function graph(specs: readonly Spec[]): Graph {
  const resources: GraphResource[] = [
    resource({ urn: ROOT, type: "pulumi:pulumi:Stack", name: `${PROJECT}-${STACK}`, custom: false, parent: undefined }),
  ];
  for (const [name, { cloud, region }] of Object.entries(PROVIDERS)) {
    const type = `pulumi:providers:${cloud}`;
    resources.push(resource({ urn: urnOf(type, name), type, name, region, inputs: { region } }));
  }
  const components = new Map<string, string>();
  const componentUrn = (path: string | undefined): string => {
    if (path === undefined) {
      return ROOT;
    }
    const known = components.get(path);
    if (known) {
      return known;
    }
    const parts = path.split("/");
    const parent = componentUrn(parts.length > 1 ? parts.slice(0, -1).join("/") : undefined);
    const urn = urnOf("platform:test:Component", parts[parts.length - 1]);
    resources.push(
      resource({ urn, type: "platform:test:Component", name: parts[parts.length - 1], custom: false, parent }),
    );
    components.set(path, urn);
    return urn;
  };
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const s of specs) {
    const providerSpec = s.provider ? byName.get(s.provider) : undefined;
    const providerUrn = providerSpec
      ? urnOf(providerSpec.type, providerSpec.name)
      : s.provider
        ? urnOf(`pulumi:providers:${PROVIDERS[s.provider].cloud}`, s.provider)
        : "";
    const ownRegion = s.inputs?.region ?? s.inputs?.location;
    const region =
      s.region ??
      (typeof ownRegion === "string"
        ? ownRegion
        : s.provider && PROVIDERS[s.provider]
          ? PROVIDERS[s.provider].region
          : (providerSpec?.region ?? (providerSpec?.inputs?.region as string | undefined)));
    resources.push(
      resource({
        urn: urnOf(s.type, s.name),
        type: s.type,
        name: s.name,
        parent: componentUrn(s.component),
        provider: providerUrn,
        region,
        inputs: s.inputs ?? {},
        ...references(s.refs, (ref) => urnOf(byName.get(ref)!.type, ref)),
      }),
    );
  }
  return { stack: STACK, project: PROJECT, resources, outputs: {} };
}

function references(
  refs: Spec["refs"],
  toUrn: (name: string) => string,
): Pick<GraphResource, "dependsOn" | "propertyDependencies"> {
  if (refs === undefined || Array.isArray(refs)) {
    return { dependsOn: (refs ?? []).map(toUrn), propertyDependencies: {} };
  }
  const byProperty = Object.fromEntries(
    Object.entries(refs).map(([property, r]) => [property, (typeof r === "string" ? [r] : [...r]).map(toUrn)]),
  );
  return { dependsOn: [...new Set(Object.values(byProperty).flat())], propertyDependencies: byProperty };
}

const item = (cloud: string, region: string, sku: string, unit: string, price: number): PriceItem => ({
  cloud,
  region,
  sku,
  unit,
  price,
  source: "test fixture",
  sourceDate: "2026-11-24",
  confidence: "high",
});

/** Round prices (taken from prices.json where it has them) so expected costs are exact to the cent. */
export const TABLE: PriceTable = {
  collectedOn: "2026-11-24",
  currency: "USD",
  hoursPerMonth: 730,
  notFound: [],
  items: [
    ...["ap-northeast-2", "ap-northeast-1"].flatMap((r) => [
      item("aws", r, "eks:cluster-standard-support", "hour", 0.1),
      item("aws", r, "eks:cluster-extended-support-surcharge", "hour", 0.5),
      item("aws", r, "aurora-postgresql:db.r6g.large (Aurora Standard, on-demand)", "hour", 0.313),
    ]),
    item("aws", "ap-northeast-2", "ec2:m6i.large", "hour", 0.118),
    item("aws", "ap-northeast-1", "ec2:m6i.large", "hour", 0.124),
    item("aws", "ap-northeast-2", "ebs:gp3-storage", "GB-month", 0.0912),
    item("aws", "ap-northeast-2", "vpc:nat-gateway", "hour", 0.059),
    item("aws", "ap-northeast-1", "vpc:nat-gateway", "hour", 0.062),
    item("aws", "ap-northeast-2", "vpc:nat-gateway-data-processed", "GB", 0.059),
    item("aws", "global", "vpc:public-ipv4-in-use", "hour", 0.005),
    item("aws", "ap-northeast-2", "elb:alb-hour", "hour", 0.025),
    item("aws", "ap-northeast-2", "aurora:serverless-v2-acu (Aurora Standard)", "ACU-hour", 0.2),
    item("aws", "global", "kms:customer-managed-key", "month", 1),
    item("aws", "global", "route53:health-check-basic-aws-endpoint", "month", 0.5),
    item("aws", "global", "route53:health-check-optional-feature-aws-endpoint (HTTPS, ...; each)", "month", 1),
    item("aws", "global", "cloudwatch:alarm-standard-resolution", "month", 0.1),
    item("gcp", "global", "gke:cluster-management-fee", "hour", 0.1),
    item("gcp", "asia-northeast3", "gce:e2-standard-4", "hour", 0.2),
    item("gcp", "asia-northeast3", "pd:balanced", "GB-month", 0.1),
    item("gcp", "global", "cloud-nat:gateway-per-vm", "VM-hour", 0.0014),
    item("gcp", "asia-northeast3", "cloudsql-postgres-enterprise:vcpu-ha-regional", "vCPU-hour", 0.1),
    item("gcp", "asia-northeast3", "cloudsql-postgres-enterprise:memory-ha-regional", "GB-hour", 0.01),
  ],
};

export const LT = T.launchTemplate;
export const NG = T.nodeGroup;
export const CLUSTER = T.rdsCluster;
export const INSTANCE = T.rdsInstance;
export const P = { provider: "aws-primary", component: "primary" } as const;
export const S = { provider: "aws-secondary", component: "secondary" } as const;

/** Warm standby on AWS: a priced primary, a secondary with an unpriced volume and a type with no rule, DNS. */
export const WARM: Spec[] = [
  {
    type: T.eksCluster,
    name: "primary-eks",
    ...P,
    inputs: { upgradePolicy: { supportType: "STANDARD" } },
  },
  {
    type: LT,
    name: "primary-nodes-node",
    ...P,
    inputs: { blockDeviceMappings: [{ ebs: { volumeSize: 50, volumeType: "gp3" } }] },
  },
  {
    type: NG,
    name: "primary-nodes-general-az1",
    ...P,
    inputs: {
      instanceTypes: ["m6i.large", "m5.large"],
      capacityType: "ON_DEMAND",
      scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 4 },
      launchTemplate: { id: "primary-nodes-node-id" },
    },
    refs: { launchTemplate: "primary-nodes-node" },
  },
  { type: T.natGateway, name: "primary-network-nat-az1", ...P },
  { type: T.eip, name: "primary-network-nat-az1", ...P, inputs: { domain: "vpc" } },
  {
    type: T.loadBalancer,
    name: "primary-alb",
    ...P,
    inputs: { internal: false, subnets: ["a", "b"] },
  },
  { type: CLUSTER, name: "primary-db", ...P, inputs: { globalClusterIdentifier: "database-id" } },
  ...[1, 2].map((i) => ({
    type: INSTANCE,
    name: `primary-db-${i}`,
    ...P,
    inputs: { instanceClass: "db.r6g.large", clusterIdentifier: "primary-db-id" },
    refs: { clusterIdentifier: "primary-db" },
  })),
  { type: T.kmsKey, name: "primary-db-key", ...P },
  { type: T.iamRole, name: "primary-nodes-node-role", ...P },
  {
    type: T.bucketReplication,
    name: "objects-replication",
    provider: "aws-primary",
    component: "objects-replication",
  },
  {
    type: T.eksCluster,
    name: "secondary-eks",
    ...S,
    inputs: { upgradePolicy: { supportType: "STANDARD" } },
  },
  {
    type: NG,
    name: "secondary-nodes-general-az1",
    ...S,
    inputs: { instanceTypes: ["m6i.large"], scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 4 } },
  },
  { type: CLUSTER, name: "secondary-db", ...S, inputs: { globalClusterIdentifier: "database-id" } },
  {
    type: INSTANCE,
    name: "secondary-db-1",
    ...S,
    inputs: { instanceClass: "db.r6g.large", clusterIdentifier: "secondary-db-id" },
    refs: { clusterIdentifier: "secondary-db" },
  },
  { type: "aws:madeup/thing:Thing", name: "secondary-thing", ...S },
  {
    type: T.healthCheck,
    name: "dns-primary",
    provider: "aws-global",
    component: "dns",
    inputs: {
      type: "HTTPS",
      fqdn: "primary-alb.ap-northeast-2.elb.amazonaws.com",
      requestInterval: 10,
      measureLatency: true,
    },
  },
  {
    type: T.metricAlarm,
    name: "dns-primary-health",
    provider: "aws-global",
    component: "dns",
    inputs: { period: 60 },
  },
];

const G = { provider: "gcp-secondary" } as const;

/** A GCP secondary: GKE with its pool, optionally a service on it, Cloud NAT and a REGIONAL Cloud SQL. */
export const gke = (withWorkload: boolean) =>
  graph([
    {
      type: T.gkeCluster,
      name: "secondary-gke",
      ...G,
      component: "secondary/secondary-gke",
      inputs: { location: "asia-northeast3" },
    },
    {
      type: T.nodePool,
      name: "secondary-gke-nodes",
      ...G,
      component: "secondary/secondary-gke",
      inputs: {
        location: "asia-northeast3",
        autoscaling: { minNodeCount: 0, maxNodeCount: 3 },
        nodeConfig: { machineType: "e2-standard-4", diskSizeGb: 100, diskType: "pd-balanced" },
      },
    },
    {
      type: "pulumi:providers:kubernetes",
      name: "secondary-gke-k8s",
      component: "secondary/secondary-gke",
      region: "asia-northeast3",
    },
    ...(withWorkload
      ? [
          {
            type: T.deployment,
            name: "secondary-app",
            provider: "secondary-gke-k8s",
            component: "secondary/secondary-app",
            inputs: {
              metadata: { name: "secondary-app" },
              spec: {
                replicas: 2,
                template: {
                  spec: {
                    topologySpreadConstraints: [
                      { topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule" },
                    ],
                  },
                },
              },
            },
          },
        ]
      : []),
    {
      type: T.gcpRouterNat,
      name: "secondary-network-nat",
      ...G,
      component: "secondary/secondary-network",
    },
    {
      type: T.cloudSql,
      name: "secondary-db",
      ...G,
      component: "secondary/secondary-db",
      inputs: {
        region: "asia-northeast3",
        settings: { tier: "db-custom-2-7680", availabilityType: "REGIONAL", diskSize: 20 },
      },
    },
  ]);
