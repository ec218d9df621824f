import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import {
  computeObjectives,
  DR_CONSTANTS,
  DrObjectives,
  DrReport,
  DrTargets,
  formatCompact,
  formatObjectives,
  formatScenario,
  formatSummary,
  formatTerms,
  HUMAN_STEPS,
  missText,
  ScenarioId,
  ScenarioReport,
} from "../../dr";
import { REPO_ROOT } from "../../tools/offline/stack-files";
import { ChainOptions, chainGraph, GCP_TARGETS, PROD_TARGETS } from "./chain-graph";

/**
 * The failover chain (dr/chain.ts) on hand-built graphs, scenario by scenario and link by link: every verdict
 * and every reason a link cannot hold. Each graph is the DnsFailover shape (calculated check over an endpoint
 * check, a quorum check and an override; tests/dr/chain-graph.ts) with one option changed. What this cannot
 * prove: that the clouds behave as the sourced constants say; drills measure that.
 */

function report(o: ChainOptions = {}, targets?: DrTargets): DrObjectives {
  const r: DrReport = computeObjectives(chainGraph(o), targets);
  assert.equal(r.kind, "failover", r.kind === "no-failover" ? r.reason : "");
  return r as DrObjectives;
}
const scenario = (r: DrObjectives, id: ScenarioId): ScenarioReport => r.scenarios.find((s) => s.id === id)!;
const recovers = (s: ScenarioReport) => {
  assert.equal(s.verdict.kind, "recovers", s.misses.join("; "));
  return s.verdict as Extract<ScenarioReport["verdict"], { kind: "recovers" }>;
};
const termsOf = (terms: readonly { label: string; seconds: number }[]) => terms.map((t) => [t.label, t.seconds]);

