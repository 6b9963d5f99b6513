/**
 * `in-cluster`: the pod's service-account token and CA from the standard mount, the apiserver from
 * KUBERNETES_SERVICE_HOST/PORT. The token is re-read (it rotates, kubelet refreshes it about hourly).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "../http/errors.ts";
import type { BackendDeps, ClusterBackend, ClusterConnection } from "./backend.ts";
import type { ClusterConfig } from "../config/schema/clusters.ts";
import type { FetchLike } from "../platform/types.ts";

export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
/** client-go re-reads the token file every minute; we do the same within this window. */
const TOKEN_TTL_MS = 60_000;

export interface InClusterOptions {
  /** Directory holding `token` and `ca.crt` (default: the standard mount, or PERISCOPE_SERVICEACCOUNT_DIR). */
  dir?: string;
  clock?: () => number;
}

export function createInClusterBackend(config: ClusterConfig, deps: BackendDeps, options: InClusterOptions = {}): ClusterBackend {
  const dir = options.dir ?? (deps.env.PERISCOPE_SERVICEACCOUNT_DIR || SERVICE_ACCOUNT_DIR);
  const clock = options.clock ?? Date.now;
  const host = deps.env.KUBERNETES_SERVICE_HOST;
  const port = deps.env.KUBERNETES_SERVICE_PORT || "443";
  let token: { value: string; readAt: number } | undefined;
  let transport: { fetch: FetchLike; ca: string } | undefined;

  const fail = (what: string) =>
    new AppError(503, "cluster_unavailable", `cluster ${config.name} (in-cluster): ${what}`, { details: { cluster: config.name } });

  async function readToken(): Promise<string> {
    if (token && clock() - token.readAt < TOKEN_TTL_MS) return token.value;
    try {
      const value = (await readFile(join(dir, "token"), "utf8")).trim();
      token = { value, readAt: clock() };
      return value;
    } catch {
      if (token) return token.value; // keep the last good token through a brief remount
      throw fail(`cannot read the service-account token in ${dir}`);
    }
  }

  return {
    name: config.name,
    config,
    async connect(): Promise<ClusterConnection> {
      if (!host) throw fail("KUBERNETES_SERVICE_HOST is not set (is Periscope running in a pod?)");
      if (!transport) {
        let ca: string;
        try {
          ca = await readFile(join(dir, "ca.crt"), "utf8");
        } catch {
          throw fail(`cannot read ca.crt in ${dir}`);
        }
        transport = { ca, fetch: deps.platform.createFetch({ ca }) };
      }
      const hostPart = host.includes(":") ? `[${host}]` : host;
      return {
        server: `https://${hostPart}:${port}`,
        fetch: transport.fetch,
        tls: { ca: transport.ca },
        headers: { authorization: `Bearer ${await readToken()}` },
      };
    },
  };
}
