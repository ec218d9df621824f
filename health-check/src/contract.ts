/**
 * The contract between the component that renders a site's deep check (components/health) and the runtime
 * that serves it (this package): the config file's shape, the environment it reads, the answers it gives.
 * One place: the component imports these types, the runtime validates its config with ./config.ts.
 */

/** A PostgreSQL probe: authenticate and run `query` (default `SELECT 1`). */
export interface PostgresProbe {
  readonly kind: "postgres";
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /**
   * `require`: encrypted, certificate not verified (no CA bundle is shipped yet: docs/regional-health.md);
   * `verify`: verified against `caFile` and the host name; `disable`: plain (tests only).
   */
  readonly tls: "require" | "verify" | "disable";
  readonly caFile?: string;
  readonly userEnv: string;
  readonly passwordEnv: string;
  /**
   * Where the login comes from instead of the environment: a Secrets Manager secret (JSON with `username` and
   * `password`, as the platform writes them) read with the pod's own AWS credentials (EKS Pod Identity), the way
   * an application reads it, so a green check proves that path too.
   * @default the environment (`userEnv`, `passwordEnv`)
   */
  readonly login?: SecretLogin;
  /** When set, the first column of the first row must be true: the role-aware check. */
  readonly query?: string;
}

/** A login kept in AWS Secrets Manager, read through the Region's resolver with the pod's credentials. */
export interface SecretLogin {
  readonly source: "aws-secrets-manager";
  /** The secret's ARN (or name) as this Region reads it: a replica's ARN names the replica's Region. */
  readonly secretId: string;
  readonly region: string;
  /** The API endpoint. @default `secretsmanager.<region>.amazonaws.com:443`, Node's CA store */
  readonly endpoint?: { readonly host: string; readonly port?: number; readonly caFile?: string };
}

/** A regional cloud API endpoint: DNS through the resolver, TCP, TLS verified, any HTTP answer below 500. */
export interface HttpsProbe {
  readonly kind: "https";
  readonly name: string;
  readonly host: string;
  /** @default 443 */
  readonly port?: number;
  /** @default "/" */
  readonly path?: string;
  /** Extra CA certificates (PEM) to trust. @default Node's bundled Mozilla CA store only */
  readonly caFile?: string;
}

/**
 * A TCP connection only: for a dependency the check cannot log in to (a Cloud SQL destination that DMS
 * replicates into). Weaker than a query: it proves the path and a listening server, not a working engine.
 */
export interface TcpProbe {
  readonly kind: "tcp";
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export type Probe = PostgresProbe | HttpsProbe | TcpProbe;

/** The runtime's config file (`config.json` in the ConfigMap). */
export interface RegionalHealthConfig {
  /** The port the health answer is served on. */
  readonly listenPort: number;
  /** The path Route 53 (through the load balancer) asks. */
  readonly path: string;
  /** Prometheus metrics on their own port, never through the load balancer. @default no metrics */
  readonly metricsPort?: number;
  /** Seconds between the starts of two probe rounds. */
  readonly intervalSeconds: number;
  /** One probe's whole budget (resolution, connection, TLS, query); must be below the interval. */
  readonly timeoutMs: number;
  /** Failed rounds, out of the last `failAfter + 1`, before a healthy probe is failed. */
  readonly failAfter: number;
  /** Consecutive good rounds before a failed probe is healthy again. */
  readonly recoverAfter: number;
  /** The answer is `stale` (503) when the last finished round is older than this. */
  readonly staleAfterSeconds: number;
  /** The Region's own resolver, asked directly for every name (not through CoreDNS's cache). */
  readonly resolver: { readonly address: string; readonly port?: number };
  readonly probes: readonly Probe[];
}

/** Where the runtime finds its config file. */
export const CONFIG_PATH_ENV = "REGIONAL_HEALTH_CONFIG";

/** The environment variables the database probe reads its credentials from (a Secret fills them). */
export const DATABASE_CREDENTIAL_ENV = { user: "DB_USER", password: "DB_PASSWORD" } as const;

/**
 * Why a probe failed: the one short code the public answer carries (`fail database:dns`). Details go to
 * the logs and the metrics only.
 */
export const FAILURE_REASONS = [
  /** The resolver did not answer, or answered without an address. */
  "dns",
  /** The connection was refused or reset. */
  "refused",
  /** The probe's budget ran out (connection, TLS or query hung). */
  "timeout",
  /** The TLS handshake or the certificate failed. */
  "tls",
  /** The database refused the credentials. */
  "auth",
  /** The login could not be read from its secret (credentials, the secret store, or the secret itself). */
  "secret",
  /** The query failed. */
  "query",
  /** The role-aware query answered false: this site does not hold the writer. */
  "role",
  /** The endpoint answered with a 5xx status. */
  "http",
  /** Anything else (the logs say what). */
  "error",
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];
