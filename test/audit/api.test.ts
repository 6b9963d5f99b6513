/**
 * The query API through the real app (`createApp().handle(Request)`): filters, cursor pages while appends go on,
 * scope self/all with X-Audit-Scope, single events, the timeline. Expected results are computed from the
 * generated events by brute force, never written down by hand.
 */
import t from "tap";
import { createApp } from "../../server/app.ts";
import { createAuditLog } from "../../server/audit/audit-log.ts";
import type { AuditEvent } from "../../server/audit/event.ts";
import { openAuditStore } from "../../server/audit/store.ts";
import { setIdentity } from "../../server/auth/identity.ts";
import type { Middleware } from "../../server/http/context.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { event, identity, tempDir } from "./fixtures.ts";

const BASE = Date.UTC(2026, 10, 1);
const N = 300;

/** Test identities chosen per request by a header (stands in for the session middleware). */
const who: Middleware = (ctx, next) => {
  const user = ctx.request.headers.get("x-test-user");
  if (user) setIdentity(ctx, identity(user, user === "admin" ? "all" : "self"));
  return next();
};

async function setup(t: Parameters<typeof tempDir>[0]) {
  const dir = await tempDir(t);
  const log = createLogger("error", () => {});
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0, segmentMaxBytes: 32 * 1024 });
  const events: AuditEvent[] = [];
  for (let i = 0; i < N; i++) events.push(event(i, BASE + i * 1000));
  await Promise.all(events.map((e) => store.append(e)));
  const audit = createAuditLog({ log, store });
  t.teardown(() => audit.close());
  const app = createApp({ log, platform: await loadPlatform(), audit, middleware: [who] });
  const get = async (path: string, user = "admin") => {
    const response = await app.handle(new Request(`http://localhost${path}`, { headers: { "x-test-user": user } }), { remoteAddress: "127.0.0.1" });
    return { status: response.status, scope: response.headers.get("x-audit-scope"), body: (await response.json()) as any };
  };
  return { store, events, get };
}

const seqsOf = (items: Array<{ seq: number }>) => items.map((i) => i.seq);
/** seqs of generated events matching `pred`, newest first (event i has seq i+1). */
const expected = (events: AuditEvent[], pred: (e: AuditEvent) => boolean) =>
  events.flatMap((e, i) => (pred(e) ? [i + 1] : [])).reverse();

t.test("filters return exactly the matching rows, newest first", async (t) => {
  const { events, get } = await setup(t);
  const cases: Array<[string, (e: AuditEvent) => boolean]> = [
    ["actor=user-3", (e) => e.actor.sub === "user-3"],
    ["actor=user-5@example.com", (e) => e.actor.email === "user-5@example.com"],
    ["verb=scale&outcome=denied", (e) => e.verb === "scale" && e.outcome === "denied"],
    ["verb=apply,delete&outcome=success,failure", (e) => ["apply", "delete"].includes(e.verb) && ["success", "failure"].includes(e.outcome)],
    ["cluster=prod&namespace=ns-2", (e) => e.cluster === "prod" && e.resource?.namespace === "ns-2"],
    ["name=app-4", (e) => e.resource?.name === "app-4"],
    ["requestId=req-42", (e) => e.requestId === "req-42"],
    [`from=${new Date(BASE + 100_000).toISOString()}&to=${BASE + 160_000}`, (e) => Date.parse(e.time) >= BASE + 100_000 && Date.parse(e.time) < BASE + 160_000],
    ["actor=nobody", () => false],
  ];
  for (const [query, pred] of cases) {
    const r = await get(`/api/audit?limit=500&${query}`);
    t.equal(r.status, 200, query);
    t.same(seqsOf(r.body.items), expected(events, pred), query);
  }
  const one = await get("/api/audit?requestId=req-42");
  t.equal(one.body.items[0].id, "43");
  t.same(one.body.items[0].actor, events[42]!.actor);
});

t.test("cursor pages are stable while appends continue", async (t) => {
  const { store, events, get } = await setup(t);
  const first = await get("/api/audit?limit=40");
  t.same(seqsOf(first.body.items), expected(events, () => true).slice(0, 40));
  const seen = [...seqsOf(first.body.items)];
  let cursor: string | null = first.body.nextCursor;
  let k = 0;
  while (cursor) {
    for (let j = 0; j < 7; j++) await store.append(event(1000 + k * 7 + j, BASE + 10_000_000 + k)); // new rows arrive between pages
    k++;
    const page = await get(`/api/audit?limit=40&cursor=${cursor}`);
    seen.push(...seqsOf(page.body.items));
    cursor = page.body.nextCursor;
  }
  t.same(seen, expected(events, () => true), "every original row exactly once, in order, none of the new ones");
  const newest = await get("/api/audit?limit=1");
  t.equal(newest.body.items[0].seq, N + 7 * k, "a fresh first page shows the new rows");
});

