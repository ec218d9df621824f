import * as fs from "node:fs";
import * as http from "node:http";
import { ProbeFailure } from "../probes/failure";

/** Temporary AWS credentials. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When they stop working (ms since the epoch). */
  readonly expires: number;
}

/** Renew this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

/**
 * The pod's credentials from EKS Pod Identity: the agent on the node serves them at the URI the webhook puts
 * in `AWS_CONTAINER_CREDENTIALS_FULL_URI`, to a request carrying the token in
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read each time: the kubelet rotates it). Kept until 5 minutes
 * before they expire.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
 */
export class PodCredentials {
  private cached?: AwsCredentials;

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async get(timeoutMs: number): Promise<AwsCredentials> {
    if (this.cached && this.cached.expires - RENEW_BEFORE_MS > Date.now()) return this.cached;
    const uri = this.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    const tokenFile = this.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
    if (!uri || !tokenFile) {
      throw new ProbeFailure("secret", "no Pod Identity credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI unset");
    }
    const token = fs.readFileSync(tokenFile, "utf8").trim();
    const body = await getJson(uri, { authorization: token }, timeoutMs);
    const c = body as { AccessKeyId?: string; SecretAccessKey?: string; Token?: string; Expiration?: string };
    if (!c.AccessKeyId || !c.SecretAccessKey) {
      throw new ProbeFailure("secret", "the Pod Identity agent answered without credentials");
    }
    this.cached = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.Token,
      expires: c.Expiration ? Date.parse(c.Expiration) : Date.now() + RENEW_BEFORE_MS,
    };
    return this.cached;
  }
}

function getJson(uri: string, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = http.get(uri, { headers, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if ((response.statusCode ?? 0) !== 200) {
          reject(new ProbeFailure("secret", `Pod Identity agent: HTTP ${response.statusCode}`));
          return;
        }
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new ProbeFailure("secret", "Pod Identity agent: not JSON"));
        }
      });
    });
    request.on("timeout", () =>
      request.destroy(new ProbeFailure("secret", `Pod Identity agent: no answer in ${timeoutMs}ms`)),
    );
    request.on("error", (e) =>
      reject(e instanceof ProbeFailure ? e : new ProbeFailure("secret", `Pod Identity agent: ${e.message}`)),
    );
  });
}
