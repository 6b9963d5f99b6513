import t from "tap";
import { createApp } from "../../server/app.ts";
import { setIdentity } from "../../server/auth/identity.ts";
import type { Identity } from "../../server/auth/identity.ts";
import { createDemoBackend } from "../../server/clusters/demo.ts";
import { createClusterRegistry } from "../../server/clusters/registry.ts";
import { AppError } from "../../server/http/errors.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { USERS } from "../api/harness.ts";

const platform = await loadPlatform();
const log = createLogger("error", () => undefined);
const deps = { platform, log, env: {}, configSource: "(built-in demo)" };
const clusters = await createClusterRegistry([{ name: "demo", backend: "demo" }], deps, {
  demo: (config, d) => createDemoBackend(config, d, { world: { seed: "demo-test" }, churn: false }),
});
t.teardown(() => clusters.close());
let who: Identity = USERS.admin;
const app = createApp({ log, platform, clusters, middleware: [(ctx, next) => (setIdentity(ctx, who), next())] });
const get = async (identity: Identity, path: string) => {
  who = identity;
  const res = await app.handle(new Request(`http://periscope.test${path}`), { remoteAddress: "x" });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

t.test("the console's own identity may only impersonate", async (t) => {
  const shared: Identity = { ...USERS.admin, authzMode: "shared", kube: undefined };
  const error = (await clusters.client("demo", shared).json({ path: "/api/v1/pods" }).catch((e: unknown) => e)) as AppError;
  t.ok(error instanceof AppError);
  t.equal(error.status, 403);
  t.match(error.message, /User "system:serviceaccount:periscope:impersonator" cannot list resource "pods"/);
});

t.test("tiers come from the world's RBAC: admin sees everything, read cannot read secrets", async (t) => {
  const pods = await get(USERS.admin, "/api/clusters/demo/resources/pods");
  t.equal(pods.status, 200);
  t.ok(pods.body.rows.length >= 40, "a realistic world");
  const statuses = new Set(pods.body.rows.map((r: { cells: unknown[] }) => r.cells[2]));
  t.ok(statuses.has("CrashLoopBackOff") && statuses.has("ImagePullBackOff"), "troubled pods included");
  t.equal((await get(USERS.reader, "/api/clusters/demo/resources/pods")).status, 200);
  const secrets = await get(USERS.reader, "/api/clusters/demo/resources/secrets");
  t.equal(secrets.status, 403);
  t.match(secrets.body.message, /User "reader@example\.com" cannot list resource "secrets"/);
});

t.test("fleet, metrics and Helm on the demo cluster", async (t) => {
  const fleet = await get(USERS.admin, "/api/fleet");
  const demo = fleet.body.clusters[0];
  t.ok(["healthy", "degraded"].includes(demo.status));
  t.ok(demo.signals.some((s: { reason: string }) => s.reason === "CrashLoopBackOff"));
  const nodes = await get(USERS.admin, "/api/clusters/demo/metrics/nodes");
  t.equal(nodes.body.available, true);
  t.ok(nodes.body.items.every((n: { cpuMillicores: number; memoryBytes: number }) => n.cpuMillicores > 0 && n.memoryBytes > 0));
  const pods = await get(USERS.reader, "/api/clusters/demo/metrics/pods?namespace=shop");
  t.equal(pods.body.available, true);
  t.ok(pods.body.items.length > 0);
  t.ok(pods.body.items[0].containers.length > 0);
  const helm = await get(USERS.admin, "/api/clusters/demo/helm/releases");
  t.equal(helm.body.driver, "secrets");
  t.ok(helm.body.releases.length >= 3);
});
