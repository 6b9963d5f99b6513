/**
 * Reads stored rows back for queries through one cached read handle per segment. Neighbouring rows (a page is
 * often contiguous) share a single read. A row whose segment retention just deleted reads as undefined.
 */
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import type { RowLocation } from "./event-index.ts";
import type { StoredAuditEvent } from "./event.ts";
import { segmentPath } from "./segment-files.ts";

/** Neighbours at most READ_GAP bytes apart share one read of at most READ_SPAN bytes. */
const READ_GAP = 16 * 1024;
const READ_SPAN = 1024 * 1024;

export class RowReader {
  private readonly dir: string;
  private readonly handles = new Map<number, Promise<FileHandle>>();

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Reads rows in as few reads as possible: neighbours in the same segment (a page is often contiguous) share one. */
  async read(locations: RowLocation[]): Promise<Array<StoredAuditEvent | undefined>> {
    const runs: RowLocation[][] = [];
    for (const l of locations) {
      const run = runs[runs.length - 1];
      const head = run?.[run.length - 1];
      const start = run?.[0];
      if (run && head && start && head.segment === l.segment && l.offset < head.offset && head.offset - (l.offset + l.length) <= READ_GAP && start.offset + start.length - l.offset <= READ_SPAN) {
        run.push(l);
      } else runs.push([l]);
    }
    const out = await Promise.all(runs.map(async (run) => {
      if (run.length === 1) return [await this.readOne(run[0]!)];
      const first = run[run.length - 1]!; // lowest offset
      const last = run[0]!;
      try {
        const handle = await this.handle(first.segment);
        const buffer = new Uint8Array(last.offset + last.length - first.offset);
        await handle.read(buffer, 0, buffer.length, first.offset);
        const decoder = new TextDecoder();
        return run.map((l) => JSON.parse(decoder.decode(buffer.subarray(l.offset - first.offset, l.offset - first.offset + l.length))) as StoredAuditEvent);
      } catch {
        return run.map(() => undefined); // dropped by retention meanwhile
      }
    }));
    return out.flat();
  }

  private async readOne(l: RowLocation): Promise<StoredAuditEvent | undefined> {
    try {
      const handle = await this.handle(l.segment);
      const buffer = new Uint8Array(l.length);
      await handle.read(buffer, 0, l.length, l.offset);
      return JSON.parse(new TextDecoder().decode(buffer)) as StoredAuditEvent;
    } catch {
      return undefined; // dropped by retention meanwhile
    }
  }

  private handle(n: number): Promise<FileHandle> {
    let handle = this.handles.get(n);
    if (!handle) {
      handle = open(segmentPath(this.dir, n), "r");
      this.handles.set(n, handle);
      handle.catch(() => this.handles.delete(n));
    }
    return handle;
  }

  async close(n: number): Promise<void> {
    const handle = this.handles.get(n);
    this.handles.delete(n);
    if (handle) await (await handle.catch(() => undefined))?.close().catch(() => {});
  }

  async closeAll(): Promise<void> {
    for (const n of [...this.handles.keys()]) await this.close(n);
  }
}
