import t from "tap";
import { readdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { openAuditStore } from "../../server/audit/store.ts";
import { segmentName } from "../../server/audit/segment-files.ts";
import { verifyAuditDir } from "../../server/audit/verify.ts";
import { event, manualClock, tempDir } from "./fixtures.ts";

const DAY = 86_400_000;

t.test("appends survive a reopen with seq, chain and index intact", async (t) => {
  const dir = await tempDir(t);
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0 });
  for (let i = 0; i < 20; i++) await store.append(event(i));
  await store.close();
  const again = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0 });
  t.teardown(() => again.close());
  t.equal(again.health().events, 20);
  const next = await again.append(event(20));
  t.equal(next.seq, 21);
  const newest = await again.search({}, Infinity, 2);
  t.same(newest.map((r) => r.requestId), ["req-20", "req-19"]);
  const report = await verifyAuditDir(dir);
  t.ok(report.ok, "chain verifies");
  t.equal(report.rows, 21);
});

t.test("concurrent appends are serialised: seq order, one unbroken chain, each caller gets its own row", async (t) => {
  const dir = await tempDir(t);
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0, segmentMaxBytes: 64 * 1024 });
  t.teardown(() => store.close());
  // 40 writers × 50 appends, interleaved through the event loop.
  const mixedUp: string[] = [];
  const writers = Array.from({ length: 40 }, async (_, w) => {
    const mine: number[] = [];
    for (let k = 0; k < 50; k++) {
      const stored = await store.append(event(w * 1000 + k));
      if (stored.requestId !== `req-${w * 1000 + k}`) mixedUp.push(stored.requestId);
      mine.push(stored.seq);
    }
    return mine;
  });
  const seqs = (await Promise.all(writers)).flat().sort((a, b) => a - b);
  t.same(seqs, Array.from({ length: 2000 }, (_, i) => i + 1), "every seq exactly once");
  t.same(mixedUp, [], "each caller got its own row back");
  t.ok(store.health().segments > 1, "rotated into several segments");
  const report = await verifyAuditDir(dir);
  t.same({ ok: report.ok, rows: report.rows, broken: report.broken }, { ok: true, rows: 2000, broken: undefined });
  // Each writer's own appends are in its order on disk.
  const perWriter = new Map<string, number>();
  const outOfOrder: string[] = [];
  for (const row of (await store.search({}, Infinity, 2000)).reverse()) {
    const w = String(Math.floor(Number(row.requestId.slice(4)) / 1000));
    const k = Number(row.requestId.slice(4)) % 1000;
    if (k <= (perWriter.get(w) ?? -1)) outOfOrder.push(row.requestId);
    perWriter.set(w, k);
  }
  t.same(outOfOrder, [], "each writer's rows are in its order on disk");
});

t.test("a torn last line is trimmed on start, kept aside, reported, and the chain continues", async (t) => {
  const dir = await tempDir(t);
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0 });
  for (let i = 0; i < 10; i++) await store.append(event(i));
  await store.close();
  const file = join(dir, segmentName(1));
  const size = (await stat(file)).size;
  const text = await readFile(file, "utf8");
  const lastLineStart = text.lastIndexOf("\n", text.length - 2) + 1;
  await truncate(file, lastLineStart + 37); // a crash in the middle of the last row

  const before = await verifyAuditDir(dir);
  t.ok(before.ok, "a torn tail is not tampering");
  t.same(before.torn, { file: segmentName(1), bytes: 37 });
  t.equal(before.rows, 9);

  const reopened = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0 });
  t.teardown(() => reopened.close());
  const health = reopened.health();
  t.equal(health.recovered?.tornBytes, 37);
  t.equal(health.recovered?.segment, segmentName(1));
  t.equal((await readFile(join(dir, `${segmentName(1)}.torn`), "utf8")).length, 37, "torn bytes kept for forensics");
  t.equal((await stat(file)).size, lastLineStart, "cut back to the last full line");
  t.ok(size > lastLineStart);
  t.equal(health.events, 9);
  t.equal((await reopened.append(event(99))).seq, 10, "the lost row's seq is reused by the next append");
  const after = await verifyAuditDir(dir);
  t.same({ ok: after.ok, rows: after.rows, torn: after.torn }, { ok: true, rows: 10, torn: undefined });
});

