/**
 * Logs over SSE (server/live/logs-fan-in.ts):
 *   GET /api/clusters/{c}/pods/{ns}/{name}/logs
 *   GET /api/clusters/{c}/{deployments|statefulsets|daemonsets|jobs}/{ns}/{name}/logs
 * Query: container, previous, follow, tailLines, sinceSeconds, timestamps (default true).
 * Unknown pod/workload, a bad container and RBAC refusals answer JSON before the stream opens.
 */
import { requireIdentity } from "../auth/identity.ts";
import type { Identity } from "../auth/identity.ts";
import type { RequestContext, RouteHandler } from "../http/context.ts";
import { badRequest } from "../http/errors.ts";
import { builtInKind } from "../kinds/catalog.ts";
import { kindPath } from "../kinds/kind.ts";
import { isRecord } from "./object-view.ts";
import { optionalInt } from "./resources.ts";
import type { LiveDeps } from "../live/live-deps.ts";
import { checkStreamCap, openLiveStream } from "../live/live-stream.ts";
import { selectorString } from "../live/log-targets.ts";
import type { WorkloadLogKind } from "../live/log-targets.ts";
import { followPods, LogFanIn } from "../live/logs-fan-in.ts";
import { openPodLog } from "../live/pod-log-stream.ts";
import type { LogParams } from "../live/pod-log-stream.ts";

const flag = (url: URL, name: string, fallback: boolean): boolean => {
  const v = url.searchParams.get(name);
  if (v === null || v === "") return fallback;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw badRequest(`${name} must be true or false`);
};

function logParams(url: URL): LogParams & { timestamps: boolean } {
  const container = url.searchParams.get("container") || undefined;
  if (container !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(container)) throw badRequest("container must be a container name");
  return {
    container,
    follow: flag(url, "follow", false),
    previous: flag(url, "previous", false),
    tailLines: optionalInt(url, "tailLines", 0, 1_000_000),
    sinceSeconds: optionalInt(url, "sinceSeconds", 1, 10 * 365 * 86_400),
    timestamps: flag(url, "timestamps", true),
  };
}

async function auditLogOpen(deps: LiveDeps, ctx: RequestContext, identity: Identity, cluster: string, resource: { resource: string; namespace: string; name: string; group?: string }, extra: Record<string, unknown>): Promise<void> {
  try {
    await deps.audit?.record?.({ requestId: ctx.requestId, identity, verb: "log_open", outcome: "success", cluster, resource, extra });
  } catch (error) {
    // Reading logs is not a privileged change: an audit outage is logged, not turned into a refusal.
    ctx.log.warn("log_open not recorded", { requestId: ctx.requestId, error: error instanceof Error ? error.message : String(error) });
  }
}

/** What both log routes start from: who asks, on which cluster, for which object, with which options. */
function logRequest(deps: LiveDeps, ctx: RequestContext) {
  const identity = requireIdentity(ctx);
  const cluster = ctx.params.cluster ?? "";
  const client = deps.clusters.client(cluster, identity, ctx.requestId);
  const params = logParams(ctx.url);
  checkStreamCap(deps, identity);
  return { identity, cluster, client, namespace: ctx.params.namespace ?? "", name: ctx.params.name ?? "", params };
}

export function podLogs(deps: LiveDeps): RouteHandler {
  return async (ctx) => {
    const { identity, cluster, client, namespace, name, params } = logRequest(deps, ctx);
    const pod = await client.json({ path: kindPath(builtInKind("pods")!, namespace, name) });
    const fanInParams: LogParams = { ...params };
    // Open the log before answering: "container not valid", "waiting to start" and 403s are JSON errors.
    const abort = new AbortController();
    const first = await openPodLog(client, namespace, name, { ...fanInParams, container: params.container ?? defaultContainerOf(pod) }, AbortSignal.any([ctx.request.signal, abort.signal]));
    await auditLogOpen(deps, ctx, identity, cluster, { resource: "pods", namespace, name }, { container: params.container, follow: params.follow, previous: params.previous });
    const { response, writer } = openLiveStream(ctx, deps, identity, "logs");
    writer.signal.addEventListener("abort", () => abort.abort(), { once: true });
    const fanIn = new LogFanIn({ client, namespace, writer, params: fanInParams, timestamps: params.timestamps, maxBufferedBytes: deps.settings.maxBufferedBytes, retryMs: deps.settings.retryMs, target: { kind: "pods", name }, single: true });
    fanIn.add(pod, first);
    fanIn.sendMeta();
    return response;
  };
}

function defaultContainerOf(pod: unknown): string | undefined {
  const p = isRecord(pod) ? pod : {};
  const meta = isRecord(p.metadata) ? p.metadata : {};
  const annotations = isRecord(meta.annotations) ? meta.annotations : {};
  const annotated = annotations["kubectl.kubernetes.io/default-container"];
  if (typeof annotated === "string") return annotated;
  const spec = isRecord(p.spec) ? p.spec : {};
  const first = Array.isArray(spec.containers) ? spec.containers[0] : undefined;
  return isRecord(first) && typeof first.name === "string" ? first.name : undefined;
}

export function workloadLogs(deps: LiveDeps, kindId: WorkloadLogKind): RouteHandler {
  const kind = builtInKind(kindId)!;
  return async (ctx) => {
    const { identity, cluster, client, namespace, name, params } = logRequest(deps, ctx);
    const workload = await client.json({ path: kindPath(kind, namespace, name) });
    const labelSelector = selectorString(workload);
    const list = await client.json({ path: kindPath(builtInKind("pods")!, namespace), query: { labelSelector } });
    const items = isRecord(list) && Array.isArray(list.items) ? list.items : [];
    const rv = isRecord(list) && isRecord(list.metadata) && typeof list.metadata.resourceVersion === "string" ? list.metadata.resourceVersion : "";
    await auditLogOpen(deps, ctx, identity, cluster, { group: kind.group, resource: kind.plural, namespace, name }, { container: params.container, follow: params.follow, previous: params.previous, pods: items.length });
    const { response, writer } = openLiveStream(ctx, deps, identity, "logs");
    const fanIn = new LogFanIn({ client, namespace, writer, params, timestamps: params.timestamps, maxBufferedBytes: deps.settings.maxBufferedBytes, retryMs: deps.settings.retryMs, target: { kind: kind.plural, name, selector: labelSelector } });
    for (const pod of items) fanIn.add(pod);
    fanIn.sendMeta();
    if (params.follow) void followPods(client, namespace, labelSelector, rv, fanIn, writer.signal, Math.max(deps.settings.retryMs, 100));
    else if (items.length === 0) fanIn.end("complete", "no pods match this workload");
    else fanIn.checkDone();
    return response;
  };
}
