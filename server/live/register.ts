/**
 * The live routes (called from server/routes.ts, which stays the one route table to read):
 *   GET /api/clusters/{c}/resources/{kind}/watch             watch stream (SSE)
 *   GET /api/clusters/{c}/resources/{group}/{version}/{plural}/watch   the same for a custom resource kind
 *   GET /api/clusters/{c}/pods/{ns}/{name}/logs              pod logs (SSE)
 *   GET /api/clusters/{c}/{workload}/{ns}/{name}/logs        deployments, statefulsets, daemonsets, jobs (SSE)
 *   GET /api/clusters/{c}/pods/{ns}/{name}/exec              exec (WebSocket)
 */
import type { ClusterApiDeps } from "../api/cluster-deps.ts";
import type { RouteHandler } from "../http/context.ts";
import type { Router } from "../http/router.ts";
import type { StreamRegistry } from "../http/sse.ts";
import type { Platform } from "../platform/types.ts";
import { watchResources } from "../api/watch.ts";
import { podLogs, workloadLogs } from "../api/logs.ts";
import { podExec } from "../api/exec.ts";
import { createLiveDeps } from "./live-deps.ts";
import type { LiveAudit } from "./live-deps.ts";
import { WORKLOAD_LOG_KINDS } from "./log-targets.ts";
import type { SessionLookup } from "./session-guard.ts";
import type { LiveSettings } from "./settings.ts";

export function registerLiveRoutes(
  router: Router<RouteHandler>,
  o: ClusterApiDeps & { streams: StreamRegistry; settings: LiveSettings; platform: Platform; sessions: SessionLookup; onShutdown(hook: (reason: string) => void): void },
): void {
  const deps = createLiveDeps({ ...o, audit: o.audit as LiveAudit | undefined });
  router.add("GET", "/api/clusters/:cluster/resources/:kind/watch", watchResources(deps));
  router.add("GET", "/api/clusters/:cluster/resources/:group/:version/:plural/watch", watchResources(deps));
  router.add("GET", "/api/clusters/:cluster/pods/:namespace/:name/logs", podLogs(deps));
  for (const kind of WORKLOAD_LOG_KINDS) router.add("GET", `/api/clusters/:cluster/${kind}/:namespace/:name/logs`, workloadLogs(deps, kind));
  router.add("GET", "/api/clusters/:cluster/pods/:namespace/:name/exec", podExec(deps));
}
