import t from "tap";
import { AppError } from "../../server/http/errors.ts";
import { startHarness, USERS } from "../api/harness.ts";
import { pod } from "../api/fixtures.ts";
import type { Identity } from "../../server/auth/identity.ts";

const h = await startHarness({ simulator: { seed: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }, pod("shop", "a")] } });
t.teardown(() => h.close());

const whoami = async (identity: Identity | undefined, requestId?: string) => {
  const body = (await h.clusters.client("test", identity, requestId).json({
    method: "POST",
    path: "/apis/authentication.k8s.io/v1/selfsubjectreviews",
    contentType: "application/json",
    body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }),
  })) as { status: { userInfo: { username: string; groups: string[]; extra?: Record<string, string[]> } } };
  return body.status.userInfo;
};

t.test("the apiserver sees the user, the tier group and the request id", async (t) => {
  const user = await whoami(USERS.writer, "req-1234");
  t.equal(user.username, "writer@example.com");
  t.same(user.groups.filter((g) => g.startsWith("periscope-")), ["periscope-tier:write"]);
  t.same(user.extra, { "periscope-request-id": ["req-1234"] });
});

t.test("shared mode: no impersonation, the console's own identity acts (and may only impersonate)", async (t) => {
  const shared: Identity = { ...USERS.reader, authzMode: "shared", kube: undefined };
  const user = await whoami(shared, "req-1");
  t.equal(user.username, "system:serviceaccount:periscope:periscope");
  t.equal(user.extra, undefined);
  const error = await h.clusters.client("test", shared).json({ path: "/api/v1/namespaces/shop/pods" }).catch((e: unknown) => e);
  t.ok(error instanceof AppError);
  t.equal((error as AppError).status, 403);
  t.match((error as AppError).message, /User "system:serviceaccount:periscope:periscope" cannot list resource "pods"/);
});

t.test("errors keep the apiserver's class: 404, 5xx → 502, timeout → 504", async (t) => {
  const client = h.clusters.client("test", USERS.reader, "r");
  const missing = (await client.json({ path: "/api/v1/namespaces/shop/pods/nope" }).catch((e: unknown) => e)) as AppError;
  t.same([missing.status, missing.code, missing.message], [404, "not_found", 'pods "nope" not found']);
  h.sim.sim.faults.failNext(1, 500);
  const failed = (await client.json({ path: "/api/v1/namespaces/shop/pods" }).catch((e: unknown) => e)) as AppError;
  t.same([failed.status, failed.code], [502, "cluster_error"]);
  t.match(failed.message, /^cluster test: /);
  h.sim.sim.faults.set({ latencyMs: 400 });
  const slow = (await client.json({ path: "/api/v1/namespaces/shop/pods", timeoutMs: 50 }).catch((e: unknown) => e)) as AppError;
  h.sim.sim.faults.set({ latencyMs: 0 });
  t.same([slow.status, slow.code, slow.message], [504, "cluster_timeout", "cluster test did not answer in time"]);
});

t.test("a console identity without the impersonator role is an operator error, not the user's 403", async (t) => {
  const { createClusterRegistry } = await import("../../server/clusters/registry.ts");
  const { loadPlatform } = await import("../../server/platform/load.ts");
  const { createLogger } = await import("../../server/http/log.ts");
  const r = await createClusterRegistry([{ name: "noimp", backend: "kubeconfig", kubeconfigPath: h.kubeconfigPath, kubeconfigContext: "viewer" }], {
    platform: await loadPlatform(),
    log: createLogger("error", () => undefined),
    env: {},
    configSource: "t",
  });
  t.teardown(() => r.close());
  const error = (await r.client("noimp", USERS.reader).json({ path: "/api/v1/namespaces/shop/pods" }).catch((e: unknown) => e)) as AppError;
  t.same([error.status, error.code], [502, "impersonation_refused"]);
  t.match(error.message, /^cluster noimp refused Periscope's impersonation .*User "viewer" cannot impersonate resource "users"/);
});
