/**
 * Exec session lifecycle through the real HTTP server: heartbeats, idle warning then close, per-cluster overrides
 * from clusters.yaml, session expiry, shutdown, the v4 protocol fallback and the bash → sh fallback.
 */
import t from "tap";
import { podFacts, pickContainer } from "../../server/demo/exec/pod-facts.ts";
import { runExecSession } from "../../server/demo/exec/exec-session.ts";
import type { SubresourceHandler } from "../../server/demo/hooks.ts";
import type { Platform } from "../../server/platform/types.ts";
import { startLiveHarness } from "../live/harness.ts";
import { connectExec, isRefused } from "../live/ws-client.ts";
import type { ExecClient } from "../live/ws-client.ts";

async function open(base: string, path: string, user = "writer"): Promise<ExecClient> {
  const c = await connectExec(base.replace(/^http/, "ws") + path, { "x-test-user": user });
  if (isRefused(c)) throw new Error(`refused ${c.status}: ${JSON.stringify(c.body)}`);
  return c;
}

t.test("heartbeats, an idle warning, then the idle close; typing keeps a session alive", async (t) => {
  const h = await startLiveHarness({ settings: { exec: { idleMs: 900, idleWarnMs: 450, heartbeatMs: 100 } } });
  t.teardown(() => h.close());
  const busy = await open(h.base, "/api/clusters/test/pods/web/web-1/exec?command=cat&tty=false");
  const c = await open(h.base, "/api/clusters/test/pods/web/web-2/exec?command=sh");
  const hello = await c.nextControl("hello");
  t.equal(hello.idleTimeoutSeconds, 1);
  await c.nextControl("heartbeat");
  const typing = setInterval(() => busy.send("."), 150);
  const warn = await c.nextControl("idle_warn");
  t.ok(warn.closesInSeconds >= 1, "the warning says when");
  const closed = await c.nextControl("closed");
  t.equal(closed.reason, "idle_timeout");
  await c.closed;
  clearInterval(typing);
  t.notOk(busy.controls.some((m) => m.type === "closed"), "the session that kept typing is still open");
  busy.control({ type: "close" });
  await busy.closed;
  for (let i = 0; i < 250 && !h.audit.some((a) => a.extra?.closeReason === "idle_timeout"); i++) await new Promise((r) => setTimeout(r, 20));
  t.ok(h.audit.some((a) => a.verb === "exec_close" && a.extra?.closeReason === "idle_timeout"), "exec_close audited with the reason");
});

t.test("clusters.yaml exec overrides the global defaults; per-cluster total cap", async (t) => {
  const h = await startLiveHarness({
    extraClusters: (kubeconfigPath) => [{ name: "prod", backend: "kubeconfig", kubeconfigPath, kubeconfigContext: "impersonator", exec: { serverIdleSeconds: 1800, idleWarnSeconds: 60, heartbeatSeconds: 5, maxSessionsTotal: 1 } }],
  });
  t.teardown(() => h.close());
  const c = await open(h.base, "/api/clusters/prod/pods/web/web-1/exec?command=cat&tty=false");
  const hello = await c.nextControl("hello");
  t.same([hello.idleTimeoutSeconds, hello.idleWarnSeconds, hello.heartbeatSeconds], [1800, 60, 5]);
  const other = await connectExec(h.base.replace(/^http/, "ws") + "/api/clusters/prod/pods/web/web-2/exec?command=cat&tty=false", { "x-test-user": "admin" });
  t.ok(isRefused(other) && other.status === 429 && other.body.code === "cluster_exec_capacity", "the cluster's own cap applies to everyone");
  const test = await open(h.base, "/api/clusters/test/pods/web/web-2/exec?command=true&tty=false", "admin");
  t.equal((await test.nextControl("hello")).idleTimeoutSeconds, 600, "other clusters keep the defaults");
  c.control({ type: "close" });
  await c.closed;
});

t.test("a session that ends closes its exec with auth_expired; shutdown closes the rest with server_shutdown", async (t) => {
  const h = await startLiveHarness();
  const a = await open(h.base, "/api/clusters/test/pods/web/web-1/exec?command=cat&tty=false", "writer");
  const b = await open(h.base, "/api/clusters/test/pods/web/web-2/exec?command=cat&tty=false", "admin");
  await a.nextControl("hello");
  await b.nextControl("hello");
  h.endSession("writer");
  t.equal((await a.nextControl("closed")).reason, "auth_expired");
  await a.closed;
  h.app.shutdown();
  t.equal((await b.nextControl("closed")).reason, "server_shutdown");
  await b.closed;
  await h.close();
});

