/**
 * Keepalive toward the apiserver: on every heartbeat tick the exec bridge sends the apiserver an empty binary
 * message (which channel.k8s.io readers skip), so idle proxies between Periscope and the apiserver keep a quiet
 * shell open. Observed on the simulator's side of the exec WebSocket; the session keeps working around them.
 */
import t from "tap";
import { podFacts, pickContainer } from "../../server/demo/exec/pod-facts.ts";
import { negotiate } from "../../server/demo/exec/channels.ts";
import { runExecSession } from "../../server/demo/exec/exec-session.ts";
import type { SubresourceHandler } from "../../server/demo/hooks.ts";
import type { Platform, Socket } from "../../server/platform/types.ts";
import { startLiveHarness } from "../live/harness.ts";
import { connectExec, isRefused } from "../live/ws-client.ts";

/** The simulator's own exec session, with the messages it receives counted on the way in. */
function observedExec(platform: Platform, received: Array<{ at: number; bytes: number }>): SubresourceHandler {
  return (req) => {
    const q = req.url.searchParams;
    const facts = podFacts(req.object);
    const container = pickContainer(facts, q.get("container"));
    if (typeof container === "string") return new Response(container, { status: 400 });
    const protocol = negotiate(req.request.headers.get("sec-websocket-protocol"));
    if (!protocol) return new Response("no protocol", { status: 400 });
    const { socket, response } = platform.upgradeWebSocket(req.request, { protocol });
    const observed: Socket = Object.assign(Object.create(socket) as Socket, {
      onMessage(listener: (data: string | Uint8Array) => void) {
        socket.onMessage((data) => {
          received.push({ at: Date.now(), bytes: data.length });
          listener(data);
        });
      },
    });
    const tty = q.get("tty") === "true";
    void runExecSession(observed, protocol, q.getAll("command"), { stdin: true, stdout: true, stderr: !tty, tty }, { namespace: facts.namespace, pod: facts.name, container: container.name, image: container.image, env: container.env });
    return response;
  };
}

t.test("empty keepalive messages reach the apiserver on the heartbeat interval; the shell is undisturbed", async (t) => {
  const h = await startLiveHarness({ settings: { exec: { heartbeatMs: 40, idleMs: 60_000, idleWarnMs: 1_000 } } });
  t.teardown(() => h.close());
  const received: Array<{ at: number; bytes: number }> = [];
  h.sim.sim.addSubresource("pods/exec", observedExec(h.platform, received));
  const c = await connectExec(h.base.replace(/^http/, "ws") + "/api/clusters/test/pods/web/web-1/exec?command=cat&tty=false", h.headers("writer"));
  if (isRefused(c)) throw new Error(`refused ${c.status}: ${JSON.stringify(c.body)}`);
  await c.nextControl("hello");
  const keepalives = () => received.filter((m) => m.bytes === 0);
  for (let i = 0; i < 500 && keepalives().length < 3; i++) await new Promise((r) => setTimeout(r, 10));
  t.ok(keepalives().length >= 3, `the apiserver got keepalives (${keepalives().length})`);
  t.ok(c.controls.filter((m) => m.type === "heartbeat").length >= 1, "the browser gets its heartbeats too");

  c.send("still here\n");
  await c.waitOutput(/still here\n/);
  t.equal(c.output(), "still here\n", "keepalives add nothing to the output");
  c.control({ type: "close" });
  await c.closed;
  for (let i = 0; i < 250 && !h.audit.some((a) => a.verb === "exec_close"); i++) await new Promise((r) => setTimeout(r, 20));
  const close = h.audit.find((a) => a.verb === "exec_close");
  t.equal(close?.extra?.bytesIn, 11, "keepalives are not counted as the user's input");
});
