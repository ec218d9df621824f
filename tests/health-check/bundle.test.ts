import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readRegionalHealthBundle } from "../../components/health/bundle";
import { BUNDLE_FILE, buildBundle } from "../../health-check/build";
import { RegionalHealthConfig } from "../../health-check/src/contract";
import { REGIONAL_HEALTH_IMAGE, REGIONAL_HEALTH_NODE_MAJOR, regionalHealthImage } from "../../health-check/image";
import { closedPort, eventually, publishName, services, Services } from "./services";

/**
 * The exact file the ConfigMap carries, run as the pod runs it (`node regional-health.js` with the config
 * from REGIONAL_HEALTH_CONFIG), on the Node major of the pinned image, against the real PostgreSQL and resolver.
 */
describe("regional health: the committed bundle", function () {
  this.timeout(30000);

  it("is what health-check/src builds, and fits a ConfigMap", async () => {
    assert.equal(fs.readFileSync(BUNDLE_FILE, "utf8"), await buildBundle(), "run `npm run build:health` and commit");
    assert.ok(readRegionalHealthBundle().length > 0);
  });

  it("is tested on the image's Node major, and the image is pinned by full version", () => {
    const pinned = (
      JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
        devDependencies: Record<string, string>;
      }
    ).devDependencies.node as string;
    assert.equal(Number(process.versions.node.split(".")[0]), REGIONAL_HEALTH_NODE_MAJOR, "tests run on another major");
    assert.equal(REGIONAL_HEALTH_IMAGE.tag.split("-")[0], pinned, "the image's Node is the devDependency node");
    assert.match(REGIONAL_HEALTH_IMAGE.tag, /^\d+\.\d+\.\d+-alpine$/);
    assert.equal(
      regionalHealthImage({ ...REGIONAL_HEALTH_IMAGE, digest: `sha256:${"a".repeat(64)}` }),
      `public.ecr.aws/docker/library/node:${REGIONAL_HEALTH_IMAGE.tag}@sha256:${"a".repeat(64)}`,
    );
  });

  describe("running", () => {
    let s: Services;
    let child: ChildProcess | undefined;
    let dir: string;
    const output: string[] = [];
    before(() => {
      s = services();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "regional-health-run-"));
    });
    afterEach(() => child?.kill("SIGTERM"));

    const start = (config: unknown, env: Record<string, string> = {}) => {
      const file = path.join(dir, "config.json");
      fs.writeFileSync(file, JSON.stringify(config));
      child = spawn(process.execPath, [BUNDLE_FILE], {
        env: { PATH: process.env.PATH, REGIONAL_HEALTH_CONFIG: file, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.on("data", (d) => output.push(String(d)));
      child.stderr?.on("data", (d) => output.push(String(d)));
      return child;
    };

    it("answers ok, fails `database:dns` when the resolver stops answering the name, and recovers", async () => {
      const listenPort = await closedPort();
      const metricsPort = await closedPort();
      const db = publishName(s, "db");
      const config: RegionalHealthConfig = {
        listenPort,
        path: "/healthz/region",
        metricsPort,
        intervalSeconds: 1,
        timeoutMs: 500,
        failAfter: 2,
        recoverAfter: 2,
        staleAfterSeconds: 3,
        resolver: s.resolver,
        probes: [
          {
            kind: "postgres",
            name: "database",
            host: db.name,
            port: s.postgres.port,
            database: s.postgres.database,
            tls: "require",
            userEnv: "DB_USER",
            passwordEnv: "DB_PASSWORD",
          },
        ],
      };
      start(config, { DB_USER: s.postgres.user, DB_PASSWORD: s.postgres.password });
      const url = `http://127.0.0.1:${listenPort}/healthz/region`;
      const get = async (u = url) => {
        try {
          const r = await fetch(u);
          return `${r.status} ${(await r.text()).trim()}`;
        } catch {
          return "no answer";
        }
      };
      try {
        await eventually(async () => (await get()) === "200 ok", "200 ok", 8000);
        assert.equal(await get(`http://127.0.0.1:${listenPort}/readyz/disable`), "404 not found");
        assert.match(
          await get(`http://127.0.0.1:${metricsPort}/metrics`),
          /regional_health_probe_up\{probe="database"\} 1/,
        );
        db.withdraw();
        const failedAt = Date.now();
        await eventually(async () => (await get()) === "503 fail database:dns", "503 fail database:dns", 8000);
        // failAfter 2 at a 1 s interval: the second failed round, not the first.
        assert.ok(Date.now() - failedAt >= 900, `failed after ${Date.now() - failedAt}ms`);
        db.publish();
        await eventually(async () => (await get()) === "200 ok", "recovery", 8000);
        assert.ok(
          output.join("").includes('"event":"probe-failed","probe":"database","reason":"dns"'),
          "the detail goes to the log",
        );
      } finally {
        db.withdraw();
      }
    });

    it("refuses a bad config with every problem and its key path, and exits 2", async () => {
      const c = start({ listenPort: 0, path: "healthz", probes: [] });
      const code = await new Promise<number | null>((r) => c.on("exit", r));
      assert.equal(code, 2);
      const text = output.join("");
      for (const key of ["listenPort", "path", "probes", "resolver"]) assert.match(text, new RegExp(`${key}: `));
    });
  });
});
