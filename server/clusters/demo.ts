/**
 * `demo`: the built-in simulated cluster (server/demo/), reached like any other cluster: in-process, with the
 * world's `impersonator` service account whose only permission is to impersonate. What users may do comes
 * from the RBAC seeded with the world: the tier bindings (periscope-tier:* groups) the chart renders for real
 * clusters. The world keeps moving (restarts, events) while the server runs.
 */
import { bindClusterRole, impersonatorObjects } from "../demo/access.ts";
import { createSimulator } from "../demo/simulator.ts";
import type { Simulator, SimulatorOptions } from "../demo/simulator.ts";
import type { KubeObject } from "../demo/types.ts";
import { connectInProcess } from "../demo/exec/in-process.ts";
import { installDemo } from "../demo/world/install.ts";
import type { WorldOptions } from "../demo/world/generate.ts";
import { IMPERSONATOR } from "../demo/world/rbac.ts";
import type { ClusterConfig } from "../config/schema/clusters.ts";
import { recordHeaderLines } from "../platform/header-lines.ts";
import type { FetchLike } from "../platform/types.ts";
import type { BackendDeps, ClusterBackend, ClusterConnection } from "./backend.ts";

/** Tier → ClusterRole bindings with the built-in roles, for simulators seeded without the demo world (tests). */
export function tierBindings(): KubeObject[] {
  const roles: Array<[string, string]> = [["read", "view"], ["triage", "view"], ["write", "edit"], ["maintain", "admin"], ["admin", "cluster-admin"]];
  return roles.map(([tier, role]) => bindClusterRole(`periscope-tier-${tier}`, role, { kind: "Group", name: `periscope-tier:${tier}` }));
}

export interface DemoBackendOptions {
  /** Demo world options (seed, pods, nodes); `false` → an empty cluster with the impersonator only. */
  world?: WorldOptions | false;
  simulator?: SimulatorOptions;
  /** Keep the world moving (default true). */
  churn?: boolean;
}

/**
 * The in-process connection: requests go straight to the simulator's handler, no sockets. Header pairs (how the
 * kube client sends them) are recorded as lines, so repeated Impersonate-Group lines stay separate groups.
 */
export function simulatorFetch(sim: Simulator): FetchLike {
  return async (input, init) => {
    if (input instanceof Request && init === undefined) return sim.handle(input, { remoteAddress: "in-process" });
    const request = new Request(input, init);
    if (Array.isArray(init?.headers)) recordHeaderLines(request, init.headers.flatMap(([k, v]) => [String(k), String(v)]));
    return sim.handle(request, { remoteAddress: "in-process" });
  };
}

export async function createDemoBackend(config: ClusterConfig, deps: BackendDeps, options: DemoBackendOptions = {}): Promise<ClusterBackend & { simulator: Simulator }> {
  const sim = createSimulator(options.simulator);
  let stopChurn = () => {};
  if (options.world === false) {
    sim.seed([{ apiVersion: "v1", kind: "Namespace", metadata: { name: IMPERSONATOR.namespace } }, ...impersonatorObjects(IMPERSONATOR.namespace, IMPERSONATOR.name, "periscope-impersonator"), ...tierBindings()]);
  } else {
    const { churn } = await installDemo(sim, { platform: deps.platform, world: options.world ?? {} });
    if (options.churn !== false) {
      churn.start();
      stopChurn = () => churn.stop();
    }
  }
  const token = sim.addServiceAccount(IMPERSONATOR.namespace, IMPERSONATOR.name);
  const connection: ClusterConnection = {
    server: `https://${config.name}.demo.invalid`,
    fetch: simulatorFetch(sim),
    tls: {},
    headers: { authorization: `Bearer ${token}` },
    // Exec sockets go through the simulator's handler too (authentication, impersonation and RBAC apply).
    // In-process there is no wire: repeated headers travel joined, as the simulator reads them.
    openSocket: (url, o) =>
      connectInProcess(sim.handle, url, {
        protocols: o.protocols,
        headers: Object.fromEntries(Object.entries(o.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v])),
      }),
  };
  return {
    name: config.name,
    config,
    simulator: sim,
    connect: () => Promise.resolve(connection),
    close: async () => {
      stopChurn();
      sim.close();
    },
  };
}
