import { T } from "@dr-platform/model";
import * as assert from "node:assert/strict";
import {
  computeObjectives,
  DR_CONSTANTS,
  drReport,
  DrObjectives,
  DrReport,
  formatDuration,
  formatObjectives,
  formatSummary,
  scheduleIntervalSeconds,
} from "../../dr";
import { handGraph as graph, Spec } from "../hand-graph";
import { chainGraph } from "./chain-graph";
import { formatPreview } from "../../tools/offline/preview";

/**
 * The DR report (dr/) on hand-built graphs: no render, no mocks. Each graph holds only what the model reads
 * (failover records, health checks, alarms, the replication mechanism, the secondary's node groups), placed
 * through providers named as the program names them; the chain's links, scenario by scenario, are in
 * chain.test.ts. What this cannot prove: that the constants hold in a real event; they are sourced
 * (dr/constants.ts), and drills measure them.
 */

const HC = T.healthCheck;
const RECORD = T.record;

/** The DnsFailover pair: PRIMARY alias to the Seoul ALB, SECONDARY alias to Tokyo or A record to a GCP IP. */
function failover(o: { interval?: number; threshold?: number; secondary?: "alias" | "ip" } = {}): Spec[] {
  const check = (site: string, target: Record<string, unknown>): Spec => ({
    type: HC,
    name: `app-dns-${site}`,
    provider: "aws-global",
    inputs: {
      type: "HTTPS",
      port: 443,
      resourcePath: "/readyz",
      requestInterval: o.interval ?? 10,
      failureThreshold: o.threshold ?? 3,
      ...target,
    },
  });
  const record = (site: "primary" | "secondary", target: Record<string, unknown>): Spec => ({
    type: RECORD,
    name: `app-dns-${site}`,
    provider: "aws-global",
    inputs: {
      zoneId: "ZEXAMPLECOM",
      name: "app.example.com",
      type: "A",
      setIdentifier: site,
      failoverRoutingPolicies: [{ type: site.toUpperCase() }],
      healthCheckId: `app-dns-${site}-id`,
      ...target,
    },
    refs: { healthCheckId: `${HC}::app-dns-${site}` },
  });
  const seoul = "primary-alb-0123.ap-northeast-2.elb.amazonaws.com";
  const tokyo = "secondary-alb-0456.ap-northeast-1.elb.amazonaws.com";
  const alias = (name: string) => ({ aliases: [{ name, zoneId: "ZWKZPGTI48KDX", evaluateTargetHealth: true }] });
  return [
    check("primary", { fqdn: seoul }),
    record("primary", alias(seoul)),
    ...(o.secondary === "ip"
      ? [
          check("secondary", { ipAddress: "203.0.113.10", fqdn: "app.example.com", enableSni: true }),
          record("secondary", { ttl: 60, records: ["203.0.113.10"] }),
        ]
      : [check("secondary", { fqdn: tokyo }), record("secondary", alias(tokyo))]),
  ];
}

function auroraGlobal(o: { secondaryInstance?: boolean } = {}): Spec[] {
  return [
    { type: T.globalCluster, name: "orders-global", provider: "aws-primary" },
    { type: T.rdsCluster, name: "primary-db", provider: "aws-primary" },
    { type: T.rdsCluster, name: "secondary-db", provider: "aws-secondary" },
    ...((o.secondaryInstance ?? true)
      ? [{ type: T.rdsInstance, name: "secondary-db-1", provider: "aws-secondary" } as Spec]
      : []),
  ];
}

const nodeGroups = (provider: "aws-primary" | "aws-secondary", minSize: number): Spec[] =>
  [1, 2, 3].map((az) => ({
    type: T.nodeGroup,
    name: `${provider.split("-")[1]}-nodes-general-az${az}`,
    provider,
    inputs: { scalingConfig: { minSize, desiredSize: minSize, maxSize: 6 } },
  }));

const backupPlan = (copyTo: string | undefined, schedule = "cron(0 5 ? * * *)"): Spec => ({
  type: T.backupPlan,
  name: "primary-backups",
  provider: "aws-primary",
  inputs: {
    rules: [
      {
        ruleName: "daily",
        schedule,
        targetVaultName: "primary-backups-prod",
        ...(copyTo ? { copyActions: [{ destinationVaultArn: copyTo, lifecycle: { deleteAfter: 14 } }] } : {}),
      },
    ],
  },
});
const TOKYO_VAULT = "arn:aws:backup:ap-northeast-1:123456789012:backup-vault:secondary-backups-prod";

