import type { AuditLog } from "../audit/audit-log.ts";
import type { RouteHandler } from "../http/context.ts";

/**
 * Liveness/readiness probe: plain `ok`, no auth, no cluster calls. `?detail` adds JSON for operators: the audit
 * store's state (a failing disk is visible here and in the logs while reads keep working). The probe itself
 * stays `ok`: restarting the pod would not fix a full disk, and privileged actions already fail closed.
 */
export function healthz(audit?: AuditLog): RouteHandler {
  return (ctx) => {
    if (!ctx.url.searchParams.has("detail")) {
      // A declared length: sent without chunked framing and never gzipped (see compress.ts).
      return new Response("ok", { headers: { "content-type": "text/plain; charset=utf-8", "content-length": "2" } });
    }
    const health = audit?.health() ?? { enabled: false, state: "disabled" };
    // The directory path is deployment detail, not needed to see the condition.
    const { dir: _dir, ...auditDetail } = health as Record<string, unknown>;
    const degraded = auditDetail.state === "failing";
    return Response.json({ status: degraded ? "degraded" : "ok", audit: auditDetail });
  };
}
