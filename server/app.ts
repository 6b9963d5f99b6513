import type { ConnInfo, Platform } from "./platform/types.ts";
import { compose } from "./http/context.ts";
import type { Middleware, RequestContext, RouteHandler } from "./http/context.ts";
import { AppError, errorResponse, methodNotAllowed } from "./http/errors.ts";
import type { Logger } from "./http/log.ts";
import { Router } from "./http/router.ts";
import { applySecurityHeaders } from "./http/security-headers.ts";
import { compressResponse } from "./http/compress.ts";
import { checkSameOrigin } from "./http/same-origin.ts";
import { StreamRegistry } from "./http/sse.ts";
import { registerRoutes } from "./routes.ts";
import { authMiddleware } from "./auth/auth-middleware.ts";
import { PUBLIC_PAGE_PATHS } from "./pages/register.ts";
import type { AuthService } from "./auth/auth-service.ts";
import type { AuditLog } from "./audit/audit-log.ts";
import type { ClusterRegistry } from "./clusters/registry.ts";
import type { LiveSettings } from "./live/settings.ts";

/** What the app is built from: capabilities passed in at start-up, never read ad hoc by handlers. */
export interface AppDeps {
  log: Logger;
  platform: Platform;
  /** Extra middleware that runs before routing (auth adds itself here). */
  middleware?: Middleware[];
  /** Sign-in and sessions (server/auth/create-auth.ts): its middleware attaches the identity to every request. */
  auth?: AuthService;
  /** The audit log (server/audit/audit-log.ts), handed to the routes. */
  audit?: AuditLog;
  /** Registered clusters (server/clusters/registry.ts), handed to the routes. */
  clusters?: ClusterRegistry;
  /** Watch streams, logs and exec settings (server/live/settings.ts), handed to the routes. */
  live?: LiveSettings;
}

export interface App {
  handle(request: Request, conn: ConnInfo): Promise<Response>;
  /** Tell every long-lived stream the server is going away, then close them. */
  shutdown(reason?: string): void;
  readonly streams: StreamRegistry;
  readonly router: Router<RouteHandler>;
}

export function createApp(deps: AppDeps): App {
  const streams = new StreamRegistry();
  const router = new Router<RouteHandler>();
  const shutdownHooks: Array<(reason: string) => void> = [];
  registerRoutes(router, { ...deps, streams, onShutdown: (fn) => shutdownHooks.push(fn) });

  const dispatch: RouteHandler = (ctx) => {
    const match = router.match(ctx.request.method, ctx.url.pathname);
    if (match.kind === "found") {
      ctx.params = match.params;
      return match.handler(ctx);
    }
    if (match.kind === "method") throw methodNotAllowed(match.allowed);
    if (ctx.url.pathname === "/api" || ctx.url.pathname.startsWith("/api/")) {
      throw new AppError(404, "not_found", `no API route for ${ctx.request.method} ${ctx.url.pathname}`);
    }
    return new Response("<!doctype html><title>Not found</title><h1>Not found</h1>", {
      status: 404,
      headers: { "content-type": "text/html; charset=utf-8" },
    });
  };

  const sameOrigin: Middleware = (ctx, next) => {
    checkSameOrigin(ctx.request, ctx.url);
    return next();
  };
  const authn = deps.auth ? [authMiddleware(deps.auth, { publicPrefixes: [...PUBLIC_PAGE_PATHS] })] : [];
  const pipeline = compose([sameOrigin, ...authn, ...(deps.middleware ?? [])], dispatch);

  async function handle(request: Request, conn: ConnInfo): Promise<Response> {
    const started = performance.now();
    const requestId = crypto.randomUUID();
    const url = new URL(request.url);
    const isApi = url.pathname === "/api" || url.pathname.startsWith("/api/");
    const ctx: RequestContext = { request, url, params: {}, requestId, conn, log: deps.log, state: new Map() };
    let response: Response;
    try {
      response = await pipeline(ctx);
    } catch (error) {
      if (!(error instanceof AppError)) {
        deps.log.error("unhandled error", { requestId, error: error instanceof Error ? error.message : String(error) });
      }
      response = errorResponse(error, requestId);
    }
    try {
      response.headers.set("x-request-id", requestId);
      applySecurityHeaders(response, isApi);
      // Gzip text (JSON lists, HTML) when the client accepts it; event streams and upgrades are left alone.
      // Secret values are never compressed: a reflected key name beside a secret is a BREACH-style oracle.
      if (!(isApi && url.pathname.includes("/secrets/"))) response = compressResponse(request, response);
    } catch {
      // Immutable headers (a proxied or upgrade response): leave them as they are.
    }
    // Path only: query strings can carry OAuth codes and state.
    deps.log.record({
      level: "info",
      msg: "request",
      requestId,
      method: request.method,
      path: url.pathname,
      status: response.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      remote: conn.remoteAddress,
    });
    return response;
  }

  return {
    handle,
    streams,
    router,
    shutdown(reason = "the server is shutting down") {
      for (const hook of shutdownHooks) hook(reason);
      streams.closeAll({ event: "server_shutdown", data: { message: reason } });
    },
  };
}