describe("DR chain (a): the Region is lost", () => {
  it("walks detection, page, decision, recovery and TTL; a warm standby's promotion waits for a person (A4)", () => {
    const r = report();
    const a = scenario(r, "region-loss");
    assert.deepEqual(
      a.links.map((l) => l.name),
      ["detection", "alarm", "decision", "recovery", "dns"],
    );
    assert.deepEqual(a.misses, []);
    const v = recovers(a);
    assert.deepEqual([v.seconds, v.atLeast, v.users.seconds, v.writes.seconds], [150, true, 90, 150]);
    assert.deepEqual(termsOf(a.links[0].terms), [["health check", 30]]);
    assert.match(
      a.links[0].terms[0].source,
      /^graph: aws:route53\/healthCheck:HealthCheck dns-primary-endpoint requestInterval 10, failureThreshold 3$/,
    );
    assert.equal(a.links[1].text, "dns-primary-health fires at 1m30s and pages email oncall@example.com");
    assert.match(
      a.links[2].text,
      /promotion: human step A4, start the Region switch plan in ungraceful mode from Tokyo/,
    );
    assert.match(a.links[2].text, /docs\/runbooks\/failover\.md#step-a4-promote/);
    assert.deepEqual(termsOf(v.writes.terms), [
      ["health check", 30],
      ["alarm", 60],
      ["human step A4", 0],
      ["DB promotion", 60],
    ]);
    assert.equal(v.writes.terms[3].source, DR_CONSTANTS.auroraGlobalPromotion.source);
    assert.deepEqual(termsOf(v.users.terms), [
      ["health check", 30],
      ["TTL", 60],
    ]);
    assert.equal(v.users.terms[1].source, DR_CONSTANTS.elbAliasTtl.source);
    assert.equal(r.rto.seconds, 150);
    assert.equal(r.rto.atLeast, true);
  });

  it("misses prod's 2 min target: the page and a person's promotion come after 1m30s", () => {
    const r = report({}, PROD_TARGETS);
    assert.deepEqual(scenario(r, "region-loss").misses, ["RTO >= 2m30s exceeds the target 2m"]);
    assert.deepEqual(r.meets, { rto: false, rpo: true });
    assert.equal(
      formatSummary(r),
      "RTO >= 2m30s = health check 30s (10s x 3) + alarm 60s (60s x 1) + human step A4 + DB promotion ~60s (users at 1m30s in parallel); RPO ~1s (Aurora global replication); MISSES target RTO <= 2m",
    );
  });

  it("holds within a target the chain fits, and says how long the person has", () => {
    const r = report({}, { rtoSeconds: 300, rpoSeconds: 1 });
    assert.deepEqual(r.misses, []);
    assert.deepEqual(r.meets, { rto: true, rpo: true });
    assert.match(formatSummary(r), /; meets targets RTO <= 5m, RPO <= 1s$/);
    assert.match(
      formatObjectives(r),
      /RTO >= 2m30s = max\(users 1m30s, writes >= 2m30s\); holds, within the target if the person acts within 2m30s/,
    );
  });

  it("promotes without a person when a starter runs the plan in ungraceful mode", () => {
    const r = report({ plan: "started", auroraBehavior: "failover" }, { rtoSeconds: 165, rpoSeconds: 1 });
    const a = scenario(r, "region-loss");
    const v = recovers(a);
    // The alarm at 1m30s, the starter's hops (~15 s, an assumption), then the promotion (~60 s).
    assert.deepEqual([v.seconds, v.atLeast], [165, false]);
    assert.match(
      a.links[2].text,
      /promotion: the Region switch plan region-switch, started in ungraceful mode when dns-primary-health fires/,
    );
    assert.deepEqual(a.misses, []);
    assert.deepEqual(r.meets, { rto: true, rpo: true });
  });

  it("does not credit an ARC trigger with the failover: it carries no execution mode", () => {
    const a = scenario(report({ plan: "triggered", auroraBehavior: "failover" }), "region-loss");
    assert.equal(recovers(a).atLeast, true);
    assert.match(a.links[2].text, /human step A4.*trigger carries no execution mode/);
  });

  it("does not count a plan that only switches over, or one without a trigger: a person promotes", () => {
    const switchover = scenario(report({ plan: "triggered" }), "region-loss");
    assert.match(switchover.links[2].text, /human step A4.*only switches over, which needs the primary Region/);
    assert.equal(recovers(switchover).atLeast, true);
    const untriggered = scenario(report({ plan: "untriggered", auroraBehavior: "failover" }), "region-loss");
    assert.match(untriggered.links[2].text, /human step A4.*the Region switch plan region-switch has no trigger/);
  });

  describe("the page", () => {
    const cases: [string, ChainOptions, string][] = [
      ["no alarm", { alarm: "none" }, "no CloudWatch alarm watches the PRIMARY's health checks, so nobody is paged"],
      [
        "a topic without a subscription",
        { alarm: "no-subscription" },
        "dns-primary-health's topic dns-alarms has no subscription, so nobody is paged",
      ],
      ["no topic", { alarm: "no-topic" }, "dns-primary-health notifies no SNS topic, so nobody is paged"],
      [
        "an alarm outside us-east-1",
        { alarm: "wrong-region" },
        "no alarm on the PRIMARY's checks fires: dns-primary-health is in ap-northeast-2; Route 53 publishes health-check metrics in us-east-1 only",
      ],
    ];
    for (const [label, o, why] of cases) {
      it(`misses with ${label}, and the person's promotion never starts`, () => {
        const a = scenario(report(o), "region-loss");
        assert.deepEqual(a.links[1].misses, [why]);
        assert.deepEqual(a.links[2].misses, [`the writer is never promoted: ${why}`]);
        assert.equal(a.verdict.kind, "miss");
      });
    }

    it("is a link of its own: an automated chain with nobody paged still misses", () => {
      const a = scenario(
        report({ alarm: "no-subscription", plan: "started", auroraBehavior: "failover" }),
        "region-loss",
      );
      assert.deepEqual(a.misses, ["dns-primary-health's topic dns-alarms has no subscription, so nobody is paged"]);
      assert.equal(recovers(a).seconds, 165);
    });
  });

  describe("a secondary that cannot be healthy before it receives traffic", () => {
    const CERT =
      "is Google-managed with load balancer authorization, issued only once the name resolves to its load balancer (docs/sources.md#google-managed-certificate-before-failover)";
    for (const [certificate, name] of [
      ["classic-ssl", "gcp:compute/managedSslCertificate:ManagedSslCertificate secondary-edge"],
      ["gke-managed", "kubernetes:networking.gke.io/v1:ManagedCertificate secondary-ingress"],
      ["load-balancer-authorized", "gcp:certificatemanager/certificate:Certificate secondary-edge"],
    ] as const) {
      it(`misses on Google Cloud with a ${certificate} certificate`, () => {
        const a = scenario(report({ secondary: "gcp", certificate }, GCP_TARGETS), "region-loss");
        assert.equal(a.verdict.kind, "miss");
        assert.equal(a.misses.length, 1);
        assert.match(a.misses[0], /^the SECONDARY cannot be healthy before it receives traffic: its certificate /);
        assert.ok(a.misses[0].includes(`${name} ${CERT}`), a.misses[0]);
        assert.equal(a.links[4].text, "DNS keeps answering with the PRIMARY: the SECONDARY never passes its check");
      });
    }

    it("holds on Google Cloud with a Certificate Manager certificate with DNS authorization", () => {
      const r = report({ secondary: "gcp" }, GCP_TARGETS);
      const a = scenario(r, "region-loss");
      assert.deepEqual(a.misses, []);
      const v = recovers(a);
      // No promotion signal in this plan: the page at 1m30s, then a person runs the promotion workflow (B4,
      // promotion ~2 min, after-promotion setup ~1 min).
      assert.deepEqual([v.seconds, v.atLeast, v.users.seconds], [270, true, 90]);
      assert.match(
        a.links[2].text,
        /human step B4, run the promotion workflow by hand .*no promotion workflow is started by a signal/,
      );
    });

    it("misses on Google Cloud without any certificate the plan provisions", () => {
      const a = scenario(report({ secondary: "gcp", certificate: "none" }), "region-loss");
      assert.match(a.misses[0], /its edge has no certificate the plan provisions/);
    });

    it("misses with no capacity: an AWS warm standby with no node group", () => {
      const a = scenario(report({ secondaryMin: undefined }), "region-loss");
      assert.deepEqual(a.misses, [
        "the SECONDARY cannot be healthy before it receives traffic: no capacity: the AWS secondary has no node group or node pool",
      ]);
    });
  });

  describe("a pilot light", () => {
    it("misses when only a person scales it up (A3), and times DNS after the scale-up", () => {
      const a = scenario(report({ secondaryMin: 0 }), "region-loss");
      assert.equal(a.misses.length, 1);
      assert.match(
        a.misses[0],
        /^a pilot light \(every node group at minimum 0\) passes its check only after a scale-up, which only a person starts: human step A3/,
      );
      assert.match(
        a.misses[0],
        /an ARC Region switch plan with a trigger and an EKS resource-scaling step would scale it up$/,
      );
      const v = recovers(a);
      // Page 1m30s, A3, scale-up ~4m, the SECONDARY's deep check (5s x 3) and Route 53 check (10s x 3), then TTL.
      assert.deepEqual([v.users.seconds, v.users.human], [435, true]);
      assert.deepEqual(termsOf(v.users.terms).slice(2), [
        ["human step A3", 0],
        ["node scale-up", 240],
        ["deep check recovers", 15],
        ["SECONDARY check passes", 30],
        ["TTL", 60],
      ]);
    });

    it("names the untriggered plan to fix", () => {
      const a = scenario(report({ secondaryMin: 0, plan: "untriggered" }), "region-loss");
      assert.match(a.misses[0], /give the Region switch plan region-switch a trigger/);
    });

    it("holds when the plan a starter runs scales it up (EKS resource scaling)", () => {
      const r = report(
        { secondaryMin: 0, plan: "started", auroraBehavior: "failover" },
        { rtoSeconds: 600, rpoSeconds: 1 },
      );
      const a = scenario(r, "region-loss");
      assert.deepEqual(a.misses, []);
      const v = recovers(a);
      assert.deepEqual([v.seconds, v.atLeast, v.writes.seconds], [435, false, 165]);
      assert.match(a.links[2].text, /scale-up: the Region switch plan region-switch, started by its trigger/);
      assert.match(a.links[2].text, /promotion: the Region switch plan region-switch, started in ungraceful mode/);
    });

    it("holds when its cluster always runs pods: the autoscaler keeps nodes for them before any failover", () => {
      for (const secondary of ["aws", "gcp"] as const) {
        const a = scenario(report({ secondary, secondaryMin: 0, steadyPods: 2 }), "region-loss");
        assert.deepEqual(a.misses, [], secondary);
        assert.match(a.links[3].text, /SECONDARY healthy already/, secondary);
        assert.doesNotMatch(a.links[2].text, /scale-up/, secondary);
      }
      // Zero replicas keep nothing running: a person still scales it up.
      assert.equal(scenario(report({ secondaryMin: 0, steadyPods: 0 }), "region-loss").misses.length, 1);
    });

    it("misses on Google Cloud, where only a person scales the node pool (B3)", () => {
      const a = scenario(report({ secondary: "gcp", secondaryMin: 0 }), "region-loss");
      assert.equal(a.misses.length, 1);
      assert.match(
        a.misses[0],
        /which only a person starts: human step B3, scale the GKE node pool up \(docs\/runbooks\/failover\.md#step-b3-scale-up\)$/,
      );
    });
  });

  it("waits for the promotion when the SECONDARY's own check is role-aware (sequential)", () => {
    const v = recovers(scenario(report({ secondaryRoleAware: true }), "region-loss"));
    // The SECONDARY passes only once it holds the writer: promotion >= 2m30s, then 15s + 30s, then TTL.
    assert.deepEqual([v.users.seconds, v.users.human, v.seconds], [255, true, 255]);
  });
});

describe("DR chain (b): the 2018 grey failure", () => {
  it("is detected by the deep in-site check: its hysteresis, then Route 53's", () => {
    const b = scenario(report(), "grey-failure");
    assert.deepEqual(termsOf(b.links[0].terms), [
      ["deep check", 10],
      ["health check", 30],
    ]);
    assert.equal(
      b.links[0].terms[0].source,
      "graph: kubernetes:core/v1:ConfigMap primary-health config.json failAfter 2, intervalSeconds 5",
    );
    assert.deepEqual([recovers(b).seconds, recovers(b).users.seconds], [160, 100]);
    assert.deepEqual(b.misses, []);
  });

  const never = (o: ChainOptions, why: string) => {
    const b = scenario(report(o), "grey-failure");
    assert.equal(b.verdict.kind, "miss");
    assert.deepEqual(b.misses, [`never detected: ${why}`]);
    assert.deepEqual(
      b.links.map((l) => l.name),
      ["detection"],
    );
  };

  it("is never detected by a check on podinfo's /readyz", () =>
    never(
      { path: "/readyz" },
      "dns-primary-endpoint requests /readyz, which keeps answering 200 while DNS inside the Region fails (docs/sources.md#seoul-2018-dns-event): only the deep in-site check sees it",
    ));

  it("is never detected without a deep check in the primary site", () =>
    never(
      { deep: "none" },
      "dns-primary-endpoint requests /healthz/region, which keeps answering 200 while DNS inside the Region fails (docs/sources.md#seoul-2018-dns-event): only the deep in-site check sees it",
    ));

  it("is never detected when the deep check resolves outside the Region", () =>
    never({ resolver: "8.8.8.8" }, "the deep check primary-health resolves through 8.8.8.8, outside the Region"));

  it("is not credited while the deep check's config is unknown (a preview)", () =>
    never(
      { deepConfigText: "[unknown during preview]" },
      "the deep check primary-health's config is not known in this plan",
    ));

  it("is detected the same way when the record follows the endpoint check itself", () => {
    const b = scenario(report({ tree: "endpoint" }), "grey-failure");
    assert.equal(recovers(b).users.seconds, 100);
  });
});

describe("DR chain (c): a partial partition (2 of 8 checker regions still see Seoul)", () => {
  it("is detected by the quorum guard: the checks fail, then the quorum alarm, then the calculated check", () => {
    const c = scenario(report(), "partial-partition");
    assert.equal(c.title, "partial partition: 2 of 8 checker regions still see ap-northeast-2");
    assert.deepEqual(termsOf(c.links[0].terms), [
      ["health check", 30],
      ["quorum alarm", 60],
    ]);
    assert.match(
      c.links[0].terms[1].source,
      /^graph: aws:cloudwatch\/metricAlarm:MetricAlarm dns-primary-quorum period 60, evaluationPeriods 1$/,
    );
    // The page watches the calculated check: 1m30s + 60s.
    assert.equal(c.links[1].text, "dns-primary-health fires at 2m30s and pages email oncall@example.com");
    assert.deepEqual([recovers(c).users.seconds, recovers(c).seconds], [150, 210]);
  });

  const ABOVE =
    "2 of 8 checker regions (25 %) still see it, above Route 53's 18 % (docs/sources.md#route-53-checker-share)";

  it("is never detected by a plain HTTPS check: 25 % of checkers is above Route 53's 18 %", () => {
    for (const o of [{ without: "quorum" }, { tree: "endpoint" }] as ChainOptions[]) {
      assert.deepEqual(scenario(report(o), "partial-partition").misses, [`never detected: ${ABOVE}`]);
    }
  });

  it("is never detected by a quorum guard set below what the partition leaves", () => {
    const c = scenario(report({ quorumPercent: 20 }), "partial-partition");
    assert.deepEqual(c.misses, [
      `never detected: ${ABOVE}; dns-primary-quorum fires below 20 % (LessThanThreshold), and 25 % of checkers still see the site`,
    ]);
  });

  it("is never detected when the calculated check does not need every child healthy", () => {
    const c = scenario(report({ childThreshold: 1 }), "partial-partition");
    assert.equal(c.verdict.kind, "miss");
    assert.match(
      c.misses[0],
      /^never detected: the calculated check dns-primary stays healthy while 1 of its 3 children are, and its override always is/,
    );
    assert.equal(scenario(report({ childThreshold: 1 }), "region-loss").verdict.kind, "miss");
  });

  it("counts the checker regions the check uses: 2 of 3 still seeing is 67 %", () => {
    const c = scenario(report({ regions: ["us-east-1", "eu-west-1", "ap-southeast-1"] }), "partial-partition");
    assert.equal(c.title, "partial partition: 2 of 3 checker regions still see ap-northeast-2");
    assert.match(c.misses[0], /^never detected: 2 of 3 checker regions \(67 %\) still see it/);
  });
});

describe("DR chain (d): one AZ lost", () => {
  it("does not move the Region: the site spans 3 AZs and the deep check reaches any instance", () => {
    const d = scenario(report(), "az-loss");
    assert.equal(d.verdict.kind, "holds");
    assert.equal(
      d.links[0].text,
      "no failover (correct): the load balancer spans 3 AZs (ap-northeast-2a, ap-northeast-2b, ap-northeast-2c); the deep check's database probe reaches any instance (primary-db.cluster-ro-c7tj4example.ap-northeast-2.rds.amazonaws.com)",
    );
  });

  it("does not move the Region on a check of the load balancer's path alone", () => {
    const d = scenario(report({ path: "/readyz" }), "az-loss");
    assert.match(
      d.links[0].text,
      /dns-primary-endpoint requests \/readyz through the load balancer, which answers from the other AZs$/,
    );
  });

  const moves = (o: ChainOptions, why: RegExp) => {
    const d = scenario(report(o), "az-loss");
    assert.equal(d.verdict.kind, "miss");
    assert.equal(d.misses.length, 1);
    assert.match(d.misses[0], why);
  };

  it("misses when the deep check probes one instance", () =>
    moves(
      { dbHost: "primary-db-1.c7tj4example.ap-northeast-2.rds.amazonaws.com" },
      /^the Region moves on one AZ: the deep check's database probe targets one instance \(primary-db-1\./,
    ));

  it("misses when it probes the writer endpoint: an in-Region failover outlasts the checks' 40s", () =>
    moves(
      { dbHost: "primary-db.cluster-c7tj4example.ap-northeast-2.rds.amazonaws.com" },
      /targets the writer endpoint .*: an in-Region writer failover \(up to 2m, docs\/sources\.md#aurora-in-region-failover\) outlasts the 40s the checks wait/,
    ));

  it("misses when the load balancer spans one AZ", () =>
    moves({ zones: 1 }, /^the Region moves on one AZ: the primary's load balancer spans 1 AZ \(ap-northeast-2a\)/));
});

describe("DR chain (e): Seoul comes back", () => {
  it("holds with a role-aware deep check: the old primary answers 503 once the writer has moved", () => {
    const e = scenario(report(), "failback");
    assert.equal(e.verdict.kind, "holds");
    assert.match(
      e.links[0].text,
      /^no automatic failback: the deep check's database probe asks whether this Region holds the writer/,
    );
  });

  it("holds with the override the runbook inverts (A5/B5), a named human step", () => {
    const e = scenario(report({ roleAware: false }), "failback");
    assert.equal(e.verdict.kind, "holds");
    assert.match(
      e.links[0].text,
      /^no automatic failback once a person inverts the override dns-primary-override: human step A5\/B5/,
    );
    assert.ok(e.links[0].text.includes(HUMAN_STEPS.pinTraffic.ref));
  });

  it("misses with neither: traffic returns to Seoul by itself", () => {
    const e = scenario(report({ roleAware: false, without: "override" }), "failback");
    assert.deepEqual(e.misses, [
      "traffic returns to the primary by itself: its check turns healthy when the Region does, and nothing in the plan keeps it red (no role-aware deep check, no override in the PRIMARY's calculated check)",
    ]);
  });

  it("does not credit the writer query with a Google Cloud secondary: Aurora never learns of the Cloud SQL promotion", () => {
    assert.equal(scenario(report({ secondary: "gcp", without: "override" }), "failback").verdict.kind, "miss");
    const e = scenario(report({ secondary: "gcp" }), "failback");
    assert.match(e.links[0].text, /once a person inverts the override.*does not learn of the Cloud SQL promotion\)$/);
  });
});

describe("DR report: text and misses", () => {
  const r = report({ path: "/readyz", without: "quorum" }, PROD_TARGETS);

  it("prints the summary, the PRIMARY's checks, then every scenario's chain", () => {
    const lines = formatObjectives(r).split("\n");
    assert.equal(lines[0], formatSummary(r));
    assert.equal(
      lines[1],
      "PRIMARY app.example.com follows dns-primary (calculated, 2 of 2 healthy: dns-primary-endpoint (HTTPS /readyz, 8 checker regions), dns-primary-override (override))",
    );
    assert.equal(lines[2], "(a) ap-northeast-2 lost: RTO >= 2m30s, MISS");
    assert.equal(lines[3], "    1 detection  dns-primary unhealthy at 30s = health check 30s (10s x 3)");
    assert.equal(
      lines[8],
      "    RTO >= 2m30s = max(users 1m30s, writes >= 2m30s); MISS: RTO >= 2m30s exceeds the target 2m",
    );
    assert.match(
      lines[9],
      /^\(b\) grey failure \(2018\): DNS inside the Region fails, the load balancer answers: MISS never detected: /,
    );
    assert.match(
      lines[10],
      /^\(c\) partial partition: 2 of 8 checker regions still see ap-northeast-2: MISS never detected/,
    );
    assert.match(lines[11], /^\(d\) one AZ of the primary lost: no failover \(correct\): /);
    assert.match(lines[12], /^\(e\) ap-northeast-2 comes back: no automatic failback once a person inverts/);
    assert.equal(lines.length, 13);
  });

  it("lists every miss with its scenario, for the plan's DR MISS lines", () => {
    assert.deepEqual(
      r.misses.map((m) => missText(r, m).split(":")[0]),
      ["(a) ap-northeast-2 lost", "(b) grey failure (2018)", "(c) partial partition"],
    );
    assert.equal(missText(r, r.misses[0]), "(a) ap-northeast-2 lost: RTO >= 2m30s exceeds the target 2m");
  });

  it("compacts each stack to one line of verdicts", () => {
    assert.equal(
      formatCompact(r),
      "(a) RTO >= 2m30s, MISS | (b) MISS | (c) MISS | (d) no failover (correct) | (e) no automatic failback once pinned (A5/B5); RPO ~1s; targets RTO <= 2m, RPO <= 1s",
    );
  });

  it("lists every term with its source once", () => {
    const terms = formatTerms(report()).split("\n");
    assert.ok(terms.includes(`(a) DB promotion ~60s: ${DR_CONSTANTS.auroraGlobalPromotion.source}`), terms.join("\n"));
    assert.ok(
      terms.some((t) => t.startsWith("(a) human step A4: docs/runbooks/failover.md#step-a4-promote: a person acts")),
    );
    assert.ok(terms.some((t) => t.startsWith("(b) deep check 10s (5s x 2): graph: kubernetes:core/v1:ConfigMap")));
    assert.equal(new Set(terms).size, terms.length);
  });

  it("prints a one-link scenario on one line", () => {
    assert.deepEqual(formatScenario(scenario(report(), "az-loss")).length, 1);
  });

  it("names runbook steps that exist: every human step's anchor is in its runbook", () => {
    for (const step of Object.values(HUMAN_STEPS)) {
      const [file, anchor] = step.ref.split("#");
      const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
      if (anchor !== undefined) {
        assert.ok(text.includes(`<a id="${anchor}"></a>`), `${step.ref}: add <a id="${anchor}"></a> to ${file}`);
      }
    }
  });
});
