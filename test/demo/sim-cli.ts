/**
 * `npm run sim -- --port 6443 --kubeconfig ./sim.kubeconfig [--host 127.0.0.1] [--empty] [--seed N]`
 * Serves the simulator over HTTPS (throw-away CA) with the demo world, and writes a kubeconfig with contexts
 * admin (cluster-admin), viewer (view only) and impersonator (a service account that may only impersonate).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadPlatform } from "../../server/platform/load.ts";
import { smallWorld } from "./fixtures.ts";
import { startServedSim } from "./served-sim.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "6443" },
    host: { type: "string", default: "127.0.0.1" },
    kubeconfig: { type: "string" },
    empty: { type: "boolean", default: false },
    seed: { type: "string" },
  },
});
if (!values.kubeconfig) {
  process.stderr.write("usage: npm run sim -- --port <n> --kubeconfig <file> [--host 127.0.0.1] [--empty] [--seed N]\n");
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port: expected a port number, found "${values.port}"\n`);
  process.exit(2);
}

const served = await startServedSim({ port, hostname: values.host });
let stopChurn = () => {};
let world = "empty";
if (!values.empty) {
  try {
    const { installDemo } = await import("../../server/demo/world/install.ts");
    const seed = values.seed === undefined ? {} : { seed: Number(values.seed) };
    const demo = await installDemo(served.sim, { platform: await loadPlatform(), world: seed });
    demo.churn.start();
    stopChurn = () => demo.churn.stop();
    world = `demo world (${demo.objects} objects, churning)`;
  } catch (error) {
    // The world generator lives in its own files; without it a small fixed world still makes the CLI useful.
    served.sim.seed(smallWorld());
    world = `small fixed world (demo world unavailable: ${error instanceof Error ? error.message : String(error)})`;
  }
}
writeFileSync(values.kubeconfig, served.kubeconfig.replace(/127\.0\.0\.1:\d+/, `${values.host === "0.0.0.0" ? "127.0.0.1" : values.host}:${served.server.port}`), { mode: 0o600 });
process.stdout.write(
  JSON.stringify({ msg: "simulator listening", url: `https://${values.host}:${served.server.port}`, kubeconfig: values.kubeconfig, contexts: ["admin", "viewer", "impersonator"], world }) + "\n",
);

const shutdown = async () => {
  stopChurn();
  await served.close();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
