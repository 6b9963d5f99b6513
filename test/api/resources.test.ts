import t from "tap";
import { parse } from "yaml";
import { apiFixtures } from "./fixtures.ts";
import { startHarness } from "./harness.ts";

const h = await startHarness({ simulator: { seed: apiFixtures() } });
t.teardown(() => h.close());

t.test("a read-tier user lists pods as a Table with kubectl's columns", async (t) => {
  const { status, body } = await h.json("reader", "/api/clusters/test/resources/pods?namespace=shop");
  t.equal(status, 200);
  t.same(body.columns.slice(0, 5).map((c: { name: string }) => c.name), ["Name", "Ready", "Status", "Restarts", "Age"]);
  t.same(body.rows.map((r: { name: string }) => r.name).sort(), ["img-1", "web-1", "web-2", "worker-1"]);
  const worker = body.rows.find((r: { name: string }) => r.name === "worker-1");
  t.equal(worker.cells[2], "CrashLoopBackOff", "server-computed status column");
  t.equal(worker.namespace, "shop");
  t.ok(body.resourceVersion, "resourceVersion for a following watch");
});

t.test("limit and continue page through a list", async (t) => {
  const first = await h.json("reader", "/api/clusters/test/resources/pods?namespace=shop&limit=3");
  t.equal(first.body.rows.length, 3);
  t.ok(first.body.continue);
  const next = await h.json("reader", `/api/clusters/test/resources/pods?namespace=shop&limit=3&continue=${encodeURIComponent(first.body.continue)}`);
  t.equal(next.body.rows.length, 1);
  t.equal(next.body.continue, undefined);
  const bad = await h.json("reader", "/api/clusters/test/resources/pods?limit=abc");
  t.equal(bad.status, 400);
});

t.test("a read-tier user gets Kubernetes' own 403 on delete, and the audit says denied", async (t) => {
  const { status, body } = await h.json("reader", "/api/clusters/test/resources/pods/shop/web-1", { method: "DELETE" });
  t.equal(status, 403);
  t.equal(body.code, "forbidden");
  t.equal(body.message, 'pods "web-1" is forbidden: User "reader@example.com" cannot delete resource "pods" in API group "" in the namespace "shop"');
  const rows = h.audit.filter((r) => r.verb === "delete");
  t.same(rows.map((r) => r.outcome), ["attempted", "denied"]);
  const still = await h.json("admin", "/api/clusters/test/resources/pods/shop/web-1");
  t.equal(still.status, 200, "the pod is still there");
});

t.test("an admin deletes (dry-run first, then for real)", async (t) => {
  const dry = await h.json("admin", "/api/clusters/test/resources/configmaps/shop/web-config?dryRun=true", { method: "DELETE" });
  t.equal(dry.status, 200);
  t.equal(dry.body.dryRun, true);
  t.equal((await h.json("admin", "/api/clusters/test/resources/configmaps/shop/web-config")).status, 200);
  await h.json("admin", "/api/clusters/test/resources/configmaps", { method: "POST" }).then((r) => t.equal(r.status, 400, "POST needs an action path"));
});

t.test("secret values never appear in detail, YAML or lists; revealing one key is RBAC-checked and audited", async (t) => {
  const detail = await h.call("admin", "/api/clusters/test/resources/secrets/shop/db-creds");
  const text = await detail.text();
  t.notMatch(text, /czNjcjN0|s3cr3t|c2VjcmV0/, "no value, not even in last-applied");
  const body = JSON.parse(text);
  t.same(body.secretKeys, [{ key: "binary", bytes: 3 }, { key: "password", bytes: 12 }]);
  t.equal(body.object.data, undefined);
  const yaml = await (await h.call("admin", "/api/clusters/test/resources/secrets/shop/db-creds/yaml")).text();
  t.notMatch(yaml, /czNjcjN0|c2VjcmV0/);

  const denied = await h.json("reader", "/api/clusters/test/secrets/shop/db-creds/data/password");
  t.equal(denied.status, 403);
  t.equal(denied.body.message, 'secrets "db-creds" is forbidden: User "reader@example.com" cannot get resource "secrets" in API group "" in the namespace "shop"');

  const shown = await h.call("writer", "/api/clusters/test/secrets/shop/db-creds/data/password");
  t.equal(shown.status, 200);
  t.equal(shown.headers.get("cache-control"), "no-store");
  t.same(await shown.json(), { key: "password", encoding: "utf-8", value: "s3cr3t-value", bytes: 12 });
  const binary = await h.json("writer", "/api/clusters/test/secrets/shop/db-creds/data/binary");
  t.same(binary.body, { key: "binary", encoding: "base64", value: "/wD+", bytes: 3 });
  const missing = await h.json("writer", "/api/clusters/test/secrets/shop/db-creds/data/nope");
  t.equal(missing.status, 404);
  const reveals = h.audit.filter((r) => r.verb === "secret_reveal" && r.outcome !== "attempted").map((r) => r.outcome);
  t.same(reveals, ["denied", "success", "success", "failure"]);
  t.notMatch(JSON.stringify(h.audit), /s3cr3t/, "the audit holds key names only");
});

t.test("detail strips managedFields; YAML and related events", async (t) => {
  const detail = await h.json("reader", "/api/clusters/test/resources/pods/shop/worker-1");
  t.equal(detail.status, 200);
  t.equal(detail.body.object.metadata.name, "worker-1");
  t.equal(detail.body.object.metadata.managedFields, undefined);
  const yaml = await h.call("reader", "/api/clusters/test/resources/deployments/shop/web/yaml");
  t.match(yaml.headers.get("content-type"), /yaml/);
  const parsed = parse(await yaml.text());
  t.equal(parsed.kind, "Deployment");
  t.equal(parsed.metadata.managedFields, undefined);
  const events = await h.json("reader", "/api/clusters/test/resources/pods/shop/worker-1/events");
  t.same(events.body.items.map((e: { reason: string }) => e.reason), ["BackOff"]);
});