t.test("scope: a self-scoped user sees only their rows, even when asking for someone else's", async (t) => {
  const { events, get } = await setup(t);
  const mine = await get("/api/audit?limit=500", "user-2");
  t.equal(mine.scope, "self");
  t.equal(mine.body.scope, "self");
  t.same(seqsOf(mine.body.items), expected(events, (e) => e.actor.sub === "user-2"));
  const theirs = await get("/api/audit?limit=500&actor=user-4", "user-2");
  t.same(theirs.body.items, [], "actor=someone-else yields nothing");
  const admin = await get("/api/audit?limit=500&actor=user-4");
  t.equal(admin.scope, "all");
  t.same(seqsOf(admin.body.items), expected(events, (e) => e.actor.sub === "user-4"));

  const otherId = expected(events, (e) => e.actor.sub === "user-4")[0]!;
  const ownId = expected(events, (e) => e.actor.sub === "user-2")[0]!;
  t.equal((await get(`/api/audit/${otherId}`, "user-2")).status, 404, "another actor's row is not found for self scope");
  const own = await get(`/api/audit/${ownId}`, "user-2");
  t.equal(own.status, 200);
  t.equal(own.body.actor.sub, "user-2");
  t.equal((await get(`/api/audit/${otherId}`)).body.actor.sub, "user-4", "admin reads any row");
  t.equal((await get("/api/audit/999999")).status, 404);

  const tl = await get(`/api/audit/timeline?from=${BASE}&to=${BASE + N * 1000}&buckets=1`, "user-2");
  const total = Object.values(tl.body.totals as Record<string, number>).reduce((a, b) => a + b, 0);
  t.equal(total, expected(events, (e) => e.actor.sub === "user-2").length, "timeline respects scope too");
});

t.test("timeline counts per bucket by outcome", async (t) => {
  const { events, get } = await setup(t);
  const r = await get(`/api/audit/timeline?from=${new Date(BASE).toISOString()}&to=${new Date(BASE + N * 1000).toISOString()}&bucket=1m`);
  t.equal(r.status, 200);
  t.equal(r.body.bucketMs, 60_000);
  t.equal(r.body.buckets.length, 5);
  const want = Array.from({ length: 5 }, (_, b) => {
    const inBucket = events.filter((e) => Math.floor((Date.parse(e.time) - BASE) / 60_000) === b);
    const count = (o: string) => inBucket.filter((e) => e.outcome === o).length;
    return { start: new Date(BASE + b * 60_000).toISOString(), attempted: count("attempted"), success: count("success"), failure: count("failure"), denied: count("denied") };
  });
  t.same(r.body.buckets, want);
  const byCount = await get(`/api/audit/timeline?from=${BASE}&to=${BASE + N * 1000}&buckets=10&verb=scale`);
  t.equal(byCount.body.buckets.length, 10);
  t.equal(byCount.body.totals.denied, events.filter((e) => e.verb === "scale" && e.outcome === "denied").length);
});

t.test("bad parameters are 400s naming the parameter; no session is 401; persistence off is audit_disabled", async (t) => {
  const { get } = await setup(t);
  const bad = await get("/api/audit?verb=drop_tables");
  t.equal(bad.status, 400);
  t.match(bad.body.message, /query parameter verb: unknown verb "drop_tables"/);
  t.match((await get("/api/audit?limit=0")).body.message, /query parameter limit: an integer from 1 to 500/);
  t.match((await get("/api/audit?from=yesterday")).body.message, /query parameter from: an ISO 8601 time/);
  t.match((await get("/api/audit?cursor=abc")).body.message, /query parameter cursor/);
  t.match((await get("/api/audit/timeline?bucket=1s&from=0&to=100000000")).body.message, /at most 2000/);
  t.equal((await get("/api/audit", "")).status, 401);

  const log = createLogger("error", () => {});
  const app = createApp({ log, platform: await loadPlatform(), audit: createAuditLog({ log }), middleware: [who] });
  const off = await app.handle(new Request("http://localhost/api/audit", { headers: { "x-test-user": "admin" } }), { remoteAddress: "127.0.0.1" });
  t.equal(off.status, 404);
  t.match(await off.json(), { code: "audit_disabled", message: /PERISCOPE_AUDIT_ENABLED=true/ });
});
