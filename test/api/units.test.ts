import t from "tap";
import { manualJobName } from "../../server/api/actions.ts";
import { applyPayload } from "../../server/api/apply.ts";
import { rulesAllow } from "../../server/api/can-i.ts";
import { summarizeNodes } from "../../server/api/fleet-summary.ts";
import { parseQuantity } from "../../server/api/metrics.ts";
import { displayObject } from "../../server/api/object-view.ts";
import { parseResourcePath } from "../../server/api/resource-path.ts";
import { diffValues } from "../../server/api/structured-diff.ts";
import { builtInKind } from "../../server/kinds/catalog.ts";

t.test("resource paths: plurals, group/version/plural, objects and views", async (t) => {
  t.same(parseResourcePath("pods"), { kindId: "pods", namespace: undefined, name: undefined, view: undefined, action: undefined });
  t.same(parseResourcePath("pods/shop/web-1/yaml"), { kindId: "pods", namespace: "shop", name: "web-1", view: "yaml", action: undefined });
  t.same(parseResourcePath("nodes/_/n1/actions/cordon"), { kindId: "nodes", namespace: undefined, name: "n1", view: "action", action: "cordon" });
  t.same(parseResourcePath("stable.example.com/v1beta2/crontabs/shop/x/events").kindId, "stable.example.com/v1beta2/crontabs");
  t.same(parseResourcePath("stable.example.com/v1/crontabs").name, undefined);
  t.throws(() => parseResourcePath("pods/shop"), /addressed as/);
  t.throws(() => parseResourcePath("pods/shop/a/b/c/d"), /unknown resource view/);
  t.throws(() => parseResourcePath(""), /missing kind/);
});

t.test("RBAC rule matching used by the rules-review shortcut", async (t) => {
  const check = (verb: string, resource: string, subresource = "", group = "", name = "") => ({ verb, group, resource, subresource, namespace: "ns", name });
  const rules = [
    { verbs: ["get", "list"], apiGroups: [""], resources: ["pods", "pods/log"], resourceNames: [] },
    { verbs: ["*"], apiGroups: ["apps"], resources: ["*"], resourceNames: [] },
    { verbs: ["update"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["one"] },
  ];
  t.ok(rulesAllow(rules, check("get", "pods")));
  t.ok(rulesAllow(rules, check("get", "pods", "log")));
  t.notOk(rulesAllow(rules, check("create", "pods", "exec")));
  t.ok(rulesAllow(rules, check("delete", "deployments", "scale", "apps")));
  t.notOk(rulesAllow(rules, check("update", "configmaps")), "a name-limited rule needs the name");
  t.ok(rulesAllow(rules, check("update", "configmaps", "", "", "one")));
  t.notOk(rulesAllow(rules, check("get", "secrets")));
});

t.test("apply payloads: identity fields checked, server fields dropped", async (t) => {
  const cm = builtInKind("configmaps")!;
  const out = applyPayload(cm, "ns", "a", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", uid: "u", resourceVersion: "9", managedFields: [] }, data: {}, status: {} });
  t.same(out, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "ns" }, data: {} });
  t.throws(() => applyPayload(cm, "ns", "a", { apiVersion: "apps/v1", kind: "ConfigMap", metadata: { name: "a" } }), /apiVersion/);
  t.throws(() => applyPayload(cm, "ns", "a", []), /one Kubernetes object/);
  t.throws(() => applyPayload(builtInKind("nodes")!, undefined, "n", { apiVersion: "v1", kind: "Node", metadata: { name: "n", namespace: "x" } }), /cluster-scoped/);
});

t.test("secret display copies keep key names and sizes only", async (t) => {
  const view = displayObject(builtInKind("secrets")!, { kind: "Secret", metadata: { name: "s", managedFields: [{}] }, data: { a: "YWJj", b: "" }, stringData: { c: "xy" } });
  t.same(view.secretKeys, [{ key: "a", bytes: 3 }, { key: "b", bytes: 0 }, { key: "c", bytes: 2 }]);
  t.same(view.object, { kind: "Secret", metadata: { name: "s" } });
});

t.test("structured diff", async (t) => {
  t.same(diffValues({ a: 1, b: { c: [1, 2] }, "x.y": 1 }, { a: 2, b: { c: [1] }, d: null }), [
    { path: "a", op: "changed", from: 1, to: 2 },
    { path: "b.c[1]", op: "removed", from: 2 },
    { path: "d", op: "added", to: null },
    { path: '["x.y"]', op: "removed", from: 1 },
  ]);
  t.same(diffValues("a", "a"), []);
});

t.test("quantities, job names, node readiness", async (t) => {
  t.same(["250m", "1", "1.5Gi", "12345678n", "100Ki", "1e3", "2k", "x", "5Q"].map(parseQuantity), [0.25, 1, 1.5 * 2 ** 30, 0.012345678, 102400, 1000, 2000, NaN, NaN]);
  const name = manualJobName("a".repeat(70), new Date(1_700_000_000_000));
  t.ok(name.length <= 63);
  t.match(name, /^a+-manual-[a-z0-9]+$/);
  t.same(summarizeNodes({ items: [{ status: { conditions: [{ type: "Ready", status: "True" }] } }, { status: {} }] }), { total: 2, ready: 1 });
});
