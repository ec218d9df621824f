import { T } from "@dr-platform/model";
import * as assert from "node:assert/strict";
import {
  allocatable,
  analyse,
  assess,
  defaultScenarios,
  EXPECTATIONS,
  expectationFor,
  formatAssessment,
  judge,
  scenarioProblem,
  Tier,
} from "../../blast-radius";
import { indexGraph, resolveRefs, TYPES } from "../../blast-radius/topology";
import { PROFILES, STRICTEST } from "../../stack-config/profiles";
import { ENVIRONMENTS } from "../../stack-config/schema";
import { cpuMillis, memoryMiB, replicasLeftAtOnce, spreadCeiling, Workload } from "../../blast-radius/workload";
import { Graph } from "../../tools/offline/graph";
import { handGraph as graph, ref, Spec } from "../hand-graph";

/**
 * The blast-radius analysis on hand-built graphs: no render, no mocks. Each graph holds what the tiers
 * read (subnets with AZs, NAT routes, a load balancer, an EKS cluster, node groups, Aurora instances, the
 * workload, failover records), wired as the offline plan wires them: inputs hold `<name>-id`, and the
 * referenced resources are in `dependsOn`. What this cannot prove: that AWS behaves as the sourced figures
 * say during a real AZ loss; the FIS drills (docs/runbooks) measure that.
 */

interface SiteOptions {
  readonly azs?: string[];
  readonly nat?: "single" | "per-az";
  /** The AZ of each Aurora instance, writer first; undefined leaves an instance unpinned. */
  readonly db?: (string | undefined)[];
  readonly nodes?: { min: number; max: number; types?: string[] };
  readonly replicas?: number;
  readonly minDomains?: number;
}

/** One AWS site in Seoul: public and private subnets per AZ, NAT, ALB, EKS, node groups per AZ, Aurora, the app. */
function seoul(o: SiteOptions = {}): Spec[] {
  const azs = o.azs ?? ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"];
  const specs: Spec[] = [];
  const subnet = (tierName: string, i: number) => `net-${tierName}-az${i + 1}`;
  azs.forEach((az, i) => {
    for (const t of ["public", "private"]) {
      specs.push({ type: TYPES.subnet, name: subnet(t, i), inputs: { availabilityZone: az, vpcId: "net-id" } });
    }
  });
  const natAzs = o.nat === "single" ? [0] : azs.map((_, i) => i);
  for (const i of natAzs) {
    specs.push({
      type: TYPES.natGateway,
      name: `net-nat-az${i + 1}`,
      inputs: { subnetId: `${subnet("public", i)}-id` },
      refs: { subnetId: ref(TYPES.subnet, subnet("public", i)) },
    });
  }
  azs.forEach((_, i) => {
    const nat = `net-nat-az${(o.nat === "single" ? 0 : i) + 1}`;
    const table = `net-private-az${i + 1}`;
    specs.push(
      { type: TYPES.routeTable, name: table, inputs: { vpcId: "net-id" } },
      {
        type: TYPES.route,
        name: `${table}-egress`,
        inputs: { destinationCidrBlock: "0.0.0.0/0", natGatewayId: `${nat}-id`, routeTableId: `${table}-id` },
        refs: { natGatewayId: ref(TYPES.natGateway, nat), routeTableId: ref(TYPES.routeTable, table) },
      },
      {
        type: TYPES.routeTableAssociation,
        name: table,
        inputs: { routeTableId: `${table}-id`, subnetId: `${subnet("private", i)}-id` },
        refs: { routeTableId: ref(TYPES.routeTable, table), subnetId: ref(TYPES.subnet, subnet("private", i)) },
      },
    );
  });
  const all = (t: string) => azs.map((_, i) => subnet(t, i));
  specs.push(
    {
      type: TYPES.loadBalancer,
      name: "alb",
      inputs: { loadBalancerType: "application", subnets: all("public").map((s) => `${s}-id`) },
      refs: { subnets: all("public").map((s) => ref(TYPES.subnet, s)) },
    },
    {
      type: TYPES.eksCluster,
      name: "eks",
      inputs: { vpcConfig: { subnetIds: all("private").map((s) => `${s}-id`) }, zonalShiftConfig: { enabled: true } },
      refs: { vpcConfig: all("private").map((s) => ref(TYPES.subnet, s)) },
    },
  );
  const nodes = o.nodes ?? { min: 2, max: 6 };
  azs.forEach((_, i) =>
    specs.push({
      type: TYPES.nodeGroup,
      name: `nodes-az${i + 1}`,
      inputs: {
        instanceTypes: nodes.types ?? ["m6i.xlarge"],
        scalingConfig: { minSize: nodes.min, desiredSize: nodes.min, maxSize: nodes.max },
        subnetIds: [`${subnet("private", i)}-id`],
      },
      refs: { subnetIds: ref(TYPES.subnet, subnet("private", i)) },
    }),
  );
  const db = o.db ?? [azs[0], azs[1]];
  specs.push({ type: TYPES.rdsCluster, name: "db", inputs: { engine: "aurora-postgresql" } });
  db.forEach((az, i) =>
    specs.push({
      type: TYPES.rdsInstance,
      name: `db-${i + 1}`,
      inputs: { clusterIdentifier: "db-id", promotionTier: i, ...(az ? { availabilityZone: az } : {}) },
      refs: { clusterIdentifier: ref(TYPES.rdsCluster, "db") },
      dependsOn: i > 0 ? [ref(TYPES.rdsInstance, "db-1")] : [],
    }),
  );
  specs.push(...app(o.replicas ?? 3, o.minDomains ?? azs.length));
  specs.push({ type: TYPES.queue, name: "queue" }, { type: TYPES.bucket, name: "objects" });
  return specs;
}

