import { FailureReason, Probe, RegionalHealthConfig } from "../contract";
import { classify, ProbeFailure } from "./failure";
import { probeHttps } from "./https";
import { databaseLogin, probePostgres } from "./postgres";
import { resolveAddress } from "./resolve";
import { probeTcp } from "./tcp";

/** One probe's result: ok, or the short reason and the detail for the logs; how long it took. */
export type ProbeResult =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly reason: FailureReason; readonly detail: string; readonly ms: number };

/**
 * Runs one probe within `timeoutMs` in all: the name through the resolver (half the budget at most; a
 * resolver that hangs reads as `dns`, not `timeout`), then the connection. Never throws.
 */
export async function runProbe(
  probe: Probe,
  config: Pick<RegionalHealthConfig, "resolver" | "timeoutMs">,
  env: NodeJS.ProcessEnv,
): Promise<ProbeResult> {
  const started = Date.now();
  // A deadline that finds the probe still resolving is a resolver that did not answer: `dns`.
  let resolving = true;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ProbeFailure(
            resolving ? "dns" : "timeout",
            `${probe.name}: over ${config.timeoutMs}ms ${resolving ? "resolving" : "connecting"}`,
          ),
        ),
      config.timeoutMs,
    );
  });
  const attempt = async () => {
    const address = await resolveAddress(probe.host, config.resolver, Math.floor(config.timeoutMs / 2));
    resolving = false;
    const left = Math.max(1, config.timeoutMs - (Date.now() - started));
    if (probe.kind === "postgres") {
      const login = await databaseLogin(probe, env, config.resolver, left);
      await probePostgres(probe, address, login, Math.max(1, config.timeoutMs - (Date.now() - started)));
    } else if (probe.kind === "https") await probeHttps(probe, address, left);
    else await probeTcp(probe, address, left);
  };
  try {
    await Promise.race([attempt(), deadline]);
    return { ok: true, ms: Date.now() - started };
  } catch (e) {
    const failure = classify(e);
    return { ok: false, reason: failure.reason, detail: failure.message, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
