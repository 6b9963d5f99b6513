/**
 * Watch streams: newline-delimited JSON events. No resourceVersion (or "0") starts with synthetic ADDED events
 * for what exists; a resourceVersion replays retained changes after it, or sends a 410 ERROR event when it is
 * older than the retained window. Bookmarks on request, `timeoutSeconds`, Table-shaped events.
 */
import { fieldPath } from "./field-labels.ts";
import { fieldMatcher, labelMatcher } from "./selectors.ts";
import type { Store } from "./store.ts";
import { statusObject, expired } from "./status.ts";
import { table } from "./table.ts";
import type { IncludeObject } from "./table.ts";
import type { KubeObject, ResourceType } from "./types.ts";
import { apiVersionOf, resourceKey } from "./types.ts";
import type { ChangeEvent } from "./watch-hub.ts";

/** An open watch, as fault injection sees it. */
export interface OpenWatch {
  /** Cut the connection (the client sees a broken stream). */
  drop(): void;
  /** End the stream cleanly, as the apiserver does when a watch times out; clients re-watch from their RV. */
  end(): void;
}

export interface WatchOptions {
  store: Store;
  type: ResourceType;
  version: string;
  namespace: string;
  params: URLSearchParams;
  signal: AbortSignal;
  /** Render objects as Table rows (kubectl get -w). */
  tableInclude?: IncludeObject | undefined;
  bookmarkIntervalMs: number;
  /** Registry of open watches, so fault injection can drop them. */
  open: Set<OpenWatch>;
  /** Unread events tolerated before the watch is closed (slow consumer). */
  bufferLimit?: number;
}

const DEFAULT_TIMEOUT_S = 1800;

export function watchResponse(o: WatchOptions): Response {
  const { store, type, namespace, params } = o;
  const byLabel = labelMatcher(params.get("labelSelector"));
  const byField = fieldMatcher(params.get("fieldSelector"), (label) => fieldPath(type, label));
  const inScope = (obj: KubeObject) => !namespace || !type.namespaced || obj.metadata.namespace === namespace;
  const matches = (obj: KubeObject) => inScope(obj) && byLabel(obj) && byField(obj);
  const key = resourceKey(type.group, type.plural);
  const apiVersion = apiVersionOf(type.group, o.version);
  const encoder = new TextEncoder();
  let firstTable = true;

  const render = (kind: string, obj: KubeObject): string => {
    const shaped = { ...obj, apiVersion };
    if (o.tableInclude && kind !== "ERROR" && kind !== "BOOKMARK") {
      const t = table(type, [shaped], o.tableInclude, { resourceVersion: obj.metadata.resourceVersion }, firstTable);
      firstTable = false;
      return JSON.stringify({ type: kind, object: t }) + "\n";
    }
    return JSON.stringify({ type: kind, object: shaped }) + "\n";
  };

  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (line: string) => {
        if (closed) return;
        controller.enqueue(encoder.encode(line));
        // The apiserver closes a watch whose consumer cannot keep up; the client has to re-watch.
        if ((controller.desiredSize ?? 0) < -(o.bufferLimit ?? Infinity)) finish();
      };
      const finish = (error?: Error) => {
        if (closed) return;
        closed = true;
        cleanup();
        if (error) controller.error(error);
        else controller.close();
      };
      // An empty first chunk makes the server send the response headers now, as the apiserver flushes them.
      controller.enqueue(new Uint8Array(0));
      const rvParam = params.get("resourceVersion");
      const visible = new Set<string>();
      const id = (obj: KubeObject) => `${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
      let lastRv = store.resourceVersion;

      const initialEvents = params.get("sendInitialEvents") === "true";
      if (!rvParam || rvParam === "0" || initialEvents) {
        for (const obj of store.list(type, namespace || undefined).filter(matches)) {
          visible.add(id(obj));
          send(render("ADDED", obj));
        }
        if (initialEvents) {
          // Streaming lists (KEP-3157): a bookmark marks the end of the initial state.
          const metadata = { resourceVersion: String(store.resourceVersion), annotations: { "k8s.io/initial-events-end": "true" } };
          send(JSON.stringify({ type: "BOOKMARK", object: { kind: type.kind, apiVersion, metadata } }) + "\n");
        }
      } else {
        const from = Number(rvParam);
        const replay = Number.isFinite(from) ? store.hub.since(key, from) : undefined;
        if (replay === undefined) {
          const err = statusObject(expired(`too old resource version: ${rvParam} (${store.hub.compactedRv})`));
          send(JSON.stringify({ type: "ERROR", object: err }) + "\n");
          finish();
          return;
        }
        // What the client already has: objects matching now, except those the replay will announce as new.
        for (const obj of store.list(type, namespace || undefined)) if (matches(obj)) visible.add(id(obj));
        const firstSeen = new Set<string>();
        for (const e of replay) {
          if (firstSeen.has(id(e.object))) continue;
          firstSeen.add(id(e.object));
          if (e.type === "ADDED") visible.delete(id(e.object));
          else if (matches(e.object)) visible.add(id(e.object));
        }
        for (const e of replay) deliver(e);
        lastRv = Math.max(from, lastRv);
      }

      function deliver(e: ChangeEvent): void {
        if (e.key !== key || !inScope(e.object)) return;
        lastRv = Math.max(lastRv, e.rv);
        const now = byLabel(e.object) && byField(e.object);
        const was = visible.has(id(e.object));
        if (e.type === "DELETED") {
          if (was || now) send(render("DELETED", e.object));
          visible.delete(id(e.object));
        } else if (now) {
          visible.add(id(e.object));
          send(render(was ? "MODIFIED" : "ADDED", e.object));
        } else if (was) {
          // The object stopped matching the selector: watchers see it leave.
          visible.delete(id(e.object));
          send(render("DELETED", e.object));
        }
      }

      const unsubscribe = store.hub.subscribe(deliver);
      const timeoutS = Number(params.get("timeoutSeconds") ?? DEFAULT_TIMEOUT_S);
      const timer = setTimeout(() => finish(), (Number.isFinite(timeoutS) && timeoutS > 0 ? timeoutS : DEFAULT_TIMEOUT_S) * 1000);
      const bookmarks = params.get("allowWatchBookmarks") === "true"
        ? setInterval(() => send(JSON.stringify({ type: "BOOKMARK", object: { kind: type.kind, apiVersion, metadata: { resourceVersion: String(Math.max(lastRv, store.resourceVersion)) } } }) + "\n"), o.bookmarkIntervalMs)
        : undefined;
      const handle: OpenWatch = { drop: () => finish(new Error("watch dropped by fault injection")), end: () => finish() };
      o.open.add(handle);
      const onAbort = () => finish();
      o.signal.addEventListener("abort", onAbort, { once: true });
      cleanup = () => {
        unsubscribe();
        clearTimeout(timer);
        if (bookmarks) clearInterval(bookmarks);
        o.open.delete(handle);
        o.signal.removeEventListener("abort", onAbort);
      };
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { status: 200, headers: { "content-type": "application/json" } });
}
