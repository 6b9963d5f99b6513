/**
 * OIDC mode: the backend-for-frontend sign-in (code + PKCE S256 + state + nonce), sessions with idle/absolute
 * timeouts and token refresh, and sign-out (local, or everywhere: every session of the subject plus the IdP's
 * end-session endpoint). Tokens stay on the server; the browser only ever holds the opaque session id.
 */
import { ConfigError } from "../config/config-error.ts";
import type { RequestContext } from "../http/context.ts";
import type { Identity } from "./identity.ts";
import { emitAuthEvent, pagePathList, resolvePages, seeOther } from "./auth-service.ts";
import type { AuthService, AuthServiceOptions } from "./auth-service.ts";
import { resolveIdentity, userFromClaims } from "./authorization.ts";
import { clearCookie, isSecureRequest, readCookie, serializeCookie } from "./cookies.ts";
import { FLOW_COOKIE_PATH, FLOW_MAX_AGE_MS, FlowSigner, safeReturnTo, sameString } from "./flow-cookie.ts";
import { DiscoveryError } from "./oidc/discovery.ts";
import type { FetchLike } from "./oidc/discovery.ts";
import { IdTokenError } from "./oidc/id-token.ts";
import { JwksError } from "./oidc/jwks.ts";
import { OidcClient, ProviderError } from "./oidc/oidc-client.ts";
import { htmlResponse, LOGIN_PAGE_PATH } from "./pages.ts";
import { RateLimiter } from "./rate-limit.ts";
import { SessionStore } from "./session-store.ts";
import type { Session } from "./session-store.ts";
import { randomToken } from "./tokens.ts";

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 60_000;
const SWEEP_EVERY_MS = 60_000;

export interface OidcAuthOptions extends AuthServiceOptions {
  fetch?: FetchLike;
  /** Sign-in attempts per client address: burst and refill per second. */
  rateLimit?: { capacity: number; refillPerSecond: number };
  maxSessions?: number;
  jwksCooldownMs?: number;
}

export interface OidcAuthService extends AuthService {
  readonly sessions: SessionStore;
  readonly client: OidcClient;
}

