/** Watch semantics: synthetic ADDED, resume from a resourceVersion, 410 past the window, bookmarks, timeouts, Table events, drops. */
import t from "tap";
import { pod, smallWorld } from "./fixtures.ts";
import { eventReader, inProcess } from "./in-process.ts";

const podsPath = "/api/v1/namespaces/default/pods";

t.test("no resourceVersion: synthetic ADDED for what exists, then live changes", async (t) => {
  const { sim, call } = inProcess({ seed: smallWorld() });
  const events = eventReader(await call("GET", `${podsPath}?watch=true`));
  const first = [await events.next(), await events.next(), await events.next()];
  t.same(first.map((e) => `${e!.type} ${e!.object.metadata.name}`), ["ADDED web-1", "ADDED web-2", "ADDED web-3"]);
  const type = sim.store.types.find("", "pods")!;
  const current = sim.store.get(type, "default", "web-1");
  sim.store.update(type, { ...current, metadata: { ...current.metadata, labels: { app: "web", tier: "front" } } });
  const modified = await events.next();
  t.equal(modified!.type, "MODIFIED");
  t.same(modified!.object.metadata.labels, { app: "web", tier: "front" });
  t.equal(modified!.object.apiVersion, "v1");
  await events.cancel();
});

t.test("resourceVersion from a list: only later changes are sent", async (t) => {
  const { sim, call, json } = inProcess({ seed: smallWorld() });
  const list = await json("GET", podsPath);
  const type = sim.store.types.find("", "pods")!;
  sim.store.create(type, pod("default", "after-1"));
  const events = eventReader(await call("GET", `${podsPath}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`));
  const e = await events.next();
  t.equal(`${e!.type} ${e!.object.metadata.name}`, "ADDED after-1", "replayed from the retained window");
  sim.store.delete(type, "default", "web-2");
  const d = await events.next();
  t.equal(`${d!.type} ${d!.object.metadata.name}`, "DELETED web-2");
  await events.cancel();
});

t.test("a resourceVersion older than the retained window gets a 410 ERROR event and the stream ends", async (t) => {
  const { sim, call, json } = inProcess({ seed: smallWorld(), watchWindow: 3 });
  const old = (await json("GET", podsPath)).body.metadata.resourceVersion;
  const type = sim.store.types.find("", "pods")!;
  for (let i = 0; i < 5; i++) sim.store.create(type, pod("default", `churn-${i}`));
  const events = eventReader(await call("GET", `${podsPath}?watch=true&resourceVersion=${old}`));
  const e = await events.next();
  t.equal(e!.type, "ERROR");
  t.equal(e!.object.code, 410);
  t.equal(e!.object.reason, "Expired");
  t.match(e!.object.message, /^too old resource version: \d+ \(\d+\)$/);
  t.equal(await events.next(), undefined, "stream closed");
});

t.test("forceExpire makes every earlier resourceVersion and continue token stale", async (t) => {
  const { sim, call, json } = inProcess({ seed: smallWorld() });
  const page = await json("GET", `${podsPath}?limit=1`);
  sim.faults.forceExpire();
  const events = eventReader(await call("GET", `${podsPath}?watch=true&resourceVersion=${page.body.metadata.resourceVersion}`));
  t.equal((await events.next())!.object.code, 410);
  const next = await json("GET", `${podsPath}?limit=1&continue=${encodeURIComponent(page.body.metadata.continue)}`);
  t.equal(next.status, 410);
  t.equal(next.body.reason, "Expired");
  const fresh = await json("GET", `${podsPath}?limit=1`);
  t.equal(fresh.status, 200, "a new list works");
});

t.test("bookmarks carry the current resourceVersion when asked for", async (t) => {
  const { call } = inProcess({ seed: smallWorld(), bookmarkIntervalMs: 20 });
  const events = eventReader(await call("GET", `${podsPath}?watch=true&allowWatchBookmarks=true&labelSelector=none%3Dmatch`));
  const e = await events.next();
  t.equal(e!.type, "BOOKMARK");
  t.equal(e!.object.kind, "Pod");
  t.match(e!.object.metadata.resourceVersion, /^\d+$/);
  await events.cancel();
});

