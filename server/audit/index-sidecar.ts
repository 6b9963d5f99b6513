/**
 * Sidecar index files (`audit-0000000N.idx`): the index columns of a closed segment, so a restart reads a few
 * MB of typed arrays instead of parsing every JSON row. They are a cache, never evidence: a sidecar whose
 * recorded segment size does not match the segment file (or that cannot be read) is ignored and rebuilt from
 * the rows, and the verifier never looks at them. Layout: one JSON header line, then the raw columns.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import type { SegmentColumns } from "./event-index.ts";

const VERSION = 1;
type NumericColumn = Exclude<keyof SegmentColumns, "firstSeq" | "count" | "strings">;
const COLUMNS: Array<[NumericColumn, 1 | 4 | 8]> = [
  ["time", 8], ["offset", 8], ["length", 4], ["sub", 4], ["email", 4], ["cluster", 4], ["namespace", 4], ["name", 4],
  ["requestId", 4], ["verb", 1], ["outcome", 1],
];

export interface SidecarMeta {
  segmentBytes: number;
  createdMs: number;
  lastTimeMs: number;
}

export async function writeSidecar(path: string, columns: SegmentColumns, meta: SidecarMeta): Promise<void> {
  const header = JSON.stringify({ v: VERSION, firstSeq: columns.firstSeq, count: columns.count, strings: columns.strings, ...meta });
  const parts: Uint8Array[] = [new TextEncoder().encode(header + "\n")];
  for (const [name] of COLUMNS) {
    const c = columns[name];
    parts.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  }
  const size = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  await writeFile(`${path}.tmp`, out);
  await rename(`${path}.tmp`, path);
}

/** The sidecar's columns, or undefined when it is missing, stale or unreadable. */
export async function readSidecar(path: string, segmentBytes: number): Promise<{ columns: SegmentColumns; meta: SidecarMeta } | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    return undefined;
  }
  const nl = bytes.indexOf(10);
  if (nl < 0) return undefined;
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(new TextDecoder().decode(bytes.subarray(0, nl))) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const count = h.count;
  if (h.v !== VERSION || h.segmentBytes !== segmentBytes || typeof count !== "number" || typeof h.firstSeq !== "number" || !Array.isArray(h.strings)) return undefined;
  if (typeof h.createdMs !== "number" || typeof h.lastTimeMs !== "number") return undefined;
  const expected = COLUMNS.reduce((sum, [, width]) => sum + width * count, nl + 1);
  if (bytes.length !== expected) return undefined;
  let at = nl + 1;
  const take = (width: 1 | 4 | 8) => {
    const copy = bytes.slice(at, at + width * count).buffer; // copy: typed arrays need aligned offsets
    at += width * count;
    return width === 8 ? new Float64Array(copy) : width === 4 ? new Uint32Array(copy) : new Uint8Array(copy);
  };
  const cols = Object.fromEntries(COLUMNS.map(([name, width]) => [name, take(width)])) as unknown as Omit<SegmentColumns, "firstSeq" | "count" | "strings">;
  const strings = h.strings as unknown[];
  if (!strings.every((s) => typeof s === "string")) return undefined;
  for (const name of ["sub", "email", "cluster", "namespace", "verb", "outcome"] as const) {
    for (const id of cols[name]) if (id >= strings.length) return undefined;
  }
  return {
    columns: { ...cols, firstSeq: h.firstSeq, count, strings: strings as string[] },
    meta: { segmentBytes, createdMs: h.createdMs, lastTimeMs: h.lastTimeMs },
  };
}
