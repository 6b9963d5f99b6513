/**
 * Segment files: `audit-00000001.jsonl`, `audit-00000002.jsonl`, ... in one directory. Each starts with a header
 * row `{"type":"segment","segment":n,"created":…,"firstSeq":…,"prev":…,"hash":…}` whose `prev` is the last hash
 * of segment n-1, so deleting or swapping a segment breaks the chain just like deleting a row.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { decodeRow } from "./row-codec.ts";

const NAME = /^audit-(\d{8})\.jsonl$/;

export function segmentName(n: number): string {
  return `audit-${String(n).padStart(8, "0")}.jsonl`;
}

export function segmentPath(dir: string, n: number): string {
  return join(dir, segmentName(n));
}

/** The segment's sidecar index (a cache; see index-sidecar.ts). */
export function sidecarPath(dir: string, n: number): string {
  return join(dir, `audit-${String(n).padStart(8, "0")}.idx`);
}

/** Segment numbers present in `dir`, ascending. */
export async function listSegments(dir: string): Promise<number[]> {
  const names = await readdir(dir);
  const out: number[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (m) out.push(Number(m[1]));
  }
  return out.sort((a, b) => a - b);
}

export interface SegmentLine {
  /** 1-based line number in the file. */
  line: number;
  offset: number;
  /** Bytes including the newline. */
  length: number;
  text: string;
}

export interface ScannedSegment {
  bytes: Uint8Array;
  lines: SegmentLine[];
  /** Bytes after the last newline: an append cut short by a crash. */
  tornBytes: number;
}

export async function scanSegment(path: string): Promise<ScannedSegment> {
  const bytes = new Uint8Array(await readFile(path));
  return { bytes, ...splitLines(bytes) };
}

export function splitLines(bytes: Uint8Array): { lines: SegmentLine[]; tornBytes: number } {
  const decoder = new TextDecoder();
  const lines: SegmentLine[] = [];
  let start = 0;
  let n = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(10, start);
    if (end === -1) break;
    n++;
    lines.push({ line: n, offset: start, length: end - start + 1, text: decoder.decode(bytes.subarray(start, end)) });
    start = end + 1;
  }
  return { lines, tornBytes: bytes.length - start };
}

export interface SegmentHeader {
  segment: number;
  createdMs: number;
  firstSeq: number;
  prev: string;
  hash: string;
}

/** The header row of a segment, or a problem naming what is wrong with it. */
export function readHeader(text: string | undefined, checkHash: boolean): SegmentHeader | string {
  if (text === undefined) return "empty segment (no header row)";
  const row = decodeRow(text, checkHash);
  if (!row.ok) return `header: ${row.problem}`;
  const v = row.value;
  if (v.type !== "segment") return "first row is not a segment header";
  if (typeof v.segment !== "number" || typeof v.firstSeq !== "number" || typeof v.created !== "string") {
    return "header: fields segment, firstSeq or created missing";
  }
  return { segment: v.segment, createdMs: Date.parse(v.created), firstSeq: v.firstSeq, prev: row.prev, hash: row.hash };
}
