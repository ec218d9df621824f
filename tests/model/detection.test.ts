import { ROUTE53_CHECKER_REGIONS } from "../../lib/route53";
import * as assert from "node:assert/strict";
import {
  CERTIFICATE_TYPES,
  checkNodes,
  CONFIG_MAP_TYPE,
  detectionFacts,
  facts,
  failoverTarget,
  Graph,
  GraphResource,
  healthChecks,
  placedSite,
  readDeepCheckConfig,
  readHealthCheck,
  T,
  UNKNOWN,
} from "@dr-platform/model";
import { ChainOptions, chainGraph, deepConfig, SEOUL } from "../dr/chain-graph";
import { graphResource, handGraph, urnOf } from "../hand-graph";

/**
 * The model's detection and failover-target facts (model/detection.ts, model/failover-target.ts) on hand-built
 * graphs: health-check trees through property dependencies, the deep check's ConfigMap and where it runs,
 * alarms with who they page, the secondary's certificates and what the Region switch plan automates.
 */

const byName = (g: Graph, type: string, name: string): GraphResource =>
  g.resources.find((r) => r.type === type && r.name === name)!;

describe("model: health checks as registered", () => {
  const g = chainGraph();

  it("reads each type's settings, leaving Route 53's defaults absent", () => {
    assert.deepEqual(readHealthCheck(byName(g, T.healthCheck, "dns-primary-endpoint")), {
      type: "HTTPS",
      interval: 10,
      threshold: 3,
      resourcePath: "/healthz/region",
      fqdn: "primary-alb.example",
      regions: [...ROUTE53_CHECKER_REGIONS],
    });
    assert.deepEqual(readHealthCheck(byName(g, T.healthCheck, "dns-primary-quorum")), {
      type: "CLOUDWATCH_METRIC",
      alarmName: "dns-primary-quorum",
      alarmRegion: "us-east-1",
      insufficientDataHealthStatus: "LastKnownStatus",
      regions: [],
    });
    assert.deepEqual(readHealthCheck(byName(g, T.healthCheck, "dns-primary-override")), {
      type: "CALCULATED",
      childThreshold: 0,
      inverted: false,
      regions: [],
    });
  });

  it("resolves a calculated check's children and a metric check's alarm through property dependencies only", () => {
    const checks = healthChecks(g);
    const calculated = checks.find((c) => c.resource.name === "dns-primary")!;
    assert.deepEqual(
      calculated.children.map((c) => c.name),
      ["dns-primary-endpoint", "dns-primary-quorum", "dns-primary-override"],
    );
    assert.equal(checks.find((c) => c.resource.name === "dns-primary-quorum")!.alarm?.name, "dns-primary-quorum");
    // Ids in the inputs with no recorded dependency refer to nothing.
    const literal = structuredClone(g);
    (byName(literal, T.healthCheck, "dns-primary") as { propertyDependencies: object }).propertyDependencies = {};
    assert.deepEqual(healthChecks(literal).find((c) => c.resource.name === "dns-primary")!.children, []);
  });
});

describe("model: detection facts", () => {
  const f = facts(chainGraph());
  const d = detectionFacts(f);

  it("finds each site's deep check by its label and reads its config", () => {
    assert.deepEqual(
      d.deepChecks.map((c) => [c.resource.name, c.site?.key, c.config?.path, c.config?.failAfter]),
      [
        ["primary-health", "aws-primary", "/healthz/region", 2],
        ["secondary-health", "aws-secondary", "/healthz/region", 2],
      ],
    );
    assert.deepEqual(d.deepChecks[0].config?.resolver, { address: "10.0.0.2" });
    assert.deepEqual(
      d.deepChecks[0].config?.probes.map((p) => [p.kind, p.name, p.query !== undefined]),
      [
        ["postgres", "database", true],
        ["https", "queue", false],
      ],
    );
  });

  it("builds the PRIMARY's tree: a calculated check over the endpoint (with its site's deep check), the quorum and the override", () => {
    const primary = d.records.find((r) => r.record.failover === "PRIMARY")!;
    const nodes = checkNodes(primary.tree!);
    assert.deepEqual(
      nodes.map((n) => [n.check.resource.name, n.kind, n.override]),
      [
        ["dns-primary", "calculated", false],
        ["dns-primary-endpoint", "endpoint", false],
        ["dns-primary-quorum", "metric", false],
        ["dns-primary-override", "calculated", true],
      ],
    );
    const endpoint = nodes[1];
    assert.deepEqual([endpoint.site?.key, endpoint.deepCheck?.resource.name], ["aws-primary", "primary-health"]);
    assert.equal(nodes[2].alarm?.name, "dns-primary-quorum");
  });

  it("matches the deep check by path: an endpoint check on another path requests no deep check", () => {
    const other = detectionFacts(facts(chainGraph({ path: "/readyz" })));
    const primary = other.records.find((r) => r.record.failover === "PRIMARY")!;
    assert.equal(checkNodes(primary.tree!)[1].deepCheck, undefined);
  });

  it("knows who each Route 53 alarm pages: its alarm actions' topics and their subscriptions", () => {
    assert.deepEqual(
      d.alarms.map((a) => [
        a.resource.name,
        a.metricName,
        a.checks.map((c) => c.name),
        a.subscriptions.map((s) => s.protocol),
      ]),
      [
        ["dns-primary-quorum", "HealthCheckPercentageHealthy", ["dns-primary-endpoint"], []],
        ["dns-secondary-quorum", "HealthCheckPercentageHealthy", ["dns-secondary-endpoint"], []],
        ["dns-primary-health", "HealthCheckStatus", ["dns-primary"], ["email"]],
      ],
    );
  });

  it("places a Kubernetes object in the site of the cluster its provider's kubeconfig is built from", () => {
    const g = handGraph([{ type: T.eksCluster, name: "primary-eks" }]);
    const provider = graphResource({
      urn: urnOf("pulumi:providers:kubernetes", "primary-eks-k8s"),
      type: "pulumi:providers:kubernetes",
      name: "primary-eks-k8s",
      inputs: { kubeconfig: "[secret]" },
      propertyDependencies: { kubeconfig: [urnOf(T.eksCluster, "primary-eks")] },
    });
    const configMap = graphResource({
      urn: urnOf(CONFIG_MAP_TYPE, "primary-health"),
      type: CONFIG_MAP_TYPE,
      name: "primary-health",
      provider: `${provider.urn}::id`,
      inputs: {
        metadata: { labels: { "app.kubernetes.io/name": "regional-health" } },
        data: { "config.json": deepConfig({ region: SEOUL, dbHost: "db", roleAware: false }) },
      },
    });
    g.resources.push(provider, configMap);
    const f2 = facts(g);
    assert.equal(placedSite(g, configMap, f2.sites)?.key, "aws-primary");
    assert.equal(detectionFacts(f2).deepChecks[0].site?.key, "aws-primary");
  });

  it("reads an unknown or broken config as not known, never as a passing check", () => {
    const cm = (text: unknown) =>
      graphResource({ urn: "u", type: CONFIG_MAP_TYPE, name: "x", inputs: { data: { "config.json": text } } });
    assert.equal(readDeepCheckConfig(cm(UNKNOWN)), undefined);
    assert.equal(readDeepCheckConfig(cm("{not json")), undefined);
    assert.equal(readDeepCheckConfig(cm(undefined)), undefined);
  });
});

