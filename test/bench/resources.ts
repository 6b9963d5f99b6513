/**
 * Resource API benchmark (figures, never assertions):
 * - list latency through Periscope (HTTP → app → kube client → simulator over HTTPS) vs the same Table list
 *   straight from the simulator with the same client, p50/p95 and their ratio, for 100 and 5,000 pods, once
 *   with bare pods and once with pods as a cluster stores them (plus a browser-like client's p50, with gzip);
 * - fleet latency for 10 clusters with one dead;
 * - server RSS (a real `node server/main.ts` on the demo cluster) idle and after 1,000 list calls.
 *
 * Run alone: `node test/bench/resources.ts` (prints JSON).
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createApp } from "../../server/app.ts";
import { setIdentity } from "../../server/auth/identity.ts";
import { TABLE_ACCEPT } from "../../server/clusters/kube-client.ts";
import { createClusterRegistry } from "../../server/clusters/registry.ts";
import type { ClusterConfig } from "../../server/config/schema/clusters.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { pod, replicaSetPod } from "../api/fixtures.ts";
import { USERS, startHarness } from "../api/harness.ts";
import { listeningPort, startChild } from "../support/runtimes.ts";

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
};

async function time(n: number, fn: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function timeInterleaved(n: number, fns: Array<() => Promise<void>>): Promise<number[][]> {
  // Warm the JIT on every path first: the figures are for a running server, not a cold start.
  for (let i = 0; i < Math.min(30, n); i++) for (const fn of fns) await fn();
  const out = fns.map((): number[] => []);
  for (let i = 0; i < n; i++) {
    for (const [k, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      out[k]!.push(performance.now() - t0);
    }
  }
  return out;
}

/**
 * `bare` pods carry only name, namespace, labels, uid and timestamps; `replicaSet` pods carry the metadata a real
 * cluster stores (owner, annotations, managedFields: ~2.5 KB each, all sent in the Table's row objects).
 */
async function listLatency(pods: number, iterations: number, shape: "bare" | "replicaSet" = "bare"): Promise<Record<string, number | string>> {
  const make = (i: number) => (shape === "bare" ? pod("bench", `pod-${i}`, { app: `app-${i % 20}` }) : replicaSetPod("bench", `pod-${i}`, `app-${i % 20}`, i));
  const seed = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "bench" } }, ...Array.from({ length: pods }, (_, i) => make(i))];
  const h = await startHarness({ simulator: { seed } });
  const platform = await loadPlatform();
  const log = createLogger("error", () => undefined);
  const app = createApp({ log, platform, clusters: h.clusters, middleware: [(ctx, next) => (setIdentity(ctx, USERS.admin), next())] });
  const server = await platform.serve(app.handle, { hostname: "127.0.0.1", port: 0 });
  try {
    const simFetch = platform.createFetch({ ca: h.sim.caCert });
    const headers = { authorization: `Bearer ${h.sim.tokens.impersonator}`, accept: TABLE_ACCEPT, "impersonate-user": USERS.admin.kube!.user, "impersonate-group": USERS.admin.kube!.groups[0]! };
    // Interleaved, so drift (GC, the simulator's own state) hits all sides alike. `direct` and `periscope` use the
    // same client (node:http, keep-alive, no gzip), so the ratio is what Periscope adds. `browserLike` is the
    // global fetch asking for gzip, as a browser does: it adds the gzip on both ends and undici's own cost, and
    // has no direct twin (the simulator does not gzip), so it is a figure, not a ratio.
    const listUrl = `http://127.0.0.1:${server.port}/api/clusters/test/resources/pods?namespace=bench`;
    const [direct = [], periscope = [], browserLike = []] = await timeInterleaved(iterations, [
      async () => void (await (await simFetch(`${h.sim.url}/api/v1/namespaces/bench/pods?includeObject=Metadata`, { headers })).arrayBuffer()),
      async () => void (await (await simFetch(listUrl)).arrayBuffer()),
      async () => void (await (await fetch(listUrl)).arrayBuffer()),
    ]);
    const ratio = (p: number) => Math.round((pct(periscope, p) / pct(direct, p)) * 100) / 100;
    return {
      pods,
      shape,
      iterations,
      directP50Ms: pct(direct, 50),
      directP95Ms: pct(direct, 95),
      periscopeP50Ms: pct(periscope, 50),
      periscopeP95Ms: pct(periscope, 95),
      ratioP50: ratio(50),
      ratioP95: ratio(95),
      browserLikeP50Ms: pct(browserLike, 50),
    };
  } finally {
    await server.close(100);
    await h.close();
  }
}