t.test("retention by age drops whole oldest segments; the chain verifies from the oldest kept row", async (t) => {
  const dir = await tempDir(t);
  const clock = manualClock();
  const store = await openAuditStore({ dir, retentionDays: 3, maxSizeBytes: 0, segmentMaxAgeMs: DAY, clock: clock.now });
  t.teardown(() => store.close());
  for (let day = 0; day < 6; day++) {
    for (let i = 0; i < 5; i++) await store.append(event(day * 5 + i, clock.now().getTime()));
    clock.advance(DAY);
  }
  // Day 6: the first append rotates and retention runs. Rows of days 0-2 are older than 3 days.
  await store.append(event(30, clock.now().getTime()));
  const files = (await readdir(dir)).filter((f) => f.endsWith(".jsonl")).sort();
  t.same(files, [segmentName(4), segmentName(5), segmentName(6), segmentName(7)], "segments of days 0-2 deleted whole");
  const oldest = (await store.search({}, Infinity, 100)).at(-1);
  t.equal(oldest?.seq, 16, "index forgot the dropped rows");
  t.equal(store.health().events, 16);
  t.equal(await store.get(15), undefined);
  const report = await verifyAuditDir(dir);
  t.ok(report.ok);
  t.equal(report.firstSeq, 16);
  t.match(report.anchor, /retention: chain starts at audit-00000004/);

  // A quiet store: nothing appended for a long time; hourly maintenance still expires everything.
  clock.advance(10 * DAY);
  await store.maintain();
  t.equal(store.health().events, 0);
  t.ok((await verifyAuditDir(dir)).ok);
  t.equal((await store.append(event(31, clock.now().getTime()))).seq, 32, "seq continues after everything expired");
});

t.test("retention by size keeps the total under maxSize by dropping oldest segments", async (t) => {
  const dir = await tempDir(t);
  const maxSizeBytes = 40 * 1024;
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes, segmentMaxBytes: 8 * 1024 });
  t.teardown(() => store.close());
  for (let i = 0; i < 400; i++) await store.append(event(i));
  const files = (await readdir(dir)).filter((f) => f.endsWith(".jsonl")).sort();
  let total = 0;
  for (const f of await readdir(dir)) total += (await stat(join(dir, f))).size; // segments and their sidecar indexes
  t.ok(total <= maxSizeBytes + 8 * 1024, `total ${total} bytes stays near the limit`);
  t.not(files[0], segmentName(1), "oldest segments gone");
  t.equal(store.health().bytes, total, "health agrees with the disk");
  const report = await verifyAuditDir(dir);
  t.ok(report.ok);
  t.equal(report.lastSeq, 400);
  t.equal(report.rows, store.health().events);
  const oldest = (await store.search({}, Infinity, 1000)).at(-1)!;
  t.equal(oldest.seq, report.firstSeq, "query and verifier agree on the oldest kept row");
});

t.test("a directory that cannot be created: store opens empty, appends fail with a clear error, health says why", async (t) => {
  const base = await tempDir(t);
  await writeFile(join(base, "not-a-dir"), "x");
  const dir = join(base, "not-a-dir", "audit");
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0 });
  t.teardown(() => store.close());
  t.equal(store.health().state, "failing");
  t.match(store.health().lastError, /audit store open failed in .*not-a-dir\/audit: the directory does not exist and cannot be created \(ENOTDIR\)/);
  await t.rejects(store.append(event(1)), { name: "AuditWriteError", code: "ENOTDIR" });
  t.same(await store.search({}, Infinity, 10), [], "reads still answer");
});

