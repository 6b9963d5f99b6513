/** A structured diff of two JSON values: one entry per changed leaf path (objects by key, arrays by index). */
import { isRecord } from "./object-view.ts";

export interface DiffEntry {
  path: string;
  op: "added" | "removed" | "changed";
  from?: unknown;
  to?: unknown;
}

const join = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;

export function diffValues(from: unknown, to: unknown, path = "", out: DiffEntry[] = []): DiffEntry[] {
  if (isRecord(from) && isRecord(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    for (const k of keys) {
      if (!(k in to)) out.push({ path: join(path, k), op: "removed", from: from[k] });
      else if (!(k in from)) out.push({ path: join(path, k), op: "added", to: to[k] });
      else diffValues(from[k], to[k], join(path, k), out);
    }
    return out;
  }
  if (Array.isArray(from) && Array.isArray(to)) {
    for (let i = 0; i < Math.max(from.length, to.length); i++) {
      if (i >= to.length) out.push({ path: join(path, i), op: "removed", from: from[i] });
      else if (i >= from.length) out.push({ path: join(path, i), op: "added", to: to[i] });
      else diffValues(from[i], to[i], join(path, i), out);
    }
    return out;
  }
  if (JSON.stringify(from) !== JSON.stringify(to)) out.push({ path: path || "(root)", op: "changed", from, to });
  return out;
}
