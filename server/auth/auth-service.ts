/**
 * What the rest of the server sees of authentication: one `AuthService` per process, in oidc or dev mode.
 * Route handlers (server/api/auth-*.ts) and the middleware call it; nothing else touches sessions or tokens.
 */
import type { AuthSettings } from "../config/auth-file.ts";
import { ConfigError } from "../config/config-error.ts";
import type { RequestContext } from "../http/context.ts";
import type { Logger } from "../http/log.ts";
import type { AuthMode, Identity } from "./identity.ts";
import { devIdentity } from "./dev-identity.ts";
import { resolveIdentity } from "./authorization.ts";
import { safeReturnTo } from "./flow-cookie.ts";
import { fallbackPages, htmlResponse } from "./pages.ts";
import type { AuthPages } from "./pages.ts";

/** A sign-in or sign-out, for the audit log (server/audit records it; see main.ts). */
export interface AuthEvent {
  verb: "login" | "logout";
  outcome: "success" | "failure" | "denied";
  requestId: string;
  identity: Identity;
  reason?: string;
  extra?: Record<string, unknown>;
}
export type AuthEventSink = (event: AuthEvent) => void | Promise<void>;

export interface AuthService {
  readonly mode: AuthMode;
  readonly settings: AuthSettings;
  readonly providerName: string;
  /** Pages that need no session besides the built-in public paths (the dashboard's denied and signed-out pages). */
  readonly publicPaths: readonly string[];
  /** The request's identity from its session cookie (refreshing provider tokens when due), or undefined. */
  authenticate(ctx: RequestContext): Promise<Identity | undefined>;
  /** Set-Cookie value that clears a stale session cookie, when the request carried one. */
  staleCookie(ctx: RequestContext): string | undefined;
  login(ctx: RequestContext): Promise<Response>;
  callback(ctx: RequestContext): Promise<Response>;
  logout(ctx: RequestContext, everywhere: boolean): Promise<Response>;
  loginPage(ctx: RequestContext): Response;
  loggedOutPage(ctx: RequestContext): Response;
  /**
   * For long-lived streams: when the session behind `Identity.sessionKey` ends (epoch ms), or undefined when it
   * has already ended (signed out, timed out, refresh failed). Dev mode never ends: Infinity.
   */
  sessionExpiresAt(sessionKey: string | undefined): number | undefined;
  /** Stop background work (the session sweeper). */
  close(): void;
}

export interface AuthServiceOptions {
  settings: AuthSettings;
  log: Logger;
  now?: () => number;
  onEvent?: AuthEventSink;
  pages?: Partial<AuthPages>;
  /**
   * Pages the dashboard serves itself; when set, the flow redirects there instead of rendering a fallback:
   * `denied` gets `?reason=not_in_allowed_groups|no_tier`, `signedOut` is where /api/auth/loggedout sends people.
   */
  pagePaths?: { denied?: string; signedOut?: string };
}

export function resolvePages(pages: Partial<AuthPages> | undefined): AuthPages {
  return { ...fallbackPages, ...pages };
}

/** Sends an auth event to the sink without letting a failing sink break sign-in. */
export async function emitAuthEvent(sink: AuthEventSink | undefined, log: Logger, event: AuthEvent): Promise<void> {
  log.info(`auth ${event.verb}`, {
    requestId: event.requestId,
    outcome: event.outcome,
    subject: event.identity.subject,
    ...(event.reason ? { reason: event.reason } : {}),
  });
  if (!sink) return;
  try {
    await sink(event);
  } catch (error) {
    log.error("auth event sink failed", { requestId: event.requestId, error: error instanceof Error ? error.message : String(error) });
  }
}

/** Dev mode: a fixed identity, loudly labelled. Without an auth file it acts as tier admin (the demo). */
export function createDevAuth(options: AuthServiceOptions): AuthService {
  const { settings } = options;
  const pages = resolvePages(options.pages);
  let identity: Identity;
  if (settings.devAdmin) {
    identity = devIdentity({ subject: settings.dev.subject, email: settings.dev.email, groups: settings.dev.groups });
  } else {
    const resolved = resolveIdentity({ subject: settings.dev.subject, email: settings.dev.email, groups: settings.dev.groups }, settings.authorization, "dev");
    if (!resolved.ok) {
      throw new ConfigError(settings.source, "dev.groups", "groups allowed by authorization.allowedGroups and mapped to a tier (or a defaultTier)", `the dev identity refused: ${resolved.reason}`);
    }
    identity = resolved.identity;
  }
  return {
    mode: "dev",
    settings,
    providerName: "development mode",
    publicPaths: pagePathList(options),
    authenticate: () => Promise.resolve({ ...identity, groups: [...identity.groups] }),
    staleCookie: () => undefined,
    sessionExpiresAt: () => Number.POSITIVE_INFINITY,
    login: (ctx) => Promise.resolve(seeOther(safeReturnTo(ctx.url.searchParams.get("next")))),
    callback: () => Promise.resolve(seeOther("/")),
    async logout(ctx, everywhere) {
      await emitAuthEvent(options.onEvent, options.log, { verb: "logout", outcome: "success", requestId: ctx.requestId, identity, extra: { everywhere } });
      return seeOther("/api/auth/loggedout");
    },
    loginPage: (ctx) => htmlResponse(pages.login({ mode: "dev", providerName: "development mode", next: safeReturnTo(ctx.url.searchParams.get("next")), error: ctx.url.searchParams.get("error") ?? undefined })),
    loggedOutPage: () =>
      options.pagePaths?.signedOut ? seeOther(options.pagePaths.signedOut) : htmlResponse(pages.notice({ title: "Signed out", message: "Development mode has no real sessions.", action: { href: "/", label: "Back to the console" } })),
    close() {},
  };
}

export function pagePathList(options: AuthServiceOptions): string[] {
  return [options.pagePaths?.denied, options.pagePaths?.signedOut].filter((p): p is string => typeof p === "string" && p !== "");
}

export function seeOther(location: string, cookies: string[] = []): Response {
  const response = new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
  for (const cookie of cookies) response.headers.append("set-cookie", cookie);
  return response;
}
