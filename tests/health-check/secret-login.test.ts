import * as assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { PodCredentials } from "../../health-check/src/aws/pod-credentials";
import { SECRET_KEEP_MS, SECRET_REFRESH_MS, SecretLoginSource } from "../../health-check/src/aws/secret-login";
import { PostgresProbe, SecretLogin } from "../../health-check/src/contract";
import { runProbe } from "../../health-check/src/probes/run";
import { publishName, selfSigned, Services, services } from "./services";

/**
 * The deep check reads its database login the way an application does: Pod Identity credentials from the
 * node's agent, then GetSecretValue on the Region's Secrets Manager endpoint, signed with Signature Version 4.
 * Here the agent and the endpoint are local stand-ins (no AWS is reachable): the endpoint checks the signature
 * with its own implementation of the algorithm (not the runtime's library), and the login it hands out is the
 * real one of the local PostgreSQL, so the probe proves the whole path.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */

const REGION = "ap-northeast-2";
const KEY = { id: "ASIAOFFLINEEXAMPLE", secret: "offline/secret/access/key", token: "offline-session-token" };

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** Verifies a SigV4 `Authorization` header as AWS would, from the request alone. */
function verifySigV4(req: http.IncomingMessage, body: string, secretKey: string): string | undefined {
  const auth = String(req.headers.authorization ?? "");
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return `malformed Authorization: ${auth}`;
  const [, , date, region, service, signedHeaders, signature] = m as unknown as string[];
  if (region !== REGION || service !== "secretsmanager") return `scope ${region}/${service}`;
  const names = signedHeaders!.split(";");
  for (const required of ["host", "x-amz-date", "x-amz-security-token", "x-amz-target"]) {
    if (!names.includes(required)) return `${required} not signed`;
  }
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const canonical = [req.method, "/", "", canonicalHeaders, signedHeaders, sha256(body)].join("\n");
  const amzDate = String(req.headers["x-amz-date"]);
  const toSign = ["AWS4-HMAC-SHA256", amzDate, `${date}/${region}/${service}/aws4_request`, sha256(canonical)].join(
    "\n",
  );
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, date!), region!), service!), "aws4_request");
  const expected = createHmac("sha256", signingKey).update(toSign).digest("hex");
  return expected === signature ? undefined : "signature does not match";
}

interface Fakes {
  readonly env: NodeJS.ProcessEnv;
  readonly login: SecretLogin;
  /** What the stand-in endpoint did with each request. */
  readonly seen: string[];
  setSecret(value: string | undefined): void;
  close(): void;
}

