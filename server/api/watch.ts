/**
 * `GET /api/clusters/{c}/resources/{kind}/watch?namespace=` — a live list over SSE (server/live/watch-session.ts).
 * `{kind}` is a built-in plural or, for custom resources, `group/version/plural` (as the list route takes it).
 * Everything that can fail cleanly (unknown cluster or kind, stream not enabled, RBAC, cap) answers JSON before
 * the stream opens. `Last-Event-ID` (or `?lastEventId=`) resumes from that resourceVersion without a snapshot.
 */
import { requireIdentity } from "../auth/identity.ts";
import type { RouteHandler } from "../http/context.ts";
import { AppError } from "../http/errors.ts";
import type { KubeClient } from "../clusters/kube-client.ts";
import { BUILT_IN_KINDS } from "../kinds/builtins.ts";
import { builtInKind } from "../kinds/catalog.ts";
import type { Kind } from "../kinds/kind.ts";
import type { LiveDeps } from "../live/live-deps.ts";
import { checkStreamCap, openLiveStream } from "../live/live-stream.ts";
import { openWatch } from "../live/upstream-watch.ts";
import { listBody, listFor, runWatchSession } from "../live/watch-session.ts";
import type { WatchTarget } from "../live/watch-session.ts";

const RV = /^[A-Za-z0-9._:-]{1,64}$/;

/** The kind to stream, or 404 `stream_not_enabled` / `unknown_kind` before any stream opens. */
async function streamedKind(deps: LiveDeps, client: KubeClient, kindId: string): Promise<Kind> {
  const notEnabled = () => new AppError(404, "stream_not_enabled", `no live stream for ${JSON.stringify(kindId)}; GET /api/features lists the streamed kinds (the list route still works)`);
  // A built-in is streamed only when enabled by its own name, also when addressed as group/version/plural.
  const builtIn = builtInKind(kindId) ?? BUILT_IN_KINDS.find((k) => k.group !== "" && `${k.group}/${k.version}/${k.plural}` === kindId);
  if (builtIn) {
    if (!deps.settings.watchKinds.has(builtIn.id)) throw notEnabled();
    return builtIn;
  }
  if (kindId.split("/").length !== 3 || !(deps.settings.watchCustomResources || deps.settings.watchKinds.has(kindId))) throw notEnabled();
  return deps.kinds.resolve(client, kindId);
}

export function watchResources(deps: LiveDeps): RouteHandler {
  return async (ctx) => {
    const identity = requireIdentity(ctx);
    const cluster = ctx.params.cluster ?? "";
    const client = deps.clusters.client(cluster, identity, ctx.requestId);
    const kindId = ctx.params.kind ?? [ctx.params.group, ctx.params.version, ctx.params.plural].join("/");
    const kind = await streamedKind(deps, client, kindId);
    const namespace = kind.namespaced ? ctx.url.searchParams.get("namespace") || undefined : undefined;
    const target: WatchTarget = { client, kind, namespace };
    checkStreamCap(deps, identity);

    const lastEventId = (ctx.request.headers.get("last-event-id") ?? ctx.url.searchParams.get("lastEventId") ?? "").trim();
    let resumed: Response | undefined;
    let expired = false;
    let first: Awaited<ReturnType<typeof listFor>> | undefined;
    if (lastEventId !== "" && RV.test(lastEventId)) {
      // Open the upstream watch before answering, so a refusal is still a JSON error.
      try {
        resumed = await openWatch(client, kind, { namespace, resourceVersion: lastEventId, signal: ctx.request.signal });
      } catch (error) {
        if (!(error instanceof AppError && error.status === 410)) throw error;
        expired = true;
      }
    }
    if (!resumed) first = await listFor(target, ctx.request.signal);

    const { response, writer } = openLiveStream(ctx, deps, identity, "watch");
    let rv = lastEventId;
    if (first) {
      rv = first.resourceVersion ?? "";
      writer.send(expired ? "relist" : "snapshot", { ...(expired ? { reason: "expired" } : {}), ...listBody(target, first) }, rv || undefined);
    }
    void runWatchSession(target, { writer, log: ctx.log, retryMs: deps.settings.retryMs, maxBufferedBytes: deps.settings.maxBufferedBytes, heartbeatMs: deps.settings.heartbeatMs }, { resourceVersion: rv, response: resumed })
      .catch((error: unknown) => ctx.log.error("watch stream failed", { requestId: ctx.requestId, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => writer.close());
    return response;
  };
}
