/** Authentication, RBAC from stored objects, impersonation and the apiserver's 401/403 wording. */
import t from "tap";
import { bindClusterRole } from "../../server/demo/access.ts";
import type { KubeObject } from "../../server/demo/types.ts";
import { smallWorld } from "./fixtures.ts";
import { inProcess } from "./in-process.ts";

const role: KubeObject = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "Role",
  metadata: { name: "pod-reader", namespace: "shop" },
  rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }, { apiGroups: [""], resources: ["configmaps"], verbs: ["get"], resourceNames: ["settings"] }],
};
const binding: KubeObject = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name: "dev-reads", namespace: "shop" },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
  subjects: [{ kind: "Group", name: "devs" }],
};

function world() {
  return inProcess({ seed: [...smallWorld(), role, binding, bindClusterRole("ops-edit", "edit", { kind: "User", name: "ops" })], tokens: { dev: { user: "dana", groups: ["devs"] }, ops: { user: "ops" } } });
}

t.test("401 without credentials or with an unknown token, worded like the apiserver", async (t) => {
  const { json } = world();
  const none = await json("GET", "/api/v1/pods", { token: "" });
  t.equal(none.status, 401);
  t.same(none.body, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
  t.equal((await json("GET", "/api/v1/pods", { token: "wrong" })).status, 401);
});

t.test("a pluggable token verifier authenticates tokens it recognises", async (t) => {
  const { sim, json } = world();
  sim.addTokenVerifier((token) => (token.startsWith("k8s-aws-v1.") ? { username: "arn:aws:iam::111122223333:role/ops", groups: ["system:masters"] } : undefined));
  const who = await json("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", { token: "k8s-aws-v1.abc", body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } });
  t.equal(who.status, 201);
  t.same(who.body.status.userInfo, { username: "arn:aws:iam::111122223333:role/ops", groups: ["system:masters", "system:authenticated"] });
  t.equal((await json("GET", "/api/v1/pods", { token: "k8s-aws-v2.abc" })).status, 401);
});

t.test("client certificates: CN is the user, O the groups", async (t) => {
  const { sim } = world();
  const r = await sim.handle(new Request("https://sim.invalid/apis/authentication.k8s.io/v1/selfsubjectreviews", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }), {
    remoteAddress: "127.0.0.1",
    clientCertificate: { commonName: "carol", organizations: ["devs", "qa"] },
  });
  t.same((await r.json()).status.userInfo, { username: "carol", groups: ["devs", "qa", "system:authenticated"] });
});

t.test("RoleBindings grant only in their namespace; resourceNames limit names", async (t) => {
  const { json } = world();
  t.equal((await json("GET", "/api/v1/namespaces/shop/pods", { token: "dev" })).status, 200);
  const other = await json("GET", "/api/v1/namespaces/default/pods", { token: "dev" });
  t.equal(other.status, 403);
  t.equal(other.body.message, 'pods is forbidden: User "dana" cannot list resource "pods" in API group "" in the namespace "default"');
  t.same(other.body.details, { group: "", kind: "pods" });
  t.equal((await json("GET", "/api/v1/namespaces/shop/configmaps/settings", { token: "dev" })).status, 404, "allowed, then not found");
  t.equal((await json("GET", "/api/v1/namespaces/shop/configmaps/other", { token: "dev" })).status, 403);
  const nodes = await json("GET", "/api/v1/nodes", { token: "dev" });
  t.equal(nodes.body.message, 'nodes is forbidden: User "dana" cannot list resource "nodes" in API group "" at the cluster scope');
  const deploy = await json("DELETE", "/apis/apps/v1/namespaces/shop/deployments/cart", { token: "dev" });
  t.equal(deploy.body.message, 'deployments.apps "cart" is forbidden: User "dana" cannot delete resource "deployments" in API group "apps" in the namespace "shop"');
  const scale = await json("GET", "/apis/apps/v1/namespaces/shop/deployments/cart/scale", { token: "dev" });
  t.equal(scale.body.message, 'deployments.apps "cart" is forbidden: User "dana" cannot get resource "deployments/scale" in API group "apps" in the namespace "shop"');
});

