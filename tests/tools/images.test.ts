import * as assert from "node:assert/strict";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { REGIONAL_HEALTH_IMAGE } from "../../health-check/image";
import { bearerChallenge, main, RECORDED_IMAGES, RecordedImage } from "../../tools/images";
import { ToolIo } from "../../tools/offline/cli";

/**
 * The deploy workflow's image check against a stand-in registry on loopback that speaks the Docker Registry
 * HTTP API v2's token flow (a 401 with a bearer challenge, the token, the manifest's digest header). What this
 * cannot prove: that Amazon ECR Public answers exactly so; the deploy log shows the real answer.
 */
describe("npm run images: every pinned image's digest, asked of its registry", () => {
  const DIGEST = `sha256:${"b".repeat(64)}`;
  let server: http.Server;
  let registry = "";
  const seen: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      seen.push(`${req.method} ${url.pathname}${req.headers.authorization ? " (token)" : ""}`);
      if (url.pathname === "/token") {
        assert.equal(url.searchParams.get("service"), "fake.registry");
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token: "t0k3n" }));
      } else if (req.headers.authorization !== "Bearer t0k3n") {
        res
          .writeHead(401, {
            "www-authenticate": `Bearer realm="${registry}/token",service="fake.registry",scope="aws"`,
          })
          .end();
      } else if (url.pathname === `/v2/docker/library/node/manifests/${REGIONAL_HEALTH_IMAGE.tag}`) {
        assert.match(String(req.headers.accept), /application\/vnd\.oci\.image\.index\.v1\+json/);
        res.writeHead(200, { "docker-content-digest": DIGEST }).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const HEALTH: RecordedImage = { ...REGIONAL_HEALTH_IMAGE, recordedIn: "health-check/image.ts" };
  const run = async (image: RecordedImage | RecordedImage[], args = ["--registry", registry]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } as unknown as ToolIo;
    const code = await main(args, io, Array.isArray(image) ? image : [image]);
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("resolves the tag through the bearer challenge, and asks for the digest to be recorded when none is", async () => {
    seen.length = 0;
    const r = await run({ ...HEALTH, digest: undefined });
    assert.equal(r.code, 0);
    assert.equal(r.out, `${REGIONAL_HEALTH_IMAGE.repository}:${REGIONAL_HEALTH_IMAGE.tag} is ${DIGEST} at ${registry}`);
    assert.match(r.err, /no digest recorded for .*node:.* in health-check\/image\.ts; record sha256:b{64} to pin it/);
    assert.deepEqual(seen, [
      `HEAD /v2/docker/library/node/manifests/${REGIONAL_HEALTH_IMAGE.tag}`,
      "GET /token",
      `HEAD /v2/docker/library/node/manifests/${REGIONAL_HEALTH_IMAGE.tag} (token)`,
    ]);
  });

  it("passes on the recorded digest, fails on another or an unknown tag, and exits 3 when the registry is down", async () => {
    assert.equal((await run({ ...HEALTH, digest: DIGEST })).code, 0);
    const moved = await run({ ...HEALTH, digest: `sha256:${"c".repeat(64)}` });
    assert.equal(moved.code, 1);
    assert.match(moved.err, /records sha256:c{64}, the registry serves sha256:b{64}/);
    const missing = await run({ ...HEALTH, tag: "0.0.0-alpine" });
    assert.equal(missing.code, 1);
    assert.match(missing.err, /docker\/library\/node:0\.0\.0-alpine is not in/);
    const down = await run(HEALTH, ["--registry", "http://127.0.0.1:9"]);
    assert.equal(down.code, 3);
    // Every image is asked; the worst answer decides (one moved among good ones fails the run).
    const both = await run([
      { ...HEALTH, digest: DIGEST },
      { ...HEALTH, digest: `sha256:${"c".repeat(64)}` },
    ]);
    assert.equal(both.code, 1);
    assert.equal(both.out.split("\n").length, 2);
  });

  it("checks every image the platform runs, each recorded with its digest", () => {
    assert.deepEqual(RECORDED_IMAGES.map((i) => [i.repository, i.recordedIn]).sort(), [
      ["docker.io/fortio/fortio", "components/kubernetes/images.ts"],
      ["docker.io/library/postgres", "components/kubernetes/images.ts"],
      ["public.ecr.aws/aws-cli/aws-cli", "components/kubernetes/images.ts"],
      ["public.ecr.aws/docker/library/node", "health-check/image.ts"],
      ["public.ecr.aws/docker/library/postgres", "components/kubernetes/images.ts"],
      ["registry.k8s.io/pause", "components/kubernetes/images.ts"],
    ]);
    for (const image of RECORDED_IMAGES) assert.match(String(image.digest), /^sha256:[a-f0-9]{64}$/);
  });

  it("reads a bearer challenge's parameters", () => {
    assert.deepEqual(
      bearerChallenge('Bearer realm="https://public.ecr.aws/token/",service="public.ecr.aws",scope="aws"'),
      {
        realm: "https://public.ecr.aws/token/",
        service: "public.ecr.aws",
        scope: "aws",
      },
    );
    assert.equal(bearerChallenge('Basic realm="x"'), undefined);
  });
});
