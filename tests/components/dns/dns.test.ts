import { ROUTE53_CHECKER_REGIONS } from "../../../lib/route53";
import * as assert from "node:assert/strict";
import * as path from "path";
import { computeObjectives, DrObjectives } from "../../../dr";
import { Graph, GraphResource } from "../../../tools/offline/graph";
import { dnsFailoverProblems } from "../../../components/dns";
import { render, under } from "../../harness";
import { TESTS_DIR } from "../../paths";

/**
 * DnsFailover, rendered from tests/programs/dns-aws.ts (Tokyo ALB secondary) and dns-gcp.ts (GCP static
 * IP secondary) with explicit aws-global (us-east-1), aws-primary, aws-secondary and gcp-secondary
 * providers, under the mock engine.
 *
 * What mocks cannot prove: that the zone exists and is public (the mock answers any name); that Route 53
 * accepts these health-check shapes and the checkers can reach the endpoints; that the Seoul and Tokyo
 * ALBs answer /readyz over HTTPS for a Host that is their own DNS name; that the GCP load balancer routes
 * Host app.example.com; that CloudWatch publishes to the topic (a KMS-encrypted topic needs CloudWatch in
 * its key policy). tsc checks the property names and types; only `pulumi preview`/`up` checks the rest.
 */

const program = (file: string) => path.join(TESTS_DIR, "programs", file);
const GLOBAL_PROVIDER = /::pulumi:providers:aws::aws-global$/;

const HC = "aws:route53/healthCheck:HealthCheck";
const RECORD = "aws:route53/record:Record";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

const typeNames = (resources: GraphResource[]) => resources.map((r) => `${r.type}::${r.name}`).sort();

function one(resources: GraphResource[], type: string, name: string): GraphResource {
  const found = resources.filter((r) => r.type === type && r.name === name);
  assert.equal(found.length, 1, `exactly one ${type} named ${name}`);
  return found[0];
}

const SEOUL_ALB = "primary-alb-offline.ap-northeast-2.elb.amazonaws.com";
const TOKYO_ALB = "secondary-alb-offline.ap-northeast-1.elb.amazonaws.com";
const ALL_CHECKER_REGIONS = [...ROUTE53_CHECKER_REGIONS];

