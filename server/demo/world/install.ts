/**
 * Puts the demo together on a simulator: registers the pods/log and pods/exec hooks and the metrics API,
 * seeds the generated world, and prepares (but does not start) the churn.
 */
import type { Platform } from "../../platform/types.ts";
import { podExecHook } from "../exec/exec-handler.ts";
import { podLogHook } from "../logs.ts";
import type { LogHandlerOptions } from "../logs.ts";
import { metricsApiGroup } from "../metrics.ts";
import type { Simulator } from "../simulator.ts";
import { Churn } from "./churn.ts";
import type { ChurnOptions } from "./churn.ts";
import { generateWorld } from "./generate.ts";
import type { WorldOptions } from "./generate.ts";
import { loadWorld } from "./load.ts";

/** Logs, exec and metrics on a simulator, without any world. */
export function installExtras(sim: Simulator, options: { platform: Platform; logs?: LogHandlerOptions }): void {
  sim.addSubresource("pods/log", podLogHook(options.logs));
  sim.addSubresource("pods/exec", podExecHook({ platform: options.platform }));
  sim.addApiGroup(metricsApiGroup());
}

export interface DemoOptions {
  platform: Platform;
  world?: WorldOptions;
  logs?: LogHandlerOptions;
  churn?: ChurnOptions;
}

/** Hooks + world. Call `churn.start()` for a cluster that keeps moving (the `demo` backend does). */
export async function installDemo(sim: Simulator, options: DemoOptions): Promise<{ churn: Churn; objects: number }> {
  installExtras(sim, options);
  const objects = await generateWorld(options.world);
  loadWorld(sim, objects);
  return { churn: new Churn(sim.store, { seed: options.world?.seed, ...options.churn }), objects: objects.length };
}
