import type { RouteHandler } from "../http/context.ts";
import type { AuthService } from "../auth/auth-service.ts";

/**
 * POST /api/auth/logout and POST /api/auth/logout/everywhere (same-origin checked by the app): end this session,
 * or every session of the user and the IdP session too. Answer 303 to the signed-out page or the IdP.
 */
export function authLogout(auth: AuthService, everywhere: boolean): RouteHandler {
  return (ctx) => auth.logout(ctx, everywhere);
}

/** GET /api/auth/loggedout (public): where sign-out lands, also the IdP's post-logout redirect. */
export function authLoggedOut(auth: AuthService): RouteHandler {
  return (ctx) => auth.loggedOutPage(ctx);
}
