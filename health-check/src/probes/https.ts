import * as fs from "node:fs";
import * as https from "node:https";
import { HttpsProbe } from "../contract";
import { classify, ProbeFailure } from "./failure";

/**
 * One HTTPS request to `address` (already resolved) with the configured host as TLS server name and Host
 * header, the certificate verified. Any answer below 500 proves the regional endpoint serves: the probe has
 * no credentials, so a 403 from a cloud API is an answer.
 */
export function probeHttps(p: HttpsProbe, address: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: address,
        port: p.port ?? 443,
        path: p.path ?? "/",
        method: "GET",
        servername: p.host,
        headers: { host: p.host, "user-agent": "regional-health" },
        ...(p.caFile === undefined ? {} : { ca: fs.readFileSync(p.caFile, "utf8") }),
        agent: false,
        timeout: timeoutMs,
      },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        if (status >= 500) reject(new ProbeFailure("http", `${p.name}: HTTP ${status}`));
        else resolve();
      },
    );
    request.on("timeout", () => request.destroy(new ProbeFailure("timeout", `${p.name}: no answer in ${timeoutMs}ms`)));
    request.on("error", (e) => reject(classify(e)));
    request.end();
  });
}
