import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import { ToolIo } from "../../tools/offline/cli";
import { clusterEndpoints, main } from "../../tools/reach";
import { selfSigned } from "../health-check/services";
import { render } from "../harness";

/**
 * `npm run reach` against real sockets on loopback: a TLS server (a self-signed certificate made with openssl,
 * as a cluster's own CA would be unknown to the runner) counts as reached, a closed port does not. What this
 * cannot prove: that a given runner reaches a real private endpoint; that is what the tool is for.
 */
function tlsServer(): Promise<{ port: number; close: () => void }> {
  const { key, cert } = selfSigned("cluster.test");
  const server = tls.createServer({ key, cert }, (s) => s.end());
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ port: (server.address() as net.AddressInfo).port, close: () => server.close() }),
    ),
  );
}

function closedPort(): Promise<number> {
  const server = net.createServer();
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    }),
  );
}

async function run(outputs: unknown) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "reach-out-")), "outputs.json");
  fs.writeFileSync(file, JSON.stringify(outputs));
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } as unknown as ToolIo;
  const code = await main([file, "--timeout-ms", "2000"], io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run reach: can this machine reach the stack's clusters", function () {
  this.timeout(30000);

  it("finds both EKS endpoints in prod's outputs, and the GKE DNS-based endpoint with a Google Cloud secondary", async () => {
    const prod = await render({ stack: "prod" });
    assert.deepEqual(
      clusterEndpoints(prod.outputs).map((e) => [e.output, e.host, e.port]),
      [
        ["primarySite.clusterEndpoint", "primary-eks0offline.gr7.ap-northeast-2.eks.amazonaws.com", 443],
        ["secondarySite.clusterEndpoint", "secondary-eks0offline.gr7.ap-northeast-1.eks.amazonaws.com", 443],
      ],
    );
    const gcp = await render({ stack: "prod", overrides: [["secondary.cloud", "gcp"]] });
    assert.deepEqual(
      clusterEndpoints(gcp.outputs).map((e) => e.output),
      ["primarySite.clusterEndpoint", "secondarySite.clusterDnsEndpoint"],
    );
  });

  it("passes when every endpoint completes a TLS handshake, whatever its CA", async () => {
    const server = await tlsServer();
    try {
      const r = await run({ primarySite: { clusterEndpoint: `https://127.0.0.1:${server.port}` } });
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /reached primarySite\.clusterEndpoint/);
    } finally {
      server.close();
    }
  });

  it("fails, naming the output and the ways in, when an endpoint cannot be reached", async () => {
    const server = await tlsServer();
    const closed = await closedPort();
    try {
      const r = await run({
        primarySite: { clusterEndpoint: `https://127.0.0.1:${server.port}` },
        secondarySite: { clusterDnsEndpoint: `127.0.0.1:${closed}` },
      });
      assert.equal(r.code, 1);
      assert.match(r.err, /secondarySite\.clusterDnsEndpoint \(127\.0\.0\.1:\d+\) not reached: ECONNREFUSED/);
      assert.match(r.err, /eks\.publicAccessCidrs/);
    } finally {
      server.close();
    }
  });

  it("has nothing to check before the first deploy, and says so", async () => {
    const r = await run({});
    assert.equal(r.code, 0);
    assert.match(r.out, /nothing to check/);
  });

  it("exits 2 on bad usage and 3 on an unreadable file", async () => {
    const io = { out: () => undefined, err: () => undefined } as unknown as ToolIo;
    assert.equal(await main([], io), 2);
    assert.equal(await main(["/nonexistent/outputs.json"], io), 3);
  });
});
