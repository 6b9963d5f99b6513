/**
 * Start-up: PERISCOPE_CLUSTERS_FILE → validated entries → backends. No file set → the single `demo` cluster.
 * Throws ConfigErrors (one line per problem) for anything the operator must fix; main.ts prints them and exits.
 */
import { loadClustersFile } from "../config/clusters-file.ts";
import type { Logger } from "../http/log.ts";
import type { Platform } from "../platform/types.ts";
import { createClusterRegistry } from "./registry.ts";
import type { ClusterRegistry } from "./registry.ts";

export async function bootClusters(options: { env: Record<string, string | undefined>; platform: Platform; log: Logger }): Promise<ClusterRegistry> {
  const path = options.env.PERISCOPE_CLUSTERS_FILE?.trim() || undefined;
  const configs = await loadClustersFile(path);
  const registry = await createClusterRegistry(configs, { platform: options.platform, log: options.log, env: options.env, configSource: path ?? "clusters (built-in demo)" });
  options.log.info("clusters ready", { source: path ?? "built-in demo", clusters: configs.map((c) => `${c.name}:${c.backend}`) });
  return registry;
}
