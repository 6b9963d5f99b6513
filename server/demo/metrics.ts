/**
 * `metrics.k8s.io/v1beta1` as metrics-server serves it: NodeMetrics and PodMetrics (list, get; pods per
 * namespace), with usage derived from the world — a steady fraction of each container's requests that
 * drifts slowly over time, nodes summing their pods plus system overhead. Unreachable nodes and pods that
 * are not running have no metrics, as with the real thing.
 */
import type { ApiGroupHook, GroupRequest } from "./hooks.ts";
import { labelMatcher } from "./selectors.ts";
import { jsonResponse, statusResponse, notFoundError } from "./status.ts";
import type { Store } from "./store.ts";
import type { KubeObject } from "./types.ts";
import { hashString } from "./world/random.ts";

const API_VERSION = "metrics.k8s.io/v1beta1";

export interface MetricsOptions {
  now?: () => number;
}

interface Usage {
  cpuNano: number;
  memoryBytes: number;
}

const rec = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Kubernetes quantity → number (cores for cpu, bytes for memory). Unknown forms count as 0. */
export function parseQuantity(q: unknown): number {
  if (typeof q === "number") return q;
  if (typeof q !== "string") return 0;
  const m = /^([0-9.]+)(n|u|m|k|Ki|Mi|Gi|Ti|M|G|T)?$/.exec(q.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  const unit = m[2] ?? "";
  const factor: Record<string, number> = { "": 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  return n * (factor[unit] ?? 0);
}

const fmt = (u: Usage) => ({ cpu: `${Math.round(u.cpuNano)}n`, memory: `${Math.round(u.memoryBytes / 1024)}Ki` });
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

function nodeReady(node: KubeObject): boolean {
  return arr(rec(node.status).conditions).some((c) => rec(c).type === "Ready" && rec(c).status === "True");
}

/** Usage of one container: 20–90% of its request (cpu) / 40–95% (memory), drifting on a 10-minute cycle. */
function containerUsage(podKey: string, container: Record<string, unknown>, now: number): Usage {
  const requests = rec(rec(container.resources).requests);
  const seed = hashString(`${podKey}/${String(container.name)}`);
  const phase = ((seed % 1000) / 1000) * 2 * Math.PI;
  const wave = 1 + 0.15 * Math.sin(now / 95_493 + phase); // ~10 minute period
  const cpuReq = parseQuantity(requests.cpu) || 0.05;
  const memReq = parseQuantity(requests.memory) || 64 * 1024 ** 2;
  const cpuFrac = 0.2 + ((seed >>> 10) % 700) / 1000;
  const memFrac = 0.4 + ((seed >>> 20) % 550) / 1000;
  return { cpuNano: cpuReq * cpuFrac * wave * 1e9, memoryBytes: memReq * memFrac * (1 + (wave - 1) / 4) };
}

function runningContainers(pod: KubeObject): Array<Record<string, unknown>> {
  if (rec(pod.status).phase !== "Running") return [];
  const running = new Set(arr(rec(pod.status).containerStatuses).filter((s) => rec(rec(s).state).running).map((s) => rec(s).name));
  return arr(rec(pod.spec).containers).map(rec).filter((c) => running.has(c.name));
}

interface Snapshot {
  nodes: Map<string, { node: KubeObject; usage: Usage }>;
  pods: Array<{ pod: KubeObject; containers: Array<{ name: string; usage: Usage }> }>;
}

function snapshot(store: Store, now: number): Snapshot {
  const nodeType = store.types.find("", "nodes")!;
  const podType = store.types.find("", "pods")!;
  const nodes = new Map<string, { node: KubeObject; usage: Usage }>();
  for (const node of store.list(nodeType)) {
    if (!nodeReady(node)) continue;
    const seed = hashString(node.metadata.name!);
    // Kubelet, runtime and system daemons.
    nodes.set(node.metadata.name!, { node, usage: { cpuNano: (80 + (seed % 120)) * 1e6, memoryBytes: (700 + (seed % 400)) * 1024 ** 2 } });
  }
  const pods: Snapshot["pods"] = [];
  for (const pod of store.list(podType)) {
    const host = nodes.get(String(rec(pod.spec).nodeName ?? ""));
    if (!host) continue;
    const containers = runningContainers(pod).map((c) => ({ name: String(c.name), usage: containerUsage(pod.metadata.uid ?? pod.metadata.name!, c, now) }));
    if (containers.length === 0) continue;
    for (const c of containers) {
      host.usage.cpuNano += c.usage.cpuNano;
      host.usage.memoryBytes += c.usage.memoryBytes;
    }
    pods.push({ pod, containers });
  }
  return { nodes, pods };
}

function nodeMetrics(entry: { node: KubeObject; usage: Usage }, now: number): Record<string, unknown> {
  return {
    kind: "NodeMetrics",
    apiVersion: API_VERSION,
    metadata: { name: entry.node.metadata.name, creationTimestamp: iso(now), labels: entry.node.metadata.labels ?? {} },
    timestamp: iso(now - 7_000),
    window: "20.05s",
    usage: fmt(entry.usage),
  };
}

function podMetrics(entry: Snapshot["pods"][number], now: number): Record<string, unknown> {
  return {
    kind: "PodMetrics",
    apiVersion: API_VERSION,
    metadata: { name: entry.pod.metadata.name, namespace: entry.pod.metadata.namespace, creationTimestamp: iso(now), labels: entry.pod.metadata.labels ?? {} },
    timestamp: iso(now - 9_000),
    window: "18.334s",
    containers: entry.containers.map((c) => ({ name: c.name, usage: fmt(c.usage) })),
  };
}

export function handleMetrics(req: GroupRequest, options: MetricsOptions = {}): Response {
  const now = (options.now ?? Date.now)();
  const snap = snapshot(req.store, now);
  const matches = labelMatcher(req.url.searchParams.get("labelSelector"));
  const list = (kind: string, items: Record<string, unknown>[]) => jsonResponse({ kind, apiVersion: API_VERSION, metadata: {}, items });
  if (req.resource === "nodes") {
    if (req.name) {
      const entry = snap.nodes.get(req.name);
      if (!entry) return statusResponse(notFoundError("metrics.k8s.io", "nodemetrics", req.name));
      return jsonResponse(nodeMetrics(entry, now));
    }
    return list("NodeMetricsList", [...snap.nodes.values()].filter((e) => matches(e.node)).map((e) => nodeMetrics(e, now)));
  }
  const inScope = snap.pods.filter((e) => !req.namespace || e.pod.metadata.namespace === req.namespace);
  if (req.name) {
    const entry = inScope.find((e) => e.pod.metadata.name === req.name);
    if (!entry) return statusResponse(notFoundError("metrics.k8s.io", "podmetrics", req.name));
    return jsonResponse(podMetrics(entry, now));
  }
  return list("PodMetricsList", inScope.filter((e) => matches(e.pod)).map((e) => podMetrics(e, now)));
}

/** The metrics.k8s.io/v1beta1 group for `sim.addApiGroup`. */
export function metricsApiGroup(options: MetricsOptions = {}): ApiGroupHook {
  return {
    group: "metrics.k8s.io",
    version: "v1beta1",
    resources: [
      { name: "nodes", kind: "NodeMetrics", namespaced: false, singularName: "" },
      { name: "pods", kind: "PodMetrics", namespaced: true, singularName: "" },
    ],
    handle: (req) => handleMetrics(req, options),
  };
}