function app(replicas: number, minDomains: number, provider: Spec["provider"] = "aws-primary"): Spec[] {
  const meta = { name: "app", namespace: "app" };
  return [
    {
      type: TYPES.deployment,
      name: "app",
      provider,
      inputs: {
        metadata: meta,
        spec: {
          replicas,
          template: {
            spec: {
              containers: [
                {
                  image: "ghcr.io/stefanprodan/podinfo:6.7.1",
                  resources: { requests: { cpu: "100m", memory: "64Mi" } },
                },
              ],
              topologySpreadConstraints: [
                {
                  topologyKey: "topology.kubernetes.io/zone",
                  whenUnsatisfiable: "DoNotSchedule",
                  maxSkew: 1,
                  minDomains,
                },
              ],
            },
          },
        },
      },
    },
    {
      type: TYPES.hpa,
      name: "app",
      provider,
      inputs: {
        metadata: meta,
        spec: { minReplicas: replicas, maxReplicas: 12, scaleTargetRef: { kind: "Deployment", name: "app" } },
      },
    },
  ];
}

const HC = T.healthCheck;
const RECORD = T.record;

/** A warm Tokyo standby: Aurora global secondary with an instance, node groups, failover records, S3 RTC. */
function tokyo(o: { failover?: boolean } = {}): Spec[] {
  const record = (role: "primary" | "secondary", target: string): Spec => ({
    type: RECORD,
    name: `dns-${role}`,
    provider: "aws-global",
    inputs: {
      zoneId: "Z1",
      name: "app.example.com",
      type: "A",
      setIdentifier: role,
      failoverRoutingPolicies: [{ type: role.toUpperCase() }],
      healthCheckId: `dns-${role}-id`,
      aliases: [{ name: target, zoneId: "ZALB", evaluateTargetHealth: true }],
    },
    refs: { healthCheckId: ref(HC, `dns-${role}`) },
  });
  const check = (role: string): Spec => ({
    type: HC,
    name: `dns-${role}`,
    provider: "aws-global",
    inputs: { type: "HTTPS", resourcePath: "/readyz", requestInterval: 10, failureThreshold: 3 },
  });
  return [
    { type: T.globalCluster, name: "global", inputs: {} },
    { type: TYPES.rdsCluster, name: "standby-db", provider: "aws-secondary" },
    {
      type: TYPES.rdsInstance,
      name: "standby-db-1",
      provider: "aws-secondary",
      inputs: { clusterIdentifier: "standby-db-id", availabilityZone: "ap-northeast-1a" },
      refs: { clusterIdentifier: ref(TYPES.rdsCluster, "standby-db") },
    },
    {
      type: TYPES.nodeGroup,
      name: "standby-nodes",
      provider: "aws-secondary",
      inputs: { instanceTypes: ["m6i.xlarge"], scalingConfig: { minSize: 1, maxSize: 6 } },
    },
    {
      type: T.bucketReplication,
      name: "objects-replication",
      inputs: { rules: [{ destination: { replicationTime: { status: "Enabled" } } }] },
    },
    ...((o.failover ?? true)
      ? [
          check("primary"),
          check("secondary"),
          record("primary", "seoul.elb.amazonaws.com"),
          record("secondary", "tokyo.elb.amazonaws.com"),
        ]
      : []),
  ];
}

