/**
 * The index against brute force: thousands of random queries (every filter, time windows, cursors, limits) over
 * random events, with and without times going backwards, after retention drops, and after a round trip through
 * the sidecar columns. Whatever plan the index picks (hash chain, posting list, range scan), the answer must
 * equal a plain filter over the entries.
 */
import t from "tap";
import { EventIndex } from "../../server/audit/event-index.ts";
import type { IndexEntry, IndexFilter } from "../../server/audit/event-index.ts";
import { AUDIT_OUTCOMES, AUDIT_VERBS } from "../../server/audit/event.ts";
import type { AuditOutcome, AuditVerb } from "../../server/audit/event.ts";

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, int: (n: number) => Math.floor(next() * n) };
}

const SUBS = ["ana", "bo", "cy", "di", "ed"];
const T0 = Date.UTC(2026, 10, 1);

function entries(seed: number, n: number, backwards: boolean): IndexEntry[] {
  const r = rng(seed);
  let time = T0;
  return Array.from({ length: n }, (_, i) => {
    time += backwards && r.next() < 0.05 ? -r.int(20_000) : r.int(3000);
    const sub = r.pick(SUBS);
    return {
      seq: i + 1,
      timeMs: time,
      segment: 1 + Math.floor(i / 500),
      offset: i * 100,
      length: 99,
      sub,
      // Mostly sub@x.io; sometimes none; sometimes another user's bare subject (actor= must match either).
      email: r.next() < 0.8 ? `${sub}@x.io` : r.next() < 0.5 ? "" : r.pick(SUBS),
      verb: r.pick(AUDIT_VERBS.slice(0, 6)),
      outcome: r.pick(AUDIT_OUTCOMES),
      cluster: r.pick(["prod", "dev", ""]),
      namespace: r.pick(["a", "b", "c", "d", ""]),
      name: `obj-${r.int(40)}`,
      requestId: `req-${r.int(n / 2)}`,
    };
  });
}

function randomFilter(r: ReturnType<typeof rng>, all: IndexEntry[]): { filter: IndexFilter; before: number; limit: number } {
  const f: IndexFilter = {};
  const some = (p: number) => r.next() < p;
  if (some(0.3)) f.actor = r.pick([...SUBS, "ana@x.io", "nobody", "prod"]);
  if (some(0.2)) f.selfSubject = r.pick(SUBS);
  if (some(0.3)) f.verbs = Array.from({ length: 1 + r.int(2) }, () => r.pick(AUDIT_VERBS.slice(0, 7))) as AuditVerb[];
  if (some(0.3)) f.outcomes = Array.from({ length: 1 + r.int(2) }, () => r.pick(AUDIT_OUTCOMES)) as AuditOutcome[];
  if (some(0.25)) f.cluster = r.pick(["prod", "dev", "", "qa"]);
  if (some(0.25)) f.namespace = r.pick(["a", "b", "c", "zz"]);
  if (some(0.15)) f.name = `obj-${r.int(45)}`;
  if (some(0.1)) f.requestId = `req-${r.int(all.length / 2 + 10)}`;
  const span = all[all.length - 1]!.timeMs - T0;
  if (some(0.3)) f.fromMs = T0 + r.int(span);
  if (some(0.3)) f.toMs = T0 + r.int(span + 5000);
  const before = some(0.4) ? 1 + r.int(all.length + 5) : Infinity;
  return { filter: f, before, limit: some(0.5) ? 1 + r.int(30) : 100_000 };
}

function brute(all: IndexEntry[], f: IndexFilter, before: number, limit: number): number[] {
  return all
    .filter((e) =>
      e.seq < before &&
      (f.fromMs === undefined || e.timeMs >= f.fromMs) &&
      (f.toMs === undefined || e.timeMs < f.toMs) &&
      (f.actor === undefined || e.sub === f.actor || e.email === f.actor) &&
      (f.selfSubject === undefined || e.sub === f.selfSubject) &&
      (f.verbs === undefined || f.verbs.includes(e.verb as AuditVerb)) &&
      (f.outcomes === undefined || f.outcomes.includes(e.outcome as AuditOutcome)) &&
      (f.cluster === undefined || e.cluster === f.cluster) &&
      (f.namespace === undefined || e.namespace === f.namespace) &&
      (f.name === undefined || e.name === f.name) &&
      (f.requestId === undefined || e.requestId === f.requestId))
    .map((e) => e.seq)
    .reverse()
    .slice(0, limit);
}

/** Runs `queries` random queries; returns the first disagreements with brute force (none expected). */
function check(index: EventIndex, all: IndexEntry[], seed: number, queries: number): string[] {
  const r = rng(seed);
  const wrong: string[] = [];
  for (let q = 0; q < queries; q++) {
    const { filter, before, limit } = randomFilter(r, all);
    const got = index.search(filter, before, limit).map((l) => l.seq);
    const want = brute(all, filter, before, limit);
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${JSON.stringify({ filter, before, limit })}: got ${got.length}, want ${want.length}`);
    if (limit === 100_000 && before === Infinity) {
      const visited: number[] = [];
      index.forEach(filter, (_t, _o, seq) => visited.push(seq));
      if (JSON.stringify(visited) !== JSON.stringify(want)) wrong.push(`forEach ${JSON.stringify(filter)}`);
    }
  }
  return wrong.slice(0, 5);
}

for (const backwards of [false, true]) {
  t.test(`random queries match brute force (times ${backwards ? "sometimes going backwards" : "in order"})`, async (t) => {
    const all = entries(backwards ? 7 : 3, 3000, backwards);
    const index = new EventIndex();
    for (const e of all) index.add(e);
    t.same(check(index, all, 11, 1500), [], "1500 random queries agree with brute force");

    // Retention: the oldest 1,234 go; queries see only the rest.
    index.dropBefore(1235);
    const kept = all.filter((e) => e.seq >= 1235);
    t.equal(index.size, kept.length);
    t.same(check(index, kept, 12, 800), [], "800 random queries agree with brute force");

    // Appends after a drop keep working.
    const more = entries(backwards ? 8 : 4, 300, backwards).map((e, i) => ({ ...e, seq: 3001 + i, timeMs: e.timeMs + 10_000_000 }));
    for (const e of more) index.add(e);
    t.same(check(index, [...kept, ...more], 13, 800), [], "800 random queries agree with brute force");

    // Sidecar round trip: columns exported per segment and imported into a fresh index answer the same.
    const copy = new EventIndex();
    for (let from = 1235; from <= 3300; from += 500) copy.importColumns(9, index.exportRange(from, Math.min(from + 500, 3301)));
    t.equal(copy.size, index.size);
    t.same(check(copy, [...kept, ...more], 14, 800), [], "800 random queries agree with brute force");
  });
}
