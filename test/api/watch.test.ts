/**
 * Watch streams through the real HTTP server against the simulator: snapshot then changes in order, 410 → relist,
 * dropped upstream resumed without loss, Last-Event-ID resume without a snapshot, JSON errors before the stream.
 */
import t from "tap";
import { livePod } from "../live/fixtures.ts";
import { startLiveHarness } from "../live/harness.ts";

const h = await startLiveHarness();
t.teardown(() => h.close());

const WATCH = "/api/clusters/test/resources/pods/watch?namespace=web";

/** Rows without the Age cell: it is computed at answer time, so two answers a second apart differ there. */
function withoutAge(columns: Array<{ name: string }>, rows: Array<{ name: string; cells: unknown[] }>) {
  const age = columns.findIndex((c) => c.name === "Age");
  return [...rows].sort((a, b) => a.name.localeCompare(b.name)).map((r) => ({ ...r, cells: r.cells.filter((_, i) => i !== age) }));
}

t.test("snapshot equals the list route, then a pod is added, modified and deleted in order", async (t) => {
  const s = await h.sse("reader", WATCH);
  t.teardown(() => s.close());
  t.equal(s.response.status, 200);
  t.match(s.response.headers.get("content-type"), /^text\/event-stream/);
  t.equal(s.response.headers.get("cache-control"), "no-cache, no-transform");
  t.equal(s.response.headers.get("x-accel-buffering"), "no");
  const snapshot = await s.next();
  t.equal(snapshot.event, "snapshot", "the first event is the snapshot");
  t.equal(snapshot.id, snapshot.data.resourceVersion, "SSE id = resourceVersion");
  const list = await (await fetch(`${h.base}/api/clusters/test/resources/pods?namespace=web`, { headers: h.headers("reader") })).json();
  t.same(snapshot.data.columns, list.columns, "same columns as the list route");
  t.same(withoutAge(snapshot.data.columns, snapshot.data.rows), withoutAge(list.columns, list.rows), "same rows as the list route");

  h.create(livePod("web-3", { app: "web" }));
  const added = await s.next(["added", "modified", "deleted"]);
  t.equal(added.event, "added");
  t.equal(added.data.row.name, "web-3");
  t.equal(added.id, added.data.resourceVersion);
  t.equal(added.data.row.cells.length, snapshot.data.columns.length, "one cell per column");

  h.update("pods", "", "web", "web-3", (p) => {
    (p.status as any).containerStatuses[0].restartCount = 4;
  });
  const modified = await s.next(["added", "modified", "deleted"]);
  t.equal(modified.event, "modified");
  t.equal(modified.data.row.name, "web-3");
  const after = await (await fetch(`${h.base}/api/clusters/test/resources/pods?namespace=web`, { headers: h.headers("reader") })).json();
  t.same(withoutAge(after.columns, [modified.data.row]), withoutAge(after.columns, [after.rows.find((r: { name: string }) => r.name === "web-3")]), "a live row equals the listed row");
  t.ok(Number(modified.id) > Number(added.id), "resourceVersions increase");

  h.remove("pods", "", "web", "web-3");
  const deleted = await s.next(["added", "modified", "deleted"]);
  t.equal(deleted.event, "deleted");
  t.equal(deleted.data.row.name, "web-3");
});

t.test("a forced 410 produces relist with the current state, then changes keep flowing", async (t) => {
  const s = await h.sse("reader", WATCH);
  t.teardown(() => s.close());
  await s.next("snapshot");
  h.sim.sim.faults.forceExpire();
  h.create(livePod("after-compaction", { app: "x" }));
  await s.next("added");
  // Cut the connection: the reconnect from our (now compacted) resourceVersion gets 410.
  h.sim.sim.faults.forceExpire();
  t.ok(h.sim.sim.faults.dropWatches() >= 1, "the upstream watch was open");
  const relist = await s.next("relist");
  t.equal(relist.data.reason, "expired");
  t.ok(relist.data.rows.some((r: { name: string }) => r.name === "after-compaction"), "relist carries the full current list");
  t.equal(relist.id, relist.data.resourceVersion);
  h.remove("pods", "", "web", "after-compaction");
  const deleted = await s.next("deleted");
  t.equal(deleted.data.row.name, "after-compaction");
});

