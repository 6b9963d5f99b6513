/**
 * GET /api/clusters/{c}/metrics/nodes  and  …/metrics/pods?namespace=  — usage from metrics.k8s.io when the
 * cluster serves it ({available: false} otherwise). CPU in millicores, memory in bytes.
 */
import type { RouteHandler } from "../http/context.ts";
import { AppError, badRequest } from "../http/errors.ts";
import { clusterCall, json } from "./cluster-deps.ts";
import type { ClusterApiDeps } from "./cluster-deps.ts";
import { isRecord } from "./object-view.ts";

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes quantity ("250m", "1.5Gi", "12345n") as a number of base units; NaN when unreadable. */
export function parseQuantity(q: unknown): number {
  if (typeof q !== "string") return Number.NaN;
  const m = /^([+-]?\d+(?:\.\d+)?)(?:[eE]([+-]?\d+))?([a-zA-Z]{0,2})$/.exec(q.trim());
  if (!m) return Number.NaN;
  const factor = SUFFIX[m[3] ?? ""];
  if (factor === undefined) return Number.NaN;
  return Number(m[1]) * 10 ** Number(m[2] ?? 0) * factor;
}

interface Usage {
  cpuMillicores: number;
  memoryBytes: number;
}

const usage = (u: unknown): Usage => {
  const r = isRecord(u) ? u : {};
  return { cpuMillicores: Math.round(parseQuantity(r.cpu) * 1000) || 0, memoryBytes: Math.round(parseQuantity(r.memory)) || 0 };
};

export function metrics(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { client } = clusterCall(ctx, deps);
    const target = ctx.params.target;
    if (target !== "nodes" && target !== "pods") throw badRequest("metrics are for nodes or pods");
    const namespace = target === "pods" ? ctx.url.searchParams.get("namespace") || undefined : undefined;
    const path = `/apis/metrics.k8s.io/v1beta1${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ""}/${target}`;
    let body: unknown;
    try {
      body = await client.json({ path, timeoutMs: 8_000 });
    } catch (error) {
      if (error instanceof AppError && (error.status === 404 || error.status === 503 || error.code === "cluster_error")) {
        return json({ cluster: client.cluster, available: false, items: [] });
      }
      throw error;
    }
    const items = (isRecord(body) && Array.isArray(body.items) ? body.items : []).filter(isRecord).map((item) => {
      const meta = isRecord(item.metadata) ? item.metadata : {};
      const base = { name: String(meta.name ?? ""), namespace: typeof meta.namespace === "string" ? meta.namespace : undefined, timestamp: item.timestamp };
      if (target === "nodes") return { ...base, ...usage(item.usage) };
      const containers = (Array.isArray(item.containers) ? item.containers : []).filter(isRecord).map((c) => ({ name: String(c.name ?? ""), ...usage(c.usage) }));
      const total = containers.reduce((a, c) => ({ cpuMillicores: a.cpuMillicores + c.cpuMillicores, memoryBytes: a.memoryBytes + c.memoryBytes }), { cpuMillicores: 0, memoryBytes: 0 });
      return { ...base, ...total, containers };
    });
    return json({ cluster: client.cluster, available: true, items });
  };
}
