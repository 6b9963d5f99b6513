/**
 * Watch stream limits through the real HTTP server: the per-user cap (429 JSON, another user unaffected), session
 * expiry (auth_expired), a stalled reader (bounded buffer, then relist), and shutdown (server_shutdown to all).
 */
import { request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import t from "tap";
import { livePod } from "../live/fixtures.ts";
import { startLiveHarness } from "../live/harness.ts";
import { SseClient } from "../live/sse-client.ts";

const WATCH = "/api/clusters/test/resources/pods/watch?namespace=web";

t.test("the per-user cap answers 429 JSON while another user is unaffected; closing frees a slot", async (t) => {
  const h = await startLiveHarness({ settings: { perUserLimit: 3 } });
  t.teardown(() => h.close());
  const open: SseClient[] = [];
  for (let i = 0; i < 3; i++) {
    const s = await h.sse("reader", WATCH);
    await s.next("snapshot");
    open.push(s);
  }
  const refused = await fetch(h.base + WATCH, { headers: h.headers("reader") });
  t.equal(refused.status, 429);
  const body = await refused.json();
  t.equal(body.code, "too_many_streams");
  t.same(body.details, { limit: 3, open: 3 });
  t.match(body.message, /limit is 3/);
  const logs = await fetch(h.base + "/api/clusters/test/pods/web/web-1/logs", { headers: h.headers("reader") });
  t.equal(logs.status, 429, "log streams count against the same cap");
  await logs.body?.cancel();

  const other = await h.sse("reader2", WATCH);
  t.equal((await other.next()).event, "snapshot", "another user still streams");
  other.close();

  open.pop()!.close();
  let again: SseClient | undefined;
  for (let i = 0; i < 250 && !again; i++) {
    const s = await h.sse("reader", WATCH);
    if (s.response.status === 200) again = s;
    else {
      await s.response.body?.cancel();
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  t.ok(again, "a closed stream frees its slot");
  t.equal((await again!.next()).event, "snapshot");
  again!.close();
  for (const s of open) s.close();
});

t.test("a session that ends closes its streams with auth_expired", async (t) => {
  const h = await startLiveHarness();
  t.teardown(() => h.close());
  const s = await h.sse("reader2", WATCH);
  const logs = await h.sse("reader2", "/api/clusters/test/pods/web/web-1/logs?follow=true&tailLines=1");
  const mine = await h.sse("reader", WATCH);
  await s.next("snapshot");
  await logs.next("line");
  await mine.next("snapshot");
  h.endSession("reader2");
  const expired = await s.next("auth_expired");
  t.match(expired.data.message, /sign in again/);
  await s.closedByServer();
  await logs.next("auth_expired");
  await logs.closedByServer();
  h.create(livePod("still-here", { app: "x" }));
  t.equal((await mine.next("added")).data.row.name, "still-here", "another user's stream carries on");
  mine.close();
});

/** Opens the stream with node:http and stops reading (a stalled browser tab). */
function stalledStream(base: string, path: string, user: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { headers: { "x-test-user": user, accept: "text/event-stream" } }, (res) => {
      res.pause();
      resolve(res);
    });
    req.on("error", reject);
    req.end();
  });
}