t.test("sidecar indexes: a restart from sidecars answers exactly like one from the rows; bad sidecars are rebuilt", async (t) => {
  const dir = await tempDir(t);
  const opts = { dir, retentionDays: 0, maxSizeBytes: 0, segmentMaxBytes: 16 * 1024 };
  const events = Array.from({ length: 600 }, (_, i) => event(i));
  const first = await openAuditStore(opts);
  for (const e of events) await first.append(e);
  await first.close();
  const sidecars = (await readdir(dir)).filter((f) => f.endsWith(".idx")).sort();
  const segments = (await readdir(dir)).filter((f) => f.endsWith(".jsonl")).length;
  t.equal(sidecars.length, segments - 1, "one per closed segment");

  const answers = async () => {
    const store = await openAuditStore(opts);
    const all = (await store.search({}, Infinity, 1000)).map((r) => r.requestId);
    const byActor = (await store.search({ actor: "user-3@example.com", verbs: ["scale", "apply"] }, Infinity, 1000)).map((r) => r.seq);
    const byName = (await store.search({ cluster: "prod", name: "app-4", requestId: "req-297" }, Infinity, 1000)).map((r) => r.seq);
    const outcomes: string[] = [];
    store.forEach({ namespace: "ns-1" }, (_t, outcome) => outcomes.push(outcome));
    const next = (await store.append(event(600))).seq;
    await store.close();
    return { all, byActor, byName, outcomes, next };
  };
  const fromSidecars = await answers();
  const want = {
    all: [...events.map((e) => e.requestId), "req-600"].reverse().slice(1),
    byActor: events.flatMap((e, i) => (e.actor.email === "user-3@example.com" && ["scale", "apply"].includes(e.verb) ? [i + 1] : [])).reverse(),
    byName: events.flatMap((e, i) => (e.cluster === "prod" && e.resource?.name === "app-4" && e.requestId === "req-297" ? [i + 1] : [])),
    outcomes: events.filter((e) => e.resource?.namespace === "ns-1").map((e) => e.outcome).reverse(),
    next: 601,
  };
  t.same(fromSidecars, want);

  // Corrupt one sidecar, delete another, make a third stale: all three are ignored and rebuilt from the rows.
  await writeFile(join(dir, sidecars[0]!), "{not json\n");
  await rm(join(dir, sidecars[1]!));
  const stale = await readFile(join(dir, sidecars[2]!));
  await writeFile(join(dir, sidecars[2]!), stale.subarray(0, stale.length - 3));
  const rebuilt = await answers();
  t.same(rebuilt, { ...want, all: ["req-600", ...want.all], next: 602 });
  for (const name of sidecars.slice(0, 3)) t.ok((await stat(join(dir, name))).size > 100, `${name} rebuilt`);
});

t.test("a crash while a new segment's header was being written: the stub is set aside and the chain goes on", async (t) => {
  const dir = await tempDir(t);
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0 });
  for (let i = 0; i < 3; i++) await store.append(event(i));
  await store.close();
  await writeFile(join(dir, segmentName(2)), '{"type":"segment","segm');
  const reopened = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0, segmentMaxBytes: 1 });
  t.teardown(() => reopened.close());
  t.equal(reopened.health().recovered?.tornBytes, 23);
  t.equal((await reopened.append(event(3))).seq, 4);
  const report = await verifyAuditDir(dir);
  // Segment 2 is created afresh at open (segment 1 is "full"), segment 3 by the append.
  t.same({ ok: report.ok, rows: report.rows, segments: report.segments }, { ok: true, rows: 4, segments: 3 });
  t.equal(await readFile(join(dir, `${segmentName(2)}.torn`), "utf8"), '{"type":"segment","segm');
});

t.test("a segment with an unreadable header is left alone, never overwritten; new rows go to a new segment", async (t) => {
  const dir = await tempDir(t);
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0 });
  await store.append(event(0));
  await store.close();
  const forged = '{"type":"segment","hello":"world"}\n';
  await writeFile(join(dir, segmentName(2)), forged);
  const reopened = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0, segmentMaxBytes: 1 });
  t.teardown(() => reopened.close());
  await reopened.append(event(1));
  t.equal(await readFile(join(dir, segmentName(2)), "utf8"), forged, "evidence untouched");
  t.ok((await readdir(dir)).includes(segmentName(3)));
  const report = await verifyAuditDir(dir);
  t.equal(report.ok, false, "the verifier still reports the odd segment");
  t.match(report.broken, { file: segmentName(2), line: 1 });
});

t.test("non-ASCII values keep byte offsets right (reads after append and after reopen)", async (t) => {
  const dir = await tempDir(t);
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0, segmentMaxBytes: 2048 });
  const names = ["zoë", "日本語-app", "emoji-🚀", "line\u2028sep", "plain"];
  for (const [i, name] of names.entries()) {
    await store.append(event(i, undefined, { reason: `prüfung ${"ß".repeat(i * 50)}`, resource: { namespace: "ns", name } }));
  }
  const read = async (s: typeof store) => (await s.search({}, Infinity, 10)).map((r) => [r.resource?.name, r.reason?.length]).reverse();
  const want = names.map((name, i) => [name, 8 + i * 50]);
  t.same(await read(store), want);
  t.same((await store.search({ name: "emoji-🚀" }, Infinity, 10)).map((r) => r.seq), [3]);
  await store.close();
  const again = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0, segmentMaxBytes: 2048 });
  t.teardown(() => again.close());
  t.same(await read(again), want);
  t.ok((await verifyAuditDir(dir)).ok);
});
