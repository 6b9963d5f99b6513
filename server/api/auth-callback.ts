import type { RouteHandler } from "../http/context.ts";
import type { AuthService } from "../auth/auth-service.ts";

/** GET /api/auth/callback: the identity provider's redirect back; creates the session. */
export function authCallback(auth: AuthService): RouteHandler {
  return (ctx) => auth.callback(ctx);
}
