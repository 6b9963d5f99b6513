/** Server-side apply semantics: ownership, removal of dropped fields, shared ownership, conflicts with updaters. */
import t from "tap";
import { deployment, smallWorld } from "./fixtures.ts";
import { inProcess } from "./in-process.ts";

const url = (manager: string, extra = "") => `/apis/apps/v1/namespaces/shop/deployments/web?fieldManager=${manager}${extra}`;
const APPLY = { "content-type": "application/apply-patch+yaml" };

function config(replicas: number | undefined, labels: Record<string, string>) {
  const d = deployment("shop", "web", replicas ?? 1);
  d.metadata.labels = labels;
  if (replicas === undefined) delete (d.spec as Record<string, unknown>).replicas;
  return d;
}

t.test("apply creates, then removes the fields its manager stopped declaring", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  const created = await json("PATCH", url("a"), { body: config(2, { app: "web", tier: "front" }), headers: APPLY });
  t.equal(created.status, 201);
  t.same(created.body.metadata.managedFields.map((m: { manager: string; operation: string }) => [m.manager, m.operation]), [["a", "Apply"]]);
  const dropped = await json("PATCH", url("a"), { body: config(2, { app: "web" }), headers: APPLY });
  t.same(dropped.body.metadata.labels, { app: "web" }, "tier removed");
});

t.test("co-owned fields survive when one owner drops them", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  await json("PATCH", url("a"), { body: config(3, { app: "web" }), headers: APPLY });
  const shared = await json("PATCH", url("b"), { body: config(3, { app: "web" }), headers: APPLY });
  t.equal(shared.status, 200, "same value: no conflict");
  const aDrops = await json("PATCH", url("a"), { body: config(undefined, { app: "web" }), headers: APPLY });
  t.equal(aDrops.body.spec.replicas, 3, "b still owns replicas");
});

t.test("an Update by another manager takes ownership; re-applying conflicts until forced", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  await json("PATCH", url("a"), { body: config(2, { app: "web" }), headers: APPLY });
  const edited = await json("PATCH", url("kubectl-edit"), { body: { spec: { replicas: 9 } }, headers: { "content-type": "application/merge-patch+json" } });
  t.same(edited.body.metadata.managedFields.map((m: { manager: string; operation: string }) => `${m.manager}/${m.operation}`), ["a/Apply", "kubectl-edit/Update"]);
  const clash = await json("PATCH", url("a"), { body: config(2, { app: "web" }), headers: APPLY });
  t.equal(clash.status, 409);
  t.equal(clash.body.message, 'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas');
  t.same(clash.body.details.causes, [{ reason: "FieldManagerConflict", message: 'conflict with "kubectl-edit" using apps/v1', field: ".spec.replicas" }]);
  const forced = await json("PATCH", url("a", "&force=true"), { body: config(2, { app: "web" }), headers: APPLY });
  t.equal(forced.body.spec.replicas, 2);
  t.same(forced.body.metadata.managedFields.map((m: { manager: string }) => m.manager), ["a"], "kubectl-edit owned nothing else");
});

t.test("conflicts inside keyed lists name the item; dryRun=All leaves the object alone", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  await json("PATCH", url("a"), { body: config(2, { app: "web" }), headers: APPLY });
  const other = config(2, { app: "web" });
  ((other.spec as any).template.spec.containers[0]).image = "nginx:9"; // eslint-disable-line @typescript-eslint/no-explicit-any
  const clash = await json("PATCH", url("b"), { body: other, headers: APPLY });
  t.equal(clash.body.details.causes[0].field, '.spec.template.spec.containers[name="app"].image');
  const dry = await json("PATCH", url("b", "&force=true&dryRun=All"), { body: other, headers: APPLY });
  t.equal(dry.status, 200);
  t.equal(dry.body.spec.template.spec.containers[0].image, "nginx:9");
  const stored = await json("GET", "/apis/apps/v1/namespaces/shop/deployments/web");
  t.equal(stored.body.spec.template.spec.containers[0].image, "nginx:1.25");
  const noManager = await json("PATCH", "/apis/apps/v1/namespaces/shop/deployments/web", { body: other, headers: APPLY });
  t.equal(noManager.status, 422);
  t.equal(noManager.body.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
});

t.test("apply through /status changes only status; apply to the main resource leaves status alone", async (t) => {
  const { json } = inProcess({ seed: smallWorld() });
  await json("PATCH", url("a"), { body: config(2, { app: "web" }), headers: APPLY });
  const statusUrl = "/apis/apps/v1/namespaces/shop/deployments/web/status?fieldManager=controller";
  const body = { ...config(9, { app: "web" }), status: { readyReplicas: 2 } };
  const viaStatus = await json("PATCH", statusUrl, { body, headers: APPLY });
  t.equal(viaStatus.status, 200);
  t.same(viaStatus.body.status, { readyReplicas: 2 });
  t.equal(viaStatus.body.spec.replicas, 2, "spec untouched through /status");
  const viaMain = await json("PATCH", url("a"), { body: { ...config(2, { app: "web" }), status: { readyReplicas: 0 } }, headers: APPLY });
  t.same(viaMain.body.status, { readyReplicas: 2 }, "status untouched through the main resource");
  const missing = await json("PATCH", "/apis/apps/v1/namespaces/shop/deployments/nope/status?fieldManager=c", { body: { ...config(1, {}), metadata: { name: "nope" } }, headers: APPLY });
  t.equal(missing.status, 404);
});
