/**
 * Attaches the signed-in identity to every request. Without a session: API and other non-navigation requests get
 * 401 {code:"unauthenticated"}; HTML page navigations are sent to the login screen. Public paths pass untouched.
 */
import type { Middleware, RequestContext } from "../http/context.ts";
import { unauthenticated } from "../http/errors.ts";
import type { AuthService } from "./auth-service.ts";
import { safeReturnTo } from "./flow-cookie.ts";
import { setIdentity } from "./identity.ts";
import { LOGIN_PAGE_PATH } from "./pages.ts";

const PUBLIC_EXACT = new Set([
  "/healthz",
  "/api/auth/config",
  "/api/auth/login",
  "/api/auth/callback",
  "/api/auth/loggedout",
  "/api/auth/logout",
  "/api/auth/logout/everywhere",
  LOGIN_PAGE_PATH,
  "/favicon.ico",
  "/robots.txt",
]);
/** Static assets: served to anyone (they hold no data). */
const PUBLIC_PREFIXES = ["/static/", "/vendor/", "/assets/", "/ui/"];
/** Probes: answered without reading the session cookie (they run every few seconds and need no identity). */
const NO_SESSION = new Set(["/healthz"]);

export function isStaticPath(pathname: string, extraPrefixes: readonly string[] = []): boolean {
  const under = (p: string) => pathname.startsWith(p);
  return PUBLIC_PREFIXES.some(under) || extraPrefixes.some(under);
}

export function isPublicPath(pathname: string, extraPaths: readonly string[] = [], extraPrefixes: readonly string[] = []): boolean {
  return PUBLIC_EXACT.has(pathname) || extraPaths.includes(pathname) || isStaticPath(pathname, extraPrefixes);
}

export function isHtmlNavigation(ctx: RequestContext): boolean {
  const { request, url } = ctx;
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return false;
  // Browsers mark navigations; scripts that ask for HTML are treated the same (they get a redirect, not JSON).
  if (request.headers.get("sec-fetch-mode") === "navigate") return true;
  return (request.headers.get("accept") ?? "").includes("text/html");
}

export function authMiddleware(auth: AuthService, options: { publicPrefixes?: string[] } = {}): Middleware {
  return async (ctx, next) => {
    const path = ctx.url.pathname;
    if (NO_SESSION.has(path) || isStaticPath(path, options.publicPrefixes)) return next();
    if (isPublicPath(path, auth.publicPaths)) {
      // Public pages still learn who is signed in (e.g. the login page can offer "continue").
      const identity = await auth.authenticate(ctx).catch(() => undefined);
      if (identity) setIdentity(ctx, identity);
      return next();
    }
    const identity = await auth.authenticate(ctx);
    if (identity) {
      setIdentity(ctx, identity);
      return next();
    }
    const stale = auth.staleCookie(ctx);
    if (isHtmlNavigation(ctx)) {
      const target = `${LOGIN_PAGE_PATH}?next=${encodeURIComponent(safeReturnTo(ctx.url.pathname + ctx.url.search))}`;
      const response = new Response(null, { status: 303, headers: { location: target, "cache-control": "no-store" } });
      if (stale) response.headers.append("set-cookie", stale);
      return response;
    }
    throw unauthenticated("sign in first: no valid session", stale ? { headers: { "set-cookie": stale } } : undefined);
  };
}
