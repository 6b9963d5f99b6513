/**
 * Every exec_open gets exactly one exec_close, whatever happens after the opening was recorded: a browser
 * upgrade that fails, a command that exits, a client that leaves.
 */
import t from "tap";
import type { Platform } from "../../server/platform/types.ts";
import { startLiveHarness } from "../live/harness.ts";
import type { LiveHarness } from "../live/harness.ts";
import { connectExec, isRefused } from "../live/ws-client.ts";

const rowsFor = (h: LiveHarness, sessionId: unknown, verb: string) => h.audit.filter((a) => a.verb === verb && a.extra?.sessionId === sessionId);

async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
}

t.test("a browser upgrade that fails after exec_open still writes one exec_close (failure, with a reason)", async (t) => {
  let failUpgrade = true;
  const h = await startLiveHarness({
    settings: { exec: { maxPerUser: 1 } },
    platform: (p): Platform => ({
      ...p,
      upgradeWebSocket(request, options) {
        if (failUpgrade) throw new TypeError("the client went away during the checks");
        return p.upgradeWebSocket(request, options);
      },
    }),
  });
  t.teardown(() => h.close());
  const url = h.base.replace(/^http/, "ws") + "/api/clusters/test/pods/web/web-1/exec?command=cat&tty=false";
  const refused = await connectExec(url, h.headers("writer"));
  t.ok(isRefused(refused) && refused.status === 400 && refused.body.code === "upgrade_failed", "the browser gets a JSON error");

  const opened = h.audit.filter((a) => a.verb === "exec_open");
  t.equal(opened.length, 1, "the opening was recorded before the upgrade");
  const sessionId = opened[0]!.extra?.sessionId;
  await settle(() => rowsFor(h, sessionId, "exec_close").length > 0);
  const closes = rowsFor(h, sessionId, "exec_close");
  t.equal(closes.length, 1, "exactly one exec_close");
  t.equal(closes[0]!.outcome, "failure");
  t.match(closes[0]!.reason, /went away/, "the reason says what failed");
  t.match(closes[0]!.extra, { closeReason: "start_failed", bytesIn: 0, bytesOut: 0 });

  // The failed attempt holds no slot (cap 1), and a normal session also ends with exactly one close.
  failUpgrade = false;
  const c = await connectExec(url, h.headers("writer"));
  if (isRefused(c)) throw new Error(`refused ${c.status}: ${JSON.stringify(c.body)}`);
  const hello = await c.nextControl("hello");
  c.control({ type: "close" });
  await c.closed;
  await settle(() => rowsFor(h, hello.sessionId, "exec_close").length > 0);
  await new Promise((r) => setTimeout(r, 100));
  const normal = rowsFor(h, hello.sessionId, "exec_close");
  t.equal(normal.length, 1, "one close for the normal session");
  t.equal(normal[0]!.outcome, "success");
  t.equal(normal[0]!.extra?.closeReason, "client_closed");
});

t.test("a browser that leaves while the apiserver is being asked: exec_close right away, slot freed", async (t) => {
  const { podExecHook } = await import("../../server/demo/exec/exec-handler.ts");
  const h = await startLiveHarness({ settings: { exec: { maxPerUser: 1, idleMs: 600_000 } } });
  t.teardown(() => h.close());
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let asked!: () => void;
  const reached = new Promise<void>((r) => (asked = r));
  const real = podExecHook({ platform: h.platform });
  h.sim.sim.addSubresource("pods/exec", async (req) => {
    asked();
    await gate;
    return real(req);
  });
  const WebSocket = (await import("ws")).default;
  const ws = new WebSocket(h.base.replace(/^http/, "ws") + "/api/clusters/test/pods/web/web-1/exec?command=cat&tty=false", { headers: h.headers("writer") });
  ws.on("error", () => {});
  await reached;
  ws.terminate();
  await new Promise((r) => setTimeout(r, 100));
  release();

  await settle(() => h.audit.some((a) => a.verb === "exec_close"));
  const opened = h.audit.filter((a) => a.verb === "exec_open");
  const closes = h.audit.filter((a) => a.verb === "exec_close");
  t.equal(opened.length, 1);
  t.equal(closes.length, 1, "closed without waiting for the idle timeout");
  t.equal(closes[0]!.extra?.sessionId, opened[0]!.extra?.sessionId);
  t.equal(closes[0]!.extra?.closeReason, "client_closed");
  t.equal(closes[0]!.extra?.bytesIn, 0);
  h.sim.sim.addSubresource("pods/exec", real);
  const next = await connectExec(h.base.replace(/^http/, "ws") + "/api/clusters/test/pods/web/web-2/exec?command=true&tty=false", h.headers("writer"));
  t.notOk(isRefused(next), "the slot is free again (cap 1)");
  if (!isRefused(next)) await next.closed;
});
