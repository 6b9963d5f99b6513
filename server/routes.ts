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
import { authCallback } from "./api/auth-callback.ts";
import { authConfig } from "./api/auth-config.ts";
import { authLogin, loginPage } from "./api/auth-login.ts";
import { authLoggedOut, authLogout } from "./api/auth-logout.ts";
import { authWhoami } from "./api/auth-whoami.ts";
import { createDevAuth } from "./auth/auth-service.ts";
import type { AuthService } from "./auth/auth-service.ts";
import { LOGIN_PAGE_PATH } from "./auth/pages.ts";
import { noAuthFileSettings } from "./config/auth-file.ts";
import { serverEvents } from "./api/server-events.ts";
import type { ClusterRegistry } from "./clusters/registry.ts";
import { createKindCatalog } from "./kinds/catalog.ts";
import type { KindCatalog } from "./kinds/catalog.ts";
import type { ClusterApiDeps } from "./api/cluster-deps.ts";
import { listClusters } from "./api/clusters.ts";
import { fleet } from "./api/fleet.ts";
import { listKinds } from "./api/kinds.ts";
import { resourcesDelete, resourcesGet } from "./api/resources.ts";
import { applyResource } from "./api/apply.ts";
import { resourceAction } from "./api/actions.ts";
import { revealSecretKey } from "./api/secrets.ts";
import { canI, createCanICache } from "./api/can-i.ts";
import { searchFleet, searchOneCluster } from "./api/search.ts";
import { createSearchNames } from "./api/search-names.ts";
import { metrics } from "./api/metrics.ts";
import { helmDiff, helmHistory, helmRelease, helmReleases } from "./api/helm.ts";
import { registerPages } from "./pages/register.ts";
import { features } from "./api/features.ts";
import { defaultLiveSettings } from "./live/settings.ts";
import type { LiveSettings } from "./live/settings.ts";
import { registerLiveRoutes } from "./live/register.ts";

export interface RouteDeps {
  log: Logger;
  platform: Platform;
  streams: StreamRegistry;
  onShutdown(hook: (reason: string) => void): void;
  /** Sign-in and sessions (server/auth/create-auth.ts); absent → dev mode without an auth file. */
  auth?: AuthService;
  /** The audit log (server/audit/README.md); absent or without a store → the query routes answer audit_disabled. */
  audit?: AuditLog;
  /** Registered clusters (server/clusters/registry.ts); absent → no cluster routes. */
  clusters?: ClusterRegistry;
  /** Kind catalog shared with watch streams; created here when absent. */
  kinds?: KindCatalog;
  /** Watch streams, logs and exec settings (server/live/settings.ts); defaults when absent. */
  live?: LiveSettings;
}

export function registerRoutes(router: Router<RouteHandler>, deps: RouteDeps): void {
  router.add("GET", "/healthz", healthz(deps.audit));
  router.add("GET", "/api/events", serverEvents(deps.streams));
  const auth = deps.auth ?? createDevAuth({ settings: noAuthFileSettings(), log: deps.log });
  router.add("GET", "/api/auth/config", authConfig(auth));
  router.add("GET", "/api/auth/login", authLogin(auth));
  router.add("GET", "/api/auth/callback", authCallback(auth));
  router.add("POST", "/api/auth/logout", authLogout(auth, false));
  router.add("POST", "/api/auth/logout/everywhere", authLogout(auth, true));
  router.add("GET", "/api/auth/loggedout", authLoggedOut(auth));
  router.add("GET", "/api/auth/whoami", authWhoami());
  router.add("GET", "/api/audit", auditList(deps.audit));
  router.add("GET", "/api/audit/timeline", auditTimeline(deps.audit));
  router.add("GET", "/api/audit/:id", auditGet(deps.audit));
  const live = deps.live ?? defaultLiveSettings();
  router.add("GET", "/api/features", features(live));
  // The dashboard: pages, /ui/ and /vendor/ (server/pages/register.ts); registers /login before the fallback below.
  registerPages(router);
  if (deps.clusters) {
    const c: ClusterApiDeps = { clusters: deps.clusters, kinds: deps.kinds ?? createKindCatalog(), log: deps.log, audit: deps.audit, searchNames: createSearchNames() };
    router.add("GET", "/api/clusters", listClusters(c));
    router.add("GET", "/api/fleet", fleet(c));
    router.add("GET", "/api/search", searchFleet(c));
    router.add("GET", "/api/clusters/:cluster/kinds", listKinds(c));
    router.add("GET", "/api/clusters/:cluster/resources/*rest", resourcesGet(c));
    router.add("PATCH", "/api/clusters/:cluster/resources/*rest", applyResource(c));
    router.add("DELETE", "/api/clusters/:cluster/resources/*rest", resourcesDelete(c));
    router.add("POST", "/api/clusters/:cluster/resources/*rest", resourceAction(c));
    router.add("GET", "/api/clusters/:cluster/secrets/:namespace/:name/data/:key", revealSecretKey(c));
    router.add("POST", "/api/clusters/:cluster/can-i", canI(c, createCanICache()));
    router.add("GET", "/api/clusters/:cluster/search", searchOneCluster(c));
    router.add("GET", "/api/clusters/:cluster/metrics/:target", metrics(c));
    router.add("GET", "/api/clusters/:cluster/helm/releases", helmReleases(c));
    router.add("GET", "/api/clusters/:cluster/helm/releases/:namespace/:name", helmRelease(c));
    router.add("GET", "/api/clusters/:cluster/helm/releases/:namespace/:name/history", helmHistory(c));
    router.add("GET", "/api/clusters/:cluster/helm/releases/:namespace/:name/diff", helmDiff(c));
    // Watch streams, logs (SSE) and exec (WebSocket): server/live/register.ts lists the routes.
    registerLiveRoutes(router, { ...c, streams: deps.streams, settings: live, platform: deps.platform, sessions: auth, onShutdown: deps.onShutdown });
  }
  // Keep last: a plain sign-in screen only when the dashboard registered none above.
  if (router.match("GET", LOGIN_PAGE_PATH).kind === "none") router.add("GET", LOGIN_PAGE_PATH, loginPage(auth));
}