/** A kubelet double that speaks only v4.channel.k8s.io, and whose image has no bash. */
function v4OnlyWithoutBash(platform: Platform): SubresourceHandler {
  return (req) => {
    const q = req.url.searchParams;
    const facts = podFacts(req.object);
    const container = pickContainer(facts, q.get("container"));
    if (typeof container === "string") return new Response(container, { status: 400 });
    const offered = (req.request.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
    if (!offered.includes("v4.channel.k8s.io")) return new Response("no v4", { status: 400 });
    const { socket, response } = platform.upgradeWebSocket(req.request, { protocol: "v4.channel.k8s.io" });
    const command = q.getAll("command").map((c) => (c === "bash" ? "/no/such/bash" : c));
    const tty = q.get("tty") === "true";
    void runExecSession(socket, "v4.channel.k8s.io", command, { stdin: true, stdout: true, stderr: !tty, tty }, { namespace: facts.namespace, pod: facts.name, container: container.name, image: container.image, env: container.env });
    return response;
  };
}

t.test("an apiserver that only speaks v4 is used through v4; a missing bash falls back to sh", async (t) => {
  const h = await startLiveHarness();
  t.teardown(() => h.close());
  h.sim.sim.addSubresource("pods/exec", v4OnlyWithoutBash(h.platform));
  const echo = await open(h.base, "/api/clusters/test/pods/web/web-1/exec?command=sh&command=-c&command=echo%20v4%3B%20exit%207&tty=false");
  t.equal((await echo.nextControl("hello")).protocol, "v4.channel.k8s.io");
  const closed = await echo.nextControl("closed");
  t.equal(echo.output(), "v4\n");
  t.equal(closed.exitCode, 7, "the exit code arrives through v4 too");

  const shell = await open(h.base, "/api/clusters/test/pods/web/web-1/exec");
  await shell.waitOutput(/# $/);
  const hellos = shell.controls.filter((m) => m.type === "hello");
  t.same(hellos.map((m) => m.command), [["bash"], ["sh"]], "bash was not there, sh was");
  shell.send("echo fell back\r");
  await shell.waitOutput(/fell back\r\n/);
  shell.control({ type: "stdin_close" });
  t.equal((await shell.nextControl("closed")).reason, "client_closed", "v4 cannot half-close: the session ends");
});

t.test("the real audit log records exec_open and exec_close; an audit outage refuses exec (fail closed)", async (t) => {
  const { createAuditLog } = await import("../../server/audit/audit-log.ts");
  const { AppError } = await import("../../server/http/errors.ts");
  const h = await startLiveHarness({ audit: (log) => createAuditLog({ log }) });
  t.teardown(() => h.close());
  const c = await open(h.base, "/api/clusters/test/pods/web/web-1/exec?command=sh&command=-c&command=echo%20audited&tty=false");
  await c.nextControl("closed");
  const rows = () => h.logs.map((l) => JSON.parse(l) as Record<string, any>).filter((r) => r.msg === "audit");
  for (let i = 0; i < 250 && !rows().some((r) => r.verb === "exec_close"); i++) await new Promise((r) => setTimeout(r, 20));
  const open_ = rows().find((r) => r.verb === "exec_open");
  const close = rows().find((r) => r.verb === "exec_close");
  t.equal(open_?.actor?.sub, "writer@example.com");
  t.equal(open_?.cluster, "test");
  t.same(open_?.resource, { resource: "pods", namespace: "web", name: "web-1" });
  t.match(close?.extra, { bytesOut: 8, bytesIn: 0, exitCode: 0, closeReason: "exited", container: "main", tty: false });

  const failing = await startLiveHarness({
    audit: () => ({ record: () => Promise.reject(new AppError(503, "audit_unavailable", "the audit log cannot be written, so this action is refused: disk full")) }),
    settings: { exec: { maxPerUser: 1 } },
  });
  t.teardown(() => failing.close());
  for (let i = 0; i < 2; i++) {
    const refused = await connectExec(failing.base.replace(/^http/, "ws") + "/api/clusters/test/pods/web/web-1/exec?command=true&tty=false", { "x-test-user": "writer" });
    t.ok(isRefused(refused) && refused.status === 503 && refused.body.code === "audit_unavailable", `refused with 503 (attempt ${i + 1}: the failed attempt holds no slot)`);
  }
});