t.test("errors are JSON: unknown cluster, unknown kind, bad addresses", async (t) => {
  const cluster = await h.json("reader", "/api/clusters/nope/resources/pods");
  t.equal(cluster.status, 404);
  t.equal(cluster.body.code, "cluster_not_found");
  const kind = await h.json("reader", "/api/clusters/test/resources/widgets");
  t.equal(kind.status, 404);
  t.equal(kind.body.code, "unknown_kind");
  const scope = await h.json("reader", "/api/clusters/test/resources/pods/_/web-1");
  t.equal(scope.status, 400);
  const scope2 = await h.json("reader", "/api/clusters/test/resources/nodes/default/node-1");
  t.equal(scope2.status, 400);
  const gone = await h.json("reader", "/api/clusters/test/resources/pods/shop/nope");
  t.equal(gone.status, 404);
  t.equal(gone.body.message, 'pods "nope" not found');
  const noUser = await h.app.handle(new Request("http://periscope.test/api/clusters/test/resources/pods"), { remoteAddress: "x" });
  t.equal(noUser.status, 401);
});

t.test("client-sent Impersonate-* headers are ignored", async (t) => {
  const { status, body } = await h.json("reader", "/api/clusters/test/resources/pods/shop/web-2", {
    method: "DELETE",
    headers: { "impersonate-user": "admin", "impersonate-group": "system:masters", authorization: "Bearer nope" },
  });
  t.equal(status, 403);
  t.match(body.message, /User "reader@example\.com" cannot delete/);
});

t.test("kinds: built-ins plus discovered CRDs; CRD instances list with their printer columns", async (t) => {
  const kinds = await h.json("reader", "/api/clusters/test/kinds");
  const ids = kinds.body.kinds.map((k: { id: string }) => k.id);
  t.equal(ids.filter((id: string) => !id.includes("/")).length, 32, "30 built-ins + events + CRDs");
  t.ok(ids.includes("stable.example.com/v1/crontabs"));
  for (const path of ["stable.example.com/v1/crontabs", "crontabs", "ct"]) {
    const list = await h.json("admin", `/api/clusters/test/resources/${path}?namespace=shop`);
    t.equal(list.status, 200, path);
    t.same(list.body.columns.map((c: { name: string }) => c.name), ["Name", "Spec", "Replicas", "Age"], path);
    const row = list.body.rows.find((r: { name: string }) => r.name === "every-minute");
    t.same(row.cells.slice(0, 3), ["every-minute", "* * * * *", 3]);
  }
  const one = await h.json("admin", "/api/clusters/test/resources/stable.example.com/v1/crontabs/shop/hourly");
  t.equal(one.body.object.spec.cronSpec, "0 * * * *");
  const denied = await h.json("reader", "/api/clusters/test/resources/crontabs?namespace=shop");
  t.equal(denied.status, 403, "view does not cover custom resources, as on a real cluster");
});

t.test("search across the cluster and the fleet", async (t) => {
  const one = await h.json("reader", "/api/clusters/test/search?q=web");
  const found = one.body.hits.map((x: { kind: string; name: string }) => `${x.kind}/${x.name}`);
  t.ok(found.includes("deployments/web"));
  t.ok(found.includes("pods/web-1"));
  t.ok(one.body.skipped.includes("secrets"), "kinds the reader may not list are skipped");
  const fleet = await h.json("reader", "/api/search?q=shop/worker");
  t.same(fleet.body.hits.map((x: { name: string }) => x.name), ["worker-1"]);
  t.equal((await h.json("reader", "/api/search?q=x")).status, 400);
});

t.test("search names are cached per user: a repeated query lists nothing again, another user gets none of them", async (t) => {
  const first = await h.json("writer", "/api/clusters/test/search?q=web");
  t.ok(first.body.hits.length > 0);
  h.sim.sim.faults.failNext(13, 500); // every list the next search makes fails
  t.teardown(() => h.sim.sim.faults.failNext(0));
  const again = await h.json("writer", "/api/clusters/test/search?q=we");
  t.same(again.body.skipped, first.body.skipped, "only kinds that failed the first time are listed again");
  t.same(
    again.body.hits.map((x: { name: string }) => x.name).filter((n: string) => n.includes("web")).sort(),
    first.body.hits.map((x: { name: string }) => x.name).sort(),
    "answered from the names the first query listed",
  );
  const other = await h.json("admin", "/api/clusters/test/search?q=web");
  t.ok(other.body.skipped.length > 0, `another user's search lists for itself (and met the failures: ${other.body.skipped.join(", ")})`);
});

t.test("metrics report unavailable when metrics.k8s.io is not served", async (t) => {
  const m = await h.json("reader", "/api/clusters/test/metrics/nodes");
  t.equal(m.status, 200);
  t.same(m.body, { cluster: "test", available: false, items: [] });
});

t.test("clusters list shows no paths", async (t) => {
  const res = await h.json("reader", "/api/clusters");
  t.same(res.body.clusters, [{ name: "test", backend: "kubeconfig", environment: "test", tags: {}, exec: { enabled: true } }]);
  t.notMatch(JSON.stringify(res.body), /kubeconfig-0|\/tmp/);
});
