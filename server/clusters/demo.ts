/**
 * `demo`: the built-in simulated cluster (server/demo/), reached like any other cluster: in-process, with a
 * service-account token whose only permission is to impersonate. What users may do comes from the RBAC in the
 * simulator: the tier bindings (periscope-tier:* groups), as the chart renders them for real clusters.
 */
import { bindClusterRole, impersonatorObjects } from "../demo/access.ts";
import { createSimulator } from "../demo/simulator.ts";
import type { Simulator, SimulatorOptions } from "../demo/simulator.ts";
import type { KubeObject } from "../demo/types.ts";
import type { ClusterConfig } from "../config/schema/clusters.ts";
import type { FetchLike } from "../platform/types.ts";
import type { BackendDeps, ClusterBackend, ClusterConnection } from "./backend.ts";

export const DEMO_NAMESPACE = "periscope";
export const DEMO_SERVICE_ACCOUNT = "periscope";

/** Tier → ClusterRole, used only when the seeded world brings no tier bindings of its own. */
const TIER_ROLES: Array<[string, string]> = [
  ["read", "view"],
  ["triage", "view"],
  ["write", "edit"],
  ["maintain", "admin"],
  ["admin", "cluster-admin"],
];

export function tierBindings(): KubeObject[] {
  return TIER_ROLES.map(([tier, role]) => bindClusterRole(`periscope-tier-${tier}`, role, { kind: "Group", name: `periscope-tier:${tier}` }));
}

function hasTierBindings(sim: Simulator): boolean {
  const type = sim.store.types.find("rbac.authorization.k8s.io", "clusterrolebindings");
  if (!type) return false;
  return sim.store.list(type, undefined).some((b) => {
    const subjects = (b as { subjects?: unknown }).subjects;
    return Array.isArray(subjects) && subjects.some((s) => typeof s === "object" && s !== null && String((s as { name?: unknown }).name ?? "").startsWith("periscope-tier:"));
  });
}

export interface DemoBackendOptions {
  /** Objects to seed (the demo world); default: the simulator's defaults only. */
  seed?: KubeObject[];
  simulator?: SimulatorOptions;
}

/** The in-process connection: requests go straight to the simulator's handler, no sockets. */
export function simulatorFetch(sim: Simulator): FetchLike {
  return async (input, init) => sim.handle(input instanceof Request && init === undefined ? input : new Request(input, init), { remoteAddress: "in-process" });
}

export function createDemoBackend(config: ClusterConfig, _deps: BackendDeps, options: DemoBackendOptions = {}): ClusterBackend & { simulator: Simulator } {
  const sim = createSimulator({ ...options.simulator, seed: [...(options.simulator?.seed ?? []), ...(options.seed ?? [])] });
  const nsType = sim.store.types.find("", "namespaces")!;
  if (!sim.store.tryGet(nsType, undefined, DEMO_NAMESPACE)) {
    sim.seed([{ apiVersion: "v1", kind: "Namespace", metadata: { name: DEMO_NAMESPACE, labels: { "kubernetes.io/metadata.name": DEMO_NAMESPACE } } }]);
  }
  const token = sim.addServiceAccount(DEMO_NAMESPACE, DEMO_SERVICE_ACCOUNT);
  sim.seed(impersonatorObjects(DEMO_NAMESPACE, DEMO_SERVICE_ACCOUNT, "periscope-impersonator"));
  if (!hasTierBindings(sim)) sim.seed(tierBindings());
  const connection: ClusterConnection = {
    server: `https://${config.name}.demo.invalid`,
    fetch: simulatorFetch(sim),
    tls: {},
    headers: { authorization: `Bearer ${token}` },
  };
  return {
    name: config.name,
    config,
    simulator: sim,
    connect: () => Promise.resolve(connection),
    close: async () => sim.close(),
  };
}