t.test("a stalled reader never buffers past the bound; once it reads again it gets a relist", async (t) => {
  const max = 32 * 1024;
  const h = await startLiveHarness({ settings: { maxBufferedBytes: max } });
  t.teardown(() => h.close());
  const res = await stalledStream(h.base, WATCH, "admin");
  t.equal(res.statusCode, 200);
  const writer = () => h.app.streams.entries().find(([, info]) => info.kind === "watch")?.[0];
  for (let i = 0; i < 250 && !writer(); i++) await new Promise((r) => setTimeout(r, 20));
  const w = writer()!;
  t.ok(w, "the stream is registered");
  // Each change carries 40 long labels (rows include labels), ~2.7 KiB per event; enough events to fill the
  // loopback socket buffers first (several MiB), then our own queue.
  const labels: Record<string, string> = {};
  for (let i = 0; i < 40; i++) labels[`filler-${i}`] = "x".repeat(60);
  let peak = 0;
  for (let i = 0; i < 6000 && peak === 0; i++) {
    h.update("pods", "", "web", "web-1", (p) => {
      p.metadata.labels = { ...labels, app: "web", n: String(i) };
    });
    peak = Math.max(peak, w.bufferedBytes);
    if (i % 100 === 0) await new Promise((r) => setTimeout(r, 5));
  }
  for (let i = 0; i < 300; i++) {
    h.update("pods", "", "web", "web-1", (p) => {
      p.metadata.labels = { ...labels, app: "web", m: String(i) };
    });
    peak = Math.max(peak, w.bufferedBytes);
    if (i % 100 === 0) await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 200));
  peak = Math.max(peak, w.bufferedBytes);
  t.ok(peak <= max + 16 * 1024, `server-side backlog stayed bounded (peak ${peak} bytes, bound ${max} + one event)`);
  t.ok(peak > 0, "the backlog did build up (the reader really stalled)");

  // Read again: the stream resyncs with a relist and keeps going.
  const seen: string[] = [];
  let text = "";
  res.setEncoding("utf8");
  res.on("data", (chunk: string) => {
    text += chunk;
    for (const m of text.matchAll(/^event: (\w+)$/gm)) seen.push(m[1]!);
    text = text.slice(text.lastIndexOf("\n"));
  });
  res.resume();
  for (let i = 0; i < 200 && !seen.includes("relist"); i++) await new Promise((r) => setTimeout(r, 25));
  t.ok(seen.includes("relist"), "a relist after the backlog drained");
  res.destroy();
});

t.test("shutdown sends server_shutdown to every stream (20 open) and closes them", async (t) => {
  const h = await startLiveHarness();
  const streams: SseClient[] = [];
  for (let i = 0; i < 20; i++) {
    const s = await h.sse(i % 2 ? "reader" : "admin", i % 3 ? WATCH : "/api/clusters/test/pods/web/web-2/logs?follow=true&tailLines=0");
    await s.next(i % 3 ? "snapshot" : "meta");
    streams.push(s);
  }
  h.app.shutdown("going away for the test");
  for (const s of streams) {
    const e = await s.next("server_shutdown");
    t.equal(e.data.message, "going away for the test");
    await s.closedByServer();
  }
  t.pass("all 20 streams got server_shutdown and ended");
  await h.close();
});

t.test("apiserver errors while reconnecting are `error` events with retry; losing RBAC ends the stream", async (t) => {
  const h = await startLiveHarness();
  t.teardown(() => h.close());
  const s = await h.sse("reader", WATCH);
  await s.next("snapshot");
  h.sim.sim.faults.failNext(2, 500);
  h.sim.sim.faults.dropWatches();
  const err = await s.next("error");
  t.equal(err.data.retrying, true);
  t.equal(err.data.code, "watch_failed");
  h.create(livePod("after-errors", { app: "x" }));
  t.equal((await s.next("added")).data.row.name, "after-errors", "the stream recovered");

  h.remove("clusterrolebindings", "rbac.authorization.k8s.io", "", "periscope-tier-read");
  h.sim.sim.faults.dropWatches();
  const denied = await s.next("error");
  t.equal(denied.data.status, 403);
  t.match(denied.data.message, /cannot watch resource "pods"/);
  await s.closedByServer();
});

t.test("bookmarks move the client's Last-Event-ID forward on a quiet stream, and resuming from it skips the snapshot", async (t) => {
  const h = await startLiveHarness({ bookmarkIntervalMs: 50 });
  t.teardown(() => h.close());
  const s = await h.sse("reader", WATCH);
  const snapshot = await s.next("snapshot");
  // A change elsewhere moves the cluster's resourceVersion; this namespace's stream sees no event for it.
  h.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "elsewhere", namespace: "other" }, data: {} });
  for (let i = 0; i < 200 && s.lastEventId === snapshot.id; i++) await new Promise((r) => setTimeout(r, 20));
  t.ok(Number(s.lastEventId) > Number(snapshot.id), `id advanced from ${snapshot.id} to ${s.lastEventId} by a bookmark`);
  t.equal(s.events.length, 1, "without dispatching an event");
  s.close();
  h.create(livePod("after-bookmark", { app: "x" }));
  const resumed = await h.sse("reader", WATCH, { "last-event-id": s.lastEventId! });
  t.teardown(() => resumed.close());
  const e = await resumed.next();
  t.equal(e.event, "added");
  t.equal(e.data.row.name, "after-bookmark");
});
