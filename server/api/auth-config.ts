import type { RouteHandler } from "../http/context.ts";
import type { AuthService } from "../auth/auth-service.ts";

/** GET /api/auth/config (public): how to sign in. Dev mode says so loudly. */
export function authConfig(auth: AuthService): RouteHandler {
  return () => {
    const body: Record<string, unknown> = { mode: auth.mode, providerName: auth.providerName, loginUrl: "/api/auth/login" };
    if (auth.mode === "dev") body.warning = "development mode: everyone acts as the fixed dev identity; never expose this server";
    return Response.json(body);
  };
}
