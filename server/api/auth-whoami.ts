import type { RouteHandler } from "../http/context.ts";
import { requireIdentity } from "../auth/identity.ts";

/** GET /api/auth/whoami: who the console thinks you are and what Kubernetes is told (401 without a session). */
export function authWhoami(): RouteHandler {
  return (ctx) => {
    const identity = requireIdentity(ctx);
    return Response.json({
      subject: identity.subject,
      email: identity.email ?? null,
      groups: identity.groups,
      mode: identity.mode,
      authzMode: identity.authzMode,
      tier: identity.tier ?? null,
      auditScope: identity.auditScope,
      impersonation: identity.kube ?? null,
      expiresAt: identity.expiresAt ?? null,
    });
  };
}