t.test("a dropped upstream watch resumes from the last resourceVersion without losing an event", async (t) => {
  const s = await h.sse("reader", WATCH);
  t.teardown(() => s.close());
  await s.next("snapshot");
  for (let i = 0; i < 3; i++) {
    t.ok(h.sim.sim.faults.dropWatches() >= 1, "dropped");
    // Changed while Periscope is reconnecting: the resumed watch replays it.
    h.create(livePod(`gap-${i}`, { app: "gap" }));
    const added = await s.next("added");
    t.equal(added.data.row.name, `gap-${i}`);
  }
  t.notOk(s.events.some((e) => e.event === "relist" || e.event === "snapshot" && e !== s.events[0]), "no relist needed");
  for (let i = 0; i < 3; i++) h.remove("pods", "", "web", `gap-${i}`);
});

t.test("Last-Event-ID resumes without a snapshot; an expired one relists", async (t) => {
  const first = await h.sse("reader", WATCH);
  const snapshot = await first.next("snapshot");
  first.close();
  h.create(livePod("while-away", { app: "away" }));
  const resumed = await h.sse("reader", WATCH, { "last-event-id": snapshot.id! });
  t.teardown(() => resumed.close());
  const e = await resumed.next();
  t.equal(e.event, "added", "the missed change, not a snapshot");
  t.equal(e.data.row.name, "while-away");

  h.sim.sim.faults.forceExpire();
  const stale = await h.sse("reader", WATCH, { "last-event-id": snapshot.id! });
  t.teardown(() => stale.close());
  const r = await stale.next();
  t.equal(r.event, "relist");
  t.equal(r.data.reason, "expired");
  t.ok(r.data.rows.some((row: { name: string }) => row.name === "while-away"));
  h.remove("pods", "", "web", "while-away");
});

t.test("errors before the stream are JSON: unknown cluster, kind without a stream, RBAC", async (t) => {
  const unknown = await fetch(`${h.base}/api/clusters/nope/resources/pods/watch`, { headers: h.headers("reader") });
  t.equal(unknown.status, 404);
  t.equal((await unknown.json()).code, "cluster_not_found");
  const secrets = await fetch(`${h.base}/api/clusters/test/resources/secrets/watch`, { headers: h.headers("admin") });
  t.equal(secrets.status, 404);
  t.equal((await secrets.json()).code, "stream_not_enabled");
  const nodes = await fetch(`${h.base}/api/clusters/test/resources/nodes/watch`, { headers: h.headers("reader") });
  t.equal(nodes.status, 403, "view does not include nodes");
  t.match((await nodes.json()).message, /cannot list resource "nodes"/);
  const anon = await fetch(`${h.base}/api/clusters/test/resources/pods/watch`);
  t.equal(anon.status, 401);
});

t.test("aliases: hpa and pvcs stream through their plural", async (t) => {
  const s = await h.sse("admin", "/api/clusters/test/resources/hpa/watch?namespace=web");
  t.teardown(() => s.close());
  const snap = await s.next("snapshot");
  t.equal(snap.data.kindId, "horizontalpodautoscalers");
});

t.test("GET /api/features lists the 22 streamed kinds and the aliases", async (t) => {
  const res = await fetch(`${h.base}/api/features`, { headers: h.headers("reader") });
  const body = await res.json();
  t.equal(body.watchStreams.kinds.length, 22);
  for (const k of ["pods", "events", "deployments", "horizontalpodautoscalers", "endpointslices", "ingressclasses", "persistentvolumes", "runtimeclasses"]) t.ok(body.watchStreams.kinds.includes(k), k);
  t.same(Object.keys(body.watchStreams.aliases).sort(), ["cluster", "core", "networking", "storage", "workloads"]);
  t.equal(body.watchStreams.perUserLimit, 60);
});

t.test("heartbeats arrive as comments", async (t) => {
  const s = await h.sse("reader", WATCH);
  t.teardown(() => s.close());
  await s.next("snapshot");
  await new Promise((r) => setTimeout(r, 500));
  t.ok(s.comments.includes("heartbeat"), "a heartbeat comment within a few intervals");
});
