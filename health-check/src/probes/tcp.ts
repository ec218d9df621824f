import * as net from "node:net";
import { TcpProbe } from "../contract";
import { classify, ProbeFailure } from "./failure";

/** Opens a TCP connection to `address` (already resolved) and closes it: the server listens. */
export function probeTcp(p: TcpProbe, address: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port: p.port });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new ProbeFailure("timeout", `${p.name}: no connection in ${timeoutMs}ms`)),
    );
    socket.once("connect", () => {
      socket.destroy();
      resolve();
    });
    socket.once("error", (e) => reject(classify(e)));
  });
}
