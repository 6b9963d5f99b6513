/**
 * Counts per time bucket by outcome, computed from the in-memory index (no row is read from disk). With a `name`
 * or `requestId` filter the match is by 32-bit hash, so a count could in theory include a colliding row.
 */
import type { Identity } from "../auth/identity.ts";
import { badRequest } from "../http/errors.ts";
import { AUDIT_OUTCOMES } from "./event.ts";
import type { AuditOutcome } from "./event.ts";
import { intParam, parseFilter } from "./query.ts";
import type { AuditStore } from "./store.ts";

export type TimelineBucket = { start: string } & Record<AuditOutcome, number>;

export interface Timeline {
  from: string;
  to: string;
  bucketMs: number;
  buckets: TimelineBucket[];
  totals: Record<AuditOutcome, number>;
}

const MAX_BUCKETS = 2000;
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function timeline(store: AuditStore, params: URLSearchParams, identity: Identity, now: Date): Timeline {
  const filter = parseFilter(params, identity);
  const toMs = filter.toMs ?? now.getTime();
  const fromMs = filter.fromMs ?? toMs - 86_400_000;
  if (toMs <= fromMs) throw badRequest("query parameters from/to: the range is empty");
  let bucketMs: number;
  const bucket = params.get("bucket");
  if (bucket) {
    const m = /^(\d+)([smhd])?$/.exec(bucket);
    if (!m || Number(m[1]) === 0) throw badRequest(`query parameter bucket: a duration like 30s, 5m, 1h or 1d, found ${JSON.stringify(bucket.slice(0, 40))}`);
    bucketMs = Number(m[1]) * UNITS[m[2] ?? "s"]!;
  } else {
    bucketMs = Math.ceil((toMs - fromMs) / intParam(params, "buckets", 48, 1, MAX_BUCKETS));
  }
  const count = Math.ceil((toMs - fromMs) / bucketMs);
  if (count > MAX_BUCKETS) throw badRequest(`query parameter bucket: ${count} buckets in this range; at most ${MAX_BUCKETS}`);
  const counts = store.index.bucketCounts({ ...filter, fromMs, toMs }, fromMs, bucketMs, count);
  const buckets: TimelineBucket[] = Array.from({ length: count }, (_, i) => {
    const b = { start: new Date(fromMs + i * bucketMs).toISOString() } as TimelineBucket;
    for (const o of AUDIT_OUTCOMES) b[o] = counts[o][i]!;
    return b;
  });
  const totals = Object.fromEntries(AUDIT_OUTCOMES.map((o) => [o, counts[o].reduce((a, b) => a + b, 0)])) as Record<AuditOutcome, number>;
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), bucketMs, buckets, totals };
}
