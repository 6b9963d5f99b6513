/** @kubernetes/client-node, a second independent client, against the simulator served over HTTPS. */
import t from "tap";
import {
  ApiException,
  AppsV1Api,
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  ApiextensionsV1Api,
  KubeConfig,
  makeInformer,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from "@kubernetes/client-node";
import type { V1CustomResourceDefinition } from "@kubernetes/client-node";
import { deployment, pod, smallWorld, widget, widgetCrd } from "./fixtures.ts";
import { startServedSim } from "./served-sim.ts";

const served = await startServedSim({ seed: smallWorld() });
t.teardown(() => served.close());
const podsType = served.sim.store.types.find("", "pods")!;

function config(context: string, as?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(served.kubeconfig);
  kc.setCurrentContext(context);
  if (as) {
    const user = kc.getCurrentUser()!;
    kc.users = kc.users.map((u) => (u.name === user.name ? { ...u, impersonateUser: as } : u));
  }
  return kc;
}

async function failure(p: Promise<unknown>): Promise<{ code: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiException) return { code: e.code, body: typeof e.body === "string" ? JSON.parse(e.body) : e.body };
    throw e;
  }
  throw new Error("expected the call to fail");
}

t.test("list pods in all namespaces", async (t) => {
  const core = config("admin").makeApiClient(CoreV1Api);
  const list = await core.listPodForAllNamespaces();
  t.same(list.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`), ["default/web-1", "default/web-2", "default/web-3", "shop/cart-1", "shop/cart-2"]);
  t.equal(list.items.find((p) => p.metadata?.name === "cart-1")?.status?.containerStatuses?.[0]?.state?.waiting?.reason, "CrashLoopBackOff");
  const bySelector = await core.listNamespacedPod({ namespace: "default", fieldSelector: "metadata.name=web-2" });
  t.same(bySelector.items.map((p) => p.metadata?.name), ["web-2"]);
});

t.test("paged list with limit and continue", async (t) => {
  const core = config("admin").makeApiClient(CoreV1Api);
  const names: string[] = [];
  let cont: string | undefined;
  let pages = 0;
  do {
    const page = await core.listPodForAllNamespaces({ limit: 2, ...(cont ? { _continue: cont } : {}) });
    names.push(...page.items.map((p) => p.metadata!.name!));
    cont = page.metadata?._continue;
    pages++;
  } while (cont);
  t.equal(pages, 3);
  t.same(names.sort(), ["cart-1", "cart-2", "web-1", "web-2", "web-3"]);
});

t.test("watch sees an added and a deleted pod", async (t) => {
  const kc = config("admin");
  const core = kc.makeApiClient(CoreV1Api);
  const list = await core.listNamespacedPod({ namespace: "default" });
  const events: string[] = [];
  let notify = () => {};
  const controller = await new Watch(kc).watch(
    "/api/v1/namespaces/default/pods",
    { resourceVersion: list.metadata!.resourceVersion!, allowWatchBookmarks: true },
    (type, obj: { metadata: { name: string } }) => {
      events.push(`${type} ${obj.metadata.name}`);
      notify();
    },
    () => {},
  );
  const until = (n: number) => new Promise<void>((resolve) => {
    notify = () => events.length >= n && resolve();
    notify();
  });
  served.sim.store.create(podsType, pod("default", "watched-1"));
  await until(1);
  served.sim.store.delete(podsType, "default", "watched-1");
  await until(2);
  controller.abort();
  t.same(events, ["ADDED watched-1", "DELETED watched-1"]);
});

t.test("server-side apply with a conflict between two field managers", async (t) => {
  const apps = config("admin").makeApiClient(AppsV1Api);
  const ssa = setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply);
  const body = deployment("default", "client-api", 2);
  const first = await apps.patchNamespacedDeployment({ name: "client-api", namespace: "default", body, fieldManager: "team-a" }, ssa);
  t.equal(first.spec?.replicas, 2);
  const conflict = await failure(apps.patchNamespacedDeployment({ name: "client-api", namespace: "default", body: deployment("default", "client-api", 4), fieldManager: "team-b" }, ssa));
  t.equal(conflict.code, 409);
  t.equal(conflict.body.reason, "Conflict");
  t.same(conflict.body.details.causes, [{ reason: "FieldManagerConflict", message: 'conflict with "team-a"', field: ".spec.replicas" }]);
  const forced = await apps.patchNamespacedDeployment({ name: "client-api", namespace: "default", body: deployment("default", "client-api", 4), fieldManager: "team-b", force: true }, ssa);
  t.equal(forced.spec?.replicas, 4);
  t.same(forced.metadata?.managedFields?.map((m) => m.manager).sort(), ["team-a", "team-b"]);
  const missingManager = await failure(apps.patchNamespacedDeployment({ name: "client-api", namespace: "default", body }, ssa));
  t.equal(missingManager.code, 422);
});

t.test("SelfSubjectAccessReview yes and no; SelfSubjectRulesReview; SelfSubjectReview", async (t) => {
  const review = (ctx: string) => config(ctx).makeApiClient(AuthorizationV1Api);
  const ask = async (ctx: string, verb: string) =>
    (await review(ctx).createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb, resource: "pods", namespace: "default" } } } })).status?.allowed;
  t.equal(await ask("admin", "delete"), true);
  t.equal(await ask("viewer", "delete"), false);
  t.equal(await ask("viewer", "list"), true);
  const rules = await review("viewer").createSelfSubjectRulesReview({ body: { spec: { namespace: "default" } } });
  t.ok(rules.status?.resourceRules.some((r) => r.resources?.includes("pods") && r.verbs.includes("watch")));
  t.notOk(rules.status?.resourceRules.some((r) => r.resources?.includes("secrets")));
  const who = await config("viewer").makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
  t.same(who.status?.userInfo, { username: "viewer", groups: ["viewers", "system:authenticated"] });
});

t.test("impersonation: allowed for the impersonator, forbidden for the viewer", async (t) => {
  const asViewer = await config("impersonator", "viewer").makeApiClient(CoreV1Api).listNamespacedPod({ namespace: "default" });
  t.ok(asViewer.items.length > 0);
  const asGroup = await config("impersonator", "someone")
    .makeApiClient(AuthenticationV1Api)
    .createSelfSubjectReview({ body: {} }, setHeaderOptions("Impersonate-Group", "devs"));
  t.same(asGroup.status?.userInfo, { username: "someone", groups: ["devs", "system:authenticated"] });
  const denied = await failure(config("viewer", "bob").makeApiClient(CoreV1Api).listNamespacedPod({ namespace: "default" }));
  t.equal(denied.code, 403);
  t.equal(denied.body.message, 'users "bob" is forbidden: User "viewer" cannot impersonate resource "users" in API group "" at the cluster scope');
});

t.test("delete is forbidden for the viewer", async (t) => {
  const denied = await failure(config("viewer").makeApiClient(CoreV1Api).deleteNamespacedPod({ name: "web-1", namespace: "default" }));
  t.equal(denied.code, 403);
  t.same(denied.body.details, { name: "web-1", group: "", kind: "pods" });
  t.equal(denied.body.message, 'pods "web-1" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "default"');
});

t.test("a CRD created through the API serves its custom resources", async (t) => {
  const kc = config("admin");
  await kc.makeApiClient(ApiextensionsV1Api).createCustomResourceDefinition({ body: widgetCrd() as unknown as V1CustomResourceDefinition });
  const custom = kc.makeApiClient(CustomObjectsApi);
  await custom.createNamespacedCustomObject({ group: "example.com", version: "v1", namespace: "default", plural: "widgets", body: widget("default", "gear", 4, "green") });
  const list = (await custom.listNamespacedCustomObject({ group: "example.com", version: "v1", namespace: "default", plural: "widgets" })) as { items: Array<{ spec: { color: string } }> };
  t.same(list.items.map((i) => i.spec.color), ["green"]);
  const asTable = setHeaderOptions("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
  const table = (await custom.listNamespacedCustomObject({ group: "example.com", version: "v1", namespace: "default", plural: "widgets" }, asTable)) as {
    kind: string;
    columnDefinitions: Array<{ name: string }>;
    rows: Array<{ cells: unknown[] }>;
  };
  t.equal(table.kind, "Table");
  t.same(table.columnDefinitions.map((c) => c.name), ["Name", "Size", "Color", "Ready"], "printer columns");
  t.same(table.rows[0]!.cells.slice(0, 3), ["gear", 4, "green"]);
  const scale = (await custom.getNamespacedCustomObjectScale({ group: "example.com", version: "v1", namespace: "default", plural: "widgets", name: "gear" })) as { spec: { replicas: number } };
  t.equal(scale.spec.replicas, 4, "scale subresource reads specReplicasPath");
});

t.test("an informer relists after 410 Expired when it re-watches from a compacted resourceVersion", async (t) => {
  const kc = config("admin");
  const core = kc.makeApiClient(CoreV1Api);
  let lists = 0;
  const informer = makeInformer(kc, "/api/v1/namespaces/shop/pods", () => {
    lists++;
    return core.listNamespacedPod({ namespace: "shop" });
  });
  const added: string[] = [];
  let notify = () => {};
  informer.on("add", (p) => {
    added.push(p.metadata!.name!);
    notify();
  });
  const until = (pred: () => boolean) =>
    new Promise<void>((resolve) => {
      notify = () => pred() && resolve();
      notify();
    });
  await informer.start();
  await until(() => added.length >= 2);
  served.sim.faults.forceExpire();
  t.ok(served.sim.faults.endWatches() >= 1, "the informer's watch ended like a server-side timeout");
  served.sim.store.create(podsType, pod("shop", "after-expiry"));
  await until(() => added.includes("after-expiry"));
  await informer.stop();
  t.equal(lists, 2, "410 on re-watch made the informer list again");
  t.ok(informer.list("shop").some((p) => p.metadata?.name === "after-expiry"));
});
