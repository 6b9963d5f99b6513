import t from "tap";
import { stringify } from "yaml";
import { apiFixtures } from "./fixtures.ts";
import { startHarness } from "./harness.ts";

const h = await startHarness({ simulator: { seed: apiFixtures() } });
t.teardown(() => h.close());

const CM = "/api/clusters/test/resources/configmaps/shop/web-config";
const yamlBody = (data: Record<string, string>) =>
  stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web-config", namespace: "shop", resourceVersion: "1", uid: "x" }, data });
const apply = (user: "reader" | "writer", query: string, body: string, type = "application/yaml") =>
  h.json(user, `${CM}${query}`, { method: "PATCH", body, headers: { "content-type": type } });

/** A change by another field manager, straight to the simulator as cluster-admin (like `kubectl apply --server-side --force-conflicts`). */
async function otherManagerApplies(mode: string) {
  const res = await h.sim.sim.handle(
    new Request(`${h.sim.url}/api/v1/namespaces/shop/configmaps/web-config?fieldManager=kubectl&force=true`, {
      method: "PATCH",
      headers: { "content-type": "application/apply-patch+yaml" },
      body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web-config", namespace: "shop" }, data: { mode } }),
    }),
    { remoteAddress: "127.0.0.1", clientCertificate: { commonName: "admin", organizations: ["system:masters"] } },
  );
  if (res.status !== 200) throw new Error(`setup apply failed: ${res.status} ${await res.text()}`);
}

const current = async () => (await h.json("writer", CM)).body.object;

t.test("an edit-tier user: dry-run, then apply, then a conflict with another manager, then force", async (t) => {
  const dry = await apply("writer", "?dryRun=true", yamlBody({ mode: "safe", extra: "1" }));
  t.equal(dry.status, 200);
  t.equal(dry.body.dryRun, true);
  t.equal(dry.body.object.data.extra, "1", "the dry-run answer shows the result");
  t.same((await current()).data, { mode: "fast" }, "nothing persisted");

  const real = await apply("writer", "", yamlBody({ mode: "safe", extra: "1" }));
  t.equal(real.status, 200);
  t.same((await current()).data, { mode: "safe", extra: "1" });
  const managers = (h.sim.sim.store.tryGet(h.sim.sim.store.types.find("", "configmaps")!, "shop", "web-config")!.metadata.managedFields ?? []).map((m) => m.manager);
  t.ok(managers.includes("periscope"), "field manager periscope");

  await otherManagerApplies("slow");
  const conflict = await apply("writer", "", yamlBody({ mode: "safe", extra: "1" }));
  t.equal(conflict.status, 409);
  t.equal(conflict.body.code, "conflict");
  t.match(conflict.body.message, /conflict/i);
  t.same(conflict.body.details.causes.map((c: { field: string }) => c.field), [".data.mode"]);
  t.match(conflict.body.details.causes[0].message, /kubectl/);
  t.equal((await current()).data.mode, "slow");

  const forced = await apply("writer", "?force=true", yamlBody({ mode: "safe", extra: "1" }));
  t.equal(forced.status, 200);
  t.equal(forced.body.force, true);
  t.equal((await current()).data.mode, "safe");
  const outcomes = h.audit.filter((r) => r.verb === "apply" && r.outcome !== "attempted").map((r) => r.outcome);
  t.same(outcomes, ["success", "success", "failure", "success"]);
});

t.test("JSON bodies work; a read-tier user is denied by Kubernetes", async (t) => {
  const body = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web-config" }, data: { mode: "json" } });
  const denied = await apply("reader", "", body, "application/json");
  t.equal(denied.status, 403);
  t.match(denied.body.message, /User "reader@example\.com" cannot patch resource "configmaps"/);
  const ok = await apply("writer", "?force=true", body, "application/json");
  t.equal(ok.status, 200, "namespace filled from the URL");
});

t.test("the body must match the URL, be JSON/YAML, one document, and at most 256 KiB", async (t) => {
  const other = stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "other", namespace: "shop" } });
  t.equal((await apply("writer", "", other)).status, 400, "name mismatch");
  const ns = stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web-config", namespace: "kube-system" } });
  t.equal((await apply("writer", "", ns)).status, 400, "namespace mismatch");
  const kind = stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "web-config" } });
  t.equal((await apply("writer", "", kind)).status, 400, "kind mismatch");
  t.equal((await apply("writer", "", `${yamlBody({})}---\n${yamlBody({})}`)).status, 400, "two documents");
  t.equal((await apply("writer", "", "a: [", "application/yaml")).status, 400, "bad YAML");
  t.equal((await apply("writer", "", yamlBody({}), "text/plain")).status, 415);
  const big = yamlBody({ blob: "x".repeat(300 * 1024) });
  const tooBig = await apply("writer", "", big);
  t.equal(tooBig.status, 413);
});

t.test("mutations from another site are refused", async (t) => {
  const res = await h.json("writer", CM, { method: "PATCH", body: yamlBody({}), headers: { "content-type": "application/yaml", origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
  t.equal(res.status, 403);
});

t.test("custom resources apply through group/version/plural", async (t) => {
  const path = "/api/clusters/test/resources/stable.example.com/v1/crontabs/shop/hourly";
  const body = stringify({ apiVersion: "stable.example.com/v1", kind: "CronTab", metadata: { name: "hourly" }, spec: { cronSpec: "0 */2 * * *", replicas: 4 } });
  const res = await h.json("admin", path, { method: "PATCH", body, headers: { "content-type": "application/yaml" } });
  t.equal(res.status, 200);
  t.equal(res.body.object.spec.cronSpec, "0 */2 * * *");
  const list = await h.json("admin", "/api/clusters/test/resources/crontabs?namespace=shop");
  t.same(list.body.rows.find((r: { name: string }) => r.name === "hourly").cells.slice(1, 3), ["0 */2 * * *", 4]);
  const wrongGroup = stringify({ apiVersion: "other.example.com/v1", kind: "CronTab", metadata: { name: "hourly" } });
  t.equal((await h.json("admin", path, { method: "PATCH", body: wrongGroup, headers: { "content-type": "application/yaml" } })).status, 400);
});
