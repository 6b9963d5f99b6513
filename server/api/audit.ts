/**
 * The audit query API: `GET /api/audit` (filters, newest first, cursor pages), `/api/audit/timeline` and
 * `/api/audit/:id`. Scope comes from the identity (`auditAdminGroups` → all, else self) and is echoed in
 * `X-Audit-Scope` so the UI can say which rows it is showing.
 */
import type { AuditLog } from "../audit/audit-log.ts";
import { queryPage } from "../audit/query.ts";
import { timeline } from "../audit/timeline.ts";
import type { AuditStore } from "../audit/store.ts";
import { requireIdentity } from "../auth/identity.ts";
import type { RequestContext, RouteHandler } from "../http/context.ts";
import { AppError, notFound } from "../http/errors.ts";

function storeOf(audit: AuditLog | undefined): AuditStore {
  if (!audit?.store) {
    throw new AppError(404, "audit_disabled", "audit persistence is off; set audit.enabled=true (PERISCOPE_AUDIT_ENABLED=true) to query events here; they still go to stdout");
  }
  return audit.store;
}

function json(body: unknown, scope: string): Response {
  return new Response(JSON.stringify(body), {
    headers: { "content-type": "application/json; charset=utf-8", "x-audit-scope": scope, "cache-control": "no-store" },
  });
}

export function auditList(audit: AuditLog | undefined): RouteHandler {
  return async (ctx: RequestContext) => {
    const identity = requireIdentity(ctx);
    const page = await queryPage(storeOf(audit), ctx.url.searchParams, identity);
    return json({ ...page, scope: identity.auditScope }, identity.auditScope);
  };
}

export function auditTimeline(audit: AuditLog | undefined, clock: () => Date = () => new Date()): RouteHandler {
  return (ctx: RequestContext) => {
    const identity = requireIdentity(ctx);
    return json({ ...timeline(storeOf(audit), ctx.url.searchParams, identity, clock()), scope: identity.auditScope }, identity.auditScope);
  };
}

export function auditGet(audit: AuditLog | undefined): RouteHandler {
  return async (ctx: RequestContext) => {
    const identity = requireIdentity(ctx);
    const store = storeOf(audit);
    const id = ctx.params.id ?? "";
    const row = /^\d{1,15}$/.test(id) ? await store.get(Number(id)) : undefined;
    // Another actor's row is "not found" for a self-scoped user: its existence is not theirs to learn.
    if (!row || (identity.auditScope !== "all" && row.actor.sub !== identity.subject)) throw notFound(`no audit event ${JSON.stringify(id.slice(0, 40))}`);
    return json({ id: String(row.seq), ...row }, identity.auditScope);
  };
}
