/**
 * Pod exec through the real HTTP server: a `ws` client as the browser, the simulator's exec (channel.k8s.io over
 * wss, impersonating the user) as the apiserver.
 */
import t from "tap";
import { startLiveHarness } from "../live/harness.ts";
import { connectExec, isRefused } from "../live/ws-client.ts";
import type { ExecClient } from "../live/ws-client.ts";

const h = await startLiveHarness({
  extraClusters: (kubeconfigPath) => [{ name: "locked", backend: "kubeconfig", kubeconfigPath, kubeconfigContext: "impersonator", exec: { enabled: false } }],
  settings: { exec: { maxPerUser: 2 } },
});
t.teardown(() => h.close());
const ws = h.base.replace(/^http/, "ws");
const EXEC = "/api/clusters/test/pods/web/web-1/exec";

async function open(user: string, query: string, headers: Record<string, string> = {}): Promise<ExecClient> {
  const c = await connectExec(`${ws}${EXEC}?${query}`, { "x-test-user": user, ...headers });
  if (isRefused(c)) throw new Error(`refused ${c.status}: ${JSON.stringify(c.body)}`);
  return c;
}

t.test("echo hi: hello, output as binary frames, closed with exit code 0, audited with bytes and duration", async (t) => {
  const c = await open("writer", "command=sh&command=-c&command=echo%20hi&tty=false");
  const hello = await c.nextControl("hello");
  t.equal(hello.pod, "web-1");
  t.equal(hello.container, "main");
  t.same(hello.command, ["sh", "-c", "echo hi"]);
  t.equal(hello.protocol, "v5.channel.k8s.io");
  const closed = await c.nextControl("closed");
  t.equal(c.output(), "hi\n");
  t.same({ reason: closed.reason, exitCode: closed.exitCode }, { reason: "exited", exitCode: 0 });
  await c.closed;
  for (let i = 0; i < 250 && !h.audit.some((a) => a.verb === "exec_close"); i++) await new Promise((r) => setTimeout(r, 20));
  const opened = h.audit.find((a) => a.verb === "exec_open");
  const close = h.audit.find((a) => a.verb === "exec_close");
  t.ok(opened, "exec_open recorded");
  t.equal(close?.extra?.bytesOut, 3);
  t.equal(close?.extra?.bytesIn, 0);
  t.equal(close?.extra?.exitCode, 0);
  t.equal(close?.extra?.closeReason, "exited");
  t.equal(close?.extra?.sessionId, hello.sessionId);
  t.type(close?.extra?.durationMs, "number");
});

t.test("exit 3 → closed with exitCode 3", async (t) => {
  const c = await open("writer", "command=sh%20-c%20exit%203&tty=false".replace("sh%20-c%20exit%203", "sh&command=-c&command=exit%203"));
  const closed = await c.nextControl("closed");
  t.equal(closed.exitCode, 3);
  t.equal(closed.reason, "exited");
});

t.test("interactive default shell: prompt, keystroke echo, resize reaches stty size, exit", async (t) => {
  const c = await open("writer", "");
  const hello = await c.nextControl("hello");
  t.same(hello.command, ["bash"], "default command tries bash first");
  t.equal(hello.tty, true);
  await c.waitOutput(/# $/);
  c.control({ type: "resize", cols: 132, rows: 41 });
  c.send("stty size\r");
  await c.waitOutput(/41 132/);
  c.send("exit 5\r");
  const closed = await c.nextControl("closed");
  t.equal(closed.exitCode, 5);
});

t.test("stdin as binary frames: cat echoes what was typed, stdin_close ends it (v5 half-close)", async (t) => {
  const c = await open("writer", "command=cat&tty=false");
  c.send("one line\n");
  await c.waitOutput(/one line\n/);
  c.control({ type: "stdin_close" });
  const closed = await c.nextControl("closed");
  t.equal(closed.exitCode, 0);
  const bad = await open("writer", "command=cat&tty=false");
  bad.ws.send("not json");
  t.equal((await bad.nextControl("error")).code, "bad_frame");
  bad.control({ type: "close" });
  t.equal((await bad.nextControl("closed")).reason, "client_closed");
});

t.test("refusals before the upgrade are JSON", async (t) => {
  const cross = await connectExec(`${ws}${EXEC}?command=sh`, { "x-test-user": "writer", origin: "http://evil.example" });
  t.ok(isRefused(cross) && cross.status === 403, "cross-origin upgrade refused");
  if (isRefused(cross)) t.match(cross.body.message, /cross-origin/);
  const same = await connectExec(`${ws}${EXEC}?command=sh&command=-c&command=true&tty=false`, { "x-test-user": "writer", origin: h.base });
  t.notOk(isRefused(same), "same-origin upgrade accepted");
  if (!isRefused(same)) await same.nextControl("closed");

  const viewer = await connectExec(`${ws}${EXEC}?command=sh`, { "x-test-user": "reader" });
  t.ok(isRefused(viewer) && viewer.status === 403, "a viewer without pods/exec is refused");
  if (isRefused(viewer)) t.match(viewer.body.message, /cannot create resource "pods\/exec"/);

  const checks: Array<[string, number, string]> = [
    ["/api/clusters/nope/pods/web/web-1/exec", 404, "cluster_not_found"],
    ["/api/clusters/locked/pods/web/web-1/exec", 403, "exec_disabled"],
    ["/api/clusters/test/pods/web/ghost/exec", 404, "not_found"],
    ["/api/clusters/test/pods/web/web-1/exec?container=nope", 400, "unknown_container"],
    ["/api/clusters/test/pods/web/pending/exec", 409, "container_not_running"],
  ];
  for (const [path, status, code] of checks) {
    const r = await connectExec(`${ws}${path}`, { "x-test-user": "writer" });
    t.ok(isRefused(r), path);
    if (isRefused(r)) t.same([r.status, r.body.code], [status, code], path);
  }
  const plain = await fetch(`${h.base}${EXEC}`, { headers: { "x-test-user": "writer" } });
  t.equal(plain.status, 426, "a plain GET is told to upgrade");
});

t.test("default container comes from the annotation", async (t) => {
  const c = await connectExec(`${ws}/api/clusters/test/pods/web/multi/exec?command=hostname&tty=false`, { "x-test-user": "writer" });
  if (isRefused(c)) return t.fail(JSON.stringify(c.body));
  t.equal((await c.nextControl("hello")).container, "app");
  await c.nextControl("closed");
});

t.test("per-user cap: 429 listing the user's sessions; another user is unaffected", async (t) => {
  const a = await open("writer", "command=cat&tty=false");
  const b = await open("writer", "command=cat&tty=false");
  await a.nextControl("hello");
  await b.nextControl("hello");
  const third = await connectExec(`${ws}${EXEC}?command=cat&tty=false`, { "x-test-user": "writer" });
  t.ok(isRefused(third), "refused");
  if (isRefused(third)) {
    t.equal(third.status, 429);
    t.equal(third.body.code, "too_many_exec_sessions");
    t.equal(third.body.details.sessions.length, 2);
    t.same(third.body.details.sessions[0].command, ["cat"]);
    t.equal(third.body.details.sessions[0].pod, "web-1");
  }
  const admin = await open("admin", "command=true&tty=false");
  t.equal((await admin.nextControl("closed")).exitCode, 0, "another user still gets a session");
  a.control({ type: "close" });
  b.control({ type: "close" });
  await a.closed;
  await b.closed;
});
