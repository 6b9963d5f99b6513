/**
 * One watch stream to the browser: (snapshot) → added/modified/deleted rows, with the SSE id = resourceVersion.
 * Upstream drops resume from the last resourceVersion; 410 Gone (and a client too slow to keep up) ends in a
 * `relist` carrying a fresh list; RBAC refusals end the stream with `error`. While the upstream watch is open a
 * `heartbeat` event ({time, intervalMs}) goes out every heartbeatMs (EventSource hides comment lines from pages,
 * so this is how a page tells a quiet stream from a silent one), and one more ({..., recovered: true}) as soon as
 * the upstream watch is back after a failure or drop, so the page returns to "live" without waiting for a change.
 */
import type { KubeClient } from "../clusters/kube-client.ts";
import { AppError } from "../http/errors.ts";
import type { Logger } from "../http/log.ts";
import type { SseWriter } from "../http/sse.ts";
import type { Kind } from "../kinds/kind.ts";
import { listTable } from "../api/table.ts";
import type { TableList } from "../api/table.ts";
import { drained } from "./live-stream.ts";
import { eventRows, objectResourceVersion } from "./table-rows.ts";
import { openWatch, readWatch } from "./upstream-watch.ts";
import type { RawWatchEvent, WatchEnd } from "./upstream-watch.ts";

const MAX_RETRY_MS = 30_000;

export interface WatchTarget {
  client: KubeClient;
  kind: Kind;
  namespace: string | undefined;
}

export interface WatchSessionOptions {
  writer: SseWriter;
  log: Logger;
  retryMs: number;
  maxBufferedBytes: number;
  heartbeatMs: number;
}

/** The list route's body for a kind (server/api/resources.ts), so snapshot rows equal list rows. */
export function listBody(target: WatchTarget, table: TableList): Record<string, unknown> {
  return { cluster: target.client.cluster, kindId: target.kind.id, namespaced: target.kind.namespaced, ...table };
}

export async function listFor(target: WatchTarget, signal?: AbortSignal): Promise<TableList> {
  return listTable(target.client, target.kind, { namespace: target.namespace, signal });
}

/**
 * Runs until the writer closes. `start` is what the handler already did before answering: a first list
 * (snapshot sent) or an open upstream response for a Last-Event-ID resume.
 */
export async function runWatchSession(target: WatchTarget, o: WatchSessionOptions, start: { resourceVersion: string; response?: Response | undefined }): Promise<void> {
  const { writer } = o;
  let rv = start.resourceVersion;
  let pending = start.response;
  let retryMs = o.retryMs;
  // A full list may itself be bigger than the buffer bound: the client must read it anyway, so the bound
  // for the events after it starts on top of it (else a big list would trigger relist after relist).
  let allowance = writer.bufferedBytes;
  // Heartbeats say "the cluster watch is up and nothing changed": none while the upstream is down.
  let upstreamUp = pending !== undefined;
  let recovering = false;
  const heartbeat = (recovered: boolean) =>
    writer.send("heartbeat", { time: new Date().toISOString(), intervalMs: o.heartbeatMs, ...(recovered ? { recovered: true } : {}) });
  const beat = setInterval(() => upstreamUp && heartbeat(false), o.heartbeatMs);
  try {
    await watchLoop();
  } finally {
    clearInterval(beat);
  }

  async function watchLoop(): Promise<void> {
    const relist = async (reason: string): Promise<void> => {
      const table = await listFor(target, writer.signal);
      rv = table.resourceVersion ?? rv;
      writer.send("relist", { reason, ...listBody(target, table) }, rv);
      allowance = writer.bufferedBytes;
    };

    while (!writer.closed) {
      const attempt = new AbortController();
      const signal = AbortSignal.any([writer.signal, attempt.signal]);
      let overflow = false;
      let sawEvent = false;
      const onEvent = (event: RawWatchEvent) => {
        if (overflow) return;
        sawEvent = true;
        if (event.type === "BOOKMARK") {
          const next = objectResourceVersion(event.object);
          // Quiet streams: keep the browser's Last-Event-ID fresh, so a reconnect resumes instead of relisting.
          if (next && next !== rv) writer.setId(next);
          rv = next ?? rv;
          return;
        }
        if (event.type !== "ADDED" && event.type !== "MODIFIED" && event.type !== "DELETED") return;
        const name = event.type.toLowerCase();
        for (const { row, resourceVersion } of eventRows(event.object, target.kind.namespaced)) {
          if (resourceVersion) rv = resourceVersion;
          writer.send(name, { row, resourceVersion }, resourceVersion);
          if (writer.bufferedBytes > o.maxBufferedBytes + allowance) {
            // The browser is not reading: stop buffering, drop the upstream watch, resync once it catches up.
            overflow = true;
            attempt.abort();
            return;
          }
        }
      };
      let end: WatchEnd;
      try {
        const response = pending ?? (await openWatch(target.client, target.kind, { namespace: target.namespace, resourceVersion: rv, signal }));
        pending = undefined;
        upstreamUp = true;
        if (recovering) heartbeat(true);
        recovering = false;
        end = await readWatch(response, onEvent);
        upstreamUp = false;
      } catch (error) {
        pending = undefined;
        upstreamUp = false;
        if (writer.closed) break;
        if (error instanceof AppError && error.status === 410) end = { kind: "expired", message: error.message };
        else if (error instanceof AppError && (error.status === 401 || error.status === 403 || error.status === 404)) {
          writer.close({ event: "error", data: { code: error.code, message: error.message, status: error.status } });
          break;
        } else end = { kind: "failed", code: error instanceof AppError ? error.status : 502, message: error instanceof Error ? error.message : String(error) };
      }
      if (writer.closed) break;
      if (end.kind === "failed" || end.kind === "dropped") recovering = true;
      try {
        if (overflow) {
          await drained(writer, o.maxBufferedBytes / 4);
          if (writer.closed) break;
          await relist("slow_client");
          continue;
        }
        if (end.kind === "expired") {
          await relist("expired");
          retryMs = o.retryMs;
          continue;
        }
        if (end.kind === "failed" || (end.kind === "dropped" && !sawEvent)) {
          if (end.kind === "failed") writer.send("error", { code: "watch_failed", message: end.message, retrying: true, retryInMs: retryMs });
          await sleep(retryMs, writer.signal);
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
          continue;
        }
        // Ended by the server (timeout) or dropped after delivering: reconnect at once from the last resourceVersion.
        if (sawEvent) retryMs = o.retryMs;
        if (end.kind === "dropped") await sleep(Math.min(retryMs, 100), writer.signal);
      } catch (error) {
        if (writer.closed) break;
        o.log.debug("watch resync failed", { cluster: target.client.cluster, kind: target.kind.id, error: error instanceof Error ? error.message : String(error) });
        writer.send("error", { code: error instanceof AppError ? error.code : "watch_failed", message: error instanceof Error ? error.message : String(error), retrying: true, retryInMs: retryMs });
        recovering = true;
        await sleep(retryMs, writer.signal);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
