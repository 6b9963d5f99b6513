/**
 * `kubeconfig`: a kubeconfig file and context. @kubernetes/client-node's KubeConfig does the parsing and the
 * credential (token, token file, client certificate, exec plugins with their caching); it is imported only
 * when such a cluster exists. The file is read once at start-up.
 */
import { AppError } from "../http/errors.ts";
import { ConfigError } from "../config/config-error.ts";
import type { BackendDeps, ClusterBackend, ClusterConnection } from "./backend.ts";
import type { ClusterConfig } from "../config/schema/clusters.ts";
import type { FetchLike, TlsClientOptions } from "../platform/types.ts";

/** client-node hands PEM material over as Buffers (Uint8Arrays) or strings. */
const pem = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v));

export async function createKubeconfigBackend(config: ClusterConfig, deps: BackendDeps): Promise<ClusterBackend> {
  const { KubeConfig } = await import("@kubernetes/client-node");
  const path = config.kubeconfigPath ?? "";
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "unreadable";
    throw new ConfigError(deps.configSource, `clusters[${config.name}].kubeconfigPath`, "a readable kubeconfig file", `${path} (${reason})`);
  }
  if (config.kubeconfigContext) {
    if (!kc.getContextObject(config.kubeconfigContext)) {
      const known = kc.getContexts().map((c) => c.name).join(", ") || "none";
      throw new ConfigError(deps.configSource, `clusters[${config.name}].kubeconfigContext`, `a context of ${path} (${known})`, JSON.stringify(config.kubeconfigContext));
    }
    kc.setCurrentContext(config.kubeconfigContext);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) {
    throw new ConfigError(deps.configSource, `clusters[${config.name}].kubeconfigContext`, "a context whose cluster has a server URL", JSON.stringify(kc.getCurrentContext()));
  }
  const server = cluster.server.replace(/\/+$/, "");
  const transports = new Map<string, FetchLike>();

  // Static credentials (token, client certificate) resolve once; exec plugins, auth providers and token files
  // are asked every time (client-node caches them until they expire).
  const user = kc.getCurrentUser() as { exec?: unknown; authProvider?: unknown; tokenFile?: unknown } | null;
  const dynamic = Boolean(user?.exec || user?.authProvider || user?.tokenFile);
  let fixed: ClusterConnection | undefined;

  return {
    name: config.name,
    config,
    async connect(): Promise<ClusterConnection> {
      if (fixed) return fixed;
      const opts: { headers: Record<string, string>; ca?: unknown; cert?: unknown; key?: unknown; rejectUnauthorized?: boolean } = { headers: {} };
      try {
        await kc.applyToHTTPSOptions(opts as never);
      } catch (error) {
        const reason = error instanceof Error ? error.message.split("\n")[0] : "failed";
        throw new AppError(502, "cluster_auth_failed", `cluster ${config.name}: the kubeconfig credential failed: ${reason}`, { details: { cluster: config.name } });
      }
      const tls: TlsClientOptions = { ca: pem(opts.ca), cert: pem(opts.cert), key: pem(opts.key), insecureSkipVerify: opts.rejectUnauthorized === false };
      const key = JSON.stringify(tls);
      let fetch = transports.get(key);
      if (!fetch) {
        fetch = deps.platform.createFetch(tls);
        if (transports.size > 8) transports.clear(); // rotating exec client certs: keep the map small
        transports.set(key, fetch);
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers)) {
        // A kubeconfig `as:` would fight the user's impersonation: only the credential passes.
        if (!k.toLowerCase().startsWith("impersonate-")) headers[k.toLowerCase()] = String(v);
      }
      const connection = { server, fetch, tls, headers };
      if (!dynamic) fixed = connection;
      return connection;
    },
  };
}