/** What both variants share: the pair, its checks, its alarms, its placement. */
function commonChecks(label: string, file: string, expected: { alarms: string[]; path: string }) {
  describe(`DnsFailover: ${label}`, function () {
    this.timeout(60000);
    let graph: Graph;
    let dns: GraphResource[];
    before(async () => {
      graph = await render({ stack: "prod", program: program(file) });
      dns = under(graph, "app-dns");
    });

    it("builds per site an endpoint, quorum, override and calculated check, the record pair and the alarms", () => {
      const perSite = (site: string) => [
        `${HC}::app-dns-${site}`,
        `${HC}::app-dns-${site}-endpoint`,
        `${HC}::app-dns-${site}-override`,
        ...(site === "primary" ? [`${ALARM}::app-dns-${site}-quorum`, `${HC}::app-dns-${site}-quorum`] : []),
      ];
      assert.deepEqual(
        typeNames(dns),
        [
          ...expected.alarms.map((a) => `${ALARM}::${a}`),
          ...perSite("primary"),
          ...perSite("secondary"),
          `${RECORD}::app-dns-primary`,
          `${RECORD}::app-dns-secondary`,
        ].sort(),
      );
    });

    it("registers the same (type, name) set under another stack name", async () => {
      const renamed = await render({ stack: "prod", stackName: "prod-copy", program: program(file) });
      assert.deepEqual(typeNames(under(renamed, "app-dns")), typeNames(dns));
    });

    it("puts every resource on the explicit us-east-1 provider, never a default", () => {
      for (const r of dns) {
        assert.match(r.provider, GLOBAL_PROVIDER, `${r.type}::${r.name}`);
        assert.equal(r.region, "us-east-1", `${r.type}::${r.name}`);
      }
    });

    it("pairs PRIMARY and SECONDARY records of the same name and type, with distinct set identifiers", () => {
      const primary = one(dns, RECORD, "app-dns-primary").inputs;
      const secondary = one(dns, RECORD, "app-dns-secondary").inputs;
      assert.deepEqual(
        [primary.name, primary.type, primary.zoneId, primary.setIdentifier, primary.failoverRoutingPolicies],
        ["app.example.com", "A", "ZEXAMPLECOM", "primary", [{ type: "PRIMARY" }]],
      );
      assert.deepEqual(
        [secondary.name, secondary.type, secondary.zoneId, secondary.setIdentifier, secondary.failoverRoutingPolicies],
        ["app.example.com", "A", "ZEXAMPLECOM", "secondary", [{ type: "SECONDARY" }]],
      );
    });

    it("gives each record its own site's calculated check: every child must be healthy", () => {
      for (const site of ["primary", "secondary"]) {
        assert.equal(one(dns, RECORD, `app-dns-${site}`).inputs.healthCheckId, `app-dns-${site}-id`);
        const children = [
          `app-dns-${site}-endpoint-id`,
          ...(site === "primary" ? [`app-dns-${site}-quorum-id`] : []),
          `app-dns-${site}-override-id`,
        ];
        const i = one(dns, HC, `app-dns-${site}`).inputs;
        assert.deepEqual(
          [i.type, i.childHealthchecks, i.childHealthThreshold],
          ["CALCULATED", children, children.length],
          site,
        );
      }
    });

    it("makes each override an always-healthy calculated check that `pulumi up` never re-inverts", () => {
      for (const site of ["primary", "secondary"]) {
        const override = one(dns, HC, `app-dns-${site}-override`);
        assert.deepEqual(
          [override.inputs.type, override.inputs.childHealthchecks, override.inputs.childHealthThreshold],
          ["CALCULATED", [], 0],
          site,
        );
        assert.equal(override.inputs.invertHealthcheck, false);
        assert.deepEqual(override.ignoreChanges, ["invertHealthcheck"], site);
      }
    });

    it("guards the primary's checker quorum: a paging alarm under 50 % of checkers healthy, and a metric check", () => {
      for (const site of ["primary"]) {
        const alarm = one(dns, ALARM, `app-dns-${site}-quorum`).inputs;
        assert.deepEqual(
          [alarm.namespace, alarm.metricName, alarm.dimensions, alarm.statistic, alarm.period],
          [
            "AWS/Route53",
            "HealthCheckPercentageHealthy",
            { HealthCheckId: `app-dns-${site}-endpoint-id` },
            "Average",
            60,
          ],
        );
        assert.deepEqual(
          [alarm.threshold, alarm.comparisonOperator, alarm.treatMissingData, alarm.evaluationPeriods],
          [50, "LessThanThreshold", "missing", 1],
        );
        const topic = "arn:aws:sns:us-east-1:123456789012:dns-alarms";
        assert.deepEqual([alarm.alarmActions, alarm.okActions], [[topic], [topic]]);
        const check = one(dns, HC, `app-dns-${site}-quorum`).inputs;
        assert.deepEqual(
          [check.type, check.cloudwatchAlarmName, check.cloudwatchAlarmRegion, check.insufficientDataHealthStatus],
          ["CLOUDWATCH_METRIC", `app-dns-${site}-quorum`, "us-east-1", "LastKnownStatus"],
        );
      }
    });

    it("aliases the primary to the Seoul ALB with evaluateTargetHealth", () => {
      assert.deepEqual(one(dns, RECORD, "app-dns-primary").inputs.aliases, [
        { name: SEOUL_ALB, zoneId: "ZOFFLINEALB", evaluateTargetHealth: true },
      ]);
      assert.equal(one(dns, RECORD, "app-dns-primary").inputs.ttl, undefined, "an alias takes the ELB's 60 s TTL");
    });

    it("checks both sites over HTTPS on the deep check's path, every 10 s, 3 failures, from all 8 regions", () => {
      for (const site of ["primary", "secondary"]) {
        const i = one(dns, HC, `app-dns-${site}-endpoint`).inputs;
        assert.deepEqual(
          [i.type, i.port, i.resourcePath, i.requestInterval, i.failureThreshold, i.measureLatency, i.enableSni],
          ["HTTPS", 443, expected.path, 10, 3, true, true],
          site,
        );
        assert.deepEqual(i.regions, ALL_CHECKER_REGIONS, site);
        assert.ok((i.regions as string[]).length >= 3, "Route 53 needs at least 3 checker regions");
      }
      assert.equal(
        one(dns, HC, "app-dns-primary-endpoint").inputs.fqdn,
        SEOUL_ALB,
        "the ALB itself, not the failover name",
      );
    });

    it("alarms on each site's calculated check's HealthCheckStatus in us-east-1, notifying the topic", () => {
      for (const name of expected.alarms) {
        const alarm = one(dns, ALARM, name);
        const site = name.replace(/^app-dns-/, "").replace(/-health$/, "");
        const i = alarm.inputs;
        assert.deepEqual(
          [i.namespace, i.metricName, i.dimensions, i.statistic, i.period, i.evaluationPeriods],
          ["AWS/Route53", "HealthCheckStatus", { HealthCheckId: `app-dns-${site}-id` }, "Minimum", 60, 1],
        );
        assert.deepEqual(
          [i.threshold, i.comparisonOperator, i.treatMissingData],
          [1, "LessThanThreshold", "breaching"],
        );
        const topic = "arn:aws:sns:us-east-1:123456789012:dns-alarms";
        assert.deepEqual([i.alarmActions, i.okActions], [[topic], [topic]]);
        assert.equal(alarm.region, "us-east-1");
      }
    });

    it("exports the health-check ids, the record's name and the alarm ARNs", () => {
      assert.deepEqual(graph.outputs.dnsOutputs, {
        primaryHealthCheckId: "app-dns-primary-id",
        secondaryHealthCheckId: "app-dns-secondary-id",
        primaryEndpointHealthCheckId: "app-dns-primary-endpoint-id",
        secondaryEndpointHealthCheckId: "app-dns-secondary-endpoint-id",
        primaryOverrideHealthCheckId: "app-dns-primary-override-id",
        secondaryOverrideHealthCheckId: "app-dns-secondary-override-id",
        recordFqdn: "app.example.com",
        alarmArns: Object.fromEntries(
          [...expected.alarms, "app-dns-primary-quorum"].map((a) => [
            a.replace(/^app-dns-/, "").replace(/-health$/, ""),
            `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${a}`,
          ]),
        ),
      });
    });

    it("is what the DR model reads: detection 10 s x 3, the ELB alias's 60 s, and a miss with nobody paged", () => {
      const report = computeObjectives(graph) as DrObjectives;
      assert.equal(report.kind, "failover");
      const [regionLoss] = report.scenarios;
      const link = (n: string) => regionLoss?.links.find((l) => l.name === n);
      assert.deepEqual(
        [...(link("detection")?.terms ?? []), ...(link("dns")?.terms ?? [])].map((t) => [t.label, t.seconds, t.detail]),
        [
          ["health check", 30, "10s x 3"],
          ["TTL", 60, "ELB alias"],
        ],
      );
      // The component alone: its topic has no subscriber and no site serves, so the chain cannot hold.
      assert.equal(regionLoss?.verdict.kind, "miss");
      assert.match(link("alarm")?.misses.join(" ") ?? "", /has no subscription, so nobody is paged/);
    });
  });
}

