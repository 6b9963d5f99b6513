/**
 * What a logs request points at: one pod, or the pods of a workload (by its label selector), and which
 * container of each pod to read (the `kubectl.kubernetes.io/default-container` annotation, else the first).
 */
import { isRecord } from "../api/object-view.ts";
import { badRequest } from "../http/errors.ts";

export const WORKLOAD_LOG_KINDS = ["deployments", "statefulsets", "daemonsets", "jobs"] as const;
export type WorkloadLogKind = (typeof WORKLOAD_LOG_KINDS)[number];

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** A workload's `spec.selector` as a label selector string (matchLabels and matchExpressions). */
export function selectorString(workload: unknown): string {
  const spec = isRecord(workload) && isRecord(workload.spec) ? workload.spec : {};
  const sel = isRecord(spec.selector) ? spec.selector : {};
  const parts: string[] = [];
  if (isRecord(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) parts.push(`${k}=${String(v)}`);
  for (const e of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
    if (!isRecord(e) || typeof e.key !== "string") continue;
    const values = (Array.isArray(e.values) ? e.values : []).map(String).join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  if (parts.length === 0) throw badRequest("this workload has no label selector, so its pods cannot be found");
  return parts.join(",");
}

export interface PodView {
  name: string;
  namespace: string;
  containers: string[];
  defaultContainer: string | undefined;
  /** Containers that have started (running or terminated): their logs can be read. */
  started: Set<string>;
  phase: string | undefined;
  deleting: boolean;
}

export function podView(pod: unknown): PodView {
  const p = isRecord(pod) ? pod : {};
  const meta = isRecord(p.metadata) ? p.metadata : {};
  const spec = isRecord(p.spec) ? p.spec : {};
  const status = isRecord(p.status) ? p.status : {};
  const containers = (Array.isArray(spec.containers) ? spec.containers : []).map((c) => str(isRecord(c) ? c.name : undefined) ?? "").filter(Boolean);
  const annotations = isRecord(meta.annotations) ? meta.annotations : {};
  const annotated = str(annotations["kubectl.kubernetes.io/default-container"]);
  const started = new Set<string>();
  for (const cs of Array.isArray(status.containerStatuses) ? status.containerStatuses : []) {
    if (!isRecord(cs) || typeof cs.name !== "string") continue;
    const state = isRecord(cs.state) ? cs.state : {};
    if (isRecord(state.running) || isRecord(state.terminated) || isRecord(cs.lastState) && isRecord(cs.lastState.terminated)) started.add(cs.name);
  }
  return {
    name: str(meta.name) ?? "",
    namespace: str(meta.namespace) ?? "",
    containers,
    defaultContainer: annotated && containers.includes(annotated) ? annotated : containers[0],
    started,
    phase: str(status.phase),
    deleting: typeof meta.deletionTimestamp === "string",
  };
}
