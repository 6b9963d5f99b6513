/**
 * The append-only JSONL audit store.
 *
 * Durability: appends are serialised through one writer. Whatever queued while the previous write was being
 * fsync'd goes out as the next batch (group commit: one write + one fdatasync per batch, no timer, at most
 * MAX_BATCH rows). `append` resolves only after its batch is on disk, so a caller that awaits it never acts
 * before its row is durable. A failed write (disk full, read-only, unwritable) rejects the whole batch, cuts the
 * file back to the last committed byte and leaves the chain as it was; the store reports `failing` until a later
 * write succeeds. Reads keep working from the index and the files already written.
 */
import { appendFile, mkdir, open, rm, stat, truncate } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import type { Logger } from "../http/log.ts";
import { EventIndex } from "./event-index.ts";
import type { IndexFilter, RowLocation } from "./event-index.ts";
import type { AuditEvent, AuditOutcome, StoredAuditEvent } from "./event.ts";
import { readSidecar, writeSidecar } from "./index-sidecar.ts";
import { decodeRow, encodeRow, GENESIS } from "./row-codec.ts";
import { RowReader } from "./row-reader.ts";
import { AuditWriteError, toWriteError } from "./write-error.ts";
import { listSegments, readHeader, scanSegment, segmentName, segmentPath, sidecarPath } from "./segment-files.ts";

const MAX_BATCH = 1000;
const DAY_MS = 86_400_000;

export interface AuditStoreOptions {
  dir: string;
  /** Drop segments whose newest row is older than this; 0 keeps them. */
  retentionDays: number;
  /** Drop oldest segments while the total exceeds this; 0 = no limit. */
  maxSizeBytes: number;
  /** Rotate when the current segment reaches this size (default: 1/16 of maxSizeBytes, 1–64 MiB). */
  segmentMaxBytes?: number;
  /** Rotate when the current segment is this old, so age retention can drop whole days (default 1 day). */
  segmentMaxAgeMs?: number;
  /** fdatasync after each batch (default true; the benchmark measures both). */
  sync?: boolean;
  clock?: () => Date;
  log?: Logger;
}

export interface AuditStoreHealth {
  state: "ok" | "failing";
  dir: string;
  segments: number;
  events: number;
  bytes: number;
  lastError?: string;
  lastErrorAt?: string;
  recovered?: { segment: string; tornBytes: number; savedTo: string; at: string };
}

interface Segment {
  n: number;
  firstSeq: number;
  createdMs: number;
  lastTimeMs: number;
  /** Segment file size. */
  bytes: number;
  /** Its sidecar index file (counted against maxSizeBytes too: the volume holds both). */
  sidecarBytes: number;
}

interface Pending {
  event: AuditEvent;
  resolve(stored: StoredAuditEvent): void;
  reject(error: Error): void;
}

export { AuditWriteError };

export async function openAuditStore(options: AuditStoreOptions): Promise<AuditStore> {
  const store = new AuditStore(options);
  try {
    await store.ready();
  } catch {
    // Start anyway: reads answer from what loaded, writes fail closed and retry; health says why.
  }
  return store;
}

export class AuditStore {
  readonly dir: string;
  private eventIndex = new EventIndex();
  /** Highest segment number seen on disk: a new segment never reuses a name, even one that was skipped. */
  private highestSegment = 0;
  private readonly rows: RowReader;
  private readonly options: AuditStoreOptions;
  private readonly clock: () => Date;
  private readonly segmentMaxBytes: number;
  private readonly segmentMaxAgeMs: number;
  private segments: Segment[] = [];
  private loaded = false;
  private writer: { n: number; handle: FileHandle; size: number } | undefined;
  private lastHash = GENESIS;
  private nextSeq = 1;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private failure: { message: string; at: string } | undefined;
  private recovered: AuditStoreHealth["recovered"];
  private closed = false;
  private lock: Promise<void> = Promise.resolve();

  constructor(options: AuditStoreOptions) {
    this.options = options;
    this.dir = options.dir;
    this.rows = new RowReader(options.dir);
    this.clock = options.clock ?? (() => new Date());
    const auto = options.maxSizeBytes > 0 ? Math.floor(options.maxSizeBytes / 16) : 64 * 1024 * 1024;
    this.segmentMaxBytes = options.segmentMaxBytes ?? Math.min(64 * 1024 * 1024, Math.max(1024 * 1024, auto));
    this.segmentMaxAgeMs = options.segmentMaxAgeMs ?? DAY_MS;
  }

  /** The in-memory index (the timeline reads it directly). */
  get index(): EventIndex {
    return this.eventIndex;
  }

