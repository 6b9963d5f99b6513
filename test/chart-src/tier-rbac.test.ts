/**
 * The RBAC the chart renders for an in-cluster backend, enforced by the Kubernetes API simulator's RBAC: the
 * console's ServiceAccount may only impersonate; each tier group gets exactly its tier. Also: the demo cluster's
 * tier roles equal the chart's (one source of truth in practice), and two releases never collide.
 */
import t from "tap";
import { createSimulator } from "../../server/demo/simulator.ts";
import type { KubeObject } from "../../server/demo/types.ts";
import { WorldBuilder } from "../../server/demo/world/builder.ts";
import { buildTierRbac, TIER_BINDINGS } from "../../server/demo/world/rbac.ts";
import { TIER_RBAC } from "../../chart-src/chart/tier-rbac.ts";
import { CHART, helm, parseHelmDocs, writeValues } from "./support.ts";

async function renderRbac(release: string, namespace: string, extra: Record<string, unknown> = {}): Promise<KubeObject[]> {
  const values = { clusters: [{ name: "in-cluster", backend: "in-cluster" }], ...extra };
  const r = await helm(["template", release, CHART, "-n", namespace, "-f", writeValues(`rbac-${release}`, values)]);
  if (r.code !== 0) throw new Error(r.stderr);
  return parseHelmDocs(r.stdout).filter((d) => String(d.apiVersion).startsWith("rbac.authorization.k8s.io/")) as unknown as KubeObject[];
}

const sa = (ns: string, name: string) => ({ username: `system:serviceaccount:${ns}:${name}`, groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"] });
const tier = (name: string) => ({ username: "alice", groups: [`periscope-tier:${name}`, "system:authenticated"] });

t.test("no in-cluster backend → no RBAC at all", async (t) => {
  const r = await helm(["template", "periscope", CHART, "-f", writeValues("rbac-none", { clusters: [{ name: "d", backend: "demo" }] })]);
  t.notMatch(r.stdout, "ClusterRole");
});

t.test("the ServiceAccount may impersonate and nothing else; tiers grant what they say", async (t) => {
  const rbac = await renderRbac("periscope", "periscope");
  const sim = createSimulator({ seed: rbac });
  t.teardown(() => sim.close());
  const me = sa("periscope", "periscope");
  t.ok(sim.can(me, "impersonate", "users"), "impersonate users");
  t.ok(sim.can(me, "impersonate", "groups"), "impersonate groups");
  t.ok(sim.can(me, "impersonate", "userextras", { group: "authentication.k8s.io", subresource: "periscope-request-id" }), "impersonate the request-id extra");
  t.notOk(sim.can(me, "impersonate", "serviceaccounts"), "not service accounts");
  t.notOk(sim.can(me, "list", "pods", { namespace: "default" }), "the console itself cannot read");
  t.notOk(sim.can(me, "get", "secrets", { namespace: "periscope" }), "nor read secrets");
  t.notOk(sim.can(sa("other", "periscope"), "impersonate", "users"), "a same-named SA elsewhere gets nothing");

  t.ok(sim.can(tier("read"), "list", "pods", { namespace: "shop" }));
  t.notOk(sim.can(tier("read"), "delete", "pods", { namespace: "shop" }));
  t.notOk(sim.can(tier("read"), "create", "pods", { namespace: "shop", subresource: "exec" }));
  t.ok(sim.can(tier("triage"), "create", "pods", { namespace: "shop", subresource: "exec" }));
  t.ok(sim.can(tier("triage"), "delete", "pods", { namespace: "shop" }));
  t.notOk(sim.can(tier("triage"), "create", "deployments", { namespace: "shop", group: "apps" }));
  t.ok(sim.can(tier("write"), "create", "deployments", { namespace: "shop", group: "apps" }));
  t.notOk(sim.can(tier("write"), "create", "rolebindings", { namespace: "shop", group: "rbac.authorization.k8s.io" }));
  t.ok(sim.can(tier("maintain"), "create", "rolebindings", { namespace: "shop", group: "rbac.authorization.k8s.io" }));
  t.ok(sim.can(tier("maintain"), "list", "nodes"));
  t.notOk(sim.can(tier("maintain"), "create", "clusterrolebindings", { group: "rbac.authorization.k8s.io" }));
  t.ok(sim.can(tier("admin"), "create", "clusterrolebindings", { group: "rbac.authorization.k8s.io" }));
  t.notOk(sim.can({ username: "bob", groups: ["periscope:read", "system:authenticated"] }, "list", "pods", { namespace: "shop" }), "raw IdP groups get nothing from the chart");
});

t.test("serviceAccount.create=false binds the named account", async (t) => {
  const rbac = await renderRbac("periscope", "tools", { serviceAccount: { create: false, name: "shared" } });
  const sim = createSimulator({ seed: rbac });
  t.teardown(() => sim.close());
  t.ok(sim.can(sa("tools", "shared"), "impersonate", "users"));
});

t.test("two releases in two namespaces do not collide", async (t) => {
  const a = await renderRbac("periscope", "team-a");
  const b = await renderRbac("periscope", "team-b");
  const names = [...a, ...b].map((o) => `${o.kind}/${o.metadata.name}`);
  t.equal(new Set(names).size, names.length, "every cluster-scoped name is unique");
  const sim = createSimulator({ seed: [...a, ...b] });
  t.teardown(() => sim.close());
  t.ok(sim.can(sa("team-a", "periscope"), "impersonate", "users"));
  t.ok(sim.can(sa("team-b", "periscope"), "impersonate", "users"));
});

t.test("the demo cluster holds the same tier roles as the chart", async (t) => {
  const b = new WorldBuilder(1, Date.now());
  buildTierRbac(b);
  const demoRoles = new Map(b.objects.filter((o) => o.kind === "ClusterRole").map((o) => [o.metadata.name, (o as unknown as { rules: unknown }).rules]));
  const demoBinding = new Map(TIER_BINDINGS.map(([tierName, role]) => [tierName, role]));
  for (const tr of TIER_RBAC) {
    const role = demoBinding.get(tr.tier);
    if ("builtin" in tr) t.equal(role, tr.builtin, `${tr.tier} → ${tr.builtin} in both`);
    else t.same(demoRoles.get(role ?? ""), tr.rules, `${tr.tier}: the demo's ${role} has the chart's rules`);
  }
});