export async function createOidcAuth(options: OidcAuthOptions): Promise<OidcAuthService> {
  const { settings, log } = options;
  const oidc = settings.oidc;
  if (!oidc) throw new ConfigError(settings.source, "oidc.issuer", "an issuer URL (oidc mode needs one)", "nothing");
  const now = options.now ?? Date.now;
  let client: OidcClient;
  try {
    client = await OidcClient.create({ settings: oidc, fetch: options.fetch ?? fetch, now, jwksCooldownMs: options.jwksCooldownMs });
  } catch (error) {
    if (error instanceof DiscoveryError) throw new ConfigError(settings.source, "oidc.issuer", "a reachable OpenID provider (discovery)", error.message);
    throw error;
  }
  const pages = resolvePages(options.pages);
  const sessions = new SessionStore({
    idleTimeoutMs: settings.session.idleTimeoutMs,
    absoluteTimeoutMs: settings.session.absoluteTimeoutMs,
    now,
    maxSessions: options.maxSessions,
  });
  const signer = new FlowSigner();
  const limiter = new RateLimiter({ capacity: options.rateLimit?.capacity ?? 60, refillPerSecond: options.rateLimit?.refillPerSecond ?? 1, now });
  const cookieName = settings.session.cookieName;
  const flowCookie = `${cookieName}_login`;
  const domain = settings.session.cookieDomain;
  const secure = (ctx: RequestContext) => isSecureRequest(ctx.request, ctx.url);

  const sweeper = setInterval(() => sessions.sweep(), SWEEP_EVERY_MS);
  (sweeper as { unref?: () => void }).unref?.();

  const notice = (status: number, title: string, message: string, cookies: string[] = []) => {
    const response = htmlResponse(pages.notice({ title, message, action: { href: "/login", label: "Try signing in again" } }), status);
    for (const cookie of cookies) response.headers.append("set-cookie", cookie);
    return response;
  };
  const limited = (ctx: RequestContext): Response | undefined => {
    const wait = limiter.take(ctx.conn.remoteAddress);
    if (wait === 0) return undefined;
    const response = notice(429, "Too many sign-in attempts", `Please wait ${wait} seconds and try again.`);
    response.headers.set("retry-after", String(wait));
    return response;
  };

  async function refreshSession(session: Session, ctx: RequestContext): Promise<boolean> {
    const refreshToken = session.tokens.refreshToken!;
    try {
      const tokens = await client.refresh(refreshToken);
      let identity: Identity = session.identity;
      if (tokens.idToken) {
        const claims = await client.verifyIdToken(tokens.idToken, undefined);
        if (claims.sub !== session.identity.subject) throw new IdTokenError("subject", "the refreshed ID token names another subject");
        const resolved = resolveIdentity(userFromClaims(claims, settings.authorization.groupsClaim), settings.authorization, "oidc");
        if (!resolved.ok) throw new IdTokenError(resolved.reason, "the user is no longer allowed");
        identity = { ...resolved.identity, sessionKey: session.key, expiresAt: session.identity.expiresAt };
      }
      session.identity = identity;
      session.tokens = {
        idToken: tokens.idToken ?? session.tokens.idToken,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken ?? refreshToken,
        accessExpiresAt: tokens.accessExpiresAt,
      };
      return true;
    } catch (error) {
      sessions.delete(session.key);
      const reason = error instanceof ProviderError || error instanceof IdTokenError || error instanceof JwksError ? error.message : "unexpected error";
      await emitAuthEvent(options.onEvent, log, {
        verb: "logout",
        outcome: "success",
        requestId: ctx.requestId,
        identity: session.identity,
        reason: `session ended: token refresh failed (${reason})`,
      });
      return false;
    }
  }

  const service: OidcAuthService = {
    mode: "oidc",
    settings,
    providerName: oidc.providerName,
    publicPaths: pagePathList(options),
    sessions,
    client,

    async authenticate(ctx) {
      const session = sessions.get(readCookie(ctx.request, cookieName));
      if (!session) return undefined;
      const t = session.tokens;
      if (t.refreshToken && t.accessExpiresAt !== undefined && now() >= t.accessExpiresAt - REFRESH_MARGIN_MS) {
        session.refreshing ??= refreshSession(session, ctx).finally(() => {
          session.refreshing = undefined;
        });
        if (!(await session.refreshing)) return undefined;
      }
      sessions.touch(session);
      return { ...session.identity, groups: [...session.identity.groups] };
    },

    sessionExpiresAt(sessionKey) {
      const session = sessionKey ? sessions.peek(sessionKey) : undefined;
      return session ? sessions.expiresAt(session) : undefined;
    },

    staleCookie(ctx) {
      if (readCookie(ctx.request, cookieName) === undefined) return undefined;
      return clearCookie(cookieName, { secure: secure(ctx), domain });
    },

    async login(ctx) {
      const tooMany = limited(ctx);
      if (tooMany) return tooMany;
      const flow = { state: randomToken(), codeVerifier: randomToken(32), nonce: randomToken(), returnTo: safeReturnTo(ctx.url.searchParams.get("next")), issuedAt: now() };
      const cookie = serializeCookie(flowCookie, signer.seal(flow), { path: FLOW_COOKIE_PATH, maxAgeSeconds: FLOW_MAX_AGE_MS / 1000, secure: secure(ctx), domain });
      const response = new Response(null, { status: 302, headers: { location: client.authorizationUrl(flow).toString(), "cache-control": "no-store" } });
      response.headers.append("set-cookie", cookie);
      return response;
    },

    async callback(ctx) {
      const tooMany = limited(ctx);
      if (tooMany) return tooMany;
      const params = ctx.url.searchParams;
      const dropFlow = clearCookie(flowCookie, { path: FLOW_COOKIE_PATH, secure: secure(ctx), domain });
      // Failures land on the login screen with a stable code it explains (the reason goes to the log only).
      const fail = (code: "state_mismatch" | "idp_error" | "idp_unavailable" | "invalid_token", why: string) => {
        log.warn("sign-in failed", { requestId: ctx.requestId, code, reason: why });
        return seeOther(`${LOGIN_PAGE_PATH}?error=${code}`, [dropFlow]);
      };
      const providerError = params.get("error");
      if (providerError) {
        const code = /^[A-Za-z0-9_.-]{1,64}$/.test(providerError) ? providerError : "error";
        return fail("idp_error", `provider error ${code}`);
      }
      const flow = signer.open(readCookie(ctx.request, flowCookie), now());
      const state = params.get("state");
      const code = params.get("code");
      if (!flow) return fail("state_mismatch", "missing, forged or expired login cookie");
      if (!state || !sameString(state, flow.state)) return fail("state_mismatch", "state mismatch");
      const iss = params.get("iss");
      if ((client.metadata.issParameterSupported || iss !== null) && iss !== client.metadata.issuer) {
        return fail("state_mismatch", "iss mismatch on the authorization response");
      }
      if (!code) return fail("idp_error", "no authorization code");

      let claims;
      let tokens;
      try {
        tokens = await client.exchangeCode(code, flow.codeVerifier);
        if (!tokens.idToken) throw new IdTokenError("missing", "the provider returned no ID token");
        claims = await client.verifyIdToken(tokens.idToken, flow.nonce);
      } catch (error) {
        if (error instanceof ProviderError && error.kind === "unreachable") {
          return fail("idp_unavailable", error.message);
        }
        if (error instanceof ProviderError) return fail("idp_error", error.message);
        if (error instanceof IdTokenError || error instanceof JwksError) {
          return fail("invalid_token", error.message);
        }
        throw error;
      }

      const resolved = resolveIdentity(userFromClaims(claims, settings.authorization.groupsClaim), settings.authorization, "oidc");
      if (!resolved.ok) {
        const c = resolved.claims;
        const who: Identity = { subject: c.subject, email: c.email, groups: c.groups, mode: "oidc", authzMode: settings.authorization.mode, tier: undefined, kube: undefined, auditScope: "self", expiresAt: undefined, sessionKey: undefined };
        await emitAuthEvent(options.onEvent, log, { verb: "login", outcome: "denied", requestId: ctx.requestId, identity: who, reason: resolved.reason });
        if (options.pagePaths?.denied) return seeOther(`${options.pagePaths.denied}?reason=${resolved.reason}`, [dropFlow]);
        const response = htmlResponse(pages.notice({ title: "Access denied", message: `Signed in as ${c.email ?? c.subject}. ${resolved.message}` }), 403);
        response.headers.append("set-cookie", dropFlow);
        return response;
      }
      // Signing in again replaces this browser's previous session rather than leaving it alive beside the new one.
      const previous = sessions.get(readCookie(ctx.request, cookieName));
      if (previous) sessions.delete(previous.key);
      const { id, session } = sessions.create(resolved.identity, tokens);
      await emitAuthEvent(options.onEvent, log, { verb: "login", outcome: "success", requestId: ctx.requestId, identity: session.identity });
      const cookie = serializeCookie(cookieName, id, { maxAgeSeconds: settings.session.absoluteTimeoutMs / 1000, secure: secure(ctx), domain });
      return seeOther(flow.returnTo, [dropFlow, cookie]);
    },

    async logout(ctx, everywhere) {
      const session = sessions.get(readCookie(ctx.request, cookieName));
      const drop = clearCookie(cookieName, { secure: secure(ctx), domain });
      if (!session) return seeOther("/api/auth/loggedout", [drop]);
      const idToken = session.tokens.idToken;
      const ended = everywhere ? sessions.deleteSubject(session.identity.subject) : (sessions.delete(session.key), [session]);
      // Best effort, in the background: a provider that is slow or down must not hold up signing out.
      for (const s of ended) if (s.tokens.refreshToken) void client.revoke(s.tokens.refreshToken).catch(() => undefined);
      await emitAuthEvent(options.onEvent, log, { verb: "logout", outcome: "success", requestId: ctx.requestId, identity: session.identity, extra: { everywhere, sessionsEnded: ended.length } });
      const endSession = everywhere ? client.endSessionUrl(idToken) : undefined;
      return seeOther(endSession ? endSession.toString() : "/api/auth/loggedout", [drop]);
    },

    loginPage(ctx) {
      return htmlResponse(pages.login({ mode: "oidc", providerName: oidc.providerName, next: safeReturnTo(ctx.url.searchParams.get("next")), error: ctx.url.searchParams.get("error") ?? undefined }));
    },

    loggedOutPage() {
      if (options.pagePaths?.signedOut) return seeOther(options.pagePaths.signedOut);
      return htmlResponse(pages.notice({ title: "Signed out", message: "You have been signed out of Periscope.", action: { href: "/login", label: "Sign in again" } }));
    },

    close() {
      clearInterval(sweeper);
    },
  };
  return service;
}
