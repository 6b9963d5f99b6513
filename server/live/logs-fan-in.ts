/**
 * Many pods' logs into one SSE stream: a `meta` event listing the pods (sent again when the set changes), one
 * `line` event per log line ({pod, container, timestamp, text}), and a final `end`. For a workload, pods found
 * later by the label-selector watch join the stream; a dropped log connection resumes after its last timestamp.
 */
import type { KubeClient } from "../clusters/kube-client.ts";
import { AppError } from "../http/errors.ts";
import type { SseWriter } from "../http/sse.ts";
import { isRecord } from "../api/object-view.ts";
import { drained } from "./live-stream.ts";
import { podView } from "./log-targets.ts";
import type { PodView } from "./log-targets.ts";
import { openPodLog, readLogLines } from "./pod-log-stream.ts";
import type { LogParams } from "./pod-log-stream.ts";
import { readWatch } from "./upstream-watch.ts";

type PodState = "waiting" | "streaming" | "ended" | "deleted" | "error" | "limited";

/** Concurrent pod logs in one stream (kubectl's --max-log-requests is 5; a page can take more, not hundreds). */
export const MAX_PODS_PER_STREAM = 50;

interface PodEntry {
  view: PodView;
  container: string | undefined;
  state: PodState;
  message?: string | undefined;
  lastTimestamp?: string | undefined;
  abort?: AbortController | undefined;
}

export interface FanInOptions {
  client: KubeClient;
  namespace: string;
  writer: SseWriter;
  params: LogParams;
  timestamps: boolean;
  maxBufferedBytes: number;
  retryMs: number;
  /** What the stream is about, echoed in `meta` (e.g. {kind: "deployments", name: "web"}). */
  target: Record<string, string>;
  /** One pod: the stream ends when its log ends, even when following (a workload keeps waiting for pods). */
  single?: boolean;
}

export class LogFanIn {
  readonly #o: FanInOptions;
  readonly #pods = new Map<string, PodEntry>();
  #ending = false;
  /** No `meta` before the first explicit one: the initial adds are announced together. */
  #announced = false;

  constructor(options: FanInOptions) {
    this.#o = options;
  }

