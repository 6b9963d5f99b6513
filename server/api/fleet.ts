/**
 * GET /api/fleet?timeoutMs=&budgetMs= — every cluster in parallel, as the user. Each cluster has its own
 * timeout; the whole answer has a budget, and a cluster still running when it ends is reported `unknown`
 * instead of delaying the others. Statuses: healthy, degraded (nodes not ready, or one of the two lists
 * failed), unreachable, denied (RBAC refused both lists), unknown. A list RBAC refuses while the other
 * succeeds is named in `notPermitted` and does not degrade the cluster.
 */
import { requireIdentity } from "../auth/identity.ts";
import type { Identity } from "../auth/identity.ts";
import type { ClusterInfo } from "../clusters/registry.ts";
import type { RouteHandler } from "../http/context.ts";
import { AppError } from "../http/errors.ts";
import { builtInKind } from "../kinds/catalog.ts";
import { kindPath } from "../kinds/kind.ts";
import { json } from "./cluster-deps.ts";
import type { ClusterApiDeps } from "./cluster-deps.ts";
import { summarizeNodes, summarizePods } from "./fleet-summary.ts";
import type { HotSignal, NodeSummary, PodSummary } from "./fleet-summary.ts";
import { optionalInt } from "./resources.ts";

export const DEFAULT_CLUSTER_TIMEOUT_MS = 5_000;
export const DEFAULT_BUDGET_MS = 8_000;

export type FleetStatus = "healthy" | "degraded" | "unreachable" | "denied" | "unknown";

export interface FleetCluster extends ClusterInfo {
  status: FleetStatus;
  message?: string;
  durationMs: number;
  nodes?: NodeSummary;
  pods?: PodSummary;
  signals?: HotSignal[];
  /** Lists RBAC refused this user (e.g. nodes for a namespace-bound user); the rest still counts. */
  notPermitted?: string[];
}

async function probe(deps: ClusterApiDeps, info: ClusterInfo, identity: Identity, requestId: string, timeoutMs: number, signal: AbortSignal): Promise<FleetCluster> {
  const started = performance.now();
  const client = deps.clusters.client(info.name, identity, requestId);
  const list = (plural: string) => client.json({ path: kindPath(builtInKind(plural)!), timeoutMs, signal });
  const [nodes, pods] = await Promise.allSettled([list("nodes"), list("pods")]);
  const durationMs = Math.round(performance.now() - started);
  const failures = [nodes, pods].filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);
  const statusOf = (e: unknown) => (e instanceof AppError ? e.status : 0);
  const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
  const out: FleetCluster = { ...info, status: "healthy", durationMs };
  if (nodes.status === "fulfilled") out.nodes = summarizeNodes(nodes.value);
  if (pods.status === "fulfilled") Object.assign(out, summarizePods(pods.value));
  const refused = failures.filter((e) => statusOf(e) === 403);
  const broken = failures.filter((e) => statusOf(e) !== 403);
  if (refused.length > 0) out.notPermitted = [nodes, pods].flatMap((r, i) => (r.status === "rejected" && statusOf(r.reason) === 403 ? [i === 0 ? "nodes" : "pods"] : []));
  if (broken.length === 2) {
    out.status = "unreachable";
    out.message = messageOf(broken[0]);
  } else if (broken.length === 1) {
    out.status = "degraded";
    out.message = messageOf(broken[0]);
  } else if (refused.length === 2) {
    out.status = "denied";
    out.message = messageOf(refused[0]);
  } else if (out.nodes && out.nodes.ready < out.nodes.total) {
    out.status = "degraded";
    out.message = `${out.nodes.total - out.nodes.ready} of ${out.nodes.total} nodes not ready`;
  }
  return out;
}

export function fleet(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const identity = requireIdentity(ctx);
    const timeoutMs = optionalInt(ctx.url, "timeoutMs", 100, 30_000) ?? DEFAULT_CLUSTER_TIMEOUT_MS;
    const budgetMs = optionalInt(ctx.url, "budgetMs", 100, 60_000) ?? DEFAULT_BUDGET_MS;
    const started = performance.now();
    const abort = new AbortController();
    const infos = deps.clusters.list();
    const results: Array<FleetCluster | undefined> = infos.map(() => undefined);
    const all = Promise.all(
      infos.map(async (info, i) => {
        results[i] = await probe(deps, info, identity, ctx.requestId, timeoutMs, abort.signal).catch((error: unknown) => ({
          ...info,
          status: "unreachable" as const,
          message: error instanceof Error ? error.message : String(error),
          durationMs: Math.round(performance.now() - started),
        }));
      }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
    clearTimeout(timer);
    abort.abort();
    const clusters = infos.map((info, i): FleetCluster =>
      results[i] ?? { ...info, status: "unknown", message: `no answer within the ${budgetMs} ms budget`, durationMs: Math.round(performance.now() - started) },
    );
    const environments: Record<string, string[]> = {};
    for (const c of clusters) (environments[c.environment ?? ""] ??= []).push(c.name);
    return json({ generatedAt: new Date().toISOString(), budgetMs, timeoutMs, durationMs: Math.round(performance.now() - started), clusters, environments });
  };
}
