/** Object lifecycle through the HTTP surface: identity fields, generation, optimistic concurrency, patches, cascade, dry run. */
import t from "tap";
import { deployment, pod, smallWorld } from "./fixtures.ts";
import { inProcess } from "./in-process.ts";

const deploys = "/apis/apps/v1/namespaces/shop/deployments";

t.test("create fills identity fields; spec changes bump generation, metadata changes do not", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  const created = await json("POST", deploys, { body: deployment("shop", "api") });
  t.equal(created.status, 201);
  const m = created.body.metadata;
  t.match(m.uid, /^[0-9a-f-]{36}$/);
  t.match(m.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.equal(m.generation, 1);
  t.equal(created.body.metadata.managedFields[0].manager, "unknown", "default manager from the user agent");
  const labelled = await json("PATCH", `${deploys}/api`, { body: { metadata: { labels: { team: "a" } } }, headers: { "content-type": "application/merge-patch+json" } });
  t.equal(labelled.body.metadata.generation, 1);
  t.not(labelled.body.metadata.resourceVersion, m.resourceVersion);
  const scaled = await json("PATCH", `${deploys}/api`, { body: { spec: { replicas: 4 } }, headers: { "content-type": "application/merge-patch+json" } });
  t.equal(scaled.body.metadata.generation, 2);
  t.equal(scaled.body.metadata.uid, m.uid);
  const dup = await json("POST", deploys, { body: deployment("shop", "api") });
  t.equal(dup.status, 409);
  t.equal(dup.body.reason, "AlreadyExists");
  t.equal(dup.body.message, 'deployments.apps "api" already exists');
});

t.test("PUT with a stale resourceVersion is a 409 Conflict", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  const got = (await json("GET", `${deploys}/cart`)).body;
  const ok = await json("PUT", `${deploys}/cart`, { body: { ...got, spec: { ...got.spec, replicas: 5 } } });
  t.equal(ok.status, 200);
  const stale = await json("PUT", `${deploys}/cart`, { body: { ...got, spec: { ...got.spec, replicas: 6 } } });
  t.equal(stale.status, 409);
  t.equal(stale.body.message, 'Operation cannot be fulfilled on deployments.apps "cart": the object has been modified; please apply your changes to the latest version and try again');
});

t.test("JSON patch, merge patch and strategic merge patch", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  const jp = await json("PATCH", `${deploys}/cart`, {
    body: [{ op: "replace", path: "/spec/replicas", value: 7 }, { op: "add", path: "/metadata/annotations", value: { note: "x" } }],
    headers: { "content-type": "application/json-patch+json" },
  });
  t.equal(jp.body.spec.replicas, 7);
  t.same(jp.body.metadata.annotations, { note: "x" });
  const smp = await json("PATCH", `${deploys}/cart`, {
    body: { spec: { template: { spec: { containers: [{ name: "sidecar", image: "envoy" }, { name: "app", image: "nginx:2" }] } } } },
    headers: { "content-type": "application/strategic-merge-patch+json" },
  });
  t.same(smp.body.spec.template.spec.containers, [{ name: "app", image: "nginx:2" }, { name: "sidecar", image: "envoy" }], "containers merged by name");
  const mp = await json("PATCH", `${deploys}/cart`, { body: { metadata: { annotations: { note: null } } }, headers: { "content-type": "application/merge-patch+json" } });
  t.same(mp.body.metadata.annotations, {});
  const bad = await json("PATCH", `${deploys}/cart`, { body: [{ op: "test", path: "/spec/replicas", value: 1 }], headers: { "content-type": "application/json-patch+json" } });
  t.equal(bad.status, 422);
  const unsupported = await json("PATCH", `${deploys}/cart`, { body: {}, headers: { "content-type": "text/plain" } });
  t.equal(unsupported.status, 415);
});

t.test("deleting an owner deletes its dependents; Orphan keeps them without the reference", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  const owner = (await json("POST", deploys, { body: deployment("shop", "owner") })).body;
  const ref = { apiVersion: "apps/v1", kind: "Deployment", name: "owner", uid: owner.metadata.uid, controller: true };
  const child = { ...pod("shop", "owned-1"), metadata: { name: "owned-1", namespace: "shop", ownerReferences: [ref] } };
  t.equal((await json("POST", "/api/v1/namespaces/shop/pods", { body: child })).status, 201);
  const del = await json("DELETE", `${deploys}/owner`);
  t.equal(del.status, 200);
  t.equal(del.body.status, "Success");
  t.equal((await json("GET", "/api/v1/namespaces/shop/pods/owned-1")).status, 404);

  const owner2 = (await json("POST", deploys, { body: deployment("shop", "owner2") })).body;
  const child2 = { ...pod("shop", "owned-2"), metadata: { name: "owned-2", namespace: "shop", ownerReferences: [{ ...ref, name: "owner2", uid: owner2.metadata.uid }] } };
  await json("POST", "/api/v1/namespaces/shop/pods", { body: child2 });
  await json("DELETE", `${deploys}/owner2?propagationPolicy=Orphan`);
  const kept = await json("GET", "/api/v1/namespaces/shop/pods/owned-2");
  t.equal(kept.status, 200);
  t.equal(kept.body.metadata.ownerReferences, undefined);
});

t.test("dryRun=All validates without persisting", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  const dry = await json("POST", `${deploys}?dryRun=All`, { body: deployment("shop", "ghost") });
  t.equal(dry.status, 201);
  t.equal((await json("GET", `${deploys}/ghost`)).status, 404);
  const dryDelete = await json("DELETE", `${deploys}/cart?dryRun=All`);
  t.equal(dryDelete.status, 200);
  t.equal((await json("GET", `${deploys}/cart`)).status, 200);
});