const PROD_OUTPUTS = { environment: "prod", drTargets: { rtoSeconds: 120, rpoSeconds: 1 } };
const byName = (tiers: readonly Tier[], name: string) => tiers.find((t) => t.name === name)!;
const loseAz = (g: Graph, az: string) => analyse(g, { kind: "az", az }, { rtoSeconds: 120, rpoSeconds: 1 });

describe("blast radius: NAT and egress", () => {
  it("a single NAT gateway takes every AZ's egress with its own AZ", () => {
    const g = graph(seoul({ azs: ["ap-northeast-2a", "ap-northeast-2b"], nat: "single", replicas: 1 }));
    const egress = byName(loseAz(g, "ap-northeast-2a").tiers, "egress");
    assert.equal(egress.status, "lost");
    assert.match(egress.summary, /net-nat-az1 in ap-northeast-2a was the egress of ap-northeast-2b: no surviving AZ/);
    // One replica over two AZs may have been in the lost one, and its replacement cannot pull its image.
    assert.equal(egress.effect, "down");
    assert.ok(egress.notes.some((n) => /ecr\.dkr, sts, eks-auth, sqs/.test(n)));
    assert.equal(byName(loseAz(g, "ap-northeast-2b").tiers, "egress").status, "ok");
  });

  it("a NAT gateway per AZ loses only the lost AZ's own subnets", () => {
    const egress = byName(loseAz(graph(seoul()), "ap-northeast-2b").tiers, "egress");
    assert.equal(egress.effect, "none");
    assert.match(
      egress.summary,
      /ap-northeast-2a via net-nat-az1, ap-northeast-2c via net-nat-az3\); net-nat-az2 served only/,
    );
  });
});

describe("blast radius: load balancer and control plane", () => {
  it("an ALB keeps serving from the AZs left, and says when it is down to one", () => {
    const three = byName(loseAz(graph(seoul()), "ap-northeast-2a").tiers, "load balancer");
    assert.deepEqual([three.status, three.effect], ["reduced", "none"]);
    assert.match(three.summary, /serves from 2 of 3 AZs \(ap-northeast-2b, ap-northeast-2c\)/);
    const two = byName(
      loseAz(graph(seoul({ azs: ["ap-northeast-2a", "ap-northeast-2b"] })), "ap-northeast-2a").tiers,
      "load balancer",
    );
    assert.match(two.notes.join("\n"), /cannot be re-created or have its subnets changed until a second AZ is back/);
  });

  it("the EKS control plane survives an AZ while its subnets span another", () => {
    const cp = byName(loseAz(graph(seoul()), "ap-northeast-2c").tiers, "control plane");
    assert.deepEqual([cp.status, cp.effect], ["reduced", "none"]);
    assert.match(cp.summary, /interfaces remain in ap-northeast-2a, ap-northeast-2b/);
    assert.match(cp.notes.join("\n"), /at least two API server instances and three etcd instances/);
  });
});

