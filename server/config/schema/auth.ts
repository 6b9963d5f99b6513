/**
 * The one schema for auth.yaml (SPEC §2). Pure data: the server validates /etc/periscope/auth.yaml with it and the
 * chart generator embeds it under `auth` in values.schema.json, so the two cannot drift. Draft-07, closed objects.
 * Defaults are listed for documentation and for the chart's values.yaml; the server applies them in code.
 */

export const AUTH_TIERS = ["read", "triage", "write", "maintain", "admin"] as const;
export const AUTH_AUTHZ_MODES = ["tier", "raw", "shared"] as const;

/** Go-style durations such as `30m`, `8h`, `1h30m`, `90s`. */
export const DURATION_PATTERN = "^([0-9]+(ms|s|m|h|d))+$";

const stringList = { type: "array", items: { type: "string" } } as const;

export const oidcSchema = {
  type: "object",
  additionalProperties: false,
  description: "OpenID Connect client. An issuer turns on oidc mode.",
  properties: {
    issuer: { type: "string", default: "", description: "Issuer URL, exactly as the provider's discovery document states it." },
    clientID: { type: "string", default: "" },
    clientSecret: {
      type: "string",
      default: "${OIDC_CLIENT_SECRET}",
      description: "Literal or secret reference: ${ENV}, file:///path, aws-secretsmanager://id[#jsonKey], aws-ssm:///path.",
    },
    redirectURL: { type: "string", default: "", description: "https://<host>/api/auth/callback, registered at the IdP." },
    postLogoutRedirect: { type: "string", default: "", description: "https://<host>/api/auth/loggedout, registered at the IdP." },
    scopes: { ...stringList, default: ["openid", "profile", "email", "offline_access"] },
    audience: { type: "string", default: "", description: "Auth0 API audience; empty for other providers." },
    providerName: { type: "string", default: "", description: "Label on the sign-in button." },
  },
  // An issuer needs a client to go with it.
  if: { properties: { issuer: { type: "string", minLength: 1 } }, required: ["issuer"] },
  then: { required: ["clientID", "redirectURL"] },
} as const;

export const sessionSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    cookieName: { type: "string", default: "periscope_session", pattern: "^[A-Za-z0-9_\\-]+$" },
    idleTimeout: { type: "string", default: "30m", pattern: DURATION_PATTERN },
    absoluteTimeout: { type: "string", default: "8h", pattern: DURATION_PATTERN },
    cookieDomain: { type: "string", default: "" },
  },
} as const;

export const authorizationSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    mode: { type: "string", enum: [...AUTH_AUTHZ_MODES], default: "tier" },
    groupsClaim: { type: "string", default: "groups", minLength: 1 },
    allowedGroups: { ...stringList, default: [] },
    groupTiers: {
      type: "object",
      default: {},
      description: "IdP group → tier; the highest matched tier wins.",
      additionalProperties: { type: "string", enum: [...AUTH_TIERS] },
    },
    defaultTier: {
      type: "string",
      enum: ["", ...AUTH_TIERS],
      default: "read",
      description: "Tier for users matching no groupTiers entry; \"\" = no access.",
    },
    groupPrefix: { type: "string", default: "periscope:" },
    auditAdminGroups: { ...stringList, default: [] },
  },
} as const;

export const devSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    subject: { type: "string", default: "dev@local", minLength: 1 },
    email: { type: "string", default: "dev@local" },
    groups: { ...stringList, default: ["dev"] },
  },
} as const;

export const authFileSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    oidc: oidcSchema,
    session: sessionSchema,
    authorization: authorizationSchema,
    dev: devSchema,
  },
} as const;

export type AuthTierName = (typeof AUTH_TIERS)[number];

/** auth.yaml as written by the operator (every key optional; defaults applied by server/config/auth-file.ts). */
export interface AuthFile {
  oidc?: {
    issuer?: string;
    clientID?: string;
    clientSecret?: string;
    redirectURL?: string;
    postLogoutRedirect?: string;
    scopes?: string[];
    audience?: string;
    providerName?: string;
  };
  session?: {
    cookieName?: string;
    idleTimeout?: string;
    absoluteTimeout?: string;
    cookieDomain?: string;
  };
  authorization?: {
    mode?: (typeof AUTH_AUTHZ_MODES)[number];
    groupsClaim?: string;
    allowedGroups?: string[];
    groupTiers?: Record<string, AuthTierName>;
    defaultTier?: "" | AuthTierName;
    groupPrefix?: string;
    auditAdminGroups?: string[];
  };
  dev?: {
    subject?: string;
    email?: string;
    groups?: string[];
  };
}
