/**
 * Backend kind → factory. Heavy or optional backends are imported only when a cluster uses them.
 */
import type { ClusterBackendKind } from "../config/schema/clusters.ts";
import type { BackendFactory } from "./backend.ts";

export const BACKEND_FACTORIES: Record<ClusterBackendKind, BackendFactory> = {
  "in-cluster": async (config, deps) => (await import("./in-cluster.ts")).createInClusterBackend(config, deps),
  kubeconfig: async (config, deps) => (await import("./kubeconfig.ts")).createKubeconfigBackend(config, deps),
  eks: async (config, deps) => (await import("./backends/eks.ts")).createEksBackend(config, deps),
  demo: async (config, deps) => (await import("./demo.ts")).createDemoBackend(config, deps),
};
