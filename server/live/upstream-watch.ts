/**
 * One watch request to the apiserver (Table rows, bookmarks), read as newline-delimited JSON until the
 * server ends it, the connection drops, or the caller aborts. Reconnecting is the caller's job.
 */
import type { KubeClient } from "../clusters/kube-client.ts";
import { TABLE_ACCEPT } from "../clusters/kube-client.ts";
import type { Kind } from "../kinds/kind.ts";
import { kindPath } from "../kinds/kind.ts";
import { isRecord } from "../api/object-view.ts";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export interface RawWatchEvent {
  type: WatchEventType;
  object: unknown;
}

/** How a watch connection ended: normally (timeout), with 410 Gone, or by dropping mid-stream. */
export type WatchEnd = { kind: "ended" } | { kind: "expired"; message: string } | { kind: "dropped"; error: unknown } | { kind: "failed"; code: number; message: string };

export function openWatch(client: KubeClient, kind: Kind, o: { namespace?: string | undefined; resourceVersion: string; signal: AbortSignal; labelSelector?: string | undefined }): Promise<Response> {
  return client.send({
    path: kindPath(kind, o.namespace),
    accept: TABLE_ACCEPT,
    query: {
      watch: "true",
      resourceVersion: o.resourceVersion,
      allowWatchBookmarks: "true",
      includeObject: "Metadata",
      labelSelector: o.labelSelector,
    },
    timeoutMs: 0,
    signal: o.signal,
  });
}

/** Reads events from an open watch response; resolves with how it ended. */
export async function readWatch(response: Response, onEvent: (event: RawWatchEvent) => void): Promise<WatchEnd> {
  if (!response.body) return { kind: "ended" };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let partial = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      partial += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = partial.indexOf("\n")) >= 0) {
        const line = partial.slice(0, nl).trim();
        partial = partial.slice(nl + 1);
        if (line === "") continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          continue; // a torn line from a broken proxy: the next reconnect resyncs
        }
        if (!isRecord(parsed) || typeof parsed.type !== "string") continue;
        if (parsed.type === "ERROR") {
          const status = isRecord(parsed.object) ? parsed.object : {};
          const code = typeof status.code === "number" ? status.code : 500;
          const message = typeof status.message === "string" ? status.message : "watch error";
          await reader.cancel().catch(() => undefined);
          return code === 410 ? { kind: "expired", message } : { kind: "failed", code, message };
        }
        onEvent({ type: parsed.type as WatchEventType, object: parsed.object });
      }
    }
  } catch (error) {
    return { kind: "dropped", error };
  }
  return { kind: "ended" };
}