commonChecks("Tokyo ALB secondary", "dns-aws.ts", {
  alarms: ["app-dns-primary-health", "app-dns-secondary-health"],
  path: "/healthz/region",
});
commonChecks("Google Cloud static IP secondary", "dns-gcp.ts", {
  alarms: ["app-dns-primary-health"],
  path: "/healthz/deep",
});

describe("DnsFailover: secondary specifics", function () {
  this.timeout(60000);

  it("aliases a Tokyo secondary with evaluateTargetHealth and checks the Tokyo ALB by name", async () => {
    const dns = under(await render({ stack: "prod", program: program("dns-aws.ts") }), "app-dns");
    const record = one(dns, RECORD, "app-dns-secondary").inputs;
    assert.deepEqual(record.aliases, [{ name: TOKYO_ALB, zoneId: "ZOFFLINEALB", evaluateTargetHealth: true }]);
    assert.equal(record.ttl, undefined);
    assert.equal(record.records, undefined);
    const check = one(dns, HC, "app-dns-secondary-endpoint").inputs;
    assert.equal(check.fqdn, TOKYO_ALB);
    assert.equal(check.ipAddress, undefined);
  });

  it("points a GCP secondary at the static IP with a TTL <= 60 s, checked by IP with Host and SNI", async () => {
    const dns = under(await render({ stack: "prod", program: program("dns-gcp.ts") }), "app-dns");
    const record = one(dns, RECORD, "app-dns-secondary").inputs;
    assert.deepEqual([record.ttl, record.records, record.aliases], [30, ["203.0.113.10"], undefined]);
    assert.ok((record.ttl as number) <= 60);
    const check = one(dns, HC, "app-dns-secondary-endpoint").inputs;
    assert.deepEqual([check.ipAddress, check.fqdn, check.enableSni], ["203.0.113.10", "app.example.com", true]);
  });
});

