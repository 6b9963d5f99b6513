/** Discovery, CRD serving, /scale, the hooks for subresources and API groups, and fault injection. */
import t from "tap";
import { smallWorld, widget, widgetCrd } from "./fixtures.ts";
import { inProcess } from "./in-process.ts";

t.test("discovery: legacy documents, plain JSON for the aggregated Accept, CRD groups appear when created", async (t) => {
  const { json, call } = inProcess();
  t.equal((await json("GET", "/version")).body.gitVersion, "v1.33.0-periscope-sim");
  const aggregated = await call("GET", "/apis", { headers: { accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" } });
  t.equal(aggregated.headers.get("content-type"), "application/json");
  const groups = (await aggregated.json()) as { kind: string; groups: Array<{ name: string }> };
  t.equal(groups.kind, "APIGroupList");
  t.equal(groups.groups[0]!.name, "apps");
  t.notOk(groups.groups.some((g) => g.name === "example.com"));
  const core = (await json("GET", "/api/v1")).body;
  const names = core.resources.map((r: { name: string }) => r.name);
  for (const n of ["pods", "pods/log", "pods/exec", "pods/status", "nodes", "events", "namespaces"]) t.ok(names.includes(n), n);
  const apps = (await json("GET", "/apis/apps/v1")).body;
  t.same(apps.resources.find((r: { name: string }) => r.name === "deployments/scale"), { name: "deployments/scale", singularName: "", namespaced: true, kind: "Scale", verbs: ["get", "patch", "update"], group: "autoscaling", version: "v1" });
  t.equal((await json("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", { body: widgetCrd() })).status, 201);
  t.ok((await json("GET", "/apis")).body.groups.some((g: { name: string }) => g.name === "example.com"));
  const ex = (await json("GET", "/apis/example.com/v1")).body;
  t.same(ex.resources.map((r: { name: string }) => r.name), ["widgets", "widgets/status", "widgets/scale"]);
  t.equal((await json("GET", "/apis/nothing.io/v1")).status, 404);
  const openapi = (await json("GET", "/openapi/v3")).body;
  t.ok(openapi.paths["apis/example.com/v1"]);
  const doc = (await json("GET", "/openapi/v3/apis/example.com/v1?hash=x")).body;
  const patchOp = doc.paths["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"].patch;
  t.same(patchOp["x-kubernetes-group-version-kind"], { group: "example.com", version: "v1", kind: "Widget" });
  t.ok(patchOp.parameters.some((p: { name: string; in: string }) => p.name === "fieldValidation" && p.in === "query"));
});

t.test("custom resources: CRUD, printer columns in Tables, /scale via the CRD's paths, invalid CRDs refused", async (t) => {
  const { json } = inProcess({ seed: [widgetCrd()] });
  const base = "/apis/example.com/v1/namespaces/default/widgets";
  const created = await json("POST", base, { body: widget("default", "a", 2, "red") });
  t.equal(created.status, 201);
  t.equal(created.body.status, undefined, "status is not taken on create when the CRD has a status subresource");
  const status = { status: { conditions: [{ type: "Ready", status: "True" }] } };
  t.equal((await json("PATCH", `${base}/a/status`, { body: status, headers: { "content-type": "application/merge-patch+json" } })).status, 200);
  const table = (await json("GET", base, { headers: { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" } })).body;
  t.same(table.columnDefinitions.map((c: { name: string }) => c.name), ["Name", "Size", "Color", "Ready"]);
  t.same(table.rows[0].cells, ["a", 2, "red", "True"]);
  const list = (await json("GET", base)).body;
  t.same([list.kind, list.items[0].kind, list.items[0].apiVersion], ["WidgetList", "Widget", "example.com/v1"]);
  const scaled = await json("PATCH", `${base}/a/scale`, { body: { spec: { replicas: 6 } }, headers: { "content-type": "application/merge-patch+json" } });
  t.equal(scaled.body.spec.replicas, 6);
  t.equal((await json("GET", `${base}/a`)).body.spec.size, 6);
  const smp = await json("PATCH", `${base}/a`, { body: {}, headers: { "content-type": "application/strategic-merge-patch+json" } });
  t.equal(smp.status, 415);
  const bad = await json("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", { body: { ...widgetCrd(), metadata: { name: "wrong.example.com" } } });
  t.equal(bad.status, 422);
  t.match(bad.body.message, /must be spec.names.plural\+"."\+spec.group/);
  t.equal((await json("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com")).status, 200);
  t.equal((await json("GET", base)).status, 404, "no longer served");
});

t.test("subresource hooks get the parent object after RBAC; API group hooks appear in discovery", async (t) => {
  const seen: string[] = [];
  const { sim, json, call } = inProcess({
    seed: smallWorld(),
    tokens: { viewer: { user: "v" } },
    subresources: {
      "pods/log": (req) => {
        seen.push(`${req.user.username} ${req.namespace}/${req.name} ${req.object.kind}`);
        return new Response("hello\n", { headers: { "content-type": "text/plain" } });
      },
    },
  });
  sim.seed([{ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: "v" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }, subjects: [{ kind: "User", name: "v" }] }]);
  sim.addApiGroup({
    group: "metrics.k8s.io",
    version: "v1beta1",
    resources: [{ name: "pods", kind: "PodMetrics", namespaced: true }],
    handle: (req) => new Response(JSON.stringify({ kind: "PodMetricsList", verb: req.verb, ns: req.namespace }), { headers: { "content-type": "application/json" } }),
  });
  const log = await call("GET", "/api/v1/namespaces/default/pods/web-1/log", { token: "viewer" });
  t.equal(await log.text(), "hello\n");
  t.same(seen, ["v default/web-1 Pod"]);
  t.equal((await json("GET", "/api/v1/namespaces/default/pods/missing/log")).status, 404);
  const exec = await json("GET", "/api/v1/namespaces/default/pods/web-1/exec?command=ls", { token: "viewer" });
  t.equal(exec.status, 403);
  t.equal(exec.body.message, 'pods "web-1" is forbidden: User "v" cannot create resource "pods/exec" in API group "" in the namespace "default"');
  t.equal((await json("GET", "/api/v1/namespaces/default/pods/web-1/exec")).status, 404, "no exec hook registered");
  t.ok((await json("GET", "/apis")).body.groups.some((g: { name: string }) => g.name === "metrics.k8s.io"));
  t.same((await json("GET", "/apis/metrics.k8s.io/v1beta1")).body.resources[0].name, "pods");
  t.same((await json("GET", "/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods", { token: "viewer" })).body, { kind: "PodMetricsList", verb: "list", ns: "shop" });
  t.equal((await json("DELETE", "/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods/x")).status, 405);
});

t.test("fault injection: failNext, error rate, latency", async (t) => {
  const { sim, json, call } = inProcess({ seed: smallWorld() });
  sim.faults.failNext(2, 503);
  const a = await json("GET", "/api/v1/pods");
  t.equal(a.status, 503);
  t.equal(a.body.reason, "ServiceUnavailable");
  t.same(a.body.details, { retryAfterSeconds: 1 });
  const second = await call("GET", "/api/v1/pods");
  t.equal(second.status, 503);
  t.equal(second.headers.get("retry-after"), "1");
  t.equal((await json("GET", "/api/v1/pods")).status, 200);
  sim.faults.set({ errorRate: 1, errorStatus: 500 });
  t.equal((await json("GET", "/api/v1/pods")).status, 500);
  t.equal((await json("GET", "/version")).status, 200, "discovery is not failed");
  sim.faults.reset();
  sim.faults.set({ latencyMs: 5 });
  t.equal((await json("GET", "/api/v1/pods")).status, 200);
  t.equal(sim.faults.latencyMs, 5);
});
