import type { Middleware } from "../http/context.ts";
import { setIdentity, tierImpersonation } from "./identity.ts";
import type { Identity } from "./identity.ts";

/** The fixed development identity: acts with tier `admin` so the demo is fully usable. Never used in oidc mode. */
export function devIdentity(options: { subject?: string; email?: string; groups?: string[] } = {}): Identity {
  const subject = options.subject ?? "dev@periscope.local";
  return {
    subject,
    email: options.email ?? subject,
    groups: options.groups ?? ["periscope-dev"],
    mode: "dev",
    authzMode: "tier",
    tier: "admin",
    kube: tierImpersonation(subject, "admin"),
    auditScope: "all",
    expiresAt: undefined,
    sessionKey: undefined,
  };
}

/** Middleware that attaches the dev identity to every request (dev mode only). */
export function devIdentityMiddleware(identity: Identity): Middleware {
  return (ctx, next) => {
    setIdentity(ctx, identity);
    return next();
  };
}