describe("model: the failover target", () => {
  it("reads the Google Cloud edge's certificate shapes", () => {
    const shapes = (certificate: ChainOptions["certificate"]) =>
      failoverTarget(facts(chainGraph({ secondary: "gcp", certificate }))).certificates.map((c) => [
        c.resource.type,
        c.shape,
      ]);
    assert.deepEqual(shapes("dns-authorized"), [[CERTIFICATE_TYPES.certificateManager, "dns-authorized"]]);
    assert.deepEqual(shapes("load-balancer-authorized"), [
      [CERTIFICATE_TYPES.certificateManager, "load-balancer-authorized"],
    ]);
    assert.deepEqual(shapes("classic-ssl"), [[CERTIFICATE_TYPES.classicManaged, "classic-managed"]]);
    assert.deepEqual(shapes("gke-managed"), [[CERTIFICATE_TYPES.gkeManaged, "classic-managed"]]);
    assert.deepEqual(shapes("none"), []);
  });

  it("reads a Certificate Manager certificate whose `managed` is unknown as unknown", () => {
    const g = chainGraph({ secondary: "gcp", certificate: "load-balancer-authorized" });
    byName(g, CERTIFICATE_TYPES.certificateManager, "secondary-edge").inputs.managed = UNKNOWN;
    assert.equal(failoverTarget(facts(g)).certificates[0].shape, "unknown");
  });

  it("reads the secondary's capacity", () => {
    const compute = (o: ChainOptions) => failoverTarget(facts(chainGraph(o))).compute;
    assert.equal(compute({}), "warm");
    assert.equal(compute({ secondaryMin: 0 }), "pilot-light");
    assert.equal(compute({ secondaryMin: undefined }), "none");
  });

  it("reads what the Region switch plan automates for the secondary's region", () => {
    const plan = (o: ChainOptions) => failoverTarget(facts(chainGraph(o))).regionSwitch;
    assert.deepEqual(plan({ plan: "none" }), []);
    const untriggered = plan({ plan: "untriggered" })[0];
    assert.deepEqual(
      [untriggered.triggers.length, untriggered.scalesUp, untriggered.auroraBehavior, untriggered.triggerAlarms],
      [0, true, "switchoverOnly", []],
    );
    const triggered = plan({ plan: "triggered", auroraBehavior: "failover" })[0];
    assert.deepEqual(triggered.triggers, [{ targetRegion: "ap-northeast-1", conditions: ["primary-down"] }]);
    assert.deepEqual(
      triggered.triggerAlarms.map((a) => a.name),
      ["dns-primary-health"],
    );
    assert.equal(triggered.auroraBehavior, "failover");
  });

  it("takes no trigger alarm it cannot tell apart: an associated alarm no condition names", () => {
    const g = chainGraph({ plan: "triggered" });
    const plan = byName(g, T.regionSwitchPlan, "region-switch");
    (plan.inputs.associatedAlarms as unknown[]).push({ name: "other", alarmType: "applicationHealth" });
    assert.deepEqual(failoverTarget(facts(g)).regionSwitch[0].triggerAlarms, []);
  });
});
