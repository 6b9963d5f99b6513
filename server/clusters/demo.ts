/**
 * `demo`: the built-in simulated cluster (server/demo/), reached like any other cluster. Wired to the
 * simulator's in-process handle once it lands; until then the cluster reports itself unavailable.
 */
import { AppError } from "../http/errors.ts";
import type { BackendDeps, ClusterBackend } from "./backend.ts";
import type { ClusterConfig } from "../config/schema/clusters.ts";

export function createDemoBackend(config: ClusterConfig, _deps: BackendDeps): ClusterBackend {
  return {
    name: config.name,
    config,
    connect() {
      return Promise.reject(new AppError(503, "cluster_unavailable", `cluster ${config.name}: the demo simulator is not wired yet`));
    },
  };
}