  /** Load (once) and open the writer; throws AuditWriteError when the directory cannot be used. */
  async ready(): Promise<void> {
    try {
      if (!this.loaded) await this.load();
      if (!this.writer) await this.openWriter();
    } catch (error) {
      throw this.fail(error, "open");
    }
  }

  append(event: AuditEvent): Promise<StoredAuditEvent> {
    if (this.closed) return Promise.reject(new AuditWriteError("the audit store is closed", undefined, undefined));
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      this.flushing ??= Promise.resolve().then(() => this.flushLoop());
    });
  }

  /** Newest-first events matching `filter` with seq < beforeSeq. */
  async search(filter: IndexFilter, beforeSeq: number, limit: number): Promise<StoredAuditEvent[]> {
    const out: StoredAuditEvent[] = [];
    let before = beforeSeq;
    while (out.length < limit) {
      const want = limit - out.length;
      const locations = this.index.search(filter, before, want);
      const rows = this.rows.read(locations);
      for (const row of rows) {
        // requestId and name are indexed by hash: confirm them on the row.
        if (!row) continue;
        if (filter.requestId !== undefined && row.requestId !== filter.requestId) continue;
        if (filter.name !== undefined && row.resource?.name !== filter.name) continue;
        out.push(row);
      }
      if (locations.length < want) break;
      before = locations[locations.length - 1]!.seq;
    }
    return out;
  }

  async get(seq: number): Promise<StoredAuditEvent | undefined> {
    const location = this.index.location(seq);
    return location ? this.rows.read([location])[0] : undefined;
  }

  forEach(filter: IndexFilter, visit: (timeMs: number, outcome: AuditOutcome, seq: number) => void): void {
    this.index.forEach(filter, visit);
  }

  health(): AuditStoreHealth {
    const h: AuditStoreHealth = {
      state: this.failure ? "failing" : "ok",
      dir: this.dir,
      segments: this.segments.length,
      events: this.index.size,
      bytes: this.segments.reduce((sum, s) => sum + s.bytes + s.sidecarBytes, 0),
    };
    if (this.failure) {
      h.lastError = this.failure.message;
      h.lastErrorAt = this.failure.at;
    }
    if (this.recovered) h.recovered = this.recovered;
    return h;
  }

  /** Retention: drop whole oldest segments by age, then by total size. Runs after each rotation and hourly. */
  maintain(): Promise<void> {
    return this.exclusive(() => this.maintainNow());
  }

  private async maintainNow(): Promise<void> {
    const now = this.clock().getTime();
    const cutoff = this.options.retentionDays > 0 ? now - this.options.retentionDays * DAY_MS : -Infinity;
    const current = this.segments[this.segments.length - 1];
    // A quiet store: the current segment itself expired, start a fresh one so it can be dropped.
    if (current && this.writer && current.lastTimeMs < cutoff && current.firstSeq < this.nextSeq) {
      await this.rotate(now);
    }
    const doomed: Segment[] = [];
    let total = this.segments.reduce((sum, s) => sum + s.bytes + s.sidecarBytes, 0);
    const limit = this.options.maxSizeBytes > 0 ? this.options.maxSizeBytes : Infinity;
    for (const s of this.segments.slice(0, -1)) {
      if (s.lastTimeMs < cutoff || total > limit) {
        doomed.push(s);
        total -= s.bytes + s.sidecarBytes;
      } else break;
    }
    for (const s of doomed) await this.dropSegment(s);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    await this.writer?.handle.close().catch(() => {});
    this.writer = undefined;
    this.rows.closeAll();
  }

  // ---- internals -------------------------------------------------------------------------------------------

  /** Writes, rotation and retention run one at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn);
    this.lock = run.then(() => undefined, () => undefined);
    return run;
  }

  private async load(): Promise<void> {
    // Start from nothing: a load that failed half-way is retried whole.
    this.eventIndex = new EventIndex();
    this.segments = [];
    this.lastHash = GENESIS;
    this.nextSeq = 1;
    await mkdir(this.dir, { recursive: true });
    const numbers = await listSegments(this.dir);
    this.highestSegment = numbers[numbers.length - 1] ?? 0;
    for (const [i, n] of numbers.entries()) {
      const path = segmentPath(this.dir, n);
      const isLast = i === numbers.length - 1;
      // Closed segments: the sidecar index when it matches the file, else parse the rows (and write the sidecar).
      if (!isLast) {
        const size = (await stat(path)).size;
        const sidecar = await readSidecar(sidecarPath(this.dir, n), size);
        if (sidecar && (this.index.size === 0 || sidecar.columns.firstSeq === this.index.lastSeq + 1)) {
          this.index.importColumns(n, sidecar.columns);
          const { createdMs, lastTimeMs } = sidecar.meta;
          this.segments.push({ n, firstSeq: sidecar.columns.firstSeq, createdMs, lastTimeMs, bytes: size, sidecarBytes: (await stat(sidecarPath(this.dir, n))).size });
          continue;
        }
      }
      const scanned = await scanSegment(path);
      let size = scanned.bytes.length;
      if (scanned.tornBytes > 0 && isLast) {
        size -= scanned.tornBytes;
        await this.trimTorn(n, scanned.bytes.subarray(size), size);
        if (size === 0) {
          // A crash while a new segment's header was being written: nothing in it but the torn bytes (kept).
          await rm(path);
          this.highestSegment = n - 1;
          continue;
        }
      }
      const header = readHeader(scanned.lines[0]?.text, false);
      if (typeof header === "string") {
        this.options.log?.warn("audit segment skipped", { segment: segmentName(n), problem: header });
        continue;
      }
      const segment: Segment = { n, firstSeq: header.firstSeq, createdMs: header.createdMs, lastTimeMs: header.createdMs, bytes: size, sidecarBytes: 0 };
      let last = header.hash;
      let skipped = 0;
      for (const l of scanned.lines.slice(1)) {
        const row = decodeRow(l.text, false);
        if (!row.ok || typeof row.value.seq !== "number" || (this.index.size > 0 && row.value.seq !== this.index.lastSeq + 1)) {
          skipped++;
          continue;
        }
        this.indexRow(row.value as unknown as StoredAuditEvent, n, l.offset, l.length);
        segment.lastTimeMs = Math.max(segment.lastTimeMs, Date.parse(String(row.value.time)));
        last = row.hash;
      }
      if (skipped > 0) this.options.log?.warn("audit rows not indexed; run the verifier", { segment: segmentName(n), rows: skipped });
      this.segments.push(segment);
      this.lastHash = last;
      if (!isLast) await this.writeSidecarFor(segment, this.index.lastSeq + 1);
    }
    if (this.index.size > 0) this.nextSeq = this.index.lastSeq + 1;
    else if (this.segments.length > 0) this.nextSeq = this.segments[this.segments.length - 1]!.firstSeq;
    this.loaded = true;
    await this.maintainNow().catch(() => {});
  }

  /** Best effort: a missing sidecar only makes the next start slower. */
  private async writeSidecarFor(segment: Segment, endSeq: number): Promise<void> {
    try {
      const path = sidecarPath(this.dir, segment.n);
      const columns = this.index.exportRange(segment.firstSeq, endSeq);
      await writeSidecar(path, columns, { segmentBytes: segment.bytes, createdMs: segment.createdMs, lastTimeMs: segment.lastTimeMs });
      segment.sidecarBytes = (await stat(path)).size;
    } catch (error) {
      this.options.log?.warn("audit sidecar index not written", { segment: segmentName(segment.n), error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Keep the cut-off bytes next to the segment for forensics, then cut the file back to its last full line. */
  private async trimTorn(n: number, torn: Uint8Array, size: number): Promise<void> {
    const savedTo = `${segmentName(n)}.torn`;
    await appendFile(`${this.dir}/${savedTo}`, torn);
    await truncate(segmentPath(this.dir, n), size);
    this.recovered = { segment: segmentName(n), tornBytes: torn.length, savedTo, at: this.clock().toISOString() };
    this.options.log?.warn("audit store recovered a torn last line", this.recovered);
  }

  private indexRow(row: StoredAuditEvent, segment: number, offset: number, length: number): void {
    this.index.add({
      seq: row.seq,
      timeMs: Date.parse(row.time),
      segment,
      offset,
      length: length - 1,
      sub: row.actor?.sub ?? "",
      email: row.actor?.email ?? "",
      verb: row.verb,
      outcome: row.outcome,
      cluster: row.cluster ?? "",
      namespace: row.resource?.namespace ?? "",
      name: row.resource?.name ?? "",
      requestId: row.requestId ?? "",
    });
  }

  private async openWriter(): Promise<void> {
    const last = this.segments[this.segments.length - 1];
    const now = this.clock().getTime();
    if (!last || last.bytes >= this.segmentMaxBytes || now - last.createdMs >= this.segmentMaxAgeMs) {
      await this.rotate(now);
      return;
    }
    const handle = await open(segmentPath(this.dir, last.n), "a");
    try {
      // A failed batch whose cut-back failed too: remove its bytes before the chain continues.
      if ((await handle.stat()).size > last.bytes) await handle.truncate(last.bytes);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    this.writer = { n: last.n, handle, size: last.bytes };
  }

  /** Start a new segment whose header links to the last hash so far. */
  private async rotate(nowMs: number): Promise<void> {
    const n = Math.max(this.highestSegment, this.segments[this.segments.length - 1]?.n ?? 0) + 1;
    const path = segmentPath(this.dir, n);
    const created = new Date(nowMs).toISOString();
    const { line, hash } = encodeRow({ type: "segment", segment: n, created, firstSeq: this.nextSeq }, this.lastHash);
    const bytes = new TextEncoder().encode(line + "\n");
    const handle = await open(path, "ax"); // append-only, and never over an existing file
    try {
      await writeAll(handle, bytes);
      if (this.options.sync !== false) await handle.datasync();
      await syncDir(this.dir);
    } catch (error) {
      await handle.close().catch(() => {});
      // Gone → the next rotation reuses the number; still there → skip it (the verifier will show the stub).
      await rm(path, { force: true }).catch(() => void (this.highestSegment = n));
      throw error;
    }
    this.highestSegment = n;
    await this.writer?.handle.close().catch(() => {});
    this.writer = { n, handle, size: bytes.length };
    const closed = this.segments[this.segments.length - 1];
    this.segments.push({ n, firstSeq: this.nextSeq, createdMs: nowMs, lastTimeMs: nowMs, bytes: bytes.length, sidecarBytes: 0 });
    this.lastHash = hash;
    if (closed) await this.writeSidecarFor(closed, this.nextSeq);
    if (this.segments.length > 1) await this.maintainNow();
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const stored = await this.exclusive(() => this.writeBatch(batch.map((p) => p.event)));
        batch.forEach((p, i) => p.resolve(stored[i]!));
      } catch (error) {
        const failure = this.fail(error, "write");
        for (const p of batch) p.reject(failure);
      }
    }
    this.flushing = undefined;
  }

  private async writeBatch(events: AuditEvent[]): Promise<StoredAuditEvent[]> {
    await this.ready();
    const now = this.clock().getTime();
    const seg = this.segments[this.segments.length - 1]!;
    if (this.writer!.size >= this.segmentMaxBytes || now - seg.createdMs >= this.segmentMaxAgeMs) await this.rotate(now);
    const writer = this.writer!;
    let prev = this.lastHash;
    const stored: StoredAuditEvent[] = [];
    const lines: string[] = [];
    for (const [i, event] of events.entries()) {
      const fields = { seq: this.nextSeq + i, ...event };
      const { line, hash } = encodeRow(fields, prev);
      stored.push({ ...fields, prev, hash });
      lines.push(line);
      prev = hash;
    }
    const bytes = new TextEncoder().encode(lines.join("\n") + "\n");
    try {
      await writeAll(writer.handle, bytes);
      if (this.options.sync !== false) await writer.handle.datasync();
    } catch (error) {
      // Never leave half a batch behind: the chain continues from the last committed row.
      await writer.handle.truncate(writer.size).catch(() => {});
      await writer.handle.close().catch(() => {});
      this.writer = undefined;
      throw error;
    }
    let offset = writer.size;
    let start = 0;
    const current = this.segments[this.segments.length - 1]!;
    for (const row of stored) {
      const end = bytes.indexOf(10, start);
      this.indexRow(row, writer.n, offset, end - start + 1);
      offset += end - start + 1;
      start = end + 1;
      current.lastTimeMs = Math.max(current.lastTimeMs, Date.parse(row.time));
    }
    writer.size += bytes.length;
    current.bytes = writer.size;
    this.lastHash = prev;
    this.nextSeq += events.length;
    if (this.failure) {
      this.options.log?.info("audit store writable again", { after: this.failure.message });
      this.failure = undefined;
    }
    return stored;
  }

  private fail(error: unknown, during: string): AuditWriteError {
    const failure = toWriteError(error, during, this.dir);
    if (this.failure?.message !== failure.message) this.options.log?.error("audit store failing", { error: failure.message });
    this.failure = { message: failure.message, at: this.clock().toISOString() };
    return failure;
  }

  private async dropSegment(s: Segment): Promise<void> {
    this.rows.close(s.n);
    await rm(segmentPath(this.dir, s.n), { force: true });
    await rm(`${segmentPath(this.dir, s.n)}.torn`, { force: true });
    await rm(sidecarPath(this.dir, s.n), { force: true });
    this.segments = this.segments.filter((x) => x !== s);
    const next = this.segments[0];
    this.index.dropBefore(next ? next.firstSeq : this.nextSeq);
    this.options.log?.info("audit retention dropped a segment", { segment: segmentName(s.n), bytes: s.bytes });
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    if (bytesWritten === 0) throw Object.assign(new Error("write made no progress"), { code: "ENOSPC" });
    done += bytesWritten;
  }
}

/** Make a new file's directory entry durable (best effort: not every platform can fsync a directory). */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // ignore
  }
}

