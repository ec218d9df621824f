import * as http from "node:http";
import { Answer } from "./answer";

/**
 * The health answer on `path` (GET or HEAD), 404 elsewhere. It only reads the last answer, so it answers in
 * well under Route 53's 2 s whatever the probes are doing.
 */
export function healthServer(path: string, current: () => Answer): http.Server {
  return http.createServer((req, res) => {
    const url = (req.url ?? "").split("?")[0];
    if (url !== path || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const a = current();
    res.writeHead(a.status, { "content-type": "text/plain", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : `${a.body}\n`);
  });
}

/** Prometheus scrapes `/metrics` on the metrics port. */
export function metricsServer(render: () => string): http.Server {
  return http.createServer((req, res) => {
    if ((req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(render());
  });
}
