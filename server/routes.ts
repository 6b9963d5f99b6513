/**
 * The route table: every URL the server answers, and the handler behind it. Start here to find any behaviour.
 */
import type { RouteHandler } from "./http/context.ts";
import type { Logger } from "./http/log.ts";
import type { Router } from "./http/router.ts";
import type { StreamRegistry } from "./http/sse.ts";
import type { Platform } from "./platform/types.ts";
import { auditGet, auditList, auditTimeline } from "./api/audit.ts";
import type { AuditLog } from "./audit/audit-log.ts";
import { healthz } from "./api/healthz.ts";
import { serverEvents } from "./api/server-events.ts";

export interface RouteDeps {
  log: Logger;
  platform: Platform;
  streams: StreamRegistry;
  onShutdown(hook: (reason: string) => void): void;
  /** The audit log (server/audit/README.md); absent or without a store → the query routes answer audit_disabled. */
  audit?: AuditLog;
}

export function registerRoutes(router: Router<RouteHandler>, deps: RouteDeps): void {
  router.add("GET", "/healthz", healthz());
  router.add("GET", "/api/events", serverEvents(deps.streams));
  router.add("GET", "/api/audit", auditList(deps.audit));
  router.add("GET", "/api/audit/timeline", auditTimeline(deps.audit));
  router.add("GET", "/api/audit/:id", auditGet(deps.audit));
}