t.test("timeoutSeconds ends the stream", async (t) => {
  const { call } = inProcess({ seed: smallWorld() });
  const events = eventReader(await call("GET", `${podsPath}?watch=true&timeoutSeconds=1&labelSelector=none%3Dmatch`));
  t.equal(await events.next(), undefined);
});

t.test("label-selected watch: an object that stops matching is reported DELETED", async (t) => {
  const { sim, call } = inProcess({ seed: smallWorld() });
  const events = eventReader(await call("GET", `${podsPath}?watch=true&labelSelector=app%3Dweb`));
  for (let i = 0; i < 3; i++) t.equal((await events.next())!.type, "ADDED");
  const type = sim.store.types.find("", "pods")!;
  const p = sim.store.get(type, "default", "web-3");
  sim.store.update(type, { ...p, metadata: { ...p.metadata, labels: { app: "other" } } });
  const e = await events.next();
  t.equal(`${e!.type} ${e!.object.metadata.name}`, "DELETED web-3");
  await events.cancel();
});

t.test("Table watches: column definitions only in the first event", async (t) => {
  const { call } = inProcess({ seed: smallWorld() });
  const accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  const events = eventReader(await call("GET", `${podsPath}?watch=true`, { headers: { accept } }));
  const a = await events.next();
  const b = await events.next();
  t.equal(a!.object.kind, "Table");
  t.same(a!.object.columnDefinitions.map((c: { name: string }) => c.name).slice(0, 5), ["Name", "Ready", "Status", "Restarts", "Age"]);
  t.same(b!.object.columnDefinitions, []);
  t.equal(b!.object.rows[0].cells[0], "web-2");
  t.equal(b!.object.rows[0].object.kind, "PartialObjectMetadata");
  await events.cancel();
});

t.test("dropWatches cuts open watch connections", async (t) => {
  const { sim, call } = inProcess({ seed: smallWorld() });
  const events = eventReader(await call("GET", `${podsPath}?watch=true&labelSelector=none%3Dmatch`));
  t.equal(sim.faults.dropWatches(), 1);
  await t.rejects(events.next());
});

t.test("sendInitialEvents ends the initial state with an annotated bookmark; object-path watches see one object", async (t) => {
  const { sim, call } = inProcess({ seed: smallWorld() });
  const events = eventReader(await call("GET", `${podsPath}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`));
  const got: string[] = [];
  for (let i = 0; i < 4; i++) {
    const e = (await events.next())!;
    got.push(e.type === "BOOKMARK" ? `BOOKMARK ${e.object.metadata.annotations["k8s.io/initial-events-end"]}` : `${e.type} ${e.object.metadata.name}`);
  }
  t.same(got, ["ADDED web-1", "ADDED web-2", "ADDED web-3", "BOOKMARK true"]);
  await events.cancel();
  const one = eventReader(await call("GET", `${podsPath}/web-2?watch=true`));
  t.equal((await one.next())!.object.metadata.name, "web-2");
  const type = sim.store.types.find("", "pods")!;
  sim.store.delete(type, "default", "web-1");
  sim.store.delete(type, "default", "web-2");
  const gone = (await one.next())!;
  t.equal(`${gone.type} ${gone.object.metadata.name}`, "DELETED web-2", "web-1's deletion was not sent");
  await one.cancel();
});

t.test("a watcher that does not read is closed once its backlog passes the limit", async (t) => {
  const { sim, call } = inProcess({ seed: smallWorld(), faults: { watchBufferLimit: 5 } });
  const events = eventReader(await call("GET", `${podsPath}?watch=true`));
  const type = sim.store.types.find("", "pods")!;
  for (let i = 0; i < 20; i++) sim.store.create(type, pod("default", `burst-${i}`));
  let received = 0;
  while (await events.next()) received++;
  t.ok(received > 0 && received < 23, `closed after ${received} of 23 events`);
});
