/**
 * Audit benchmark (figures, never assertions): append throughput of the JSONL store, start-up index build and
 * query latency over a large generated store, and the same queries on SQLite (`node:sqlite`) on the same data.
 *
 * The SQLite side models the original's table: one row per event with indexed columns for time, actor, verb,
 * cluster/namespace and request id (the original's DDL is not in this repository; this is the schema a careful
 * implementation of its features would use, so the comparison is not rigged in our favour).
 *
 * Run alone: `node test/bench/audit.ts [events]` (default 1,000,000; needs ~1.1 GB in the temp directory, ~1.5 min).
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { AuditEvent, AuditOutcome, AuditVerb } from "../../server/audit/event.ts";
import { AUDIT_VERBS } from "../../server/audit/event.ts";
import { openAuditStore } from "../../server/audit/store.ts";
import type { AuditStore } from "../../server/audit/store.ts";
import type { IndexFilter } from "../../server/audit/event-index.ts";
import { verifyAuditDir } from "../../server/audit/verify.ts";
import { timeline } from "../../server/audit/timeline.ts";

const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1);
const SPAN = 30 * DAY;
const OUTCOMES: AuditOutcome[] = ["attempted", "success", "success", "failure", "denied"];

/** Deterministic pseudo-random events: 50 actors, all verbs, 10 clusters, 40 namespaces, 500 names over 30 days. */
function generated(i: number, total: number): AuditEvent {
  const r = (Math.imul(i + 1, 2654435761) >>> 0) / 2 ** 32;
  const r2 = (Math.imul(i + 7, 40503) >>> 0) % 1000;
  const sub = `user-${Math.floor(r * 50)}`;
  return {
    time: new Date(START + Math.floor((i / total) * SPAN)).toISOString(),
    requestId: `00000000-0000-4000-8000-${String(i >> 1).padStart(12, "0")}`,
    actor: { sub, email: `${sub}@example.com`, groups: ["eng", `team-${Math.floor(r * 8)}`], authzMode: "tier" },
    verb: AUDIT_VERBS[r2 % AUDIT_VERBS.length]! as AuditVerb,
    outcome: OUTCOMES[r2 % OUTCOMES.length]!,
    cluster: `cluster-${r2 % 10}`,
    resource: { group: "apps", version: "v1", resource: "deployments", namespace: `ns-${r2 % 40}`, name: `app-${(r2 * 7) % 500}` },
    ...(r2 % 5 === 4 ? { reason: 'deployments.apps "x" is forbidden: User cannot patch resource' } : {}),
    extra: { replicas: r2 % 9 },
  };
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Median of `runs` timings after one warm-up, in ms (3 decimals). */
async function median(fn: () => unknown, runs = 7): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)]! * 1000) / 1000;
}

async function appendRates(dir: string) {
  const out: Record<string, number> = {};
  for (const [label, sync, writers, n] of [
    ["sequentialFsync", true, 1, 1000],
    ["concurrent64Fsync", true, 64, 20000],
    ["concurrent64NoFsync", false, 64, 50000],
  ] as const) {
    const store = await openAuditStore({ dir: join(dir, label), retentionDays: 0, maxSizeBytes: 0, sync });
    let next = 0;
    const { ms } = await timed(() =>
      Promise.all(Array.from({ length: writers }, async () => {
        while (next < n) await store.append(generated(next++, n));
      })),
    );
    out[`${label}PerSec`] = Math.round((n / ms) * 1000);
    await store.close();
  }
  return out;
}