t.test("namespaced create needs an existing namespace; deleting a namespace removes its objects", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  const missing = await json("POST", "/api/v1/namespaces/nope/pods", { body: pod("nope", "x") });
  t.equal(missing.status, 404);
  t.equal(missing.body.message, 'namespaces "nope" not found');
  t.equal((await json("DELETE", "/api/v1/namespaces/shop")).status, 200);
  t.same((await json("GET", "/api/v1/namespaces/shop/pods")).body.items, []);
});

t.test("label and field selectors; limit/continue; bad continue", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  const names = async (q: string) => (await json("GET", `/api/v1/pods?${q}`)).body.items.map((p: { metadata: { name: string } }) => p.metadata.name);
  t.same(await names("labelSelector=app%20in%20(cart)"), ["cart-1", "cart-2"]);
  t.same(await names("labelSelector=app!%3Dweb"), ["cart-1", "cart-2"]);
  t.same(await names("labelSelector=!app"), []);
  t.same(await names("fieldSelector=status.phase%3DPending"), ["cart-2"]);
  t.same(await names("fieldSelector=metadata.namespace%3Dshop,metadata.name!%3Dcart-2"), ["cart-1"]);
  const p1 = (await json("GET", "/api/v1/pods?limit=2")).body;
  t.equal(p1.kind, "PodList");
  t.equal(p1.items[0].kind, undefined, "built-in list items carry no kind, as from the apiserver");
  t.equal(p1.items.length, 2);
  t.equal(p1.metadata.remainingItemCount, 3);
  const p2 = (await json("GET", `/api/v1/pods?limit=2&continue=${encodeURIComponent(p1.metadata.continue)}`)).body;
  const p3 = (await json("GET", `/api/v1/pods?limit=2&continue=${encodeURIComponent(p2.metadata.continue)}`)).body;
  t.equal(p3.items.length, 1);
  t.equal(p3.metadata.continue, undefined);
  t.equal((await json("GET", "/api/v1/pods?limit=2&continue=garbage")).status, 400);
  const unsupported = await json("GET", "/api/v1/pods?fieldSelector=spec.containers%3Dx");
  t.equal(unsupported.status, 400);
  t.equal(unsupported.body.message, "field label not supported: spec.containers");
  t.equal((await json("GET", "/api/v1/events?fieldSelector=involvedObject.name%3Dcart-1,source%3Dkubelet")).status, 200);
  t.equal((await json("GET", "/api/v1/pods?labelSelector=a%3D%3D%3D")).status, 400);
});

t.test("Table output: includeObject None/Object/Metadata and the -o wide columns", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  const accept = "application/json;as=Table;v=v1;g=meta.k8s.io";
  const none = (await json("GET", "/api/v1/namespaces/shop/pods?includeObject=None", { headers: { accept } })).body;
  t.equal(none.kind, "Table");
  t.same(none.columnDefinitions.filter((c: { priority: number }) => c.priority === 1).map((c: { name: string }) => c.name), ["IP", "Node", "Nominated Node", "Readiness Gates"]);
  t.same(none.rows[0].cells.slice(0, 4), ["cart-1", "0/1", "CrashLoopBackOff", "4"]);
  t.equal(none.rows[0].object, undefined);
  const obj = (await json("GET", "/api/v1/namespaces/shop/pods?includeObject=Object", { headers: { accept } })).body;
  t.equal(obj.rows[0].object.kind, "Pod");
  const deploy = (await json("GET", `${deploys}/cart`, { headers: { accept } })).body;
  t.same(deploy.columnDefinitions.slice(0, 5).map((c: { name: string }) => c.name), ["Name", "Ready", "Up-to-date", "Available", "Age"]);
  t.same(deploy.rows[0].cells.slice(0, 4), ["cart", "0/2", 0, 0]);
  t.equal(deploy.rows[0].object.kind, "PartialObjectMetadata");
});

t.test("finalizers hold a deleted object as Terminating until the last one is removed", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", namespace: "shop", finalizers: ["example.com/cleanup"] }, data: { a: "1" } };
  t.equal((await json("POST", "/api/v1/namespaces/shop/configmaps", { body: cm })).status, 201);
  const del = await json("DELETE", "/api/v1/namespaces/shop/configmaps/held");
  t.equal(del.status, 202);
  t.match(del.body.metadata.deletionTimestamp, /Z$/);
  const still = await json("GET", "/api/v1/namespaces/shop/configmaps/held");
  t.equal(still.status, 200);
  t.ok(still.body.metadata.deletionTimestamp);
  const heldPod = { ...pod("shop", "held-pod"), metadata: { name: "held-pod", namespace: "shop", finalizers: ["example.com/drain"] } };
  await json("POST", "/api/v1/namespaces/shop/pods", { body: heldPod });
  await json("DELETE", "/api/v1/namespaces/shop/pods/held-pod");
  const podTable = (await json("GET", "/api/v1/namespaces/shop/pods/held-pod", { headers: { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" } })).body;
  t.equal(podTable.rows[0].cells[2], "Terminating");
  const released = await json("PATCH", "/api/v1/namespaces/shop/configmaps/held", { body: { metadata: { finalizers: null } }, headers: { "content-type": "application/merge-patch+json" } });
  t.equal(released.status, 200);
  t.equal((await json("GET", "/api/v1/namespaces/shop/configmaps/held")).status, 404, "gone once released");
});
