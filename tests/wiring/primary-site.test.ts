import * as assert from "node:assert/strict";
import { cloudResources, Graph, GraphResource } from "../../tools/offline/graph";
import { ofTypeIn, render } from "../harness";

/**
 * The primary site as a whole, across stacks: the guarantees that span components (protection,
 * encryption, exposure, spread) checked on the real program's graph for prod and dev. Mocks cannot
 * prove that AWS enforces them; they prove the program asks for them.
 */

/** Stateful resources: losing one loses data or the service's address. */
const STATEFUL = [
  "aws:rds/cluster:Cluster",
  "aws:rds/clusterInstance:ClusterInstance",
  "aws:s3/bucket:Bucket",
  "aws:sqs/queue:Queue",
  "aws:backup/vault:Vault",
  "aws:secretsmanager/secret:Secret",
  "aws:lb/loadBalancer:LoadBalancer",
];

const stateful = (g: Graph) => cloudResources(g).filter((r) => STATEFUL.includes(r.type));
const names = (rs: GraphResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();

describe("primary site: data safety", () => {
  let prod: Graph;
  let dev: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
    dev = await render({ stack: "dev" });
  });

  it("protects every stateful resource in prod, in Pulumi and in the cloud", () => {
    assert.deepEqual(names(stateful(prod).filter((r) => !r.protect)), []);
    assert.equal(only(prod, "aws:rds/cluster:Cluster").inputs.deletionProtection, true);
    assert.equal(only(prod, "aws:rds/cluster:Cluster").inputs.skipFinalSnapshot, false);
    assert.equal(only(prod, "aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection, true);
    assert.equal(only(prod, "aws:eks/cluster:Cluster").inputs.deletionProtection, true);
    assert.deepEqual(
      ofTypeIn(prod, "primary", "aws:s3/bucket:Bucket").filter((b) => b.inputs.forceDestroy === true),
      [],
    );
  });

  it("leaves dev deletable: nothing protected, no deletion protection, no final snapshot, buckets emptied", () => {
    assert.deepEqual(names(cloudResources(dev).filter((r) => r.protect)), []);
    assert.equal(only(dev, "aws:rds/cluster:Cluster").inputs.deletionProtection, false);
    assert.equal(only(dev, "aws:rds/cluster:Cluster").inputs.skipFinalSnapshot, true);
    assert.equal(only(dev, "aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection, false);
    for (const bucket of ofTypeIn(dev, "primary", "aws:s3/bucket:Bucket")) {
      assert.equal(bucket.inputs.forceDestroy, true, bucket.name);
    }
  });

  it("keeps Aurora backups 14 days in prod and spreads its instances over distinct AZs", () => {
    assert.equal(only(prod, "aws:rds/cluster:Cluster").inputs.backupRetentionPeriod, 14);
    const zones = ofTypeIn(prod, "primary", "aws:rds/clusterInstance:ClusterInstance").map(
      (i) => i.inputs.availabilityZone,
    );
    assert.equal(zones.length, 2);
    assert.equal(new Set(zones).size, 2);
  });

  it("runs dev's database as Serverless v2 that can pause at zero", () => {
    const cluster = only(dev, "aws:rds/cluster:Cluster");
    assert.equal((cluster.inputs.serverlessv2ScalingConfiguration as any).minCapacity, 0);
    assert.deepEqual(
      ofTypeIn(dev, "primary", "aws:rds/clusterInstance:ClusterInstance").map((i) => i.inputs.instanceClass),
      ["db.serverless"],
    );
  });
});

describe("primary site: encryption and exposure", () => {
  let prod: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
  });

  it("encrypts Secrets, the database, the bucket, the queues and the alarm topic with rotating customer keys", () => {
    const keys = new Map(
      ofTypeIn(prod, "primary", "aws:kms/key:Key").map((k) => [
        `arn:aws:kms:ap-northeast-2:123456789012:key/${k.name}`,
        k,
      ]),
    );
    const uses = [
      (only(prod, "aws:eks/cluster:Cluster").inputs.encryptionConfig as any).provider.keyArn,
      only(prod, "aws:rds/cluster:Cluster").inputs.kmsKeyId,
      ...ofTypeIn(prod, "primary", "aws:sqs/queue:Queue").map((q) => q.inputs.kmsMasterKeyId),
      only(prod, "aws:sns/topic:Topic").inputs.kmsMasterKeyId,
      ...ofTypeIn(
        prod,
        "primary",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      )
        .filter((c) => c.name === "primary-objects")
        .map((c) => (c.inputs.rules as any)[0].applyServerSideEncryptionByDefault.kmsMasterKeyId),
    ];
    assert.equal(uses.length, 6);
    for (const arn of uses) {
      assert.ok(keys.has(String(arn)), `${arn} is one of the program's customer keys`);
    }
    for (const key of keys.values()) {
      assert.equal(key.inputs.enableKeyRotation, true, key.name);
    }
  });

  it("opens nothing to the internet but the load balancer's 80 and 443", () => {
    const open: string[] = [];
    for (const sg of cloudResources(prod).filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup")) {
      for (const rule of (sg.inputs.ingress as any[]) ?? []) {
        const world = (rule.cidrBlocks ?? []).includes("0.0.0.0/0") || (rule.ipv6CidrBlocks ?? []).includes("::/0");
        if (world) {
          open.push(`${sg.name}:${rule.fromPort}-${rule.toPort}`);
        }
      }
    }
    assert.deepEqual(open.sort(), [
      "primary-alb:443-443",
      "primary-alb:80-80",
      "secondary-alb:443-443",
      "secondary-alb:80-80",
    ]);
    const separateRules = cloudResources(prod).filter((r) =>
      /securityGroupRule|securityGroupIngressRule|vpc\/securityGroupIngressRule/.test(r.type),
    );
    assert.deepEqual(separateRules, [], "all rules are inline, so none escapes this check");
  });

  it("admits to the database only the cluster's nodes and the password's rotation function", () => {
    const db = ofTypeIn(prod, "primary", "aws:ec2/securityGroup:SecurityGroup").find((sg) => sg.name === "primary-db")!;
    assert.deepEqual(
      (db.inputs.ingress as any[]).map((r) => [r.fromPort, r.securityGroups, r.cidrBlocks]),
      [[5432, ["sg-primary-eks-cluster", "primary-db-rotation-id"], undefined]],
    );
    assert.equal(only(prod, "aws:rds/clusterInstance:ClusterInstance", 0).inputs.publiclyAccessible, false);
  });
});

describe("primary site: the sample service", () => {
  it("keeps at least 2 replicas in prod, spread over the AZs, with a PDB that never blocks every eviction", async () => {
    const prod = await render({ stack: "prod" });
    // The sample service's own objects (the site's deep check has its own HPA, PDB and Deployment).
    const app = (type: string) => {
      const found = ofTypeIn(prod, "primary-app", type);
      assert.equal(found.length, 1, `exactly one ${type} in primary-app`);
      return found[0]!;
    };
    const spec = app("kubernetes:autoscaling/v2:HorizontalPodAutoscaler").inputs.spec as any;
    assert.deepEqual([spec.minReplicas, spec.maxReplicas], [3, 12]);
    const pdb = app("kubernetes:policy/v1:PodDisruptionBudget");
    assert.equal((pdb.inputs.spec as any).maxUnavailable, 1);
    const pod = (app("kubernetes:apps/v1:Deployment").inputs.spec as any).template.spec;
    const zone = pod.topologySpreadConstraints.find((c: any) => c.topologyKey === "topology.kubernetes.io/zone");
    assert.deepEqual(
      [zone.maxSkew, zone.whenUnsatisfiable, zone.nodeTaintsPolicy, zone.minDomains],
      [1, "DoNotSchedule", "Honor", undefined],
    );
  });

  it("serves it through an ALB across every public subnet, HTTPS only, with its address as an output", async () => {
    const prod = await render({ stack: "prod" });
    const lb = only(prod, "aws:lb/loadBalancer:LoadBalancer");
    assert.deepEqual(lb.inputs.subnets, [
      "primary-network-public-az1-id",
      "primary-network-public-az2-id",
      "primary-network-public-az3-id",
    ]);
    const site = prod.outputs.primarySite as Record<string, unknown>;
    assert.equal(site.loadBalancerDnsName, "primary-alb-offline.ap-northeast-2.elb.amazonaws.com");
    assert.equal(site.loadBalancerZoneId, "ZOFFLINEALB");
    for (const key of ["databaseEndpoint", "bucketName", "queueName", "alarmTopicArn", "clusterName"]) {
      assert.ok(typeof site[key] === "string" && site[key] !== "", `${key} is an output`);
    }
  });
});

function only(g: Graph, type: string, index?: number): GraphResource {
  const found = ofTypeIn(g, "primary", type);
  if (index === undefined) {
    assert.equal(found.length, 1, `exactly one ${type}`);
    return found[0];
  }
  return found[index];
}
