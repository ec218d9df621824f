import * as assert from "node:assert/strict";
import * as https from "node:https";
import * as net from "node:net";
import { Client } from "pg";
import { auroraWriterInRegionQuery } from "../../components/health/probe-plan";
import { HttpsProbe, PostgresProbe, RegionalHealthConfig } from "../../health-check/src/contract";
import { runProbe } from "../../health-check/src/probes/run";
import {
  closedPort,
  eventually,
  hangingServer,
  publishName,
  selfSigned,
  Services,
  services,
  silentResolver,
} from "./services";

/**
 * Each probe against the real thing: a PostgreSQL server (TLS, password login) and a DNS resolver
 * (dnsmasq) started by `.ci/services`. Cloud APIs cannot be reached here: their probe is tested against
 * local HTTPS endpoints for resolution, refusal, hangs, certificates and 5xx answers.
 */
describe("regional health: probes against real services", function () {
  this.timeout(20000);
  let s: Services;
  let budget: Pick<RegionalHealthConfig, "resolver" | "timeoutMs">;
  const env = () => ({ DB_USER: s.postgres.user, DB_PASSWORD: s.postgres.password });
  const pgProbe = (host: string, extra: Partial<PostgresProbe> = {}): PostgresProbe => ({
    kind: "postgres",
    name: "database",
    host,
    port: s.postgres.port,
    database: s.postgres.database,
    tls: "require",
    userEnv: "DB_USER",
    passwordEnv: "DB_PASSWORD",
    ...extra,
  });

  before(() => {
    s = services();
    budget = { resolver: s.resolver, timeoutMs: 1000 };
  });

  describe("PostgreSQL", () => {
    it("authenticates over TLS and runs SELECT 1 at a name the resolver answers", async () => {
      const n = publishName(s, "db");
      try {
        assert.deepEqual(pick(await runProbe(pgProbe(n.name), budget, env())), { ok: true });
      } finally {
        n.withdraw();
      }
    });

    it("verifies the server's certificate against a CA file and the configured name", async () => {
      const n = publishName(s, "db", "127.0.0.1", "db.regional-health.test");
      try {
        const verified = pgProbe(n.name, { tls: "verify", caFile: s.postgresCa });
        assert.deepEqual(pick(await runProbe(verified, budget, env())), { ok: true });
        // The same certificate reached under another name fails verification.
        const other = publishName(s, "other");
        try {
          const wrongName = pgProbe(other.name, { tls: "verify", caFile: s.postgresCa });
          assert.equal(reason(await runProbe(wrongName, budget, env())), "tls");
        } finally {
          other.withdraw();
        }
      } finally {
        n.withdraw();
      }
    });

    it("fails `auth` on a wrong password", async () => {
      const n = publishName(s, "db");
      try {
        const r = await runProbe(pgProbe(n.name), budget, { DB_USER: s.postgres.user, DB_PASSWORD: "wrong" });
        assert.equal(reason(r), "auth");
      } finally {
        n.withdraw();
      }
    });

    it("fails `dns` when the name stops resolving while the server still accepts TCP (the 2018 shape)", async () => {
      const n = publishName(s, "db");
      const probe = pgProbe(n.name);
      assert.equal((await runProbe(probe, budget, env())).ok, true);
      n.withdraw();
      await eventually(async () => reason(await runProbe(probe, budget, env())) === "dns", "dns failure");
      assert.ok(await tcpConnects(s.postgres.host, s.postgres.port), "the server itself still accepts TCP");
      n.publish();
      await eventually(async () => (await runProbe(probe, budget, env())).ok, "recovery once the name is back");
      n.withdraw();
    });

    it("fails `dns` within its budget when the resolver hangs, `refused` on a closed port, `timeout` on a server that hangs", async () => {
      const quiet = await silentResolver();
      try {
        const r = await runProbe(pgProbe("db.regional-health.test"), { resolver: quiet, timeoutMs: 800 }, env());
        assert.equal(reason(r), "dns");
        assert.ok(r.ms < 1200, `answered in ${r.ms}ms`);
      } finally {
        quiet.close();
      }
      const refused = await runProbe(pgProbe("127.0.0.1", { port: await closedPort() }), budget, env());
      assert.equal(reason(refused), "refused");
      const hang = await hangingServer();
      try {
        const r = await runProbe(pgProbe("127.0.0.1", { port: hang.port }), { ...budget, timeoutMs: 600 }, env());
        assert.equal(reason(r), "timeout");
        assert.ok(r.ms >= 550 && r.ms < 1100, `gave up after ${r.ms}ms`);
      } finally {
        hang.close();
      }
    });

    it("the role-aware query holds only while the writer runs in the site's Region", async () => {
      // A stand-in for Aurora's function with the columns the query reads; the query text is the one the
      // component renders (components/health/probe-plan.ts).
      const admin = new Client({ ...s.postgres, ssl: { rejectUnauthorized: false } });
      await admin.connect();
      const setWriter = (region: string) =>
        admin.query(
          `CREATE OR REPLACE FUNCTION aurora_global_db_instance_status()
             RETURNS TABLE(server_id text, session_id text, aws_region text) LANGUAGE sql AS $$
               VALUES ('seoul-1', ${region === "ap-northeast-2" ? "'MASTER_SESSION_ID'" : "'a1b2'"}, 'ap-northeast-2'),
                      ('tokyo-1', ${region === "ap-northeast-1" ? "'MASTER_SESSION_ID'" : "'c3d4'"}, 'ap-northeast-1') $$`,
        );
      const n = publishName(s, "db");
      try {
        const probe = pgProbe(n.name, { query: auroraWriterInRegionQuery("ap-northeast-2") });
        await setWriter("ap-northeast-2");
        assert.deepEqual(pick(await runProbe(probe, budget, env())), { ok: true });
        await setWriter("ap-northeast-1");
        assert.equal(reason(await runProbe(probe, budget, env())), "role");
        await admin.query("DROP FUNCTION aurora_global_db_instance_status()");
        assert.equal(reason(await runProbe(probe, budget, env())), "query");
      } finally {
        n.withdraw();
        await admin.end();
      }
    });
  });

  describe("TCP (a Cloud SQL destination the check cannot log in to)", () => {
    it("passes when the server listens, fails `refused` on a closed port and `dns` on a name that stops resolving", async () => {
      const n = publishName(s, "sql");
      try {
        const probe = { kind: "tcp", name: "database", host: n.name, port: s.postgres.port } as const;
        assert.deepEqual(pick(await runProbe(probe, budget, {})), { ok: true });
        assert.equal(reason(await runProbe({ ...probe, port: await closedPort() }, budget, {})), "refused");
        n.withdraw();
        await eventually(async () => reason(await runProbe(probe, budget, {})) === "dns", "dns failure");
      } finally {
        n.withdraw();
      }
    });
  });

  describe("HTTPS (a cloud API's regional endpoint, stood in for by a local server)", () => {
    const tls = () => selfSigned("api.regional-health.test");
    let cert: ReturnType<typeof tls>;
    let status = 200;
    let server: https.Server;
    let port = 0;
    const apiProbe = (host: string, extra: Partial<HttpsProbe> = {}): HttpsProbe => ({
      kind: "https",
      name: "queue",
      host,
      port,
      caFile: cert.certFile,
      ...extra,
    });

    before(async () => {
      cert = tls();
      server = https.createServer({ key: cert.key, cert: cert.cert }, (_, res) => res.writeHead(status).end());
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      port = (server.address() as net.AddressInfo).port;
    });
    after(() => server.close());

    it("passes on any answer below 500 (an unauthenticated 403 is an answer) and fails `http` on a 5xx", async () => {
      const n = publishName(s, "api", "127.0.0.1", "api.regional-health.test");
      try {
        for (const [code, ok] of [
          [200, true],
          [403, true],
          [503, false],
        ] as const) {
          status = code;
          const r = await runProbe(apiProbe(n.name), budget, {});
          assert.equal(r.ok, ok, `HTTP ${code}`);
          if (!ok) assert.equal(reason(r), "http");
        }
      } finally {
        status = 200;
        n.withdraw();
      }
    });

    it("fails `tls` on a certificate it does not trust, `dns` on a name that does not resolve, `refused` and `timeout`", async () => {
      const n = publishName(s, "api", "127.0.0.1", "api.regional-health.test");
      const hang = await hangingServer();
      try {
        const untrusted = apiProbe(n.name);
        delete (untrusted as { caFile?: string }).caFile;
        assert.equal(reason(await runProbe(untrusted, budget, {})), "tls");
        assert.equal(reason(await runProbe(apiProbe("missing.regional-health.test"), budget, {})), "dns");
        assert.equal(reason(await runProbe(apiProbe(n.name, { port: await closedPort() }), budget, {})), "refused");
        const hung = await runProbe(apiProbe(n.name, { port: hang.port }), { ...budget, timeoutMs: 500 }, {});
        assert.equal(reason(hung), "timeout");
      } finally {
        hang.close();
        n.withdraw();
      }
    });
  });
});

const pick = (r: { ok: boolean }) => ({ ok: r.ok, ...(r.ok ? {} : { r }) });
const reason = (r: { ok: boolean; reason?: string; detail?: string }) => (r.ok ? "ok" : r.reason);

function tcpConnects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}
