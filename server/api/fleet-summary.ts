/** Turns a cluster's node and pod lists into the fleet card numbers: readiness, phases, hot signals. */
import { isRecord } from "./object-view.ts";

export const HOT_WAITING = new Set([
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "CreateContainerConfigError",
  "CreateContainerError",
  "InvalidImageName",
  "RunContainerError",
]);

export interface HotSignal {
  reason: string;
  count: number;
  /** Up to five affected pods. */
  examples: Array<{ namespace: string; name: string }>;
}

export interface NodeSummary {
  total: number;
  ready: number;
}

export interface PodSummary {
  total: number;
  byPhase: Record<string, number>;
}

const items = (list: unknown): Record<string, unknown>[] => (isRecord(list) && Array.isArray(list.items) ? list.items.filter(isRecord) : []);
const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});

export function summarizeNodes(list: unknown): NodeSummary {
  const nodes = items(list);
  const ready = nodes.filter((n) => {
    const conditions = rec(n.status).conditions;
    return Array.isArray(conditions) && conditions.some((c) => isRecord(c) && c.type === "Ready" && c.status === "True");
  }).length;
  return { total: nodes.length, ready };
}

export function summarizePods(list: unknown): { pods: PodSummary; signals: HotSignal[] } {
  const pods = items(list);
  const byPhase: Record<string, number> = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0, Unknown: 0 };
  const signals = new Map<string, HotSignal>();
  const hit = (reason: string, pod: Record<string, unknown>) => {
    const meta = rec(pod.metadata);
    const s = signals.get(reason) ?? { reason, count: 0, examples: [] };
    s.count++;
    if (s.examples.length < 5) s.examples.push({ namespace: String(meta.namespace ?? ""), name: String(meta.name ?? "") });
    signals.set(reason, s);
  };
  for (const pod of pods) {
    const status = rec(pod.status);
    const phase = typeof status.phase === "string" ? status.phase : "Unknown";
    byPhase[phase] = (byPhase[phase] ?? 0) + 1;
    const reasons = new Set<string>();
    if (status.reason === "Evicted") reasons.add("Evicted");
    const conditions = Array.isArray(status.conditions) ? status.conditions : [];
    if (conditions.some((c) => isRecord(c) && c.type === "PodScheduled" && c.status === "False" && c.reason === "Unschedulable")) reasons.add("Unschedulable");
    for (const list of [status.initContainerStatuses, status.containerStatuses]) {
      for (const cs of Array.isArray(list) ? list.filter(isRecord) : []) {
        const waiting = rec(rec(cs.state).waiting).reason;
        if (typeof waiting === "string" && HOT_WAITING.has(waiting)) reasons.add(waiting);
        if (rec(rec(cs.lastState).terminated).reason === "OOMKilled" || rec(rec(cs.state).terminated).reason === "OOMKilled") reasons.add("OOMKilled");
      }
    }
    for (const reason of reasons) hit(reason, pod);
  }
  return { pods: { total: pods.length, byPhase }, signals: [...signals.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)) };
}
