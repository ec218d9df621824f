import * as assert from "node:assert/strict";
import {
  allocatable,
  cpuMilli,
  eksReservedMemoryMiB,
  facts,
  failoverTarget,
  gkeReservedMemoryMiB,
  MACHINE_SIZES,
  memoryMiB,
  podRequests,
  reservedCpuMilli,
  standbyCapacity,
  systemReservation,
  T,
} from "@dr-platform/model";
import { chainGraph } from "../dr/chain-graph";
import { handGraph } from "../hand-graph";

/**
 * The capacity facts (model/node-sizes.ts, model/system-pods.ts, model/capacity.ts) and the starter's forward
 * hop (model/failover-target.ts), on plain values and hand-built graphs. What this cannot prove: that EKS and
 * GKE still reserve what their documentation says; a node's `kubectl describe node` in a drill shows it.
 */

describe("model: node sizes and allocatable", () => {
  it("reserves CPU by band: 6 % of the first core, 1 % of the next, 0.5 % of the next two, 0.25 % above", () => {
    assert.deepEqual([1, 2, 4, 8, 16].map(reservedCpuMilli), [60, 70, 80, 90, 110]);
  });

  it("reserves memory as EKS (255 MiB + 11 MiB a pod) and GKE (by band) document it", () => {
    assert.equal(eksReservedMemoryMiB(58), 893);
    assert.equal(eksReservedMemoryMiB(17), 442);
    assert.equal(gkeReservedMemoryMiB(16 * 1024), 2662);
    assert.equal(gkeReservedMemoryMiB(4 * 1024), 1024);
  });

  it("gives a node's allocatable less the 100 MiB eviction threshold", () => {
    assert.deepEqual(allocatable(MACHINE_SIZES["m6i.xlarge"]), { cpuMilli: 3920, memoryMiB: 15391, pods: 58 });
    assert.deepEqual(allocatable(MACHINE_SIZES["e2-standard-4"]), { cpuMilli: 3920, memoryMiB: 13622, pods: 110 });
  });

  it("sources every row", () => {
    for (const [type, size] of Object.entries(MACHINE_SIZES)) {
      assert.match(size.source, /^https:\/\/\S+ \(vCPUs, memory\); https:\/\/\S+ \(max pods\)$/, type);
    }
  });
});

describe("model: pod requests", () => {
  it("reads Kubernetes quantities", () => {
    assert.deepEqual(["100m", "0.5", 2, "abc", undefined].map(cpuMilli), [100, 500, 2000, undefined, undefined]);
    assert.deepEqual(["64Mi", "1Gi", "1024Ki", String(2 ** 20), "x"].map(memoryMiB), [64, 1024, 1, 1, undefined]);
    assert.ok(Math.abs(memoryMiB("128M")! - 122.07) < 0.01);
  });

  it("takes a limit as the request when only a limit is set, and a larger init container", () => {
    assert.deepEqual(
      podRequests({
        containers: [
          { resources: { requests: { cpu: "100m", memory: "64Mi" } } },
          { resources: { limits: { cpu: "200m", memory: "128Mi" } } },
        ],
        initContainers: [{ resources: { requests: { cpu: "1", memory: "32Mi" } } }],
      }),
      { cpuMilli: 1000, memoryMiB: 192 },
    );
  });
});

describe("model: the standby's capacity facts", () => {
  it("reads the primary's workloads at their HPA minimum and the standby's pools with their sizes", () => {
    const c = standbyCapacity(
      facts(chainGraph({ capacity: { instanceType: "m5.large", pods: 4, cpu: "250m", memory: "1Gi" } })),
    );
    assert.ok(c);
    assert.deepEqual(
      c.demand.map((w) => [w.resource.name, w.replicas, w.hpa?.name, w.perPod]),
      [["primary-app", 4, "primary-app", { cpuMilli: 250, memoryMiB: 1024 }]],
    );
    assert.deepEqual(
      c.pools.map((p) => [p.pool.resource.name, p.size?.type, p.minNodes, p.maxNodes]),
      [1, 2, 3].map((az) => [`secondary-nodes-general-az${az}`, "m5.large", 1, 6]),
    );
  });

  it("counts the system pods of the add-ons and charts, replicas as the values set them", () => {
    const g = handGraph([
      { type: T.eksAddon, name: "vpc-cni", provider: "aws-secondary", inputs: { addonName: "vpc-cni" } },
      {
        type: T.eksAddon,
        name: "coredns",
        provider: "aws-secondary",
        inputs: { addonName: "coredns", configurationValues: JSON.stringify({ replicaCount: 3 }) },
      },
      { type: T.helmRelease, name: "karpenter", provider: "aws-secondary", inputs: { chart: "karpenter" } },
    ]);
    const s = systemReservation(g.resources);
    assert.deepEqual(s.perNode, { cpuMilli: 25, memoryMiB: 0, pods: 1 });
    assert.deepEqual(s.perCluster, { cpuMilli: 300, memoryMiB: 210, pods: 3 });
    assert.deepEqual(s.unknown, ["karpenter"]);
  });
});

describe("model: the starter's forward hop", () => {
  const starters = (forward: "role" | "no-role" | "other-bus") =>
    failoverTarget(facts(chainGraph({ plan: "started", auroraBehavior: "failover", forward }))).regionSwitch.flatMap(
      (p) => p.starterAlarms.map((a) => a.name),
    );

  it("credits a forward to the start rule's bus that runs as a role", () => {
    assert.deepEqual(starters("role"), ["dns-primary-health"]);
  });

  it("does not credit a forward without a role, or to another bus than the start rule's", () => {
    assert.deepEqual(starters("no-role"), []);
    assert.deepEqual(starters("other-bus"), []);
  });
});
