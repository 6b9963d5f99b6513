import t from "tap";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadPlatform } from "../../server/platform/load.ts";
import { apiFixtures, node } from "./fixtures.ts";
import { startHarness } from "./harness.ts";

/** A port that was just listening and is now closed: connections are refused. */
async function deadPort(): Promise<number> {
  const platform = await loadPlatform();
  const server = await platform.serve(() => new Response("x"), { hostname: "127.0.0.1", port: 0 });
  const port = server.port;
  await server.close(0);
  return port;
}

const h = await startHarness({ sims: 2, simulator: { seed: apiFixtures() } });
t.teardown(() => h.close());
h.sims[1]!.sim.seed([node("node-3", false)]);
const deadConfig = join(h.dir, "kubeconfig-dead");
await writeFile(deadConfig, h.sim.kubeconfig.replace(h.sim.url, `https://127.0.0.1:${await deadPort()}`));

// A registry with healthy, slow and dead clusters, built from the same harness pieces.
const { createClusterRegistry } = await import("../../server/clusters/registry.ts");
const { createApp } = await import("../../server/app.ts");
const { createLogger } = await import("../../server/http/log.ts");
const { setIdentity } = await import("../../server/auth/identity.ts");
const { USERS } = await import("./harness.ts");
const platform = await loadPlatform();
const log = createLogger("error", () => undefined);
const kube = (name: string, path: string) => ({ name, backend: "kubeconfig" as const, kubeconfigPath: path, kubeconfigContext: "impersonator", environment: name === "dead" ? "dr" : "prod" });
const clusters = await createClusterRegistry([kube("healthy", h.kubeconfigPath), kube("slow", join(h.dir, "kubeconfig-1")), kube("dead", deadConfig)], { platform, log, env: {}, configSource: "test" });
t.teardown(() => clusters.close());
const app = createApp({ log, platform, clusters, middleware: [(ctx, next) => (setIdentity(ctx, USERS.admin), next())] });
const fleet = async (query: string) => {
  const res = await app.handle(new Request(`http://periscope.test/api/fleet${query}`), { remoteAddress: "127.0.0.1" });
  return (await res.json()) as { clusters: Array<Record<string, any>>; environments: Record<string, string[]>; budgetMs: number };
};
const byName = (body: { clusters: Array<Record<string, any>> }) => Object.fromEntries(body.clusters.map((c) => [c.name, c]));

t.test("healthy, degraded and dead clusters each get their own state", async (t) => {
  const body = await fleet("?timeoutMs=3000&budgetMs=8000");
  const c = byName(body);
  t.equal(c.healthy.status, "healthy");
  t.same(c.healthy.nodes, { total: 2, ready: 2 });
  t.same(c.healthy.pods.byPhase, { Running: 3, Pending: 1, Succeeded: 0, Failed: 0, Unknown: 0 });
  t.same(c.healthy.signals.map((s: { reason: string; count: number }) => [s.reason, s.count]), [["CrashLoopBackOff", 1], ["ImagePullBackOff", 1], ["OOMKilled", 1]]);
  t.same(c.healthy.signals[0].examples, [{ namespace: "shop", name: "worker-1" }]);
  t.equal(c.slow.status, "degraded", "a not-ready node degrades");
  t.equal(c.slow.message, "1 of 3 nodes not ready");
  t.equal(c.dead.status, "unreachable");
  t.match(c.dead.message, /cluster dead is unreachable/);
  t.same(body.environments, { prod: ["healthy", "slow"], dr: ["dead"] });
  t.notMatch(JSON.stringify(body), /kubeconfig-|periscope-api-/, "no file paths");
});

t.test("a slow cluster times out on its own; past the budget it is reported unknown", async (t) => {
  h.sims[1]!.sim.faults.set({ latencyMs: 1500 });
  t.teardown(() => h.sims[1]!.sim.faults.set({ latencyMs: 0 }));
  const timedOut = byName(await fleet("?timeoutMs=300&budgetMs=10000"));
  t.equal(timedOut.healthy.status, "healthy");
  t.equal(timedOut.slow.status, "unreachable");
  t.equal(timedOut.slow.message, "cluster slow did not answer in time");
  const budget = await fleet("?timeoutMs=10000&budgetMs=400");
  const c = byName(budget);
  t.equal(c.healthy.status, "healthy", "the healthy cluster answered within the budget");
  t.equal(c.dead.status, "unreachable");
  t.equal(c.slow.status, "unknown");
  t.equal(c.slow.message, "no answer within the 400 ms budget");
});

t.test("RBAC refusals: a namespace-limited view is not a broken cluster", async (t) => {
  const readerApp = createApp({ log, platform, clusters, middleware: [(ctx, next) => (setIdentity(ctx, USERS.reader), next())] });
  const res = await readerApp.handle(new Request("http://periscope.test/api/fleet?budgetMs=8000"), { remoteAddress: "x" });
  const c = byName((await res.json()) as { clusters: Array<Record<string, any>> });
  t.equal(c.healthy.status, "healthy");
  t.same(c.healthy.notPermitted, ["nodes"]);
  t.equal(c.healthy.pods.total, 4);
});

t.test("can-i fails closed when the cluster cannot answer", async (t) => {
  const res = await app.handle(
    new Request("http://periscope.test/api/clusters/dead/can-i", { method: "POST", body: JSON.stringify({ checks: [{ verb: "get", resource: "pods", namespace: "a" }] }), headers: { "content-type": "application/json" } }),
    { remoteAddress: "x" },
  );
  const body = (await res.json()) as { results: Array<{ allowed: boolean; reason: string }> };
  t.equal(body.results[0]!.allowed, false);
  t.match(body.results[0]!.reason, /denied to be safe/);
});
