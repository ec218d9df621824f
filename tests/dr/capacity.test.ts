import * as assert from "node:assert/strict";
import { capacity, computeObjectives, DR_CONSTANTS, DrObjectives, DrTargets, formatObjectives } from "../../dr";
import { facts } from "@dr-platform/model";
import { ChainOptions, chainGraph } from "./chain-graph";

/**
 * The warm standby's capacity (dr/capacity.ts) on hand-built graphs: Tokyo's three node groups (one per AZ,
 * minimum 1, maximum 6) against the primary's service at its HPA minimum. The graphs carry no add-ons, so only
 * the kubelet's reservation is taken from each node. What this cannot prove: that the scheduler packs pods as
 * the sums say (affinity, spread), or that the node scale-up takes the sourced estimate; drills measure that.
 */

function report(o: ChainOptions, targets?: DrTargets): DrObjectives {
  const r = computeObjectives(chainGraph(o), targets);
  assert.equal(r.kind, "failover");
  return r as DrObjectives;
}
const regionLoss = (r: DrObjectives) => r.scenarios.find((s) => s.id === "region-loss")!;

// m6i.xlarge: 4 vCPU less 80m, 16 GiB less 255 + 11 x 58 MiB and the 100 MiB eviction threshold, 58 pods.
const ENOUGH = { instanceType: "m6i.xlarge", pods: 3, cpu: "100m", memory: "64Mi" };
// t3.medium: 2 vCPU less 70m = 1930m a node; six 1.5-vCPU pods need 9 vCPU, five nodes (three at rest).
const TOO_SMALL = { instanceType: "t3.medium", pods: 6, cpu: "1500m", memory: "256Mi" };

describe("DR capacity: the standby against the primary's steady state", () => {
  it("takes the load at rest when its nodes' allocatable covers the primary's minimum replicas", () => {
    const c = capacity(facts(chainGraph({ capacity: ENOUGH })));
    assert.deepEqual(c.verdict, { kind: "fits" });
    assert.deepEqual(c.offered, { cpuMilli: 3 * 3920, memoryMiB: 3 * 15391, pods: 3 * 58 });
    assert.deepEqual(c.needed, { cpuMilli: 300, memoryMiB: 192, pods: 3 });
    assert.deepEqual(c.quota?.vcpus, 18 * 4);
    const r = report({ capacity: ENOUGH });
    assert.match(
      r.capacity![0],
      /offers 11\.76 vCPU, 45\.1 GiB, 174 pods .*needs 0\.30 vCPU, 0\.2 GiB, 3 pods .*without scaling$/,
    );
    assert.match(r.capacity![1], /72 vCPUs of the Running On-Demand Standard .* in ap-northeast-1 quota/);
    assert.match(r.capacity![1], /capacity reservations: none/);
    // No scale-up on the way: the chain is the one without a capacity check.
    assert.deepEqual(
      regionLoss(r).links.map((l) => l.name),
      ["detection", "alarm", "decision", "recovery", "dns"],
    );
    assert.equal(r.rto.seconds, report({}).rto.seconds);
  });

  it("counts the node scale-up before users are served when the standby is too small at rest", () => {
    const c = capacity(facts(chainGraph({ capacity: TOO_SMALL })));
    assert.deepEqual(c.verdict, { kind: "scale-up", nodes: 5 });
    const r = report({ capacity: TOO_SMALL });
    assert.match(r.capacity![0], /too small at rest: the autoscaler must add nodes \(5 in all\)/);
    const a = regionLoss(r);
    const link = a.links.find((l) => l.name === "capacity");
    assert.ok(link, a.links.map((l) => l.name).join());
    assert.deepEqual(
      link.terms.map((t) => [t.label, t.seconds, t.source]),
      [["node scale-up", 240, DR_CONSTANTS.nodeScaleUp.source]],
    );
    // DNS moves at detection (30 s); the nodes are up 4 min later, after the writes (2m30s).
    assert.equal(a.verdict.kind === "recovers" && a.verdict.users.seconds, 30 + 240);
    assert.equal(r.rto.seconds, 270);
    assert.match(formatObjectives(r), /6 capacity +the standby is too small at rest .*users served at 4m30s/);
  });

  it("misses when even the maximum nodes cannot hold the load, or one pod is larger than a node", () => {
    const many = report({ capacity: { ...TOO_SMALL, pods: 40 } });
    assert.match(many.capacity![0], /cannot take the load: even at its maximum of 18 nodes/);
    assert.ok(regionLoss(many).misses.some((m) => /cannot take the primary's steady-state load/.test(m)));
    const big = capacity(facts(chainGraph({ capacity: { ...TOO_SMALL, pods: 1, cpu: "3" } })));
    assert.equal(big.verdict.kind, "short");
    assert.match(big.verdict.kind === "short" ? big.verdict.why : "", /a pod of primary-app requests more/);
  });

  it("is not judged, and changes nothing, when a node group's type has no size or the primary runs nothing", () => {
    assert.match(capacity(facts(chainGraph({}))).lines[0], /^capacity: not judged \(no size in model\/node-sizes\.ts/);
    const unknown = capacity(facts(chainGraph({ capacity: { ...ENOUGH, instanceType: "x9.huge" } })));
    assert.equal(unknown.verdict.kind, "not-judged");
    assert.equal(report({ capacity: { ...ENOUGH, instanceType: "x9.huge" } }).capacity, undefined);
    const idle = capacity(facts(chainGraph({ capacity: { ...ENOUGH, pods: 0 } })));
    assert.deepEqual(idle.verdict, { kind: "not-judged", reason: "the primary renders no Deployment with replicas" });
  });

  it("reads a Google Cloud standby's regional pool per zone, with GKE's memory reservation and CPU quota", () => {
    const c = capacity(facts(chainGraph({ secondary: "gcp", capacity: { ...ENOUGH, instanceType: "e2-standard-4" } })));
    assert.deepEqual(c.verdict, { kind: "fits" });
    // Three zones x 1 node; 16 GiB less 25 % of 4 GiB, 20 % of 4 GiB, 10 % of 8 GiB and 100 MiB; 110 pods.
    assert.deepEqual(c.offered, { cpuMilli: 3 * 3920, memoryMiB: 3 * (16384 - 2662 - 100), pods: 3 * 110 });
    assert.deepEqual(c.quota, { vcpus: 3 * 3 * 4, name: "Compute Engine CPUs in asia-northeast1" });
    assert.match(c.lines[1], /not counted \(no figures\): GKE's managed system pods/);
  });
});
