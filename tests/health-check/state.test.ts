import * as assert from "node:assert/strict";
import { answer } from "../../health-check/src/answer";
import { parseConfig } from "../../health-check/src/config-schema";
import { Probe } from "../../health-check/src/contract";
import { nextState, ProbeState } from "../../health-check/src/hysteresis";
import { Monitor } from "../../health-check/src/monitor";
import { validConfig } from "./fixtures";
import { ProbeResult } from "../../health-check/src/probes/run";

const T = { failAfter: 2, recoverAfter: 3 };
const ok = { ok: true } as const;
const dns = { ok: false, reason: "dns" } as const;

/** Feeds results through the hysteresis and returns `healthy` after each. */
const walk = (results: readonly { ok: boolean; reason?: "dns" }[]) => {
  let s: ProbeState | undefined;
  return results.map((r) => (s = nextState(s, r, T)).healthy);
};

describe("regional health: hysteresis and the answer (pure)", () => {
  it("lets the first round decide, then fails on failAfter of the last failAfter+1 rounds and recovers after recoverAfter good ones", () => {
    assert.deepEqual(walk([ok, dns, ok, ok, dns, dns, ok, ok, dns, ok, ok, ok]), [
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
    assert.deepEqual(walk([dns, ok, ok, ok]), [false, false, false, true]);
  });

  it("does not flap on one slow round now and then, and fails a dependency that fails every other round", () => {
    const rare = Array.from({ length: 20 }, (_, i) => (i % 3 === 2 ? dns : ok));
    assert.ok(
      walk(rare).every((h) => h),
      "one failure in three rounds stays green",
    );
    const flapping = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? ok : dns));
    assert.equal(walk(flapping).at(-1), false, "a dependency down half the time is down");
  });

  const probes: Probe[] = [
    { kind: "https", name: "queue", host: "sqs.ap-northeast-2.amazonaws.com" },
    { kind: "https", name: "sts", host: "sts.ap-northeast-2.amazonaws.com" },
  ];
  it("answers a status and one short code: starting, ok, the first failed probe, stale", () => {
    const up: ProbeState = { healthy: true, recent: [], good: 0 };
    const down: ProbeState = { healthy: false, recent: [true], good: 0, reason: "timeout" };
    const at = (sts: ProbeState, now: number) =>
      answer(
        probes,
        new Map([
          ["queue", up],
          ["sts", sts],
        ]),
        1000,
        now,
        15,
      );
    assert.deepEqual(answer(probes, new Map(), undefined, 0, 15), { status: 503, body: "starting" });
    assert.deepEqual(at(up, 2000), { status: 200, body: "ok" });
    assert.deepEqual(at(down, 2000), { status: 503, body: "fail sts:timeout" });
    assert.deepEqual(at(up, 16001), { status: 503, body: "stale" });
  });

  it("runs every probe each round and serves the last answer without waiting for a probe", async () => {
    const config = validConfig();
    const script: Record<string, ProbeResult[]> = {
      database: [
        { ok: true, ms: 3 },
        { ok: false, reason: "auth", detail: "28P01", ms: 3 },
        { ok: false, reason: "auth", detail: "28P01", ms: 3 },
      ],
      queue: [
        { ok: true, ms: 1 },
        { ok: true, ms: 1 },
        { ok: true, ms: 1 },
      ],
    };
    const seen: string[][] = [];
    let now = 0;
    const monitor = new Monitor(
      config,
      {},
      (r) => seen.push([...r.changed]),
      async (p) => (script[p.name] as ProbeResult[]).shift() as ProbeResult,
      () => now,
    );
    assert.equal(monitor.answer().body, "starting");
    await monitor.round();
    assert.equal(monitor.answer().body, "ok");
    await monitor.round();
    assert.equal(monitor.answer().body, "ok", "one failed round is not enough (failAfter 2)");
    await monitor.round();
    assert.equal(monitor.answer().body, "fail database:auth");
    assert.deepEqual(seen, [["database", "queue"], [], ["database"]]);
    now = (config.staleAfterSeconds + 1) * 1000;
    assert.equal(monitor.answer().body, "stale");
  });
});

describe("regional health: the config file", () => {
  it("accepts what the component renders and fills the credential variables' defaults", () => {
    const parsed = parseConfig(JSON.stringify(validConfig()));
    assert.equal(parsed.ok, true, JSON.stringify(parsed));
  });

  it("lists every problem at once with its key path", () => {
    const bad = {
      ...validConfig(),
      timeoutMs: 9000,
      resolver: { address: "dns.local" },
      probes: [
        { kind: "postgres", name: "db", host: "x", port: 5432, database: "postgres", tls: "verify" },
        { kind: "https", name: "db", host: "" },
      ],
      extra: true,
    };
    const parsed = parseConfig(JSON.stringify(bad));
    assert.equal(parsed.ok, false);
    const problems = parsed.ok ? [] : parsed.problems;
    for (const path of [
      "timeoutMs",
      "resolver.address",
      "probes.0.caFile",
      "probes.1.name",
      "probes.1.host",
      "(file)",
    ]) {
      assert.ok(
        problems.some((p) => p.startsWith(`${path}:`)),
        `${path} in ${problems.join(" | ")}`,
      );
    }
    assert.deepEqual(parseConfig("{").ok, false);
  });
});
