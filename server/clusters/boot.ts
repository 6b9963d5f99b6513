/**
 * Start-up: PERISCOPE_CLUSTERS_FILE → validated entries → backends. No file set → the single `demo` cluster; a
 * file with `clusters: []` → no clusters (the fleet page says so) and a warning line.
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
  if (configs.length === 0) {
    // Valid (the chart's default is `clusters: []`), but almost never intended: say so once, loudly.
    options.log.warn("no clusters registered", { source: path, hint: "add entries under clusters: in this file, or unset PERISCOPE_CLUSTERS_FILE for the built-in demo cluster" });
  }
  return registry;
}