async function fleetLatency(iterations: number): Promise<Record<string, number>> {
  const h = await startHarness({ sims: 9, simulator: { seed: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "bench" } }, ...Array.from({ length: 50 }, (_, i) => pod("bench", `p-${i}`))] } });
  const platform = await loadPlatform();
  const dead = join(h.dir, "kubeconfig-dead");
  await writeFile(dead, h.sim.kubeconfig.replace(h.sim.url, "https://127.0.0.1:9"));
  const configs: ClusterConfig[] = h.sims.map((_, i) => ({ name: `c${i}`, backend: "kubeconfig", kubeconfigPath: join(h.dir, `kubeconfig-${i}`), kubeconfigContext: "impersonator" }));
  configs.push({ name: "dead", backend: "kubeconfig", kubeconfigPath: dead, kubeconfigContext: "impersonator" });
  const log = createLogger("error", () => undefined);
  const clusters = await createClusterRegistry(configs, { platform, log, env: {}, configSource: "bench" });
  const app = createApp({ log, platform, clusters, middleware: [(ctx, next) => (setIdentity(ctx, USERS.admin), next())] });
  try {
    const samples = await time(iterations, async () => {
      const res = await app.handle(new Request("http://bench/api/fleet"), { remoteAddress: "bench" });
      await res.arrayBuffer();
    });
    return { clusters: configs.length, dead: 1, iterations, p50Ms: pct(samples, 50), p95Ms: pct(samples, 95) };
  } finally {
    await clusters.close();
    await h.close();
  }
}

async function rss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function serverMemory(calls: number): Promise<Record<string, number>> {
  const child = startChild("node", "server/main.ts", { env: { PORT: "0", PERISCOPE_HOST: "127.0.0.1", PERISCOPE_LOG_LEVEL: "info" } });
  try {
    const port = await listeningPort(child, 30_000);
    if (port === 0) throw new Error(`server did not start: ${child.stderr().slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 1000));
    const idle = await rss(child.process.pid!);
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/api/clusters/demo/resources/pods`);
      await res.arrayBuffer();
    }
    const seconds = (performance.now() - t0) / 1000;
    return { idleRssMB: idle, afterCallsRssMB: await rss(child.process.pid!), calls, listsPerSecond: Math.round(calls / seconds) };
  } finally {
    child.process.kill("SIGTERM");
  }
}

export async function resourcesBench(options: { iterations?: number; calls?: number } = {}): Promise<Record<string, unknown>> {
  const iterations = options.iterations ?? 40;
  return {
    list100: await listLatency(100, iterations * 5),
    list5000: await listLatency(5_000, iterations), // 40 by default: GC pauses make 20 samples swing ±0.1 in the ratio
    list100ReplicaSetPods: await listLatency(100, iterations * 5, "replicaSet"),
    list5000ReplicaSetPods: await listLatency(5_000, Math.max(10, Math.round(iterations / 2)), "replicaSet"),
    fleet10OneDead: await fleetLatency(Math.max(5, Math.round(iterations / 4))),
    serverMemory: await serverMemory(options.calls ?? 1_000),
  };
}

if (import.meta.main) {
  console.log(JSON.stringify(await resourcesBench(), null, 2));
}
