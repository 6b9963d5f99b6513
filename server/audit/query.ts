/**
 * Query parameters of `GET /api/audit` and `/api/audit/timeline`, narrowed from the URL with errors that name
 * the parameter, and the scope rule: a user whose `auditScope` is `self` only ever sees their own rows.
 */
import type { Identity } from "../auth/identity.ts";
import { badRequest } from "../http/errors.ts";
import { AUDIT_OUTCOMES, AUDIT_VERBS, isOutcome, isVerb } from "./event.ts";
import type { AuditOutcome, AuditVerb, StoredAuditEvent } from "./event.ts";
import type { IndexFilter } from "./event-index.ts";
import type { AuditStore } from "./store.ts";

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export function parseFilter(params: URLSearchParams, identity: Identity): IndexFilter {
  const filter: IndexFilter = {};
  for (const key of ["actor", "cluster", "namespace", "name", "requestId"] as const) {
    const value = params.get(key);
    if (value === null || value === "") continue;
    if (value.length > 512) throw badRequest(`query parameter ${key}: at most 512 characters`);
    filter[key] = value;
  }
  const verbs = list(params, "verb");
  if (verbs) {
    const bad = verbs.find((v) => !isVerb(v));
    if (bad !== undefined) throw badRequest(`query parameter verb: unknown verb ${JSON.stringify(bad)}; one of ${AUDIT_VERBS.join(", ")}`);
    filter.verbs = verbs as AuditVerb[];
  }
  const outcomes = list(params, "outcome");
  if (outcomes) {
    const bad = outcomes.find((o) => !isOutcome(o));
    if (bad !== undefined) throw badRequest(`query parameter outcome: unknown outcome ${JSON.stringify(bad)}; one of ${AUDIT_OUTCOMES.join(", ")}`);
    filter.outcomes = outcomes as AuditOutcome[];
  }
  const from = time(params, "from");
  const to = time(params, "to");
  if (from !== undefined) filter.fromMs = from;
  if (to !== undefined) filter.toMs = to;
  if (from !== undefined && to !== undefined && from > to) throw badRequest("query parameters from/to: from is after to");
  if (identity.auditScope !== "all") filter.selfSubject = identity.subject;
  return filter;
}

export interface AuditPage {
  items: Array<StoredAuditEvent & { id: string }>;
  nextCursor: string | null;
}

/** Newest first; the cursor is the seq of the last row returned, so new appends never shift a page. */
export async function queryPage(store: AuditStore, params: URLSearchParams, identity: Identity): Promise<AuditPage> {
  const filter = parseFilter(params, identity);
  const limit = intParam(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
  const cursor = params.get("cursor");
  let before = Infinity;
  if (cursor !== null && cursor !== "") {
    if (!/^\d{1,15}$/.test(cursor)) throw badRequest("query parameter cursor: not a cursor this server issued");
    before = Number(cursor);
  }
  const rows = await store.search(filter, before, limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ id: String(r.seq), ...r }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? String(last.seq) : null };
}

export function intParam(params: URLSearchParams, key: string, fallback: number, min: number, max: number): number {
  const raw = params.get(key);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw badRequest(`query parameter ${key}: an integer from ${min} to ${max}, found ${JSON.stringify(raw.slice(0, 40))}`);
  }
  return Number(raw);
}

function list(params: URLSearchParams, key: string): string[] | undefined {
  const raw = params.getAll(key).flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
  return raw.length > 0 ? raw : undefined;
}

/** ISO 8601 or epoch milliseconds. */
export function time(params: URLSearchParams, key: string): number | undefined {
  const raw = params.get(key);
  if (raw === null || raw === "") return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) throw badRequest(`query parameter ${key}: an ISO 8601 time or epoch milliseconds, found ${JSON.stringify(raw.slice(0, 40))}`);
  return ms;
}
