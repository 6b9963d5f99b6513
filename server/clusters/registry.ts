/**
 * The registered clusters: built once at start-up from clusters.yaml, looked up by name on every request.
 * Backend construction problems that are configuration mistakes (a missing kubeconfig) stop the boot;
 * everything at run time (a dead apiserver) is a per-cluster error state instead.
 */
import type { Identity } from "../auth/identity.ts";
import { ConfigError, ConfigErrors } from "../config/config-error.ts";
import type { ClusterBackendKind, ClusterConfig } from "../config/schema/clusters.ts";
import { AppError } from "../http/errors.ts";
import type { BackendDeps, BackendFactory, ClusterBackend } from "./backend.ts";
import { BACKEND_FACTORIES } from "./backends.ts";
import { createKubeClient } from "./kube-client.ts";
import type { KubeClient } from "./kube-client.ts";

/** What `/api/clusters` shows: no file paths, ARNs, role names or secrets. */
export interface ClusterInfo {
  name: string;
  backend: ClusterBackendKind;
  environment: string | undefined;
  tags: Record<string, string>;
  exec: { enabled: boolean };
}

export interface ClusterRegistry {
  list(): ClusterInfo[];
  names(): string[];
  /** The backend, or a 404 `cluster_not_found` AppError. */
  get(name: string): ClusterBackend;
  has(name: string): boolean;
  /** A kube client for `name` acting as `identity` and carrying `requestId`. */
  client(name: string, identity: Identity | undefined, requestId?: string): KubeClient;
  close(): Promise<void>;
}

export function publicInfo(config: ClusterConfig): ClusterInfo {
  return {
    name: config.name,
    backend: config.backend,
    environment: config.environment,
    tags: { ...config.tags },
    exec: { enabled: config.exec?.enabled ?? true },
  };
}

export async function createClusterRegistry(
  configs: ClusterConfig[],
  deps: BackendDeps,
  factories: Partial<Record<ClusterBackendKind, BackendFactory>> = {},
): Promise<ClusterRegistry> {
  const backends = new Map<string, ClusterBackend>();
  const errors: ConfigError[] = [];
  for (const config of configs) {
    const factory = factories[config.backend] ?? BACKEND_FACTORIES[config.backend];
    try {
      backends.set(config.name, await factory(config, deps));
    } catch (error) {
      if (error instanceof ConfigError) errors.push(error);
      else if (error instanceof ConfigErrors) errors.push(...error.errors);
      else throw error;
    }
  }
  if (errors.length > 0) {
    await Promise.all([...backends.values()].map((b) => b.close?.()));
    throw new ConfigErrors(errors);
  }
  const infos = configs.map(publicInfo);

  const get = (name: string): ClusterBackend => {
    const backend = backends.get(name);
    if (!backend) throw new AppError(404, "cluster_not_found", `no cluster named ${JSON.stringify(name)} is registered`);
    return backend;
  };
  return {
    list: () => infos.map((i) => ({ ...i, tags: { ...i.tags } })),
    names: () => [...backends.keys()],
    get,
    has: (name) => backends.has(name),
    client: (name, identity, requestId) => createKubeClient(get(name), identity, requestId, deps.platform),
    async close() {
      await Promise.all([...backends.values()].map((b) => b.close?.()));
    },
  };
}
