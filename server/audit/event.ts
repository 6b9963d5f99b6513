/**
 * The audit event model (SPEC §6): who did what to which object, when, and how it ended. A privileged action
 * produces two events with the same request id: `attempted` before the Kubernetes call, then its outcome.
 */
import type { AuthzMode, Identity } from "../auth/identity.ts";

/** Closed list: a handler cannot invent a verb the audit page and the operators' alerts do not know. */
export const AUDIT_VERBS = [
  "login",
  "logout",
  "apply",
  "delete",
  "scale",
  "restart",
  "cordon",
  "suspend",
  "trigger",
  "secret_reveal",
  "bulk_download",
  "exec_open",
  "exec_close",
  "log_open",
] as const;
export type AuditVerb = (typeof AUDIT_VERBS)[number];

/** Final outcomes; `attempted` marks the row written before the action. */
export const FINAL_OUTCOMES = ["success", "failure", "denied"] as const;
export type FinalOutcome = (typeof FINAL_OUTCOMES)[number];
export const AUDIT_OUTCOMES = ["attempted", ...FINAL_OUTCOMES] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditActor {
  sub: string;
  email: string | undefined;
  groups: string[];
  authzMode: AuthzMode;
}

export interface AuditResource {
  group?: string;
  version?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}

/** An event as handlers describe it; the store adds `seq`, `prev` and `hash`. */
export interface AuditEvent {
  time: string;
  requestId: string;
  actor: AuditActor;
  verb: AuditVerb;
  outcome: AuditOutcome;
  cluster?: string;
  resource?: AuditResource;
  reason?: string;
  extra?: Record<string, unknown>;
}

/** A stored event: its position in the chain and the chain links. */
export interface StoredAuditEvent extends AuditEvent {
  seq: number;
  prev: string;
  hash: string;
}

export function actorOf(identity: Identity): AuditActor {
  return { sub: identity.subject, email: identity.email, groups: [...identity.groups], authzMode: identity.authzMode };
}

export function isVerb(value: string): value is AuditVerb {
  return (AUDIT_VERBS as readonly string[]).includes(value);
}

export function isOutcome(value: string): value is AuditOutcome {
  return (AUDIT_OUTCOMES as readonly string[]).includes(value);
}

/** Reasons come from apiservers and exceptions: keep them one bounded line. */
export function boundedReason(reason: string | undefined): string | undefined {
  if (reason === undefined) return undefined;
  const line = reason.replace(/\s+/g, " ").trim();
  return line.length > 1000 ? `${line.slice(0, 997)}...` : line;
}
