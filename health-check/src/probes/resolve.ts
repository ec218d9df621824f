import { promises as dns } from "node:dns";
import { isIPv4 } from "node:net";
import { RegionalHealthConfig } from "../contract";
import { ProbeFailure } from "./failure";

/**
 * Resolves `host` to one IPv4 address by asking the Region's resolver directly, never the pod's
 * /etc/resolv.conf (CoreDNS caches answers, and a cached answer hides a resolver that stopped answering,
 * the 2018 Seoul event). Any failure, a resolver that hangs included, is `dns`.
 */
export async function resolveAddress(
  host: string,
  resolver: RegionalHealthConfig["resolver"],
  timeoutMs: number,
): Promise<string> {
  if (isIPv4(host)) return host;
  // One try: the probe's budget is short, and a resolver that needs a retry is what this check is for.
  const r = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
  r.setServers([`${resolver.address}:${resolver.port ?? 53}`]);
  try {
    const addresses = await r.resolve4(host);
    const first = addresses[0];
    if (first === undefined) throw new ProbeFailure("dns", `${host}: no A record`);
    return first;
  } catch (e) {
    if (e instanceof ProbeFailure) throw e;
    const code = (e as { code?: string }).code ?? "";
    throw new ProbeFailure("dns", `${host} via ${resolver.address}: ${code || (e as Error).message}`);
  } finally {
    r.cancel();
  }
}
