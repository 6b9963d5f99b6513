/**
 * From IdP claims to the identity Kubernetes sees (SPEC §3): the allowedGroups gate, then tier / raw / shared,
 * then who may read everyone's audit rows. Pure functions of claims and settings.
 */
import type { AuthorizationSettings } from "../config/auth-file.ts";
import { TIERS, tierImpersonation } from "./identity.ts";
import type { AuthMode, Identity, Tier } from "./identity.ts";

export interface UserClaims {
  subject: string;
  email: string | undefined;
  groups: string[];
}

export type Resolution =
  | { ok: true; identity: Identity }
  | { ok: false; reason: "not_in_allowed_groups" | "no_tier"; message: string; claims: UserClaims };

/** Groups from a claim that may be an array, a single string, or absent (Auth0 uses namespaced claim names). */
export function groupsFromClaims(claims: Record<string, unknown>, claimName: string): string[] {
  const value = claims[claimName];
  if (typeof value === "string") return value === "" ? [] : [value];
  if (Array.isArray(value)) return [...new Set(value.filter((g): g is string => typeof g === "string" && g !== ""))];
  return [];
}

export function userFromClaims(claims: Record<string, unknown>, claimName: string): UserClaims {
  return {
    subject: String(claims.sub),
    email: typeof claims.email === "string" ? claims.email : undefined,
    groups: groupsFromClaims(claims, claimName),
  };
}

/** The highest tier any group maps to, else the default; undefined = no access. */
export function resolveTier(groups: string[], settings: AuthorizationSettings): Tier | undefined {
  let best = -1;
  for (const group of groups) {
    const tier = Object.hasOwn(settings.groupTiers, group) ? settings.groupTiers[group] : undefined;
    if (tier !== undefined) best = Math.max(best, TIERS.indexOf(tier));
  }
  if (best >= 0) return TIERS[best];
  return settings.defaultTier;
}

/**
 * Audit visibility: a non-empty auditAdminGroups list decides alone (matched on the IdP's own group names, in
 * every mode); otherwise tier admins in tier mode, members of a non-empty allowedGroups in shared mode, and nobody
 * in raw mode.
 */
export function resolveAuditScope(groups: string[], tier: Tier | undefined, settings: AuthorizationSettings): "self" | "all" {
  if (settings.auditAdminGroups.length > 0) return groups.some((g) => settings.auditAdminGroups.includes(g)) ? "all" : "self";
  if (settings.mode === "tier") return tier === "admin" ? "all" : "self";
  if (settings.mode === "shared") {
    return settings.allowedGroups.length > 0 && groups.some((g) => settings.allowedGroups.includes(g)) ? "all" : "self";
  }
  return "self";
}

export function resolveIdentity(user: UserClaims, settings: AuthorizationSettings, mode: AuthMode): Resolution {
  if (settings.allowedGroups.length > 0 && !user.groups.some((g) => settings.allowedGroups.includes(g))) {
    return {
      ok: false,
      reason: "not_in_allowed_groups",
      message: "Your account is not in any group allowed to use this console. Ask an administrator to add you to one of them.",
      claims: user,
    };
  }
  let tier: Tier | undefined;
  let kube: Identity["kube"];
  if (settings.mode === "tier") {
    tier = resolveTier(user.groups, settings);
    if (tier === undefined) {
      return {
        ok: false,
        reason: "no_tier",
        message: "You are signed in, but none of your groups is mapped to a Periscope access tier, so you would see nothing. Ask an administrator to map one of your groups in authorization.groupTiers.",
        claims: user,
      };
    }
    kube = tierImpersonation(user.subject, tier);
  } else if (settings.mode === "raw") {
    kube = { user: user.subject, groups: user.groups.map((g) => `${settings.groupPrefix}${g}`) };
  } else {
    kube = undefined;
  }
  return {
    ok: true,
    identity: {
      subject: user.subject,
      email: user.email,
      groups: user.groups,
      mode,
      authzMode: settings.mode,
      tier,
      kube,
      auditScope: resolveAuditScope(user.groups, tier, settings),
      expiresAt: undefined,
      sessionKey: undefined,
    },
  };
}