async function fakes(s: Services, secretString: string): Promise<Fakes> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pod-identity-"));
  const tokenFile = path.join(dir, "token");
  fs.writeFileSync(tokenFile, "projected-service-account-token\n");
  const agent = http.createServer((req, res) => {
    if (req.headers.authorization !== "projected-service-account-token") {
      res.writeHead(401).end();
      return;
    }
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(
        JSON.stringify({ AccessKeyId: KEY.id, SecretAccessKey: KEY.secret, Token: KEY.token, Expiration: expiration }),
      );
  });
  await new Promise<void>((r) => agent.listen(0, "127.0.0.1", r));

  const name = publishName(s, "secretsmanager");
  const tls = selfSigned(name.name);
  const seen: string[] = [];
  let secret: string | undefined = secretString;
  const endpoint = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const bad = verifySigV4(req, body, KEY.secret);
      if (bad !== undefined || req.headers["x-amz-security-token"] !== KEY.token) {
        seen.push(`rejected: ${bad ?? "token"}`);
        res.writeHead(403).end(JSON.stringify({ __type: "InvalidSignatureException", message: bad }));
        return;
      }
      if (req.headers["x-amz-target"] !== "secretsmanager.GetSecretValue" || secret === undefined) {
        seen.push("denied");
        res.writeHead(400).end(JSON.stringify({ __type: "com.amazonaws.secretsmanager#AccessDeniedException" }));
        return;
      }
      seen.push(`GetSecretValue ${JSON.parse(body).SecretId}`);
      res
        .writeHead(200, { "content-type": "application/x-amz-json-1.1" })
        .end(JSON.stringify({ SecretString: secret }));
    });
  });
  await new Promise<void>((r) => endpoint.listen(0, "127.0.0.1", r));
  return {
    env: {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${(agent.address() as net.AddressInfo).port}/v1/credentials`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
    },
    login: {
      source: "aws-secrets-manager",
      secretId: `arn:aws:secretsmanager:${REGION}:123456789012:secret:primary-db-app-AbCdEf`,
      region: REGION,
      endpoint: { host: name.name, port: (endpoint.address() as net.AddressInfo).port, caFile: tls.certFile },
    },
    seen,
    setSecret: (value) => (secret = value),
    close: () => {
      agent.close();
      endpoint.close();
      name.withdraw();
    },
  };
}

describe("regional health: the database login from Secrets Manager with Pod Identity", function () {
  this.timeout(20000);
  let s: Services;
  let f: Fakes;
  const loginJson = (password: string) =>
    JSON.stringify({ engine: "postgres", username: s.postgres.user, password, host: "ignored", port: 5432 });
  const probe = (login: SecretLogin): PostgresProbe => ({
    kind: "postgres",
    name: "database",
    host: "127.0.0.1",
    port: s.postgres.port,
    database: s.postgres.database,
    tls: "require",
    userEnv: "UNUSED_USER",
    passwordEnv: "UNUSED_PASSWORD",
    login,
  });

  beforeEach(async () => {
    s = services();
    f = await fakes(s, loginJson(s.postgres.password));
  });
  afterEach(() => f.close());

  it("signs GetSecretValue with the pod's credentials and logs in to PostgreSQL with the login it holds", async () => {
    const result = await runProbe(probe(f.login), { resolver: s.resolver, timeoutMs: 3000 }, f.env);
    assert.deepEqual(result.ok ? "ok" : result, "ok");
    assert.deepEqual(f.seen, [`GetSecretValue ${f.login.secretId}`]);
  });

  it("fails with `auth` when the secret's password is not the database's", async () => {
    f.setSecret(loginJson("not-the-password"));
    const result = await runProbe(probe(f.login), { resolver: s.resolver, timeoutMs: 3000 }, f.env);
    assert.equal(result.ok ? "ok" : result.reason, "auth");
  });

  it("fails with `secret`, naming the API's error and never the secret, when reading it is denied", async () => {
    f.setSecret(undefined);
    const result = await runProbe(probe(f.login), { resolver: s.resolver, timeoutMs: 3000 }, f.env);
    assert.deepEqual(result.ok ? "ok" : [result.reason, result.detail], [
      "secret",
      "GetSecretValue: HTTP 400 AccessDeniedException",
    ]);
  });

  it("fails with `secret` without Pod Identity (no credentials URI in the pod)", async () => {
    const result = await runProbe(probe(f.login), { resolver: s.resolver, timeoutMs: 3000 }, {});
    assert.equal(result.ok ? "ok" : result.reason, "secret");
  });

  it("reads again after 5 minutes, and keeps the last login for an hour while reading fails", async () => {
    let now = Date.now();
    const source = new SecretLoginSource(f.login, new PodCredentials(f.env), s.resolver, () => now);
    const first = await source.get(3000);
    assert.equal(first.password, s.postgres.password);
    f.setSecret(undefined);
    now += SECRET_REFRESH_MS - 1;
    assert.deepEqual(await source.get(3000), first, "fresh: not read again");
    assert.equal(f.seen.length, 1);
    now += 2;
    assert.deepEqual(await source.get(3000), first, "read again, denied, the last login kept");
    assert.deepEqual(f.seen, [`GetSecretValue ${f.login.secretId}`, "denied"]);
    now += SECRET_KEEP_MS;
    await assert.rejects(source.get(3000), /AccessDeniedException/);
  });
});
