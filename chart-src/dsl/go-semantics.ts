/**
 * Go text/template + Sprig semantics, copied in TypeScript so direct synthesis renders exactly what Helm renders.
 * Only the functions the chart uses are here.
 */
import { createHash } from "node:crypto";

/** Go template truthiness: nil, false, 0, "" and empty maps/lists are false. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** Sprig `default fallback value`. */
export function goDefault(fallback: unknown, value: unknown): unknown {
  return truthy(value) ? value : fallback;
}

/** Sprig strval / `print`: how a scalar prints in a template. */
export function goString(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  // Callers never print a raw number as text (the schema types every value); integers go through `int`.
  if (typeof v === "number") return String(v);
  return JSON.stringify(v);
}

/** Sprig `int`: float64 → int64 (truncation); strings parse, anything else is 0. */
export function goInt(v: unknown): number {
  // amd64 turns an out-of-range float64 → int64 conversion into the minimum int64.
  if (typeof v === "number") return Math.abs(v) < 2 ** 63 ? Math.trunc(v) : -(2 ** 63);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    const n = Number.parseInt(v, 10);
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
}

/** Go `eq` for the scalar comparisons the chart uses; a missing value equals nothing but nil. */
export function goEq(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return b === undefined || b === null;
  return a === b;
}

/** encoding/json Marshal as Sprig `toJson` does it: sorted keys (bytewise), HTML-safe escapes, Go float format. */
export function goJson(v: unknown): string {
  if (v === undefined || v === null) return "null";
  if (typeof v === "string") return goJsonString(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
  if (typeof v === "object") {
    const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${goJsonString(k)}:${goJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return "null";
}

function goJsonString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Sprig `sha256sum` of a string: lowercase hex. */
export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** Sprig `trunc n | trimSuffix "-"`, the usual name clamp. */
export function clampName(s: string, n = 63): string {
  const t = s.length > n ? s.slice(0, n) : s;
  return t.endsWith("-") ? t.slice(0, -1) : t;
}

/** Deep copy through JSON shapes (values are plain data). */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
