/** Builds the process's AuthService for the resolved settings (oidc discovery happens here, at boot). */
import type { AuthService, AuthServiceOptions } from "./auth-service.ts";
import { createDevAuth } from "./auth-service.ts";
import { createOidcAuth } from "./oidc-auth.ts";
import type { OidcAuthOptions } from "./oidc-auth.ts";

export async function createAuth(options: AuthServiceOptions & OidcAuthOptions): Promise<AuthService> {
  if (options.settings.mode === "oidc") return createOidcAuth(options);
  return createDevAuth(options);
}
