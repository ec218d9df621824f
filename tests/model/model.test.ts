import * as assert from "node:assert/strict";
import {
  bool,
  CATALOGUE,
  cloudResources,
  facts,
  Graph,
  isUnknown,
  list,
  num,
  obj,
  resolve,
  resolveOne,
  str,
  strings,
  T,
  UNKNOWN,
} from "@dr-platform/model";
import { render, VARIANTS } from "../harness";

/** The deployment model (model/, docs/model.md): catalogue, readers, resolve() and facts. */

describe("model: the catalogue of resource types", () => {
  it("names every token once, with a label, tier and placement", () => {
    const tokens = Object.values(T);
    assert.equal(new Set(tokens).size, tokens.length, "a token under two names");
    assert.equal(CATALOGUE.size, tokens.length);
    for (const e of CATALOGUE.values()) {
      assert.match(e.token, /^(aws|gcp|kubernetes|random):[^:]+:[A-Za-z0-9]+$/, e.token);
      assert.ok(e.label.length > 0 && e.tier && e.placement, e.token);
      assert.equal(e.cloud, e.token.split(":")[0]);
    }
  });

  for (const variant of VARIANTS) {
    it(`holds every resource type the ${variant.label} stack renders`, async () => {
      const g = await render(variant.options);
      const missing = [...new Set(cloudResources(g).map((r) => r.type))].filter((t) => !CATALOGUE.has(t)).sort();
      assert.deepEqual(missing, [], "add these to model/catalogue.ts");
    });
  }
});

describe("model: readers", () => {
  it('reads undefined, null and "" as absent', () => {
    for (const v of [undefined, null, ""]) {
      assert.equal(str(v), undefined);
      assert.equal(num(v), undefined);
      assert.equal(bool(v), undefined);
      assert.deepEqual(obj(v), {});
      assert.deepEqual(list(v), []);
    }
    assert.deepEqual(strings(["a", "", null, 3, "b"]), ["a", "b"]);
  });

  it("reads an unknown as set but not known: a string for str, absent for num and bool", () => {
    assert.equal(str(UNKNOWN), UNKNOWN);
    assert.ok(isUnknown(str(UNKNOWN)));
    assert.equal(num(UNKNOWN), undefined);
    assert.equal(bool(UNKNOWN), undefined);
  });

  it("reads wrong types as absent, numeric strings as numbers and true/false strings as booleans", () => {
    assert.equal(num("abc"), undefined);
    assert.equal(num(" "), undefined);
    assert.equal(num("30"), 30);
    assert.equal(num(Infinity), undefined);
    assert.equal(bool("true"), true);
    assert.equal(bool("yes"), undefined);
    assert.deepEqual(obj([1]), {});
    assert.deepEqual(list({ a: 1 }), []);
    assert.equal(str(3), undefined);
  });
});

describe("model: resolve() through property dependencies", () => {
  let prod: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
  });

  it("resolves each Aurora instance to its cluster, in the instance's own site", () => {
    const instances = cloudResources(prod).filter((r) => r.type === T.rdsInstance);
    assert.ok(instances.length >= 3);
    for (const i of instances) {
      const cluster = resolveOne(prod, i, "clusterIdentifier", T.rdsCluster);
      assert.ok(cluster, `${i.name} resolves no cluster`);
      assert.equal(cluster.region, i.region);
      assert.ok(i.name.startsWith(cluster.name), `${i.name} -> ${cluster.name}`);
    }
  });

  it("resolves each node group to its cluster and its subnets", () => {
    const groups = cloudResources(prod).filter((r) => r.type === T.nodeGroup);
    assert.ok(groups.length >= 3);
    for (const g of groups) {
      const cluster = resolveOne(prod, g, "clusterName", T.eksCluster);
      assert.ok(cluster, `${g.name} resolves no cluster`);
      assert.equal(cluster.region, g.region);
      const subnets = resolve(prod, g, "subnetIds", T.subnet);
      assert.equal(subnets.length, list(g.inputs.subnetIds).length);
    }
  });

  it("resolves a dotted path through its top-level input, and an unreferenced input to nothing", () => {
    const eks = cloudResources(prod).find((r) => r.type === T.eksCluster)!;
    const subnets = resolve(prod, eks, "vpcConfig.subnetIds", T.subnet);
    assert.equal(subnets.length, list(obj(eks.inputs.vpcConfig).subnetIds).length);
    assert.deepEqual(resolve(prod, eks, "version"), []);
  });
});

