import { z } from "zod";
import { DATABASE_CREDENTIAL_ENV, RegionalHealthConfig } from "./contract";

/**
 * The config file's schema: the runtime refuses to start on a bad file and lists every problem with its key
 * path, and the component's tests check the config it renders against the same schema.
 */

const name = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "lower-case letters, digits and dashes, at most 31");
const host = z.string().min(1, "a host name or an IPv4 address");
const port = z.number().int().min(1).max(65535);
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name");

const postgres = z
  .object({
    kind: z.literal("postgres"),
    name,
    host,
    port,
    database: z.string().min(1),
    tls: z.enum(["require", "verify", "disable"]),
    caFile: z.string().min(1).optional(),
    userEnv: envName.default(DATABASE_CREDENTIAL_ENV.user),
    passwordEnv: envName.default(DATABASE_CREDENTIAL_ENV.password),
    login: z
      .object({
        source: z.literal("aws-secrets-manager"),
        secretId: z.string().min(1),
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS Region, e.g. ap-northeast-2"),
        endpoint: z
          .object({ host, port: port.optional(), caFile: z.string().min(1).optional() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    query: z.string().min(1).optional(),
  })
  .strict();

const https = z
  .object({
    kind: z.literal("https"),
    name,
    host,
    port: port.optional(),
    path: z.string().startsWith("/").optional(),
    caFile: z.string().min(1).optional(),
  })
  .strict();

const tcp = z.object({ kind: z.literal("tcp"), name, host, port }).strict();

export const configSchema = z
  .object({
    listenPort: port,
    path: z.string().startsWith("/"),
    metricsPort: port.optional(),
    intervalSeconds: z.number().int().min(1).max(60),
    timeoutMs: z.number().int().min(100),
    failAfter: z.number().int().min(1).max(10),
    recoverAfter: z.number().int().min(1).max(10),
    staleAfterSeconds: z.number().int().min(1),
    resolver: z.object({ address: z.string().ip({ version: "v4" }), port: port.optional() }).strict(),
    probes: z.array(z.discriminatedUnion("kind", [postgres, https, tcp])).min(1, "at least one probe"),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.timeoutMs >= c.intervalSeconds * 1000) {
      ctx.addIssue({ code: "custom", path: ["timeoutMs"], message: "must be below intervalSeconds x 1000" });
    }
    // Two rounds can end up to an interval plus one probe's budget apart.
    if (c.staleAfterSeconds * 1000 <= c.intervalSeconds * 1000 + c.timeoutMs) {
      ctx.addIssue({ code: "custom", path: ["staleAfterSeconds"], message: "must exceed intervalSeconds + timeoutMs" });
    }
    if (c.metricsPort === c.listenPort) {
      ctx.addIssue({ code: "custom", path: ["metricsPort"], message: "must differ from listenPort" });
    }
    c.probes.forEach((p, i) => {
      if (c.probes.findIndex((q) => q.name === p.name) !== i) {
        ctx.addIssue({ code: "custom", path: ["probes", i, "name"], message: `"${p.name}" is used twice` });
      }
      if (p.kind === "postgres" && p.tls === "verify" && p.caFile === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["probes", i, "caFile"],
          message: 'tls "verify" needs caFile: the CA bundle the server\'s certificate chains to',
        });
      }
    });
  });

export type ParsedConfig =
  | { readonly ok: true; readonly config: RegionalHealthConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Parses the config file's text; every problem at once, as `key.path: what is wrong`. */
export function parseConfig(text: string): ParsedConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`not JSON: ${(e as Error).message}`] };
  }
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(file)"}: ${i.message}`),
  };
}
