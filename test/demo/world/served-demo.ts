/** The simulator over HTTPS with the demo world, logs/exec/metrics hooks installed, and a kubectl for it. */
import { installDemo } from "../../../server/demo/world/install.ts";
import type { DemoOptions } from "../../../server/demo/world/install.ts";
import type { Churn } from "../../../server/demo/world/churn.ts";
import type { KubeObject } from "../../../server/demo/types.ts";
import { loadPlatform } from "../../../server/platform/load.ts";
import { kubectlFor } from "../kubectl.ts";
import type { Kubectl } from "../kubectl.ts";
import { startServedSim } from "../served-sim.ts";
import type { ServedSim } from "../served-sim.ts";

export interface ServedDemo {
  served: ServedSim;
  kubectl: Kubectl;
  churn: Churn;
  /** Stored pods of a namespace whose name starts with `prefix`. */
  pods(namespace: string, prefix: string): KubeObject[];
  close(): Promise<void>;
}

export async function startServedDemo(options: Partial<Omit<DemoOptions, "platform">> = {}): Promise<ServedDemo> {
  const platform = await loadPlatform();
  const served = await startServedSim();
  const { churn } = await installDemo(served.sim, { platform, world: { seed: "test-world", ...options.world }, logs: options.logs, churn: options.churn });
  const kubectl = kubectlFor(served.kubeconfig);
  const podType = served.sim.store.types.find("", "pods")!;
  return {
    served,
    kubectl,
    churn,
    pods: (namespace, prefix) => served.sim.store.list(podType, namespace).filter((p) => p.metadata.name!.startsWith(prefix)),
    async close() {
      churn.stop();
      kubectl.cleanup();
      await served.close();
    },
  };
}

export const statusOf = (pod: KubeObject) => pod.status as { phase: string; containerStatuses?: Array<{ state: { waiting?: { reason: string } }; lastState?: { terminated?: { reason: string } } }> };
