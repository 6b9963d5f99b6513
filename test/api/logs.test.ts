/**
 * Pod and workload logs over SSE through the real HTTP server, against the simulator's kubelet-like log hook.
 */
import t from "tap";
import { deployment, livePod } from "../live/fixtures.ts";
import { startLiveHarness } from "../live/harness.ts";
import { tierIdentity } from "./harness.ts";

const h = await startLiveHarness();
t.teardown(() => h.close());

t.test("pod logs without follow: meta, the tail with timestamps, then end", async (t) => {
  const s = await h.sse("reader", "/api/clusters/test/pods/web/web-1/logs?tailLines=5");
  t.equal(s.response.status, 200);
  t.equal(s.response.headers.get("x-accel-buffering"), "no");
  const meta = await s.next();
  t.equal(meta.event, "meta");
  t.same(meta.data.pods.map((p: { name: string; container: string }) => [p.name, p.container]), [["web-1", "main"]]);
  const lines = [];
  for (let i = 0; i < 5; i++) lines.push((await s.next("line")).data);
  for (const l of lines) {
    t.equal(l.pod, "web-1");
    t.equal(l.container, "main");
    t.match(l.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    t.type(l.text, "string");
  }
  const end = await s.next(["line", "end"]);
  t.equal(end.event, "end", "exactly tailLines lines");
  t.equal(end.data.reason, "complete");
  await s.closedByServer();
  t.ok(h.audit.some((a) => a.verb === "log_open" && (a.resource as { name?: string }).name === "web-1"), "log_open audited");
});

t.test("follow keeps delivering new lines; timestamps=false leaves them out", async (t) => {
  const s = await h.sse("reader", "/api/clusters/test/pods/web/web-2/logs?follow=true&tailLines=0&timestamps=false");
  t.teardown(() => s.close());
  await s.next("meta");
  for (let i = 0; i < 3; i++) {
    const l = await s.next("line");
    t.equal(l.data.pod, "web-2");
    t.equal(l.data.timestamp, undefined);
  }
});

t.test("default container from the annotation; container= picks another; a wrong one is a JSON 400", async (t) => {
  const a = await h.sse("reader", "/api/clusters/test/pods/web/multi/logs?tailLines=1");
  t.equal((await a.next("line")).data.container, "app");
  a.close();
  const b = await h.sse("reader", "/api/clusters/test/pods/web/multi/logs?tailLines=1&container=sidecar");
  t.equal((await b.next("line")).data.container, "sidecar");
  b.close();
  const bad = await fetch(`${h.base}/api/clusters/test/pods/web/multi/logs?container=nope`, { headers: h.headers("reader") });
  t.equal(bad.status, 400);
  t.match((await bad.json()).message, /container nope is not valid/);
  const waiting = await fetch(`${h.base}/api/clusters/test/pods/web/pending/logs`, { headers: h.headers("reader") });
  t.equal(waiting.status, 400);
  t.match((await waiting.json()).message, /waiting to start/);
  const missing = await fetch(`${h.base}/api/clusters/test/pods/web/ghost/logs`, { headers: h.headers("reader") });
  t.equal(missing.status, 404);
  const badParam = await fetch(`${h.base}/api/clusters/test/pods/web/web-1/logs?tailLines=-3`, { headers: h.headers("reader") });
  t.equal(badParam.status, 400);
});

t.test("deployment logs: both pods, and a pod created later joins the stream", async (t) => {
  const s = await h.sse("reader", "/api/clusters/test/deployments/web/web/logs?follow=true&tailLines=2");
  t.teardown(() => s.close());
  const meta = await s.next("meta");
  t.same(meta.data.pods.map((p: { name: string }) => p.name).sort(), ["web-1", "web-2"]);
  t.equal(meta.data.selector, "app=web");
  const from = new Set<string>();
  while (from.size < 2) from.add((await s.next("line")).data.pod);
  h.create(livePod("web-late", { app: "web" }));
  let joined = false;
  for (let i = 0; i < 50 && !joined; i++) {
    const m = await s.next("meta");
    joined = m.data.pods.some((p: { name: string; state: string }) => p.name === "web-late" && p.state === "streaming");
  }
  t.ok(joined, "meta lists the new pod as streaming");
  for (;;) {
    const l = await s.next("line");
    if (l.data.pod === "web-late") break;
  }
  t.pass("lines from the new pod arrive");
  h.remove("pods", "", "web", "web-late");
  for (;;) {
    const m = await s.next("meta");
    const late = m.data.pods.find((p: { name: string }) => p.name === "web-late");
    if (late?.state === "deleted") break;
  }
  t.pass("a deleted pod is marked deleted");
});

t.test("workload logs without follow end once every pod's tail was read", async (t) => {
  const s = await h.sse("reader", "/api/clusters/test/deployments/web/web/logs?tailLines=3");
  const pods = new Map<string, number>();
  for (;;) {
    const e = await s.next(["line", "end"]);
    if (e.event === "end") {
      t.equal(e.data.reason, "complete");
      break;
    }
    pods.set(e.data.pod, (pods.get(e.data.pod) ?? 0) + 1);
  }
  t.same([...pods.entries()].sort(), [["web-1", 3], ["web-2", 3]]);
  const none = await fetch(`${h.base}/api/clusters/test/statefulsets/web/nothing/logs`, { headers: h.headers("reader") });
  t.equal(none.status, 404);
});

t.test("previous reads the last terminated instance; sinceSeconds limits the window", async (t) => {
  const restarted = livePod("restarted", { app: "restarted" });
  const cs = (restarted.status as any).containerStatuses[0];
  cs.restartCount = 2;
  cs.lastState = { terminated: { reason: "Error", exitCode: 1, finishedAt: new Date(Date.now() - 60_000).toISOString() } };
  h.create(restarted);
  const prev = await h.sse("reader", "/api/clusters/test/pods/web/restarted/logs?previous=true&tailLines=3");
  const lines = [];
  for (;;) {
    const e = await prev.next(["line", "end"]);
    if (e.event === "end") break;
    lines.push(e.data);
  }
  // Exactly what the apiserver itself answers for the same query (what kubectl logs --previous shows).
  const direct = await (await h.clusters.client("test", tierIdentity("direct@example.com", "read")).send({ path: "/api/v1/namespaces/web/pods/restarted/log", query: { previous: "true", tailLines: 3, timestamps: "true" }, accept: "*/*" })).text();
  t.same(lines.map((l) => `${l.timestamp} ${l.text}`), direct.trimEnd().split("\n"));
  t.ok(lines.length > 0 && lines.length <= 3);
  t.ok(lines.every((l) => Date.parse(l.timestamp) <= Date.now() - 59_000), "lines from before the restart");
  const none = await fetch(`${h.base}/api/clusters/test/pods/web/web-1/logs?previous=true`, { headers: h.headers("reader") });
  t.equal(none.status, 400);
  t.match((await none.json()).message, /previous terminated container "main" in pod "web-1" not found/);

  const since = await h.sse("reader", "/api/clusters/test/pods/web/web-1/logs?sinceSeconds=2");
  const recent = [];
  for (;;) {
    const e = await since.next(["line", "end"]);
    if (e.event === "end") break;
    recent.push(e.data);
  }
  t.ok(recent.length > 0, "some lines in the last 2 s");
  t.ok(recent.every((l) => Date.parse(l.timestamp) >= Date.now() - 5_000), "none older than the window");
  h.remove("pods", "", "web", "restarted");
});

t.test("a stalled log reader pushes back on the apiserver instead of buffering without bound", async (t) => {
  const max = 64 * 1024;
  const big = await startLiveHarness({ logLineIntervalMs: 1, logMaxHistoryLines: 50_000, settings: { maxBufferedBytes: max } });
  t.teardown(() => big.close());
  const { request } = await import("node:http");
  const res = await new Promise<import("node:http").IncomingMessage>((resolve, reject) => {
    const req = request(`${big.base}/api/clusters/test/pods/web/web-1/logs?tailLines=50000`, { headers: { "x-test-user": "reader" } }, (r) => {
      r.pause();
      resolve(r);
    });
    req.on("error", reject);
    req.end();
  });
  const writer = () => big.app.streams.entries().find(([, info]) => info.kind === "logs")?.[0];
  for (let i = 0; i < 250 && !writer(); i++) await new Promise((r) => setTimeout(r, 20));
  const w = writer()!;
  let peak = 0;
  for (let i = 0; i < 40; i++) {
    peak = Math.max(peak, w.bufferedBytes);
    await new Promise((r) => setTimeout(r, 25));
  }
  t.ok(peak > 0, "the reader really stalled");
  t.ok(peak <= max + 256 * 1024, `buffer bounded (peak ${peak} bytes; bound ${max} + one upstream chunk)`);
  let lines = 0;
  let tail = "";
  let ended = false;
  res.setEncoding("utf8");
  res.on("data", (chunk: string) => {
    const text = tail + chunk;
    lines += text.split("\nevent: line\n").length - 1;
    tail = text.slice(-20);
    if (text.includes("event: end")) ended = true;
  });
  res.resume();
  await new Promise((r) => res.on("end", r));
  t.ok(ended, "the stream ends after the reader caught up");
  t.ok(lines >= 49_000, `all lines delivered (${lines})`);
});

t.test("one stream reads at most 50 pods; the rest are listed as limited", async (t) => {
  h.create(deployment("many", 52));
  for (let i = 0; i < 52; i++) h.create(livePod(`many-${String(i).padStart(2, "0")}`, { app: "many" }));
  const s = await h.sse("reader", "/api/clusters/test/deployments/web/many/logs?tailLines=1");
  const pods = new Set<string>();
  let last: any;
  for (;;) {
    const e = await s.next(["meta", "line", "end"]);
    if (e.event === "meta") last = e.data;
    else if (e.event === "line") pods.add(e.data.pod);
    else break;
  }
  t.equal(pods.size, 50, "50 pods read");
  const limited = last.pods.filter((p: { state: string }) => p.state === "limited");
  t.equal(limited.length, 2);
  t.match(limited[0].message, /only 50 pods per log stream/);
  for (let i = 0; i < 52; i++) h.remove("pods", "", "web", `many-${String(i).padStart(2, "0")}`);
});