describe("DnsFailover: invalid args", function () {
  this.timeout(60000);

  it("fails with one error listing every problem, TTL 120 among them", async () => {
    await assert.rejects(render({ stack: "prod", program: program("dns-invalid.ts") }), (err: Error) => {
      assert.equal(err.constructor.name, "ResourceError");
      assert.equal(
        err.message,
        [
          "DnsFailover app-dns has invalid args (4 problems):",
          '  - `recordName`: got "app.example.org", which is not in the zone "example.com". Fix: pass a name ending in .example.com, or the zone that holds "app.example.org"',
          "  - `failureThreshold`: got 0; Route 53 accepts 1 to 10 consecutive failures. Fix: pass an integer from 1 to 10",
          "  - `ttl`: got 120; resolvers keep an answer for its TTL, so a failover record above 60 s delays the move to the secondary. Fix: pass an integer from 0 to 60",
          "  - `regions`: got 2 distinct regions; Route 53 needs at least 3 checker regions. Fix: leave regions unset for all eight, or list at least three",
        ].join("\n"),
      );
      return true;
    });
  });
});

describe("DnsFailover: alarm topic outside us-east-1", function () {
  this.timeout(60000);

  it("fails naming the topic's region, since health-check alarms can notify us-east-1 topics only", async () => {
    await assert.rejects(render({ stack: "prod", program: program("dns-invalid-topic.ts") }), (err: Error) => {
      assert.equal(
        err.message,
        [
          "DnsFailover app-dns has invalid args (1 problem):",
          '  - `alarmTopicArn`: got "arn:aws:sns:ap-northeast-2:123456789012:primary-alarms", a topic in ap-northeast-2; ' +
            "the health-check alarms live in us-east-1 and notify topics of their own region only. " +
            "Fix: pass a topic created with the us-east-1 provider",
        ].join("\n"),
      );
      return true;
    });
  });
});

describe("DnsFailover: argument rules (pure)", () => {
  const valid = {
    zoneName: "example.com",
    recordName: "app.example.com",
    healthCheckPath: "/readyz",
    requestInterval: 10,
    failureThreshold: 3,
    ttl: 60,
    regions: ["us-east-1", "us-west-2", "eu-west-1"],
    quorumPercent: 50,
  };
  const messages = (overrides: Partial<typeof valid>) =>
    dnsFailoverProblems({ ...valid, ...overrides }).map((p) => `${p.path}: ${p.message}`);

  it("accepts the defaults, the zone apex and trailing dots", () => {
    assert.deepEqual(messages({}), []);
    assert.deepEqual(messages({ recordName: "example.com." }), []);
    assert.deepEqual(messages({ zoneName: "example.com.", ttl: 0, requestInterval: 30, failureThreshold: 10 }), []);
  });

  it("names each bad value", () => {
    const cases: [Partial<typeof valid>, string[]][] = [
      [{ requestInterval: 20 }, ["requestInterval: got 20; Route 53 checks every 10 s (fast) or 30 s (standard) only"]],
      [
        { healthCheckPath: "readyz" },
        ['healthCheckPath: got "readyz"; Route 53 requests the path as given and it must start with /'],
      ],
      [
        { ttl: 61 },
        [
          "ttl: got 61; resolvers keep an answer for its TTL, so a failover record above 60 s delays the move to the secondary",
        ],
      ],
      [
        { quorumPercent: 101 },
        [
          "quorumPercent: got 101; the share of checkers that must see a site healthy, as a percentage (0 turns the guard off)",
        ],
      ],
      [{ recordName: "badexample.com" }, ['recordName: got "badexample.com", which is not in the zone "example.com"']],
      [
        { regions: ["us-east-1", "ap-northeast-2", "us-east-1"] },
        [
          'regions: got "ap-northeast-2", not a Route 53 health-checker region',
          'regions: got ["us-east-1","ap-northeast-2","us-east-1"], with duplicates',
          "regions: got 2 distinct regions; Route 53 needs at least 3 checker regions",
        ],
      ],
    ];
    for (const [overrides, expected] of cases) {
      assert.deepEqual(messages(overrides), expected, JSON.stringify(overrides));
    }
  });
});
