/**
 * core/v1 Events as kubelet, scheduler and controllers write them, and the initial set that explains the
 * world's trouble spots (BackOff, Failed pulls, FailedScheduling, NodeNotReady, job outcomes).
 */
import type { KubeObject } from "../types.ts";
import type { WorldBuilder } from "./builder.ts";
import { MINUTE } from "./builder.ts";
import type { Random } from "./random.ts";

export interface EventSpec {
  involved: KubeObject;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  component: string;
  host?: string;
  fieldPath?: string;
  count?: number;
  firstAgoMs?: number;
  lastAgoMs?: number;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

export function makeEvent(spec: EventSpec, rng: Random, now: number): KubeObject {
  const o = spec.involved;
  const last = now - (spec.lastAgoMs ?? 0);
  const first = now - (spec.firstAgoMs ?? spec.lastAgoMs ?? 0);
  const hex = Array.from({ length: 16 }, () => rng.int(0, 15).toString(16)).join("");
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${o.metadata.name}.${hex}`, namespace: o.metadata.namespace ?? "default", creationTimestamp: iso(first), uid: rng.uuid() },
    involvedObject: {
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.metadata.name,
      ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      uid: o.metadata.uid,
      ...(spec.fieldPath ? { fieldPath: spec.fieldPath } : {}),
    },
    reason: spec.reason,
    message: spec.message,
    source: { component: spec.component, ...(spec.host ? { host: spec.host } : {}) },
    firstTimestamp: iso(first),
    lastTimestamp: iso(last),
    count: spec.count ?? 1,
    type: spec.type,
    eventTime: null,
    reportingComponent: spec.component,
    reportingInstance: spec.host ?? "",
  } as KubeObject;
}

interface PodView {
  spec: { nodeName?: string; containers: Array<{ name: string; image: string }> };
  status: { phase: string; containerStatuses?: Array<{ name: string; restartCount: number; state: { waiting?: { reason: string } }; lastState?: { terminated?: { reason: string } } }> };
}

/** Events that explain each pod's state (for all troubled pods; for a sample of healthy ones). */
export function podEvents(b: WorldBuilder, pod: KubeObject, includeHealthy: boolean): void {
  const v = pod as unknown as PodView;
  const host = v.spec.nodeName;
  const c = v.spec.containers[0]!;
  const cs = v.status.containerStatuses?.[0];
  const field = `spec.containers{${c.name}}`;
  const add = (e: Omit<EventSpec, "involved">) => b.add(makeEvent({ involved: pod, ...e }, b.rng, b.now));
  const age = b.now - Date.parse(pod.metadata.creationTimestamp!);
  if (!host) {
    const n = b.objects.filter((o) => o.kind === "Node").length;
    add({ type: "Warning", reason: "FailedScheduling", message: `0/${n} nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, ${n - 1} Insufficient memory. preemption: 0/${n} nodes are available: 1 Preemption is not helpful for scheduling, ${n - 1} No preemption victims found for incoming pod.`, component: "default-scheduler", count: 1, lastAgoMs: 2 * MINUTE, firstAgoMs: Math.min(age, 50 * MINUTE) });
    return;
  }
  const waiting = cs?.state.waiting?.reason;
  if (waiting === "CrashLoopBackOff") {
    const oom = cs!.lastState?.terminated?.reason === "OOMKilled";
    add({ type: "Normal", reason: "Pulled", message: `Container image "${c.image}" already present on machine`, component: "kubelet", host, fieldPath: field, count: cs!.restartCount, lastAgoMs: 3 * MINUTE + 41_000, firstAgoMs: age });
    add({ type: "Warning", reason: "BackOff", message: `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, component: "kubelet", host, fieldPath: field, count: cs!.restartCount * 9 + 3, lastAgoMs: 20_000, firstAgoMs: age - MINUTE });
    if (oom) add({ type: "Warning", reason: "OOMKilling", message: `Memory cgroup out of memory: Killed process ${b.rng.int(2000, 40000)} (java) total-vm:${b.rng.int(2, 4)}123456kB, anon-rss:524288kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:1320kB oom_score_adj:999`, component: "kernel-monitor", host, count: cs!.restartCount, lastAgoMs: 3 * MINUTE, firstAgoMs: age - 2 * MINUTE });
    return;
  }
  if (waiting === "ImagePullBackOff") {
    add({ type: "Normal", reason: "Pulling", message: `Pulling image "${c.image}"`, component: "kubelet", host, fieldPath: field, count: 12, lastAgoMs: 4 * MINUTE, firstAgoMs: age });
    add({ type: "Warning", reason: "Failed", message: `Failed to pull image "${c.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${c.image}": failed to resolve reference "${c.image}": not found`, component: "kubelet", host, fieldPath: field, count: 12, lastAgoMs: 4 * MINUTE, firstAgoMs: age });
    add({ type: "Warning", reason: "Failed", message: "Error: ImagePullBackOff", component: "kubelet", host, fieldPath: field, count: 230, lastAgoMs: 15_000, firstAgoMs: age });
    return;
  }
  if (waiting === "ContainerCreating") {
    add({ type: "Normal", reason: "Scheduled", message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${host}`, component: "default-scheduler", lastAgoMs: age });
    add({ type: "Warning", reason: "FailedMount", message: `MountVolume.SetUp failed for volume "settings" : configmap "${c.name}-settings" not found`, component: "kubelet", host, count: 14, lastAgoMs: 40_000, firstAgoMs: age });
    return;
  }
  if (!includeHealthy) return;
  add({ type: "Normal", reason: "Scheduled", message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${host}`, component: "default-scheduler", lastAgoMs: age });
  add({ type: "Normal", reason: "Pulled", message: `Container image "${c.image}" already present on machine`, component: "kubelet", host, fieldPath: field, lastAgoMs: age - 2000 });
  add({ type: "Normal", reason: "Created", message: `Created container: ${c.name}`, component: "kubelet", host, fieldPath: field, lastAgoMs: age - 2500 });
  add({ type: "Normal", reason: "Started", message: `Started container ${c.name}`, component: "kubelet", host, fieldPath: field, lastAgoMs: age - 3000 });
}

export function nodeNotReadyEvent(b: WorldBuilder, node: KubeObject): void {
  b.add(makeEvent({ involved: node, type: "Normal", reason: "NodeNotReady", message: `Node ${node.metadata.name} status is now: NodeNotReady`, component: "node-controller", lastAgoMs: 45 * MINUTE }, b.rng, b.now));
}