const rtc: Spec = {
  type: T.bucketReplication,
  name: "primary-objects",
  provider: "aws-primary",
  inputs: {
    rules: [
      {
        status: "Enabled",
        destination: {
          bucket: "arn:aws:s3:::secondary-objects-prod",
          replicationTime: { status: "Enabled", time: { minutes: 15 } },
          metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
        },
      },
    ],
  },
};

function failoverReport(report: DrReport): DrObjectives {
  assert.equal(report.kind, "failover");
  return report as DrObjectives;
}

describe("DR objectives: the Region loss sets the stack's RTO (scenario a)", () => {
  it("reports (a)'s RTO, its two paths (users, writes) and the critical one's terms", () => {
    const r = failoverReport(computeObjectives(chainGraph()));
    assert.equal(r.mechanism, "aurora-global");
    assert.equal(r.compute, "warm");
    assert.equal(r.recordName, "app.example.com");
    assert.deepEqual(
      [r.rto.seconds, r.rto.atLeast, r.rto.detection.seconds, r.rto.recovery.seconds],
      [150, true, 90, 150],
    );
    assert.deepEqual(
      r.rto.terms.map((t) => [t.label, t.seconds, t.detail]),
      [
        ["health check", 30, "10s x 3"],
        ["alarm", 60, "60s x 1"],
        [
          "human step A4",
          0,
          "start the Region switch plan in ungraceful mode from Tokyo (or failover-global-cluster), from the page",
        ],
        ["DB promotion", 60, undefined],
      ],
    );
    assert.deepEqual(
      r.scenarios.map((s) => s.letter),
      ["a", "b", "c", "d", "e"],
    );
    assert.deepEqual(r.warnings, []);
  });

  it("takes RPO 1 s from Aurora global replication, and S3 RTC objects apart", () => {
    const r = failoverReport(computeObjectives(graph([...failover(), ...auroraGlobal(), rtc])));
    assert.equal(r.rpo.seconds, 1);
    assert.equal(r.rpo.terms[0].source, DR_CONSTANTS.auroraGlobalReplicationLag.source);
    assert.equal(r.objects?.seconds, 900);
    assert.match(formatObjectives(r), /; RPO ~1s \(Aurora global replication\); objects 15m \(S3 RTC\)/);
    assert.equal(failoverReport(computeObjectives(chainGraph())).objects, undefined);
  });

  it("misses an RTO <= 2 min target with 30 s checks: 30 s x 3 before the page", () => {
    const r = failoverReport(
      computeObjectives(chainGraph({ interval: 30, plan: "started", auroraBehavior: "failover" }), {
        rtoSeconds: 120,
        rpoSeconds: 1,
      }),
    );
    assert.deepEqual([r.rto.seconds, r.rto.atLeast], [225, false]);
    assert.deepEqual(r.meets, { rto: false, rpo: true });
    assert.equal(
      formatSummary(r),
      "RTO 3m45s = health check 1m30s (30s x 3) + alarm 60s (60s x 1) + starter ~15s + DB promotion ~60s (users at 2m30s in parallel); RPO ~1s (Aurora global replication); MISSES target RTO <= 2m",
    );
  });

  it("uses Route 53's defaults (30 s, 3) when the health check leaves them unset, and says so", () => {
    const specs = failover().map((s) =>
      s.type === HC ? { ...s, inputs: { ...s.inputs, requestInterval: undefined, failureThreshold: undefined } } : s,
    );
    const r = failoverReport(
      computeObjectives(graph([...specs, ...auroraGlobal(), ...nodeGroups("aws-secondary", 1)])),
    );
    const detection = r.scenarios[0].links[0].terms[0];
    assert.equal(detection.seconds, 90);
    assert.match(
      detection.source,
      /Route 53 defaults: interval: docs\/sources\.md#route-53-request-interval \(confirmed\)/,
    );
  });

  it("misses when nobody is paged: the plain pair of this file has no alarm", () => {
    const r = failoverReport(
      computeObjectives(graph([...failover(), ...auroraGlobal(), ...nodeGroups("aws-secondary", 1)])),
    );
    assert.equal(r.rto.seconds, Infinity);
    assert.equal(r.misses[0].reason, "no CloudWatch alarm watches the PRIMARY's health checks, so nobody is paged");
    assert.match(
      formatSummary(r),
      /^RTO unbounded \(\(a\) no CloudWatch alarm watches the PRIMARY's health checks, so nobody is paged\)/,
    );
  });
});

describe("DR objectives: Google Cloud secondary through DMS", () => {
  it("is set by a person's Cloud SQL promotion (B4, ~2 min, then ~1 min of setup) after the page; RPO the assumed DMS lag", () => {
    const report = computeObjectives(chainGraph({ secondary: "gcp" }), { rtoSeconds: 300, rpoSeconds: 60 });
    const r = failoverReport(report);
    assert.equal(r.mechanism, "dms");
    assert.deepEqual([r.rto.seconds, r.rto.atLeast], [270, true]);
    assert.equal(r.rpo.seconds, 60);
    assert.equal(r.rpo.terms[0].source, DR_CONSTANTS.dmsReplicationLag.source);
    assert.match(DR_CONSTANTS.dmsReplicationLag.source, /\(unconfirmed assumption\)/);
    assert.equal(
      formatSummary(report),
      "RTO >= 4m30s = health check 30s (10s x 3) + alarm 60s (60s x 1) + human step B4 + Cloud SQL promotion ~2m + after-promotion setup ~60s (users at 1m30s in parallel); RPO ~60s (DMS continuous replication, assumed); meets targets RTO <= 5m, RPO <= 60s",
    );
  });
});

describe("DR objectives: what runs on the secondary", () => {
  it("reads only the secondary's node groups: the primary's min 0 does not make a stack pilot light", () => {
    const g = graph([
      ...failover(),
      ...auroraGlobal(),
      ...nodeGroups("aws-primary", 0),
      ...nodeGroups("aws-secondary", 1),
    ]);
    assert.equal(failoverReport(computeObjectives(g)).compute, "warm");
  });

  it("finds secondary node groups placed in Tokyo through another provider's `region`", () => {
    const viaRegion = nodeGroups("aws-primary", 0).map((s) => ({
      ...s,
      name: s.name.replace("primary", "tokyo"),
      inputs: { ...s.inputs, region: "ap-northeast-1" },
    }));
    const g = graph([...failover(), ...auroraGlobal(), ...nodeGroups("aws-primary", 2), ...viaRegion]);
    assert.equal(failoverReport(computeObjectives(g)).compute, "pilot-light");
  });

  it("counts no headless warning: a secondary Aurora cluster with no instance is modelled by the promotion", () => {
    const r = failoverReport(computeObjectives(graph([...failover(), ...auroraGlobal({ secondaryInstance: false })])));
    assert.equal(r.compute, "none");
    assert.deepEqual(r.warnings, []);
    assert.match(
      r.misses.map((m) => m.reason).join("\n"),
      /no capacity: the AWS secondary has no node group or node pool/,
    );
  });
});

describe("DR objectives: backup and restore", () => {
  const dev = (copyTo: string | undefined, schedule?: string) =>
    computeObjectives(graph([...auroraGlobal().slice(1, 2), backupPlan(copyTo, schedule)]), {
      rtoSeconds: 86400,
      rpoSeconds: 86400,
    });

  it("takes hours: RTO >= a person's restore and rebuild (4 h), RPO the daily copy's interval (24 h)", () => {
    const r = failoverReport(dev(TOKYO_VAULT));
    assert.equal(r.mechanism, "backup-restore");
    assert.deepEqual([r.rto.seconds, r.rto.atLeast], [4 * 3600, true]);
    assert.equal(r.rpo.seconds, 24 * 3600);
    assert.match(r.rpo.terms[0].source, /^graph: aws:backup\/plan:Plan primary-backups rule daily schedule cron\(0 5/);
    assert.equal(
      formatSummary(r),
      "RTO >= 4h = human step restore + restore + rebuild ~4h; RPO 24h (daily AWS Backup copy); meets targets RTO <= 24h, RPO <= 24h",
    );
    assert.deepEqual(
      r.scenarios.map((s) => s.verdict.kind),
      ["recovers", "not-applicable", "not-applicable", "not-applicable", "not-applicable"],
    );
    assert.deepEqual(r.misses, []);
  });

  it("reads a shorter schedule from the plan", () => {
    const r = failoverReport(dev(TOKYO_VAULT, "cron(0 */4 ? * * *)"));
    assert.equal(r.rpo.seconds, 4 * 3600);
    assert.match(formatSummary(r), /; RPO 4h \(AWS Backup copy every 4h\);/);
  });

  it("calls the RPO unbounded when the copy stays in the region, and falls back to 'no DNS failover' without one", () => {
    const sameRegion = failoverReport(dev("arn:aws:backup:ap-northeast-2:123456789012:backup-vault:other"));
    assert.equal(sameRegion.rpo.seconds, Infinity);
    assert.deepEqual(sameRegion.misses, [{ scenario: "rpo", reason: "RPO unbounded exceeds the target 24h" }]);
    const none = dev(undefined);
    assert.equal(none.kind, "no-failover");
    assert.deepEqual(none.misses, [{ scenario: "failover", reason: "no DNS failover: no Route 53 failover records" }]);
  });

  it("times a failover pair backed only by backups as a person's rebuild, and calls an uncopied RPO unbounded", () => {
    const r = failoverReport(
      computeObjectives(graph([...failover(), backupPlan(undefined)]), { rtoSeconds: 14400, rpoSeconds: 86400 }),
    );
    assert.equal(r.mechanism, "backup-restore");
    assert.equal(r.rpo.seconds, Infinity);
    assert.equal(r.meets?.rpo, false);
    assert.ok(r.misses.some((m) => m.scenario === "rpo" && m.reason === "RPO unbounded exceeds the target 24h"));
    assert.match(formatSummary(r), /RPO unbounded \(no cross-region copy of the database in this plan\)/);
  });
});

describe("DR objectives: plans without DNS failover", () => {
  it("says so instead of throwing when there are no failover records, and counts it as a miss", () => {
    const g = graph([...auroraGlobal(), ...nodeGroups("aws-secondary", 1)]);
    assert.deepEqual(computeObjectives(g), {
      kind: "no-failover",
      stack: "prod",
      reason: "no Route 53 failover records",
      misses: [{ scenario: "failover", reason: "no DNS failover: no Route 53 failover records" }],
    });
    assert.equal(drReport(g), "no DNS failover in this plan: no Route 53 failover records");
    assert.equal(
      drReport(g, { rtoSeconds: 120, rpoSeconds: 1 }),
      "no DNS failover in this plan: no Route 53 failover records; MISSES target RTO <= 2m; MISSES target RPO <= 1s",
    );
  });

  it("says so when the PRIMARY has no SECONDARY or no health check", () => {
    const noSecondary = failover().filter((s) => !(s.type === RECORD && s.name === "app-dns-secondary"));
    assert.equal(
      drReport(graph(noSecondary)),
      "no DNS failover in this plan: the PRIMARY record app.example.com has no SECONDARY",
    );
    const unchecked = failover().map((s) =>
      s.type === RECORD && s.name === "app-dns-primary"
        ? { ...s, inputs: { ...s.inputs, healthCheckId: undefined }, refs: [] }
        : s,
    );
    assert.match(
      drReport(graph(unchecked)),
      /^no DNS failover in this plan: the PRIMARY record app\.example\.com has no health check/,
    );
  });
});

describe("DR arithmetic helpers", () => {
  it("formats durations as the report prints them", () => {
    const cases: [number, string][] = [
      [1, "1s"],
      [30, "30s"],
      [60, "60s"],
      [90, "1m30s"],
      [120, "2m"],
      [150, "2m30s"],
      [900, "15m"],
      [3661, "1h1m1s"],
      [14400, "4h"],
      [86400, "24h"],
      [Infinity, "unbounded"],
    ];
    assert.deepEqual(
      cases.map(([s]) => formatDuration(s)),
      cases.map(([, text]) => text),
    );
  });

  it("reads the interval of AWS Backup schedules", () => {
    const cases: [string, number | undefined][] = [
      ["cron(0 5 ? * * *)", 86400],
      ["cron(30 17 * * ? *)", 86400],
      ["cron(0 */6 ? * * *)", 21600],
      ["cron(0 0,12 ? * * *)", 43200],
      ["cron(0 2,8 ? * * *)", 64800],
      ["rate(12 hours)", 43200],
      ["rate(1 day)", 86400],
      ["cron(0 5 ? * MON *)", undefined],
      ["every day", undefined],
    ];
    assert.deepEqual(
      cases.map(([expr]) => scheduleIntervalSeconds(expr)),
      cases.map(([, seconds]) => seconds),
    );
  });

  it("sources every constant: an entry of docs/sources.md and how sure it is", () => {
    for (const [key, c] of Object.entries(DR_CONSTANTS)) {
      assert.ok(c.seconds > 0, key);
      assert.match(
        c.source,
        /^docs\/sources\.md#[a-z0-9-]+ \((confirmed|secondary source|unconfirmed assumption)\)/,
        key,
      );
    }
  });
});

describe("offline preview: DR section", () => {
  const g = graph([...failover(), ...auroraGlobal(), ...nodeGroups("aws-secondary", 1)]);

  it("is unchanged without a DR report, and ends with the report's lines when given one", () => {
    const plain = formatPreview(g);
    assert.equal(formatPreview(g, undefined), plain);
    assert.doesNotMatch(plain, /DR objectives/);
    const report = "RTO 1m30s = ...\nnote: something";
    assert.equal(formatPreview(g, report), `${plain}\n\nDR objectives:\n  RTO 1m30s = ...\n  note: something`);
  });
});
