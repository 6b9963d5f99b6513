/**
 * Who is acting. Resolved once per request by the auth middleware, then passed explicitly to every cluster
 * call (never re-derived from browser headers). `kube` is exactly what Kubernetes is told through impersonation.
 */
import type { RequestContext } from "../http/context.ts";
import { unauthenticated } from "../http/errors.ts";

export type AuthMode = "oidc" | "dev";
export type AuthzMode = "tier" | "raw" | "shared";
export const TIERS = ["read", "triage", "write", "maintain", "admin"] as const;
export type Tier = (typeof TIERS)[number];

export interface Identity {
  /** OIDC `sub` (or the dev subject). */
  subject: string;
  email: string | undefined;
  /** Groups as the IdP sent them (before any prefix). */
  groups: string[];
  mode: AuthMode;
  authzMode: AuthzMode;
  /** Highest matched tier in `tier` mode. */
  tier: Tier | undefined;
  /** Impersonation sent to Kubernetes; undefined in `shared` mode (the console's own identity acts). */
  kube: { user: string; groups: string[] } | undefined;
  /** Whether this user may read every actor's audit rows. */
  auditScope: "self" | "all";
  /** Session expiry (epoch ms), when there is a session. */
  expiresAt: number | undefined;
  /** Opaque session key (hash), for per-session bookkeeping; never the cookie value. */
  sessionKey: string | undefined;
}

const KEY = "identity";

export function setIdentity(ctx: RequestContext, identity: Identity): void {
  ctx.state.set(KEY, identity);
}

/** The request's identity, or undefined on public routes. */
export function findIdentity(ctx: RequestContext): Identity | undefined {
  return ctx.state.get(KEY) as Identity | undefined;
}

/** The request's identity; throws 401 when there is none. */
export function requireIdentity(ctx: RequestContext): Identity {
  const identity = findIdentity(ctx);
  if (!identity) throw unauthenticated();
  return identity;
}

/**
 * A stable cache key for everything cached per user (can-i, search names, discovery as seen by the user): who the
 * apiserver sees. Shared mode is one key (every user acts as the console). Groups are JSON-quoted, so a group
 * named "a,b" never meets the groups a and b.
 */
export function identityKey(identity: Identity): string {
  const kube = identity.kube ? JSON.stringify([identity.kube.user, [...identity.kube.groups].sort()]) : "shared";
  return `${identity.authzMode}:${kube}`;
}

/** Kubernetes impersonation for tier mode: the user plus one tier group. */
export function tierImpersonation(subject: string, tier: Tier): { user: string; groups: string[] } {
  return { user: subject, groups: [`periscope-tier:${tier}`] };
}
