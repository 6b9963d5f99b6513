/**
 * PERISCOPE_EXEC_PROBE_ON_BOOT (chart `exec.probeClustersOnBoot`): right after the server listens, ask every
 * cluster with exec enabled for `/version` with the server's own credentials. A cold cluster pays its first
 * costs here instead of in a user's first shell: credential exchange (EKS token, AssumeRole), DNS, the TLS
 * handshake, a pooled connection. One log line per cluster; a failure never stops the server (the cluster keeps
 * its usual per-request error state).
 */
import type { ClusterRegistry } from "../clusters/registry.ts";
import type { Logger } from "../http/log.ts";

export interface ProbeResult {
  cluster: string;
  ok: boolean;
  ms: number;
  /** The apiserver's gitVersion when it answered. */
  version?: string | undefined;
  error?: string | undefined;
}

export async function probeClusters(clusters: ClusterRegistry, log: Logger, o: { timeoutMs?: number } = {}): Promise<ProbeResult[]> {
  const targets = clusters.list().filter((c) => c.exec.enabled);
  return Promise.all(
    targets.map(async ({ name }): Promise<ProbeResult> => {
      const started = Date.now();
      try {
        const body = await clusters.client(name, undefined).json({ path: "/version", timeoutMs: o.timeoutMs ?? 15_000 });
        const gitVersion = typeof body === "object" && body !== null && "gitVersion" in body && typeof body.gitVersion === "string" ? body.gitVersion : undefined;
        const result: ProbeResult = { cluster: name, ok: true, ms: Date.now() - started, version: gitVersion };
        log.info("cluster probe", { ...result });
        return result;
      } catch (error) {
        const result: ProbeResult = { cluster: name, ok: false, ms: Date.now() - started, error: error instanceof Error ? error.message : String(error) };
        log.warn("cluster probe failed", { ...result });
        return result;
      }
    }),
  );
}
