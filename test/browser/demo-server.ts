/**
 * The real app in-process (createApp, dev auth, the demo backend) seeded with a generated demo world of any
 * size, served on 127.0.0.1. Tests and the UI bench reach the simulator directly to change the world.
 */
import { createApp } from "../../server/app.ts";
import type { App } from "../../server/app.ts";
import { createDevAuth } from "../../server/auth/auth-service.ts";
import { createDemoBackend } from "../../server/clusters/demo.ts";
import { createClusterRegistry } from "../../server/clusters/registry.ts";
import { noAuthFileSettings } from "../../server/config/auth-file.ts";
import type { Simulator } from "../../server/demo/simulator.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";

export interface DemoServer {
  base: string;
  app: App;
  simulator: Simulator;
  stop(): Promise<void>;
}

export async function startDemoServer(options: { pods?: number } = {}): Promise<DemoServer> {
  const platform = await loadPlatform();
  const log = createLogger("error", () => {});
  let simulator: Simulator | undefined;
  const clusters = await createClusterRegistry(
    [{ name: "demo", backend: "demo", environment: "demo" }],
    { platform, log, env: {}, configSource: "test" },
    {
      demo: async (config, deps) => {
        // No churn: tests change the world themselves and expect nothing else to move.
        const backend = await createDemoBackend(config, deps, { world: { pods: options.pods, seed: "periscope-ui" }, churn: false });
        simulator = backend.simulator;
        return backend;
      },
    },
  );
  const auth = createDevAuth({ settings: noAuthFileSettings(), log });
  const app = createApp({ log, platform, auth, clusters });
  const server = await platform.serve(app.handle, { hostname: "127.0.0.1", port: 0 });
  return {
    base: `http://127.0.0.1:${server.port}`,
    app,
    simulator: simulator!,
    async stop() {
      app.shutdown();
      await server.close(500);
      await clusters.close();
    },
  };
}
