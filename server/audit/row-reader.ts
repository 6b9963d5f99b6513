/**
 * Reads stored rows back for queries through one cached file descriptor per segment. Neighbouring rows (a page is
 * often contiguous) share a single read. Reads are synchronous on purpose: a page is a few KB, almost always in
 * the page cache, and a synchronous pread costs microseconds where a thread-pool round trip costs tens (SQLite
 * reads the same way). A row whose segment retention just deleted reads as undefined.
 */
import { closeSync, openSync, readSync } from "node:fs";
import type { RowLocation } from "./event-index.ts";
import type { StoredAuditEvent } from "./event.ts";
import { segmentPath } from "./segment-files.ts";

/** Neighbours at most READ_GAP bytes apart share one read of at most READ_SPAN bytes. */
const READ_GAP = 16 * 1024;
const READ_SPAN = 1024 * 1024;

export class RowReader {
  private readonly dir: string;
  private readonly fds = new Map<number, number>();
  private readonly decoder = new TextDecoder();

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Rows in the order of `locations`; undefined where a row cannot be read. */
  read(locations: RowLocation[]): Array<StoredAuditEvent | undefined> {
    const out: Array<StoredAuditEvent | undefined> = [];
    let k = 0;
    while (k < locations.length) {
      // A run: following locations in the same segment, descending offsets, close together.
      const start = locations[k]!;
      let end = k + 1;
      while (end < locations.length) {
        const prev = locations[end - 1]!;
        const l = locations[end]!;
        if (l.segment !== start.segment || l.offset >= prev.offset || prev.offset - (l.offset + l.length) > READ_GAP) break;
        if (start.offset + start.length - l.offset > READ_SPAN) break;
        end++;
      }
      out.push(...this.readRun(locations.slice(k, end)));
      k = end;
    }
    return out;
  }

  private readRun(run: RowLocation[]): Array<StoredAuditEvent | undefined> {
    const low = run[run.length - 1]!;
    const high = run[0]!;
    try {
      const fd = this.fd(low.segment);
      const buffer = new Uint8Array(high.offset + high.length - low.offset);
      const got = readSync(fd, buffer, 0, buffer.length, low.offset);
      if (got !== buffer.length) throw new Error("short read");
      return run.map((l) => JSON.parse(this.decoder.decode(buffer.subarray(l.offset - low.offset, l.offset - low.offset + l.length))) as StoredAuditEvent);
    } catch {
      return run.map(() => undefined); // dropped by retention meanwhile
    }
  }

  private fd(n: number): number {
    let fd = this.fds.get(n);
    if (fd === undefined) {
      fd = openSync(segmentPath(this.dir, n), "r");
      this.fds.set(n, fd);
    }
    return fd;
  }

  close(n: number): void {
    const fd = this.fds.get(n);
    this.fds.delete(n);
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already gone
      }
    }
  }

  closeAll(): void {
    for (const n of [...this.fds.keys()]) this.close(n);
  }
}
