import type { RouteHandler } from "../http/context.ts";
import type { AuthService } from "../auth/auth-service.ts";

/** GET /api/auth/login?next=/path: starts the sign-in at the identity provider. */
export function authLogin(auth: AuthService): RouteHandler {
  return (ctx) => auth.login(ctx);
}

/** GET /login: the sign-in screen (the dashboard may provide its own page through AuthPages). */
export function loginPage(auth: AuthService): RouteHandler {
  return (ctx) => auth.loginPage(ctx);
}
