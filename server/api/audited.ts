/**
 * The audit hook for privileged actions: a row before the Kubernetes call, its outcome after (SPEC §6).
 * `AuditSink` is the slice of server/audit's AuditLog these handlers use, so they work without it in tests.
 */
import type { Identity } from "../auth/identity.ts";
import { AppError } from "../http/errors.ts";
import type { RequestContext } from "../http/context.ts";

export type ActionVerb = "apply" | "delete" | "scale" | "restart" | "cordon" | "suspend" | "trigger" | "secret_reveal";

export interface AuditResourceRef {
  group?: string;
  version?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}

export interface AuditSink {
  begin(event: {
    requestId: string;
    identity: Identity;
    verb: ActionVerb;
    cluster?: string;
    resource?: AuditResourceRef;
    extra?: Record<string, unknown>;
  }): Promise<{ finish(outcome: "success" | "failure" | "denied", reason?: string, extra?: Record<string, unknown>): Promise<void> }>;
}

/** Runs `action` between the audit's attempted row and its outcome row; a 403 from Kubernetes is `denied`. */
export async function audited<T>(
  audit: AuditSink | undefined,
  ctx: RequestContext,
  event: { identity: Identity; verb: ActionVerb; cluster: string; resource: AuditResourceRef; extra?: Record<string, unknown> },
  action: () => Promise<T>,
): Promise<T> {
  if (!audit) return action();
  const row = await audit.begin({ requestId: ctx.requestId, ...event });
  try {
    const result = await action();
    await row.finish("success");
    return result;
  } catch (error) {
    const denied = error instanceof AppError && error.status === 403;
    await row.finish(denied ? "denied" : "failure", error instanceof Error ? error.message : String(error));
    throw error;
  }
}
