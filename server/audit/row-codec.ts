/**
 * One stored line = a JSON object whose last member is `"hash"`: the SHA-256 (hex) of every byte of the line
 * before `,"hash":`. That prefix contains `"prev"`, the hash of the previous line (or, for a segment header,
 * the last hash of the previous segment), so the lines form one chain across segments. Hashing the exact bytes
 * (not a re-serialisation) keeps verification independent of JSON formatting.
 */
import { createHash } from "node:crypto";

export const GENESIS = "0".repeat(64);
const HASH_KEY = ',"hash":"';
/** `,"hash":"` + 64 hex + `"}` */
const TAIL_LENGTH = HASH_KEY.length + 64 + 2;

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Serialise `fields` with `prev` and the trailing hash; returns the line (no newline) and its hash. */
export function encodeRow(fields: Record<string, unknown>, prev: string): { line: string; hash: string } {
  const body = JSON.stringify({ ...fields, prev });
  const prefix = body.slice(0, -1);
  const hash = sha256Hex(prefix);
  return { line: `${prefix}${HASH_KEY}${hash}"}`, hash };
}

export type DecodedRow =
  | { ok: true; value: Record<string, unknown>; prev: string; hash: string }
  | { ok: false; problem: string };

/**
 * Parse a line and check its own hash. The caller checks the link (`prev` equals the previous hash).
 * `checkHash: false` skips the SHA-256 (start-up indexing trusts its own files; the verifier never skips).
 */
export function decodeRow(line: string, checkHash = true): DecodedRow {
  if (line.length < TAIL_LENGTH + 2 || !line.endsWith('"}') || line.slice(-TAIL_LENGTH, -TAIL_LENGTH + HASH_KEY.length) !== HASH_KEY) {
    return { ok: false, problem: "not a chained row (no trailing hash)" };
  }
  const hash = line.slice(-66, -2);
  if (checkHash && sha256Hex(line.slice(0, -TAIL_LENGTH)) !== hash) {
    return { ok: false, problem: "content does not match its hash (the row was edited)" };
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, problem: "not valid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, problem: "not a JSON object" };
  const record = value as Record<string, unknown>;
  if (typeof record.prev !== "string" || !/^[0-9a-f]{64}$/.test(record.prev)) return { ok: false, problem: "field prev missing or malformed" };
  return { ok: true, value: record, prev: record.prev, hash };
}
