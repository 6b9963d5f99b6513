/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log`: follow, tailLines, sinceSeconds/sinceTime, timestamps,
 * previous, container, limitBytes — with the apiserver's and kubelet's error wording. The caller has already
 * authorized `get pods/log` and loaded the pod.
 */
import { failureStatus, statusResponse } from "./exec/k8s-status.ts";
import { dialFailure, unreachableKubelet } from "./exec/kubelet-reach.ts";
import type { SubresourceHandler } from "./hooks.ts";
import { pickContainer, podFacts } from "./exec/pod-facts.ts";
import type { TimedLine } from "./log-timeline.ts";
import { Timeline, formatTimestamp, instanceOf } from "./log-timeline.ts";

export interface LogHandlerOptions {
  /** Average time between two lines of one container (default 4 s; tests use a few ms). */
  lineIntervalMs?: number;
  /** Most lines kept per container instance, like a rotated log file (default 500). */
  maxHistoryLines?: number;
  now?: () => number;
  /** Asked on each follow step; false ends the stream (the pod or container went away), as the kubelet does. */
  stillRunning?: () => boolean;
}

interface Params {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines: number | undefined;
  sinceMs: number | undefined;
  limitBytes: number | undefined;
}

const truthy = (v: string | null) => v === "true" || v === "1";
const encoder = new TextEncoder();

function parseParams(q: URLSearchParams, podName: string, nowMs: number): Params | Response {
  const problems: string[] = [];
  const int = (key: string, min: number): number | undefined => {
    const raw = q.get(key);
    if (raw === null || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n)) {
      problems.push(`${key}: Invalid value: "${raw}": must be an integer`);
      return undefined;
    }
    if (n < min) problems.push(`${key}: Invalid value: ${n}: must be greater than ${min === 0 ? "or equal to 0" : "0"}`);
    return n;
  };
  const tailLines = int("tailLines", 0);
  const sinceSeconds = int("sinceSeconds", 1);
  const limitBytes = int("limitBytes", 1);
  const sinceTime = q.get("sinceTime");
  let sinceMs = sinceSeconds === undefined ? undefined : nowMs - sinceSeconds * 1000;
  if (sinceTime) {
    if (sinceSeconds !== undefined) problems.push("sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified");
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) problems.push(`sinceTime: Invalid value: "${sinceTime}": must be RFC3339`);
    else sinceMs = t;
  }
  if (problems.length > 0) {
    return statusResponse({ ...failureStatus(422, `PodLogOptions "${podName}" is invalid: ${problems.join(", ")}`), reason: "Invalid" });
  }
  return { follow: truthy(q.get("follow")), previous: truthy(q.get("previous")), timestamps: truthy(q.get("timestamps")), tailLines, sinceMs, limitBytes };
}

function waitingMessage(container: string, pod: string, reason: string | undefined): string {
  const why = reason === "ImagePullBackOff" ? "trying and failing to pull image" : reason === "ErrImagePull" ? "image can't be pulled" : (reason ?? "ContainerCreating");
  return `container "${container}" in pod "${pod}" is waiting to start: ${why}`;
}

export function handlePodLog(request: Request, pod: unknown, options: LogHandlerOptions = {}): Response {
  const now = options.now ?? Date.now;
  const interval = options.lineIntervalMs ?? 4000;
  const maxHistory = options.maxHistoryLines ?? 500;
  const facts = podFacts(pod);
  const q = new URL(request.url).searchParams;
  const container = pickContainer(facts, q.get("container"));
  if (typeof container === "string") return statusResponse(failureStatus(400, container));
  const params = parseParams(q, facts.name, now());
  if (params instanceof Response) return params;
  // An unscheduled pod has no kubelet to ask: the apiserver answers with an empty body.
  if (!facts.nodeName) return new Response("", { headers: { "content-type": "text/plain" } });
  const instance = instanceOf(facts, container, params.previous, now());
  if (!instance) {
    const message = params.previous
      ? `previous terminated container "${container.name}" in pod "${facts.name}" not found`
      : waitingMessage(container.name, facts.name, container.waitingReason);
    return statusResponse(failureStatus(400, message));
  }
  const timeline = new Timeline(instance, interval);
  let lines = timeline.history(now(), maxHistory);
  if (params.sinceMs !== undefined) lines = lines.filter((l) => l.ms >= params.sinceMs!);
  if (params.tailLines !== undefined) lines = params.tailLines === 0 ? [] : lines.slice(-params.tailLines);
  const render = (l: TimedLine) => encoder.encode(`${params.timestamps ? formatTimestamp(l) + " " : ""}${l.text}\n`);
  let budget = params.limitBytes ?? Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const push = (l: TimedLine): boolean => {
        const bytes = render(l);
        const piece = bytes.length > budget ? bytes.subarray(0, budget) : bytes;
        budget -= piece.length;
        if (piece.length > 0) controller.enqueue(piece);
        return budget > 0;
      };
      for (const l of lines) {
        if (!push(l)) {
          controller.close();
          return;
        }
      }
      if (!params.follow || instance.endMs !== undefined) {
        controller.close();
        return;
      }
      let next = timeline.lastIndexAt(now()) + 1;
      const schedule = () => {
        timer = setTimeout(() => {
          timer = undefined;
          if (request.signal.aborted || options.stillRunning?.() === false) return controller.close();
          while (timeline.timeOf(next) <= now()) {
            if (!push(timeline.line(next++))) return controller.close();
          }
          schedule();
        }, Math.max(0, timeline.timeOf(next) - now()));
      };
      schedule();
      request.signal.addEventListener("abort", () => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        try {
          controller.close();
        } catch {
          // already closed
        }
      }, { once: true });
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  });
  return new Response(body, { headers: { "content-type": "text/plain", "cache-control": "no-cache, private" } });
}

/** The `pods/log` hook for the simulator (server/demo/hooks.ts). */
export function podLogHook(options: LogHandlerOptions = {}): SubresourceHandler {
  return (req) => {
    const host = unreachableKubelet(req.store, req.object);
    const c = new URL(req.request.url).searchParams.get("container") ?? "";
    if (host) return dialFailure(`Get "https://${host}:10250/containerLogs/${req.namespace}/${req.name}/${c}": dial tcp ${host}:10250: connect: no route to host`);
    const pods = req.store.types.find("", "pods")!;
    const uid = req.object.metadata.uid;
    const stillRunning = () => req.store.tryGet(pods, req.namespace, req.name)?.metadata.uid === uid;
    return handlePodLog(req.request, req.object, { stillRunning, ...options });
  };
}
