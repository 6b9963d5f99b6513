import t from "tap";
import { apiFixtures } from "./fixtures.ts";
import { startHarness } from "./harness.ts";

const h = await startHarness({ simulator: { seed: apiFixtures() } });
t.teardown(() => h.close());

const post = (user: "reader" | "writer" | "admin", path: string, body?: unknown) =>
  h.json(user, `/api/clusters/test/resources/${path}`, body === undefined ? { method: "POST" } : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const get = async (path: string) => (await h.json("admin", `/api/clusters/test/resources/${path}`)).body.object;

t.test("scale: edit tier yes, read tier gets the apiserver's 403, bad input is 400", async (t) => {
  const denied = await post("reader", "deployments/shop/web/actions/scale", { replicas: 5 });
  t.equal(denied.status, 403);
  t.match(denied.body.message, /cannot patch resource "deployments" in API group "apps"/);
  const ok = await post("writer", "deployments/shop/web/actions/scale", { replicas: 5 });
  t.equal(ok.status, 200);
  t.equal((await get("deployments/shop/web")).spec.replicas, 5);
  t.equal((await post("writer", "deployments/shop/web/actions/scale", { replicas: -1 })).status, 400);
  t.equal((await post("writer", "configmaps/shop/web-config/actions/scale", { replicas: 1 })).status, 400, "not a scalable kind");
  t.equal((await post("writer", "deployments/shop/web/actions/explode")).status, 400);
  const rows = h.audit.filter((r) => r.verb === "scale" && r.outcome !== "attempted").map((r) => r.outcome);
  t.same(rows, ["denied", "success"], "invalid requests never reach the audit");
});

t.test("rollout restart stamps the pod template", async (t) => {
  const res = await post("writer", "deployments/shop/web/actions/restart");
  t.equal(res.status, 200);
  const stamp = (await get("deployments/shop/web")).spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"];
  t.ok(!Number.isNaN(Date.parse(stamp)));
});

t.test("cordon and uncordon a node (admin tier)", async (t) => {
  t.equal((await post("writer", "nodes/_/node-2/actions/cordon")).status, 403, "nodes are beyond the edit tier");
  t.equal((await post("admin", "nodes/_/node-2/actions/cordon")).status, 200);
  t.equal((await get("nodes/_/node-2")).spec.unschedulable, true);
  t.equal((await post("admin", "nodes/_/node-2/actions/uncordon")).status, 200);
  t.equal((await get("nodes/_/node-2")).spec.unschedulable, undefined);
});

t.test("suspend, resume and trigger a CronJob", async (t) => {
  t.equal((await post("writer", "cronjobs/shop/nightly/actions/suspend")).status, 200);
  t.equal((await get("cronjobs/shop/nightly")).spec.suspend, true);
  t.equal((await post("writer", "cronjobs/shop/nightly/actions/resume")).status, 200);
  t.equal((await get("cronjobs/shop/nightly")).spec.suspend, false);
  const run = await post("writer", "cronjobs/shop/nightly/actions/trigger");
  t.equal(run.status, 200);
  const job = run.body.object;
  t.match(job.metadata.name, /^nightly-manual-[a-z0-9]+$/);
  t.equal(job.metadata.annotations["cronjob.kubernetes.io/instantiate"], "manual");
  t.equal(job.metadata.ownerReferences[0].kind, "CronJob");
  t.same(job.metadata.labels, { job: "nightly" });
  const jobs = await h.json("reader", "/api/clusters/test/resources/jobs?namespace=shop");
  t.ok(jobs.body.rows.some((r: { name: string }) => r.name === job.metadata.name));
});
