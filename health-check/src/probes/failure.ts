import { FailureReason } from "../contract";

/** A probe's failure: the short public reason and the detail only the logs see. */
export class ProbeFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    detail: string,
  ) {
    super(detail);
    this.name = "ProbeFailure";
  }
}

// Node's and OpenSSL's certificate and handshake error codes
// (https://nodejs.org/api/errors.html#openssl-error-codes, https://nodejs.org/api/tls.html).
const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "EPROTO",
]);

/** PostgreSQL's SQLSTATE class 28: invalid authorization (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const AUTH_SQLSTATE = /^28/;
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Maps what a socket, TLS or the PostgreSQL client threw to one reason. */
export function classify(error: unknown): ProbeFailure {
  if (error instanceof ProbeFailure) return error;
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === "string" ? e.code : "";
  const message = typeof e?.message === "string" ? e.message : String(error);
  const detail = code === "" ? message : `${code}: ${message}`;
  if (["ECONNREFUSED", "ECONNRESET", "EPIPE", "EHOSTUNREACH", "ENETUNREACH"].includes(code)) {
    return new ProbeFailure("refused", detail);
  }
  if (code === "ETIMEDOUT" || /timeout|timed out/i.test(message)) return new ProbeFailure("timeout", detail);
  if (TLS_CODES.has(code) || code.startsWith("ERR_SSL") || /does not support SSL|certificate/i.test(message)) {
    return new ProbeFailure("tls", detail);
  }
  if (AUTH_SQLSTATE.test(code) && !code.startsWith("E")) return new ProbeFailure("auth", detail);
  // A SQLSTATE only on the server's errors (pg's carry `severity`), not on a five-letter errno such as EPERM.
  if (SQLSTATE.test(code) && typeof (e as { severity?: unknown }).severity === "string") {
    return new ProbeFailure("query", detail);
  }
  if (/Connection terminated/i.test(message)) return new ProbeFailure("refused", detail);
  return new ProbeFailure("error", detail);
}
