/** Sign-in and sign-out events into the audit log (verbs `login` / `logout`). */
import type { AuditLog } from "../audit/audit-log.ts";
import type { AuthEventSink } from "./auth-service.ts";

export function auditAuthEvents(audit: AuditLog): AuthEventSink {
  return async (event) => {
    await audit.record({
      requestId: event.requestId,
      identity: event.identity,
      verb: event.verb,
      outcome: event.outcome,
      ...(event.reason ? { reason: event.reason } : {}),
      ...(event.extra ? { extra: event.extra } : {}),
    });
  };
}
