/**
 * Walks every segment in order and checks every link: each row's own hash, each row's `prev` against the row
 * before it, sequence numbers, and each segment header against the last hash of the segment before it. Stops at
 * the first broken link and names it. The oldest kept segment's header is the anchor: segments dropped by
 * retention leave no trace to check against (compare the first seq with the shipped stdout lines if that matters).
 */
import { decodeRow, GENESIS } from "./row-codec.ts";
import { listSegments, readHeader, scanSegment, segmentName, segmentPath } from "./segment-files.ts";

export interface BrokenLink {
  file: string;
  line: number;
  seq?: number;
  problem: string;
}

export interface VerifyReport {
  ok: boolean;
  dir: string;
  segments: number;
  /** Event rows whose hash and link were checked and found intact. */
  rows: number;
  firstSeq?: number;
  lastSeq?: number;
  /** "genesis" when the first kept segment is segment 1, else where retention cut the chain. */
  anchor: string;
  broken?: BrokenLink;
  /** An unterminated last line (a crash mid-append); the server trims it on start. Not tampering. */
  torn?: { file: string; bytes: number };
}

export async function verifyAuditDir(dir: string): Promise<VerifyReport> {
  const numbers = await listSegments(dir);
  const report: VerifyReport = { ok: true, dir, segments: numbers.length, rows: 0, anchor: "genesis" };
  const brake = (b: BrokenLink): VerifyReport => ({ ...report, ok: false, broken: b });
  let lastHash: string | undefined;
  let expectedSeq: number | undefined;
  for (const [i, n] of numbers.entries()) {
    const file = segmentName(n);
    const isLast = i === numbers.length - 1;
    const prevN = numbers[i - 1];
    if (prevN !== undefined && n !== prevN + 1) {
      return brake({ file, line: 1, problem: `segment(s) ${segmentName(prevN + 1)}..${segmentName(n - 1)} are missing` });
    }
    const scanned = await scanSegment(segmentPath(dir, n));
    const header = readHeader(scanned.lines[0]?.text, true);
    if (typeof header === "string") return brake({ file, line: 1, problem: header });
    if (header.segment !== n) return brake({ file, line: 1, problem: `header says segment ${header.segment}; the file was renamed` });
    if (lastHash === undefined) {
      if (n === 1 && header.prev !== GENESIS) return brake({ file, line: 1, problem: "segment 1 does not start from the genesis hash" });
      if (n !== 1) report.anchor = `retention: chain starts at ${file} (seq ${header.firstSeq}), linked to ${header.prev.slice(0, 16)}…`;
    } else {
      if (header.prev !== lastHash) {
        return brake({ file, line: 1, problem: `header does not link to the last row of ${segmentName(prevN!)} (a segment was replaced or rows were removed from its end)` });
      }
      if (header.firstSeq !== expectedSeq) {
        return brake({ file, line: 1, problem: `header starts at seq ${header.firstSeq}, expected ${expectedSeq}` });
      }
    }
    lastHash = header.hash;
    expectedSeq = header.firstSeq;
    for (const l of scanned.lines.slice(1)) {
      const row = decodeRow(l.text, true);
      if (!row.ok) return brake({ file, line: l.line, seq: leadingSeq(l.text), problem: row.problem });
      const seq = typeof row.value.seq === "number" ? row.value.seq : undefined;
      if (row.prev !== lastHash) {
        return brake({ file, line: l.line, seq, problem: `prev does not match the hash of the row before it (a row was deleted, inserted or reordered before line ${l.line})` });
      }
      if (seq !== expectedSeq) return brake({ file, line: l.line, seq, problem: `seq ${seq}, expected ${expectedSeq}` });
      report.firstSeq ??= seq;
      report.lastSeq = seq;
      report.rows++;
      lastHash = row.hash;
      expectedSeq = seq + 1;
    }
    if (scanned.tornBytes > 0) {
      if (!isLast) return brake({ file, line: scanned.lines.length + 1, problem: `${scanned.tornBytes} bytes without a line end in a closed segment` });
      report.torn = { file, bytes: scanned.tornBytes };
    }
  }
  return report;
}

/** The seq of a row that failed its checks, when it can still be read (rows start with `{"seq":N`). */
function leadingSeq(text: string): number | undefined {
  const m = /^\{"seq":(\d+)[,}]/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Human-readable lines for the CLI. */
export function formatReport(r: VerifyReport): string {
  const range = r.firstSeq === undefined ? "" : ` (seq ${r.firstSeq}..${r.lastSeq})`;
  const lines = [`audit verify ${r.dir}`, `checked ${r.rows} rows in ${r.segments} segment(s)${range}; anchor: ${r.anchor}`];
  if (r.torn) lines.push(`note: ${r.torn.file} ends with a torn line of ${r.torn.bytes} bytes (crash mid-append; trimmed on next start)`);
  if (r.broken) {
    const b = r.broken;
    lines.push(`BROKEN at ${b.file} line ${b.line}${b.seq === undefined ? "" : ` (seq ${b.seq})`}: ${b.problem}`);
  } else lines.push("OK: chain intact");
  return lines.join("\n");
}