  /** Adds a pod (starting its log when a container has started); `response` is an already-open log. */
  add(pod: unknown, response?: Response): void {
    const view = podView(pod);
    if (!view.name || this.#pods.has(view.name)) return;
    const container = this.#o.params.container ?? view.defaultContainer;
    const entry: PodEntry = { view, container, state: "waiting" };
    const live = [...this.#pods.values()].filter((p) => p.state !== "deleted" && p.state !== "ended").length;
    if (live >= MAX_PODS_PER_STREAM) {
      entry.state = "limited";
      entry.message = `only ${MAX_PODS_PER_STREAM} pods per log stream; open this pod's own logs`;
    }
    this.#pods.set(view.name, entry);
    if (entry.state === "limited") {
      if (this.#announced) this.sendMeta();
      return;
    }
    if (response || (container && view.started.has(container))) void this.#stream(entry, response);
  }

  /** A pod changed (from the pod watch): start waiting ones, restart followed ones after a container restart. */
  update(pod: unknown): void {
    const view = podView(pod);
    const entry = this.#pods.get(view.name);
    if (!entry) return this.add(pod);
    entry.view = view;
    if (!entry.container) entry.container = view.defaultContainer;
    const ready = entry.container !== undefined && view.started.has(entry.container) && !view.deleting;
    if (ready && (entry.state === "waiting" || (entry.state === "ended" && this.#o.params.follow && view.phase === "Running"))) void this.#stream(entry);
  }

  remove(name: string): void {
    const entry = this.#pods.get(name);
    if (!entry || entry.state === "deleted") return;
    entry.state = "deleted";
    entry.abort?.abort();
    this.sendMeta();
    this.checkDone();
  }

  sendMeta(): void {
    this.#announced = true;
    const pods = [...this.#pods.values()].map((p) => ({ name: p.view.name, namespace: p.view.namespace, container: p.container, containers: p.view.containers, state: p.state, ...(p.message ? { message: p.message } : {}) }));
    this.#o.writer.send("meta", { ...this.#o.target, namespace: this.#o.namespace, follow: this.#o.params.follow, pods });
  }

  /** Final `end` event ({reason, message?}) and close. */
  end(reason: string, message?: string): void {
    if (this.#ending) return;
    this.#ending = true;
    for (const p of this.#pods.values()) p.abort?.abort();
    this.#o.writer.close({ event: "end", data: { reason, ...(message ? { message } : {}) } });
  }

  /** Ends the stream when nothing more can arrive: no log still open, and no pods expected later. */
  checkDone(): void {
    if (this.#o.params.follow && !this.#o.single) return;
    if ([...this.#pods.values()].some((p) => p.state === "streaming")) return;
    this.end(this.#o.params.follow ? "stream_ended" : "complete");
  }

  async #stream(entry: PodEntry, first?: Response): Promise<void> {
    const { writer, client, namespace } = this.#o;
    const abort = new AbortController();
    entry.abort = abort;
    entry.state = "streaming";
    entry.message = undefined;
    if (this.#announced) this.sendMeta();
    const signal = AbortSignal.any([writer.signal, abort.signal]);
    let retryMs = this.#o.retryMs;
    let response = first;
    for (;;) {
      let clean = false;
      try {
        response ??= await openPodLog(client, namespace, entry.view.name, { ...this.#o.params, container: entry.container, sinceTime: entry.lastTimestamp, tailLines: entry.lastTimestamp ? undefined : this.#o.params.tailLines }, signal);
        const after = entry.lastTimestamp;
        clean = await readLogLines(
          response,
          (line) => {
            // After a reconnect, sinceTime repeats the last second: skip what was already sent.
            if (after && line.timestamp && line.timestamp <= after) return;
            if (line.timestamp) entry.lastTimestamp = line.timestamp;
            writer.send("line", { pod: entry.view.name, container: entry.container, ...(this.#o.timestamps ? { timestamp: line.timestamp } : {}), text: line.text });
          },
          () => (writer.bufferedBytes > this.#o.maxBufferedBytes ? drained(writer, this.#o.maxBufferedBytes / 2) : Promise.resolve()),
        );
      } catch (error) {
        if (signal.aborted) break;
        entry.state = "error";
        entry.message = error instanceof Error ? error.message : String(error);
        if (error instanceof AppError && error.status === 400) {
          // "waiting to start", "previous terminated container not found": the pod watch may start it later.
          entry.state = "waiting";
        }
        this.sendMeta();
        this.checkDone();
        return;
      }
      response = undefined;
      if (signal.aborted) break;
      if (clean || !this.#o.params.follow) break;
      // Dropped mid-follow: resume after the last line we sent.
      await new Promise((r) => setTimeout(r, retryMs));
      retryMs = Math.min(retryMs * 2, 10_000);
      if (signal.aborted) break;
    }
    if (entry.state === "streaming") entry.state = "ended";
    if (!writer.closed && !this.#ending) {
      this.sendMeta();
      this.checkDone();
    }
  }
}

/** Follows the pods matching `labelSelector` from `resourceVersion`, feeding adds, changes and deletes to `fanIn`. */
export async function followPods(client: KubeClient, namespace: string, labelSelector: string, resourceVersion: string, fanIn: LogFanIn, signal: AbortSignal, retryMs: number): Promise<void> {
  let rv = resourceVersion;
  while (!signal.aborted) {
    try {
      const response = await client.send({
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
        query: { watch: "true", labelSelector, resourceVersion: rv, allowWatchBookmarks: "true" },
        timeoutMs: 0,
        signal,
      });
      const end = await readWatch(response, (event) => {
        const meta = isRecord(event.object) && isRecord(event.object.metadata) ? event.object.metadata : {};
        if (typeof meta.resourceVersion === "string") rv = meta.resourceVersion;
        if (event.type === "ADDED" || event.type === "MODIFIED") fanIn.update(event.object);
        else if (event.type === "DELETED" && typeof meta.name === "string") fanIn.remove(meta.name);
      });
      if (end.kind === "expired") rv = ""; // start over: the synthetic ADDED events re-announce every pod (known ones are ignored)
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((r) => setTimeout(r, retryMs));
  }
}