describe("blast radius: node capacity", () => {
  it("node groups in two AZs survive the loss of one", () => {
    const g = graph(seoul({ azs: ["ap-northeast-2a", "ap-northeast-2b"], replicas: 2, minDomains: 1 }));
    const nodes = byName(loseAz(g, "ap-northeast-2a").tiers, "node capacity");
    assert.deepEqual([nodes.status, nodes.effect], ["reduced", "none"]);
    assert.match(
      nodes.summary,
      /1 of 2 node groups left \(nodes-az1 lost\) in ap-northeast-2b; the minimum replicas fit at once/,
    );
  });

  it("a strict zone spread with minDomains above the zones left caps the replicas", () => {
    const nodes = byName(
      loseAz(graph(seoul({ replicas: 3, minDomains: 3 })), "ap-northeast-2a").tiers,
      "node capacity",
    );
    assert.equal(nodes.effect, "degraded");
    assert.match(nodes.summary, /app: at most 2 of 3 minimum replicas can run/);
  });

  it("a single replica may be lost with its AZ: down until rescheduled", () => {
    const g = graph(seoul({ azs: ["ap-northeast-2a", "ap-northeast-2b"], replicas: 1 }));
    const nodes = byName(loseAz(g, "ap-northeast-2b").tiers, "node capacity");
    assert.equal(nodes.effect, "down");
    assert.match(
      nodes.summary,
      /its only replica may have run in the lost AZ; nothing answers until it is rescheduled \(eviction after 5m/,
    );
  });

  it("waits for scale-up when the surviving floor is too small, and says so", () => {
    const g = graph(seoul({ nodes: { min: 0, max: 3 }, replicas: 3, minDomains: 1 }));
    const nodes = byName(loseAz(g, "ap-northeast-2a").tiers, "node capacity");
    assert.equal(nodes.effect, "degraded");
    assert.match(nodes.summary, /replacement pods wait for new nodes: about 4m of scale-up/);
  });

  it("judges the service by the workloads behind the load balancer; supporting ones only use capacity", () => {
    const bound: Spec[] = [
      {
        type: T.service,
        name: "app",
        inputs: { metadata: { name: "app", namespace: "app" }, spec: { selector: { name: "app" } } },
      },
      {
        type: T.targetGroupBinding,
        name: "app",
        inputs: { metadata: { name: "app", namespace: "app" }, spec: { serviceRef: { name: "app", port: 80 } } },
      },
      // A one-replica probe: if it decided the verdict, every AZ loss would be "down".
      {
        type: TYPES.deployment,
        name: "probe",
        inputs: { metadata: { name: "probe", namespace: "probe" }, spec: { replicas: 1 } },
      },
    ];
    const specs = seoul({ replicas: 3, minDomains: 2 }).map((s) =>
      s.type === TYPES.deployment
        ? {
            ...s,
            inputs: {
              ...s.inputs,
              spec: {
                ...(s.inputs!.spec as object),
                template: { ...((s.inputs!.spec as any).template as object), metadata: { labels: { name: "app" } } },
              },
            },
          }
        : s,
    );
    const nodes = byName(loseAz(graph([...specs, ...bound]), "ap-northeast-2c").tiers, "node capacity");
    assert.equal(nodes.effect, "none");
    assert.ok(
      nodes.notes.some((n) => /supporting workload probe: its replicas may all have run in the lost AZ/.test(n)),
    );
  });

  it("reports an instance type it has no figures for as unknown, never guesses", () => {
    const nodes = byName(
      loseAz(graph(seoul({ nodes: { min: 2, max: 4, types: ["x9.huge"] } })), "ap-northeast-2a").tiers,
      "node capacity",
    );
    assert.equal(nodes.status, "unknown");
    assert.match(nodes.notes[0], /x9\.huge/);
  });
});

describe("blast radius: database", () => {
  it("a one-instance database loses its writer with its AZ", () => {
    const db = byName(loseAz(graph(seoul({ db: ["ap-northeast-2a"] })), "ap-northeast-2a").tiers, "database");
    assert.deepEqual([db.status, db.effect], ["lost", "down"]);
    assert.match(db.summary, /its only instance db-1 \(ap-northeast-2a\) is lost with the AZ: no reads or writes/);
  });

  it("fails the writer over to a reader in another AZ", () => {
    const db = byName(loseAz(graph(seoul()), "ap-northeast-2a").tiers, "database");
    assert.deepEqual([db.status, db.effect], ["reduced", "degraded"]);
    assert.match(
      db.summary,
      /writer db-1 \(ap-northeast-2a\) lost: Aurora fails over to db-2 \(ap-northeast-2b\), typically under 60 s and at most 2m/,
    );
  });

  it("keeps the writer when only a reader's AZ is lost", () => {
    const db = byName(loseAz(graph(seoul()), "ap-northeast-2b").tiers, "database");
    assert.deepEqual([db.status, db.effect], ["reduced", "none"]);
    assert.match(db.summary, /writer db-1 \(ap-northeast-2a\) survives; reader db-2 \(ap-northeast-2b\) lost/);
  });

  it("counts an instance the plan does not pin to an AZ as lost (worst case)", () => {
    const db = byName(loseAz(graph(seoul({ db: [undefined] })), "ap-northeast-2c").tiers, "database");
    assert.equal(db.effect, "down");
    assert.match(db.notes.join("\n"), /db-1 has no availabilityZone: counted as lost/);
  });
});

describe("blast radius: scenarios and verdicts", () => {
  // minDomains 2: two surviving zones still satisfy the spread, so only the writer's AZ degrades the service.
  const prod = graph([...seoul({ minDomains: 2 }), ...tokyo()], PROD_OUTPUTS);

  it("defaults to every AZ of the primary, then the primary region", () => {
    assert.deepEqual(defaultScenarios(prod), [
      { kind: "az", az: "ap-northeast-2a" },
      { kind: "az", az: "ap-northeast-2b" },
      { kind: "az", az: "ap-northeast-2c" },
      { kind: "region", region: "ap-northeast-2" },
    ]);
    assert.match(
      scenarioProblem(prod, { kind: "az", az: "ap-northeast-2d" })!,
      /no subnet of prod is in AZ "ap-northeast-2d"; its AZs are ap-northeast-2a/,
    );
    assert.match(
      scenarioProblem(prod, { kind: "region", region: "eu-west-1" })!,
      /its regions are ap-northeast-2, ap-northeast-1, us-east-1/,
    );
  });

  it("loses the region with a failover pair: recovered by DNS failover, judged by the failover chain", () => {
    const report = analyse(prod, { kind: "region", region: "ap-northeast-2" }, PROD_OUTPUTS.drTargets);
    assert.equal(report.service, "lost");
    assert.equal(report.recovery.kind, "failover");
    assert.equal(byName(report.tiers, "secondary database").status, "ok");
    // This graph has the records and checks but no alarm: a chain with nobody paged cannot hold (dr/chain.ts),
    // so the Region loss fails the promise even though the pieces are there.
    assert.equal(report.dr.meets, false);
    assert.match(report.dr.summary, /no CloudWatch alarm watches the PRIMARY's health checks, so nobody is paged/);
    assert.equal(judge(report, EXPECTATIONS.prod).met, false);
  });

  it("loses the region without a failover pair: no recovery, and prod's promise fails", () => {
    const g = graph([...seoul(), ...tokyo({ failover: false })], PROD_OUTPUTS);
    const report = analyse(g, { kind: "region", region: "ap-northeast-2" }, PROD_OUTPUTS.drTargets);
    assert.equal(report.recovery.kind, "none");
    assert.equal(byName(report.tiers, "DNS failover").status, "lost");
    const verdict = judge(report, EXPECTATIONS.prod);
    assert.equal(verdict.met, false);
    assert.match(verdict.detail, /no failover path/);
  });

  it("judges every scenario against the environment, and the whole stack by its worst", () => {
    const ok = assess(prod);
    assert.deepEqual(
      ok.results.map((r) => r.report.service),
      ["degraded", "survives", "survives", "lost"],
    );
    // Every AZ holds; the Region loss fails on its chain (nobody is paged in this graph).
    assert.equal(ok.ok, false);
    assert.match(formatAssessment(ok), /prod: 1 of 4 scenario\(s\) FAIL prod's promise: lose region ap-northeast-2$/);
    const weak = assess(graph([...seoul({ db: ["ap-northeast-2a"] }), ...tokyo()], PROD_OUTPUTS));
    assert.equal(weak.ok, false);
    assert.match(
      formatAssessment(weak),
      /lose AZ ap-northeast-2a, AWS ap-northeast-2 \(primary\): LOST; FAILS the promise \(no loss of service\)/,
    );
    assert.match(
      formatAssessment(weak),
      /prod: 2 of 4 scenario\(s\) FAIL prod's promise: lose AZ ap-northeast-2a, lose region ap-northeast-2$/,
    );
  });

  it("holds dev to best effort in an AZ, and an unknown environment to prod's promise", () => {
    const dev = graph(
      seoul({ azs: ["ap-northeast-2a", "ap-northeast-2b"], nat: "single", db: ["ap-northeast-2a"], replicas: 1 }),
      {
        environment: "dev",
      },
    );
    const report = loseAz(dev, "ap-northeast-2a");
    assert.equal(report.service, "lost");
    const verdict = judge(report, expectationFor(dev).expectation);
    assert.equal(verdict.met, true);
    assert.match(verdict.detail, /^loses service, as dev is allowed to: egress: .*database: db/);
    assert.deepEqual(expectationFor(graph([])), { expectation: EXPECTATIONS.prod, assumed: true });
  });

  it("reads every environment's promise from the profile table, and holds an unknown one to the strictest", () => {
    for (const environment of ENVIRONMENTS) {
      const p = PROFILES[environment];
      assert.deepEqual(EXPECTATIONS[environment], {
        environment,
        az: p.azLossPromise,
        region: p.regionLossPromise,
        why: p.lossPromiseWhy,
      });
      assert.deepEqual(expectationFor(graph([], { environment })), {
        expectation: EXPECTATIONS[environment],
        assumed: false,
      });
    }
    assert.deepEqual(expectationFor(graph([], { environment: "qa" })), {
      expectation: EXPECTATIONS[STRICTEST],
      assumed: true,
    });
  });

  it("a lost secondary region leaves the service up and the DR targets unmet", () => {
    const report = analyse(prod, { kind: "region", region: "ap-northeast-1" }, PROD_OUTPUTS.drTargets);
    assert.equal(report.service, "survives");
    assert.equal(report.dr.meets, false);
    assert.match(report.dr.summary, /no standby while ap-northeast-1 is out/);
  });
});

describe("blast radius: pure helpers", () => {
  it("resolves references through property dependencies, whatever the ids look like", () => {
    const g = graph(seoul());
    const ix = indexGraph(g);
    const lb = ix.resources.find((r) => r.type === TYPES.loadBalancer)!;
    assert.deepEqual(
      resolveRefs(ix, lb, "subnets", TYPES.subnet).found.map((s) => s.name),
      ["net-public-az1", "net-public-az2", "net-public-az3"],
    );
    // A real preview: ids unknown at plan time, the property dependencies still exact.
    const opaque = { ...lb, inputs: { subnets: ["subnet-0a", "subnet-0b", "subnet-0c"] } };
    assert.equal(resolveRefs(ix, opaque, "subnets", TYPES.subnet).found.length, 3);
    // Ids no reference accounts for (literal ids): none resolved, every value counted as unresolved.
    const literal = { ...opaque, dependsOn: [], propertyDependencies: {} };
    assert.deepEqual(resolveRefs(ix, literal, "subnets", TYPES.subnet), { found: [], unresolved: 3 });
    // The explicit dependsOn edges alone say nothing about which input they serve.
    const edgesOnly = { ...opaque, propertyDependencies: {} };
    assert.equal(resolveRefs(ix, edgesOnly, "subnets", TYPES.subnet).unresolved, 3);
  });

  it("reads Kubernetes quantities", () => {
    assert.deepEqual([cpuMillis("100m"), cpuMillis("0.5"), cpuMillis("2"), cpuMillis(1)], [100, 500, 2000, 1000]);
    assert.deepEqual([memoryMiB("64Mi"), memoryMiB("1Gi"), memoryMiB("1048576"), memoryMiB("bad")], [64, 1024, 1, 0]);
    assert.equal(Math.round(memoryMiB("128M")), 122);
  });

  it("computes a node's allocatable resources from the sourced table", () => {
    // 4 vCPU less 6% + 1% + 2 x 0.5% of a core; 16 GiB less 255 + 11 x 58 MiB and the 100 MiB eviction threshold.
    assert.deepEqual(allocatable("m6i.xlarge"), {
      machineType: "m6i.xlarge",
      cpuMillis: 3920,
      memoryMiB: 15391,
      pods: 58,
    });
    // GKE: 25% of 4 GiB + 20% of 4 GiB + 10% of 8 GiB, plus 100 MiB.
    assert.deepEqual(allocatable("e2-standard-4"), {
      machineType: "e2-standard-4",
      cpuMillis: 3920,
      memoryMiB: 13621,
      pods: 110,
    });
    assert.equal(allocatable("x9.huge"), undefined);
  });

  it("bounds what the zone spread lets run and what is left at once", () => {
    const w: Workload = {
      serving: true,
      name: "app",
      namespace: "app",
      minReplicas: 3,
      cpuMillis: 100,
      memoryMiB: 64,
      images: [],
      zoneSpread: { maxSkew: 1, minDomains: 3 },
    };
    assert.deepEqual(
      [spreadCeiling(w, 3), spreadCeiling(w, 2), spreadCeiling({ ...w, zoneSpread: undefined }, 1)],
      [Infinity, 2, Infinity],
    );
    assert.deepEqual(
      [replicasLeftAtOnce(w, 3), replicasLeftAtOnce({ ...w, minReplicas: 1 }, 2), replicasLeftAtOnce(w, 1)],
      [2, 0, 0],
    );
  });
});