function sqliteOpen(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
    CREATE TABLE audit_events (id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, request_id TEXT NOT NULL,
      actor_sub TEXT NOT NULL, actor_email TEXT, actor_groups TEXT, authz_mode TEXT, verb TEXT NOT NULL, outcome TEXT NOT NULL,
      cluster TEXT, res_group TEXT, res_version TEXT, res_resource TEXT, namespace TEXT, name TEXT, reason TEXT, extra TEXT);
    CREATE INDEX idx_audit_ts ON audit_events(ts);
    CREATE INDEX idx_audit_actor_ts ON audit_events(actor_sub, ts);
    CREATE INDEX idx_audit_verb_ts ON audit_events(verb, ts);
    CREATE INDEX idx_audit_cluster_ns_ts ON audit_events(cluster, namespace, ts);
    CREATE INDEX idx_audit_request ON audit_events(request_id);`);
  return db;
}

function sqliteInsert(db: DatabaseSync) {
  const stmt = db.prepare(`INSERT INTO audit_events (ts, request_id, actor_sub, actor_email, actor_groups, authz_mode, verb, outcome,
    cluster, res_group, res_version, res_resource, namespace, name, reason, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  return (e: AuditEvent) =>
    stmt.run(Date.parse(e.time), e.requestId, e.actor.sub, e.actor.email ?? null, JSON.stringify(e.actor.groups), e.actor.authzMode, e.verb, e.outcome,
      e.cluster ?? null, e.resource?.group ?? null, e.resource?.version ?? null, e.resource?.resource ?? null, e.resource?.namespace ?? null,
      e.resource?.name ?? null, e.reason ?? null, e.extra ? JSON.stringify(e.extra) : null);
}

export async function auditBench(options: { events?: number } = {}): Promise<Record<string, unknown>> {
  const total = options.events ?? 1_000_000;
  const dir = await mkdtemp(join(tmpdir(), "periscope-audit-bench-"));
  try {
    const append = await appendRates(dir);

    // Generate the large store through the real append path (no fsync per batch: we are measuring queries).
    const storeDir = join(dir, "large");
    let store: AuditStore = await openAuditStore({ dir: storeDir, retentionDays: 0, maxSizeBytes: 0, sync: false });
    const fill = await timed(async () => {
      for (let base = 0; base < total; base += 20_000) {
        const batch: Promise<unknown>[] = [];
        for (let i = base; i < Math.min(total, base + 20_000); i++) batch.push(store.append(generated(i, total)));
        await Promise.all(batch);
      }
    });
    await store.close();
    // Restart twice: first without sidecar indexes (parses every row, writes the sidecars), then with them.
    for (const f of await readdir(storeDir)) if (f.endsWith(".idx")) await rm(join(storeDir, f));
    const reopenFromRows = await timed(() => openAuditStore({ dir: storeDir, retentionDays: 0, maxSizeBytes: 0 }));
    await reopenFromRows.value.close();
    const reopen = await timed(() => openAuditStore({ dir: storeDir, retentionDays: 0, maxSizeBytes: 0 }));
    store = reopen.value;
    const health = store.health();
    const verify = await timed(() => verifyAuditDir(storeDir));

    const dayFrom = START + 15 * DAY;
    const dayTo = dayFrom + DAY;
    const q = (filter: IndexFilter, limit = 50) => () => store.search(filter, Infinity, limit);
    // The timeline route's own code: 30 daily buckets over everything, for an admin (scope all).
    const admin = { subject: "admin", email: undefined, groups: [], mode: "oidc", authzMode: "tier", tier: "admin", kube: undefined, auditScope: "all", expiresAt: undefined, sessionKey: undefined } as const;
    const timelineParams = new URLSearchParams({ from: String(START), to: String(START + SPAN), bucket: "1d" });
    const timelineScan = () => timeline(store, timelineParams, { ...admin, groups: [] }, new Date(START + SPAN));
    const deepPages = async () => {
      let before = Infinity;
      for (let p = 0; p < 10; p++) {
        const rows = await store.search({ actor: "user-7" }, before, 50);
        before = rows.at(-1)!.seq;
      }
    };
    const jsonl = {
      newestPage: await median(q({})),
      byActor: await median(q({ actor: "user-7" })),
      byVerbInDay: await median(q({ verbs: ["delete"], fromMs: dayFrom, toMs: dayTo })),
      byClusterNamespace: await median(q({ cluster: "cluster-3", namespace: "ns-13" })),
      byRequestId: await median(q({ requestId: "00000000-0000-4000-8000-000000123456" })),
      selfScopeDenied: await median(q({ selfSubject: "user-7", outcomes: ["denied"] })),
      tenPagesByActor: await median(deepPages),
      timeline30Days: await median(timelineScan),
    };

    // SQLite on the same events.
    const dbPath = join(dir, "audit.db");
    const sqliteAppend = await (async () => {
      const db = sqliteOpen(join(dir, "append.db"));
      const insert = sqliteInsert(db);
      const n = 1000;
      const { ms } = await timed(() => {
        for (let i = 0; i < n; i++) insert(generated(i, n)); // autocommit: one durable transaction per event
      });
      db.close();
      return { sequentialFsyncPerSec: Math.round((n / ms) * 1000) };
    })();
    const db = sqliteOpen(dbPath);
    const insert = sqliteInsert(db);
    const sqliteFill = await timed(() => {
      for (let base = 0; base < total; base += 20_000) {
        db.exec("BEGIN");
        for (let i = base; i < Math.min(total, base + 20_000); i++) insert(generated(i, total));
        db.exec("COMMIT");
      }
    });
    // Newest first by time: every index ends in ts, so SQLite can walk an index backwards (its best case).
    const page = "ORDER BY ts DESC LIMIT 50";
    const s = (sql: string, ...args: Array<string | number>) => {
      const stmt = db.prepare(sql);
      return () => stmt.all(...args);
    };
    const sqliteDeepPages = () => {
      const stmt = db.prepare(`SELECT * FROM audit_events WHERE actor_sub = ? AND ts < ? ${page}`);
      let before = Number.MAX_SAFE_INTEGER;
      for (let p = 0; p < 10; p++) {
        const rows = stmt.all("user-7", before) as Array<{ ts: number }>;
        before = rows.at(-1)!.ts;
      }
    };
    const sqlite = {
      newestPage: await median(s(`SELECT * FROM audit_events ${page}`)),
      byActor: await median(s(`SELECT * FROM audit_events WHERE actor_sub = ? ${page}`, "user-7")),
      byVerbInDay: await median(s(`SELECT * FROM audit_events WHERE verb = ? AND ts >= ? AND ts < ? ${page}`, "delete", dayFrom, dayTo)),
      byClusterNamespace: await median(s(`SELECT * FROM audit_events WHERE cluster = ? AND namespace = ? ${page}`, "cluster-3", "ns-13")),
      byRequestId: await median(s(`SELECT * FROM audit_events WHERE request_id = ? ${page}`, "00000000-0000-4000-8000-000000123456")),
      selfScopeDenied: await median(s(`SELECT * FROM audit_events WHERE actor_sub = ? AND outcome = ? ${page}`, "user-7", "denied")),
      tenPagesByActor: await median(sqliteDeepPages),
      timeline30Days: await median(s(`SELECT (ts - ?) / ? AS b, outcome, count(*) AS n FROM audit_events WHERE ts >= ? AND ts < ? GROUP BY b, outcome`, START, DAY, START, START + SPAN)),
    };
    const sqliteBytes = Number((db.prepare("SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()").get() as { b: number }).b);
    db.close();
    await store.close();

    return {
      events: total,
      appendPerSec: { jsonl: append, sqlite: sqliteAppend },
      fillMs: { jsonlNoFsync: Math.round(fill.ms), sqliteBatched20k: Math.round(sqliteFill.ms) },
      jsonlStore: {
        bytes: health.bytes,
        segments: health.segments,
        restartFromRowsMs: Math.round(reopenFromRows.ms),
        restartFromSidecarsMs: Math.round(reopen.ms),
        indexColumnsMB: Math.round(store.index.memoryBytes() / 1e5) / 10,
        verifyMs: Math.round(verify.ms),
        verifyOk: verify.value.ok,
      },
      sqliteFile: { bytes: sqliteBytes },
      queryMedianMs: Object.fromEntries(Object.keys(jsonl).map((k) => [k, { jsonl: jsonl[k as keyof typeof jsonl], sqlite: sqlite[k as keyof typeof sqlite] }])),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const events = process.argv[2] ? Number(process.argv[2]) : undefined;
  console.log(JSON.stringify(await auditBench({ events }), null, 2));
}
