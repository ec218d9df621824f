import { execFileSync } from "node:child_process";
import * as dgram from "node:dgram";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The real services `.ci/services` starts (PostgreSQL, dnsmasq), read from the environment it prints. A
 * test that needs them FAILS without them, naming the fix: a deep check tested against nothing proves
 * nothing.
 */
export interface Services {
  readonly postgres: { host: string; port: number; user: string; password: string; database: string };
  readonly postgresCa: string;
  readonly resolver: { address: string; port: number };
  readonly hostsDir: string;
}

export function services(): Services {
  const missing = ["DR_TEST_POSTGRES_URL", "DR_TEST_POSTGRES_CA", "DR_TEST_RESOLVER", "DR_TEST_HOSTS_DIR"].filter(
    (k) => (process.env[k] ?? "") === "",
  );
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(", ")} unset: the deep check's tests run against a real PostgreSQL and DNS resolver; ` +
        'start them with `eval "$(bash .ci/services)"` (docs/contributing.md#test-services)',
    );
  }
  const url = new URL(process.env.DR_TEST_POSTGRES_URL as string);
  const [address, port] = (process.env.DR_TEST_RESOLVER as string).split(":");
  return {
    postgres: {
      host: url.hostname,
      port: Number(url.port),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    },
    postgresCa: process.env.DR_TEST_POSTGRES_CA as string,
    resolver: { address: address as string, port: Number(port) },
    hostsDir: process.env.DR_TEST_HOSTS_DIR as string,
  };
}

let counter = 0;
/** A name under `.regional-health.test` that only this test publishes (dnsmasq re-reads the folder on change). */
export function publishName(s: Services, label: string, address = "127.0.0.1", exact?: string) {
  const name = exact ?? `${label}-${process.pid}-${++counter}.regional-health.test`;
  const file = path.join(s.hostsDir, name);
  const publish = () => fs.writeFileSync(file, `${address} ${name}\n`, { mode: 0o644 });
  publish();
  return { name, publish, withdraw: () => fs.rmSync(file, { force: true }) };
}

/** Waits until `check` holds (dnsmasq notices folder changes asynchronously). */
export async function eventually(check: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not within ${ms}ms: ${what}`);
}

/** A TCP server that accepts and never answers: a dependency that hangs. */
export async function hangingServer(): Promise<{ port: number; close: () => void }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      sockets.forEach((s) => s.destroy());
      server.close();
    },
  };
}

/** A UDP socket that takes DNS questions and never answers: a resolver that hangs (the 2018 shape). */
export async function silentResolver(): Promise<{ address: string; port: number; close: () => void }> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", r));
  return { address: "127.0.0.1", port: socket.address().port, close: () => socket.close() };
}

/** A port on loopback where nothing listens: connections are refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A self-signed certificate for `name`, made with openssl (a stand-in for a cloud API's certificate). */
export function selfSigned(name: string): { key: string; cert: string; certFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "regional-health-tls-"));
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
      "-addext",
      `subjectAltName=DNS:${name}`,
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
    { stdio: "ignore" },
  );
  return { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8"), certFile };
}
