/**
 * The demo extras on the platform seam only (exec, logs, a generated world), started as a child process on
 * Node or Deno by runtimes.test.ts. Prints `{"port": n}` once listening.
 */
import { handleExec } from "../../../server/demo/exec/exec-handler.ts";
import { handlePodLog } from "../../../server/demo/logs.ts";
import { generateWorld } from "../../../server/demo/world/generate.ts";
import { loadPlatform } from "../../../server/platform/load.ts";

const platform = await loadPlatform();
const world = await generateWorld({ seed: "runtimes" });
const pod = world.find((o) => o.kind === "Pod" && o.metadata.name!.startsWith("frontend-"))!;
const server = await platform.serve(
  (request) => {
    const path = new URL(request.url).pathname;
    if (path.endsWith("/exec")) return handleExec(request, pod, { platform });
    if (path.endsWith("/log")) return handlePodLog(request, pod, { lineIntervalMs: 20 });
    if (path === "/world") return Response.json({ objects: world.length, helmSecrets: world.filter((o) => o.type === "helm.sh/release.v1").length });
    return new Response("not found", { status: 404 });
  },
  { port: 0, hostname: "127.0.0.1" },
);
console.log(JSON.stringify({ port: server.port }));