t.test("default roles: edit can change workloads but not RBAC; view cannot read secrets", async (t) => {
  const { sim, json } = world();
  t.equal((await json("DELETE", "/apis/apps/v1/namespaces/shop/deployments/cart", { token: "ops" })).status, 200);
  t.equal((await json("GET", "/apis/rbac.authorization.k8s.io/v1/namespaces/shop/roles", { token: "ops" })).status, 403);
  t.equal(sim.can({ username: "v", groups: ["x"] }, "get", "secrets", { namespace: "shop" }), false);
  sim.seed([bindClusterRole("x-view", "view", { kind: "Group", name: "x" })]);
  t.equal(sim.can({ username: "v", groups: ["x"] }, "list", "pods", { namespace: "shop" }), true);
  t.equal(sim.can({ username: "v", groups: ["x"] }, "get", "secrets", { namespace: "shop" }), false);
});

t.test("impersonation needs the impersonate verb for user, each group and each extra", async (t) => {
  const { sim, json } = world();
  sim.seed([
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "limited-impersonator" },
      rules: [
        { apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["dana"] },
        { apiGroups: [""], resources: ["groups"], verbs: ["impersonate"], resourceNames: ["devs"] },
        { apiGroups: ["authentication.k8s.io"], resources: ["userextras/request-id"], verbs: ["impersonate"] },
      ],
    },
    bindClusterRole("limited-impersonator", "limited-impersonator", { kind: "User", name: "ops" }),
  ]);
  const as = (headers: Record<string, string>) => json("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", { token: "ops", body: {}, headers });
  const ok = await as({ "impersonate-user": "dana", "impersonate-group": "devs", "impersonate-extra-request-id": "r-1" });
  t.equal(ok.status, 201);
  t.same(ok.body.status.userInfo, { username: "dana", groups: ["devs", "system:authenticated"], extra: { "request-id": ["r-1"] } });
  const badUser = await as({ "impersonate-user": "eve" });
  t.equal(badUser.body.message, 'users "eve" is forbidden: User "ops" cannot impersonate resource "users" in API group "" at the cluster scope');
  const badGroup = await as({ "impersonate-user": "dana", "impersonate-group": "devs, admins" });
  t.equal(badGroup.body.message, 'groups "admins" is forbidden: User "ops" cannot impersonate resource "groups" in API group "" at the cluster scope');
  const badExtra = await as({ "impersonate-user": "dana", "impersonate-extra-scopes": "all" });
  t.equal(badExtra.body.message, 'userextras.authentication.k8s.io "all" is forbidden: User "ops" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope');
  const asDana = await json("GET", "/api/v1/namespaces/shop/pods", { token: "ops", headers: { "impersonate-user": "dana", "impersonate-group": "devs" } });
  t.equal(asDana.status, 200, "acts with dana's permissions");
  const asDanaWrite = await json("DELETE", "/api/v1/namespaces/shop/pods/cart-1", { token: "ops", headers: { "impersonate-user": "dana", "impersonate-group": "devs" } });
  t.equal(asDanaWrite.status, 403);
  t.match(asDanaWrite.body.message, /User "dana" cannot delete/);
});

t.test("SelfSubjectAccessReview answers for non-resource URLs and subresources", async (t) => {
  const { json } = world();
  const ssar = (token: string, spec: unknown) => json("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", { token, body: { spec } });
  t.equal((await ssar("dev", { nonResourceAttributes: { path: "/version", verb: "get" } })).body.status.allowed, true);
  t.equal((await ssar("dev", { nonResourceAttributes: { path: "/metrics", verb: "get" } })).body.status.allowed, false);
  t.equal((await ssar("ops", { resourceAttributes: { verb: "create", resource: "pods", subresource: "exec", namespace: "shop" } })).body.status.allowed, true);
  t.equal((await ssar("dev", { resourceAttributes: { verb: "create", resource: "pods", subresource: "exec", namespace: "shop" } })).body.status.allowed, false);
});
