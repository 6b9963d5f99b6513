/** Exec with no network: through the simulator's handler (so RBAC applies) over an in-memory socket pair. */
import t from "tap";
import { connectInProcess } from "../../../server/demo/exec/in-process.ts";
import { createSimulator } from "../../../server/demo/simulator.ts";
import { bindClusterRole } from "../../../server/demo/access.ts";
import { installExtras } from "../../../server/demo/world/install.ts";
import { loadPlatform } from "../../../server/platform/load.ts";
import { WebSocketHandshakeError } from "../../../server/platform/types.ts";
import { runningPod } from "./exec-fixtures.ts";

const sim = createSimulator({ tokens: { "admin-token": { user: "root", groups: ["system:masters"] }, "viewer-token": { user: "val", groups: [] } } });
t.teardown(() => sim.close());
installExtras(sim, { platform: await loadPlatform() });
sim.seed([{ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }, runningPod("web-1", [{ name: "app" }]) as never, bindClusterRole("val-view", "view", { kind: "User", name: "val" })]);

const url = (cmd: string[]) => `wss://demo.invalid/api/v1/namespaces/shop/pods/web-1/exec?${cmd.map((c) => `command=${encodeURIComponent(c)}`).join("&")}&stdout=true&stderr=true`;

t.test("a session runs end to end through sim.handle", async (t) => {
  const socket = await connectInProcess(sim.handle, url(["sh", "-c", "echo in-process; exit 2"]), { protocols: ["v5.channel.k8s.io"], headers: { authorization: "Bearer admin-token" } });
  t.equal(socket.protocol, "v5.channel.k8s.io");
  const frames: Array<[number, string]> = [];
  socket.onMessage((m) => {
    const b = m as Uint8Array;
    frames.push([b[0]!, new TextDecoder().decode(b.subarray(1))]);
  });
  await new Promise<void>((r) => socket.onClose(() => r()));
  t.same(frames[0], [1, ""]);
  t.same(frames[1], [1, "in-process\n"]);
  t.match(JSON.parse(frames[2]![1]), { reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "2" }] } });
});

t.test("RBAC still applies: a viewer's handshake is refused with the apiserver's 403", async (t) => {
  const error = await connectInProcess(sim.handle, url(["ls"]), { protocols: ["v5.channel.k8s.io"], headers: { authorization: "Bearer viewer-token" } }).catch((e: unknown) => e);
  t.type(error, WebSocketHandshakeError);
  t.equal((error as WebSocketHandshakeError).status, 403);
  t.match(JSON.parse((error as WebSocketHandshakeError).body), { kind: "Status", reason: "Forbidden", message: /cannot create resource "pods\/exec"/ });
});
