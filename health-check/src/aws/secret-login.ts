import * as fs from "node:fs";
import * as https from "node:https";
import * as aws4 from "aws4";
import { RegionalHealthConfig, SecretLogin } from "../contract";
import { ProbeFailure } from "../probes/failure";
import { resolveAddress } from "../probes/resolve";
import { PodCredentials } from "./pod-credentials";

/** A database login. */
export interface DatabaseLogin {
  readonly user: string;
  readonly password: string;
}

/** Read the secret again after this long: a rotated password reaches the check within it. */
export const SECRET_REFRESH_MS = 5 * 60 * 1000;
/** Keep using the last login this long when reading it again fails: the database probe is about the database. */
export const SECRET_KEEP_MS = 60 * 60 * 1000;

/**
 * The login in a Secrets Manager secret, read as an application reads it: `GetSecretValue` on the Region's own
 * endpoint, found through the Region's resolver, signed (Signature Version 4, the `aws4` package) with the pod's
 * Pod Identity credentials. Read again every 5 minutes; when that fails, the last login serves for up to an
 * hour, and only then does the probe fail with `secret`.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
export class SecretLoginSource {
  private last?: { readonly login: DatabaseLogin; readonly at: number };

  constructor(
    private readonly spec: SecretLogin,
    private readonly credentials: PodCredentials,
    private readonly resolver: RegionalHealthConfig["resolver"],
    private readonly clock: () => number = Date.now,
  ) {}

  async get(timeoutMs: number): Promise<DatabaseLogin> {
    const now = this.clock();
    if (this.last && now - this.last.at < SECRET_REFRESH_MS) return this.last.login;
    try {
      const login = await this.read(timeoutMs);
      this.last = { login, at: now };
      return login;
    } catch (e) {
      if (this.last && now - this.last.at < SECRET_KEEP_MS) return this.last.login;
      throw e instanceof ProbeFailure
        ? e
        : new ProbeFailure("secret", `${this.spec.secretId}: ${(e as Error).message}`);
    }
  }

  private async read(timeoutMs: number): Promise<DatabaseLogin> {
    const started = Date.now();
    const host = this.spec.endpoint?.host ?? `secretsmanager.${this.spec.region}.amazonaws.com`;
    const port = this.spec.endpoint?.port ?? 443;
    const creds = await this.credentials.get(Math.floor(timeoutMs / 2));
    const address = await resolveAddress(host, this.resolver, Math.floor(timeoutMs / 2));
    const body = JSON.stringify({ SecretId: this.spec.secretId });
    const signed = aws4.sign(
      {
        host: port === 443 ? host : `${host}:${port}`,
        method: "POST",
        path: "/",
        service: "secretsmanager",
        region: this.spec.region,
        headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "secretsmanager.GetSecretValue" },
        body,
      },
      { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken },
    );
    const left = Math.max(1, timeoutMs - (Date.now() - started));
    const answer = await post(
      address,
      port,
      host,
      signed.headers as Record<string, string>,
      body,
      left,
      this.spec.endpoint?.caFile,
    );
    const secret = answer as { SecretString?: string };
    let parsed: { username?: unknown; password?: unknown };
    try {
      parsed = JSON.parse(secret.SecretString ?? "");
    } catch {
      throw new ProbeFailure("secret", `${this.spec.secretId}: the secret is not the JSON login the platform writes`);
    }
    if (typeof parsed.username !== "string" || typeof parsed.password !== "string") {
      throw new ProbeFailure("secret", `${this.spec.secretId}: no username and password in the secret`);
    }
    return { user: parsed.username, password: parsed.password };
  }
}

function post(
  address: string,
  port: number,
  host: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  caFile?: string,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: address,
        port,
        method: "POST",
        path: "/",
        servername: host,
        headers,
        agent: false,
        timeout: timeoutMs,
        ...(caFile === undefined ? {} : { ca: fs.readFileSync(caFile, "utf8") }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = response.statusCode ?? 0;
          if (status !== 200) {
            // The API's error type (AccessDeniedException, ResourceNotFoundException), never the body's secrets.
            const type = (/"__type"\s*:\s*"([^"]+)"/.exec(text)?.[1] ?? "").split("#").pop();
            reject(new ProbeFailure("secret", `GetSecretValue: HTTP ${status}${type ? ` ${type}` : ""}`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new ProbeFailure("secret", "GetSecretValue: not JSON"));
          }
        });
      },
    );
    request.on("timeout", () =>
      request.destroy(new ProbeFailure("secret", `GetSecretValue: no answer in ${timeoutMs}ms`)),
    );
    request.on("error", (e) =>
      reject(e instanceof ProbeFailure ? e : new ProbeFailure("secret", `GetSecretValue: ${e.message}`)),
    );
    request.end(body);
  });
}
