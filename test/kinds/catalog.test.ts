import t from "tap";
import { BUILT_IN_KINDS } from "../../server/kinds/builtins.ts";
import { builtInKind, createKindCatalog } from "../../server/kinds/catalog.ts";
import { kindPath } from "../../server/kinds/kind.ts";
import { CRONTAB_CRD } from "../api/fixtures.ts";
import { startHarness, USERS } from "../api/harness.ts";

t.test("the registry holds the 30 built-ins of SPEC §5 plus events and CRDs, 22 of them live", async (t) => {
  const plurals = BUILT_IN_KINDS.map((k) => k.plural);
  t.equal(new Set(plurals).size, plurals.length, "no duplicates");
  t.equal(plurals.length, 32);
  const spec = "pods deployments statefulsets daemonsets replicasets jobs cronjobs horizontalpodautoscalers poddisruptionbudgets services configmaps secrets serviceaccounts resourcequotas limitranges persistentvolumeclaims ingresses networkpolicies endpointslices roles rolebindings nodes namespaces persistentvolumes storageclasses clusterroles clusterrolebindings ingressclasses priorityclasses runtimeclasses".split(" ");
  t.equal(spec.length, 30);
  for (const p of spec) t.ok(plurals.includes(p), p);
  t.equal(BUILT_IN_KINDS.filter((k) => k.live).length, 22);
  t.same([builtInKind("deploy")?.plural, builtInKind("HPA")?.plural, builtInKind("pod")?.plural, builtInKind("nope")], ["deployments", "horizontalpodautoscalers", "pods", undefined]);
  t.equal(kindPath(builtInKind("pods")!, "a", "b"), "/api/v1/namespaces/a/pods/b");
  t.equal(kindPath(builtInKind("nodes")!, "ignored", "n1"), "/api/v1/nodes/n1");
  t.equal(kindPath(builtInKind("ingresses")!), "/apis/networking.k8s.io/v1/ingresses");
});

t.test("every built-in exists on the apiserver with that group, version and scope", async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  const client = h.clusters.client("test", USERS.admin);
  for (const kind of BUILT_IN_KINDS) {
    const base = kind.group === "" ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
    const list = (await client.json({ path: base })) as { resources: Array<{ name: string; namespaced: boolean; kind: string }> };
    const r = list.resources.find((x) => x.name === kind.plural);
    t.same([r?.kind, r?.namespaced], [kind.kind, kind.namespaced], kind.plural);
  }
});

t.test("custom kinds are discovered per user and re-read after a CRD changes", async (t) => {
  const h = await startHarness();
  t.teardown(() => h.close());
  let now = 0;
  const catalog = createKindCatalog(() => now);
  const admin = h.clusters.client("test", USERS.admin);
  t.equal((await catalog.list(admin)).kinds.filter((k) => !k.builtIn).length, 0);
  h.sim.sim.seed([CRONTAB_CRD]);
  t.equal((await catalog.list(admin)).kinds.filter((k) => !k.builtIn).length, 0, "cached for a minute");
  const reader = h.clusters.client("test", USERS.reader);
  t.same((await catalog.list(reader)).kinds.filter((k) => !k.builtIn).map((k) => k.id), ["stable.example.com/v1/crontabs"], "another user has their own cache entry");
  catalog.invalidate("test");
  const kind = await catalog.resolve(admin, "ct");
  t.same([kind.id, kind.kind, kind.namespaced], ["stable.example.com/v1/crontabs", "CronTab", true]);
  now += 61_000;
  t.equal((await catalog.resolve(admin, "stable.example.com/v1/crontabs")).plural, "crontabs");
  await t.rejects(catalog.resolve(admin, "stable.example.com/v2/crontabs"), { status: 404, code: "unknown_kind" });
  t.equal((await catalog.resolve(admin, "metrics.k8s.io/v1beta1/pods").catch((e: { code: string }) => e.code)), "unknown_kind", "not served here");
});
