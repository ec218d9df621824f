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
  formatTerms,
  scheduleIntervalSeconds,
} from "../../dr";
import { handGraph as graph, Spec } from "../hand-graph";
import { formatPreview } from "../../tools/offline/preview";

/**
 * The DR arithmetic (dr/) on hand-built graphs: no render, no mocks. Each graph holds only what the
 * arithmetic reads (failover records, health checks, the replication mechanism, the secondary's node
 * groups), placed through providers named as the program names them. What this cannot prove: that the
 * constants hold in a real event; they are sourced (dr/constants.ts), and drills measure them.
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

const dms: Spec[] = [
  { type: T.migrationJob, name: "orders-dms", provider: "gcp-secondary" },
  { type: T.cloudSql, name: "orders-sql", provider: "gcp-secondary" },
];

const nodePool = (minNodeCount: number): Spec => ({
  type: T.nodePool,
  name: "secondary-pool-general",
  provider: "gcp-secondary",
  inputs: { autoscaling: { minNodeCount, maxNodeCount: 3 } },
});

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

describe("DR objectives: Aurora Global Database with a warm Tokyo secondary", () => {
  const g = graph([
    ...failover(),
    ...auroraGlobal(),
    ...nodeGroups("aws-primary", 1),
    ...nodeGroups("aws-secondary", 1),
  ]);

  it("takes RTO 90 s = health check 10 s x 3 + ELB alias TTL 60 s, with promotion (60 s) in parallel", () => {
    const r = failoverReport(computeObjectives(g));
    assert.equal(r.mechanism, "aurora-global");
    assert.equal(r.compute, "warm");
    assert.equal(r.recordName, "app.example.com");
    assert.equal(r.rto.seconds, 90);
    assert.equal(r.rto.detection.seconds, 90);
    assert.equal(r.rto.recovery.seconds, 60);
    assert.deepEqual(
      r.rto.terms.map((t) => [t.label, t.seconds, t.detail]),
      [
        ["health check", 30, "10s x 3"],
        ["TTL", 60, "ELB alias"],
        ["DB promotion", 60, undefined],
      ],
    );
    assert.match(
      r.rto.terms[0].source,
      /^graph: aws:route53\/healthCheck:HealthCheck app-dns-primary requestInterval 10/,
    );
    assert.equal(r.rto.terms[1].source, DR_CONSTANTS.elbAliasTtl.source);
    assert.equal(r.rto.terms[2].source, DR_CONSTANTS.auroraGlobalPromotion.source);
    assert.deepEqual(r.warnings, []);
  });

  it("takes RPO 1 s from Aurora global replication", () => {
    const r = failoverReport(computeObjectives(g));
    assert.equal(r.rpo.seconds, 1);
    assert.equal(r.rpo.terms[0].source, DR_CONSTANTS.auroraGlobalReplicationLag.source);
    assert.equal(r.objects, undefined);
  });

  it("prints one line with every term, and meets prod's AWS targets (RTO <= 2 min, RPO <= 1 s)", () => {
    assert.equal(
      formatObjectives(computeObjectives(g)),
      "RTO 1m30s = health check 30s (10s x 3) + TTL 60s (DB promotion ~60s in parallel); RPO ~1s (Aurora global replication)",
    );
    const report = computeObjectives(g, { rtoSeconds: 120, rpoSeconds: 1 });
    assert.deepEqual(report.meets, { rto: true, rpo: true });
    assert.equal(
      formatObjectives(report),
      "RTO 1m30s = health check 30s (10s x 3) + TTL 60s (DB promotion ~60s in parallel); RPO ~1s (Aurora global replication); meets targets RTO <= 2m, RPO <= 1s",
    );
  });

  it("lists every term with its source", () => {
    assert.equal(
      formatTerms(computeObjectives(g)),
      [
        "RTO health check 30s [10s x 3]: graph: aws:route53/healthCheck:HealthCheck app-dns-primary requestInterval 10, failureThreshold 3",
        `RTO TTL 60s [ELB alias]: ${DR_CONSTANTS.elbAliasTtl.source}`,
        `RTO DB promotion ~60s: ${DR_CONSTANTS.auroraGlobalPromotion.source}`,
        `RPO Aurora global replication ~1s: ${DR_CONSTANTS.auroraGlobalReplicationLag.source}`,
      ].join("\n"),
    );
  });

  it("reports S3 RTC objects apart from the database's RPO", () => {
    const r = failoverReport(
      computeObjectives(graph([...failover(), ...auroraGlobal(), ...nodeGroups("aws-secondary", 1), rtc])),
    );
    assert.equal(r.rpo.seconds, 1);
    assert.equal(r.objects?.seconds, 900);
    assert.equal(
      formatObjectives(r),
      "RTO 1m30s = health check 30s (10s x 3) + TTL 60s (DB promotion ~60s in parallel); RPO ~1s (Aurora global replication); objects 15m (S3 RTC)",
    );
  });
});

describe("DR objectives: a 30 s health-check interval", () => {
  it("misses an RTO <= 2 min target: 30 s x 3 + 60 s = 2m30s", () => {
    const g = graph([...failover({ interval: 30 }), ...auroraGlobal(), ...nodeGroups("aws-secondary", 1)]);
    const report = computeObjectives(g, { rtoSeconds: 120, rpoSeconds: 1 });
    assert.equal(failoverReport(report).rto.seconds, 150);
    assert.deepEqual(report.meets, { rto: false, rpo: true });
    assert.equal(
      formatObjectives(report),
      "RTO 2m30s = health check 1m30s (30s x 3) + TTL 60s (DB promotion ~60s in parallel); RPO ~1s (Aurora global replication); MISSES target RTO <= 2m",
    );
  });

  it("uses Route 53's defaults (30 s, 3) when the health check leaves them unset, and says so", () => {
    const specs = failover().map((s) =>
      s.type === HC ? { ...s, inputs: { ...s.inputs, requestInterval: undefined, failureThreshold: undefined } } : s,
    );
    const r = failoverReport(
      computeObjectives(graph([...specs, ...auroraGlobal(), ...nodeGroups("aws-secondary", 1)])),
    );
    assert.equal(r.rto.detection.terms[0].seconds, 90);
    assert.match(
      r.rto.detection.terms[0].source,
      /Route 53 defaults: interval: docs\/sources\.md#route-53-request-interval \(confirmed\)/,
    );
  });
});

describe("DR objectives: Google Cloud secondary through DMS", () => {
  it("is set by Cloud SQL promotion (~2 min) over detection + TTL (90 s); RPO the assumed DMS lag", () => {
    const g = graph([...failover({ secondary: "ip" }), ...dms, nodePool(1)]);
    const report = computeObjectives(g, { rtoSeconds: 300, rpoSeconds: 60 });
    const r = failoverReport(report);
    assert.equal(r.mechanism, "dms");
    assert.equal(r.rto.seconds, 120);
    assert.equal(r.rpo.seconds, 60);
    assert.equal(r.rpo.terms[0].source, DR_CONSTANTS.dmsReplicationLag.source);
    assert.match(DR_CONSTANTS.dmsReplicationLag.source, /\(unconfirmed assumption\)/);
    assert.equal(
      formatObjectives(report),
      "RTO 2m = Cloud SQL promotion ~2m (health check 30s (10s x 3) + TTL 60s in parallel); RPO ~60s (DMS continuous replication, assumed); meets targets RTO <= 5m, RPO <= 60s",
    );
  });

  it("adds node scale-up for a pilot-light node pool (min 0) and then misses RTO <= 5 min", () => {
    const report = computeObjectives(graph([...failover({ secondary: "ip" }), ...dms, nodePool(0)]), {
      rtoSeconds: 300,
      rpoSeconds: 60,
    });
    assert.equal(failoverReport(report).compute, "pilot-light");
    assert.equal(
      formatObjectives(report),
      "RTO 6m = Cloud SQL promotion ~2m + node scale-up ~4m (health check 30s (10s x 3) + TTL 60s in parallel); RPO ~60s (DMS continuous replication, assumed); MISSES target RTO <= 5m",
    );
  });
});

describe("DR objectives: pilot light on AWS", () => {
  it("adds node scale-up (~4 min) after promotion when every secondary node group has min 0", () => {
    const g = graph([
      ...failover(),
      ...auroraGlobal(),
      ...nodeGroups("aws-primary", 2),
      ...nodeGroups("aws-secondary", 0),
    ]);
    const r = failoverReport(computeObjectives(g));
    assert.equal(r.compute, "pilot-light");
    assert.equal(r.rto.seconds, 300);
    assert.deepEqual(
      r.rto.recovery.terms.map((t) => [t.label, t.seconds, t.source]),
      [
        ["DB promotion", 60, DR_CONSTANTS.auroraGlobalPromotion.source],
        ["node scale-up", 240, DR_CONSTANTS.nodeScaleUp.source],
      ],
    );
    assert.equal(
      formatObjectives(r),
      "RTO 5m = DB promotion ~60s + node scale-up ~4m (health check 30s (10s x 3) + TTL 60s in parallel); RPO ~1s (Aurora global replication)",
    );
  });

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

  it("notes what it cannot model: a secondary with no nodes at all, or no Aurora instance", () => {
    const r = failoverReport(computeObjectives(graph([...failover(), ...auroraGlobal({ secondaryInstance: false })])));
    assert.equal(r.compute, "none");
    assert.equal(
      formatObjectives(r),
      [
        "RTO 1m30s = health check 30s (10s x 3) + TTL 60s (DB promotion ~60s in parallel); RPO ~1s (Aurora global replication)",
        "note: the secondary site has no Aurora instance (a headless secondary cluster): promotion must add one first, not modelled",
        "note: the secondary site has no node group or node pool in this plan: node scale-up not modelled",
      ].join("\n"),
    );
  });
});

describe("DR objectives: backup and restore", () => {
  it("takes hours: RTO = restore + rebuild (4 h), RPO = the daily copy's interval (24 h)", () => {
    const report = computeObjectives(graph([...failover(), backupPlan(TOKYO_VAULT)]), {
      rtoSeconds: 120,
      rpoSeconds: 1,
    });
    const r = failoverReport(report);
    assert.equal(r.mechanism, "backup-restore");
    assert.equal(r.rto.seconds, 4 * 3600);
    assert.equal(r.rpo.seconds, 24 * 3600);
    assert.match(r.rpo.terms[0].source, /^graph: aws:backup\/plan:Plan primary-backups rule daily schedule cron\(0 5/);
    assert.equal(
      formatObjectives(report),
      "RTO 4h = restore + rebuild ~4h (health check 30s (10s x 3) + TTL 60s in parallel); RPO 24h (daily AWS Backup copy); MISSES target RTO <= 2m; MISSES target RPO <= 1s",
    );
  });

  it("reads a shorter schedule from the plan", () => {
    const r = failoverReport(computeObjectives(graph([...failover(), backupPlan(TOKYO_VAULT, "cron(0 */4 ? * * *)")])));
    assert.equal(r.rpo.seconds, 4 * 3600);
    assert.match(formatObjectives(r), /; RPO 4h \(AWS Backup copy every 4h\)$/);
  });

  it("calls the RPO unbounded when no backup is copied out of the region", () => {
    const sameRegion = "arn:aws:backup:ap-northeast-2:123456789012:backup-vault:other";
    for (const plan of [backupPlan(undefined), backupPlan(sameRegion)]) {
      const r = failoverReport(
        computeObjectives(graph([...failover(), plan]), { rtoSeconds: 14400, rpoSeconds: 86400 }),
      );
      assert.equal(r.rpo.seconds, Infinity);
      assert.deepEqual(r.meets, { rto: true, rpo: false });
      assert.equal(
        formatObjectives(r),
        "RTO 4h = restore + rebuild ~4h (health check 30s (10s x 3) + TTL 60s in parallel); RPO unbounded (no cross-region copy of the database in this plan); MISSES target RPO <= 24h",
      );
    }
  });
});

describe("DR objectives: plans without DNS failover", () => {
  it("says so instead of throwing when there are no failover records", () => {
    const g = graph([...auroraGlobal(), ...nodeGroups("aws-secondary", 1)]);
    assert.deepEqual(computeObjectives(g), {
      kind: "no-failover",
      stack: "prod",
      reason: "no Route 53 failover records",
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