describe("model: facts of the prod stack", () => {
  let prod: Graph;
  before(async () => {
    prod = await render({ stack: "prod" });
  });

  it("places sites by provider: primary in Seoul, secondary in Tokyo, DNS in the global site", () => {
    const f = facts(prod);
    const site = (key: string) => f.sites.find((s) => s.key === key);
    assert.deepEqual([site("aws-primary")?.region, site("aws-primary")?.role], ["ap-northeast-2", "primary"]);
    assert.deepEqual([site("aws-secondary")?.region, site("aws-secondary")?.role], ["ap-northeast-1", "secondary"]);
    assert.equal(site("aws-global")?.role, "global");
  });

  it("finds the replication links, source to target", () => {
    const f = facts(prod);
    const link = (m: string) => f.replication.filter((l) => l.mechanism === m);
    const [aurora] = link("aurora-global");
    assert.deepEqual(
      aurora.sources.map((r) => r.name),
      ["primary-db"],
    );
    assert.deepEqual(
      aurora.targets.map((r) => r.name),
      ["secondary-db"],
    );
    const [s3] = link("s3-replication");
    assert.deepEqual(
      s3.sources.map((r) => r.name),
      ["primary-objects"],
    );
    assert.deepEqual(
      s3.targets.map((r) => r.name),
      ["secondary-objects"],
    );
    assert.equal(s3.rtc, true);
    assert.equal(f.mechanism, "aurora-global");
    for (const l of link("backup-copy")) {
      assert.ok(l.targets.length > 0 && l.targets.every((v) => v.region !== l.via.region), l.via.name);
    }
  });

  it("pairs the failover records, each PRIMARY with its health check and what the check probes", () => {
    const f = facts(prod);
    assert.equal(f.failoverPairs.length, 1);
    const [pair] = f.failoverPairs;
    assert.equal(pair.primaryCheck?.name, "dns-primary");
    assert.equal(pair.secondary?.name, "dns-secondary");
    // The record follows a calculated check; its children are the endpoint (which probes the load
    // balancer), the checker quorum (which follows an alarm) and the manual override.
    const check = f.healthChecks.find((h) => h.resource === pair.primaryCheck)!;
    assert.equal(check.type, "CALCULATED");
    assert.deepEqual(check.children.map((c) => c.name).sort(), [
      "dns-primary-endpoint",
      "dns-primary-override",
      "dns-primary-quorum",
    ]);
    const child = (n: string) => f.healthChecks.find((h) => h.resource.name === n);
    const [endpoint, quorum] = [child("dns-primary-endpoint"), child("dns-primary-quorum")];
    assert.deepEqual(
      endpoint!.probes.map((r) => r.type),
      [T.loadBalancer],
    );
    assert.equal(quorum!.alarm?.name, "dns-primary-quorum");
    assert.deepEqual(check.records, [pair.primary]);
  });

  it("knows every alarm's subscribers: the SNS topics of its own site that its actions name", () => {
    const f = facts(prod);
    const cloudwatch = f.alarms.filter((a) => a.resource.type === T.metricAlarm);
    assert.ok(cloudwatch.filter((a) => a.subscribers.length > 0).length > 5);
    for (const a of cloudwatch) {
      const actions = new Set([...strings(a.resource.inputs.alarmActions), ...strings(a.resource.inputs.okActions)]);
      assert.equal(a.subscribers.length, actions.size, a.resource.name);
      assert.ok(
        a.subscribers.every((t) => t.type === T.topic && t.region === a.resource.region),
        a.resource.name,
      );
    }
    // Every alarm notifies a topic: the secondary's control-plane probe alarm has one in its own region.
    assert.deepEqual(
      cloudwatch.filter((a) => a.subscribers.length === 0).map((a) => a.resource.name),
      [],
    );
  });

  it("reads the Region switch plan: both regions, a workflow per direction and its steps", () => {
    const [plan] = facts(prod).failoverPlans;
    assert.deepEqual([...plan.regions].sort(), ["ap-northeast-1", "ap-northeast-2"]);
    assert.equal(plan.primaryRegion, "ap-northeast-2");
    const activate = plan.workflows.find((w) => w.targetRegion === "ap-northeast-1")!;
    assert.deepEqual(
      activate.steps.map((s) => s.kind),
      ["Parallel", "Route53HealthCheck", "CustomActionLambda"],
    );
    assert.deepEqual(
      activate.steps[0].children.map((s) => s.kind),
      ["AuroraGlobalDatabase", "EKSResourceScaling"],
    );
    assert.ok(plan.targets.some((r) => r.type === T.globalCluster));
  });
});
