/**
 * Field paths as server-side apply tracks them: `f:<field>` for object members, `k:{"name":"x"}` for items of
 * lists keyed by a merge key, `.` for "the list item itself". Other lists are atomic (one leaf).
 * Paths are encoded as JSON arrays of segments so they can live in Sets and Maps.
 */
import type { JsonObject } from "./types.ts";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

const MERGE_KEYS = ["name", "containerPort", "port", "type", "mountPath", "ip", "devicePath"];

/** The merge key of a list of objects, when every item has one (containers by name, ports by port, ...). */
export function listKey(items: unknown[]): string | undefined {
  if (items.length === 0 || !items.every(isObj)) return undefined;
  return MERGE_KEYS.find((k) => (items as Obj[]).every((i) => i[k] !== undefined));
}

const IGNORED_META = new Set(["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"]);

/** Leaf paths of an object with their values. `withStatus` false skips `.status` (types with a status subresource). */
export function leafPaths(obj: Obj, withStatus: boolean): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (value: unknown, path: string[]) => {
    if (isObj(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, `f:${k}`]);
      return;
    }
    if (Array.isArray(value)) {
      const key = listKey(value);
      if (key) {
        for (const item of value as Obj[]) {
          const seg = `k:${JSON.stringify({ [key]: item[key] })}`;
          out.set(JSON.stringify([...path, seg, "."]), undefined);
          for (const [k, v] of Object.entries(item)) walk(v, [...path, seg, `f:${k}`]);
        }
        return;
      }
    }
    out.set(JSON.stringify(path), value);
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === "apiVersion" || k === "kind") continue;
    if (k === "status" && !withStatus) continue;
    if (k === "metadata" && isObj(v)) {
      for (const [mk, mv] of Object.entries(v)) if (!IGNORED_META.has(mk)) walk(mv, ["f:metadata", `f:${mk}`]);
      continue;
    }
    walk(v, [`f:${k}`]);
  }
  return out;
}

function itemIndex(list: unknown[], seg: string): number {
  const want = JSON.parse(seg.slice(2)) as Obj;
  const [k, v] = Object.entries(want)[0]!;
  return list.findIndex((i) => isObj(i) && i[k] === v);
}

/** Set a value at a path, creating objects and keyed list items as needed. */
export function setPath(root: Obj, path: string[], value: unknown): void {
  let cur: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (seg === ".") return;
    if (seg.startsWith("f:")) {
      const o = cur as Obj;
      const k = seg.slice(2);
      if (last) {
        o[k] = structuredClone(value);
        return;
      }
      if (path[i + 1]!.startsWith("k:")) {
        if (!Array.isArray(o[k])) o[k] = [];
      } else if (!isObj(o[k])) o[k] = {};
      cur = o[k];
    } else {
      const list = cur as unknown[];
      let idx = itemIndex(list, seg);
      if (idx < 0) {
        list.push(JSON.parse(seg.slice(2)));
        idx = list.length - 1;
      }
      cur = list[idx];
    }
  }
}

export function readPath(root: Obj, path: string[]): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const seg of path) {
    if (seg === ".") return { found: true, value: undefined };
    if (seg.startsWith("f:")) {
      if (!isObj(cur) || !Object.hasOwn(cur, seg.slice(2))) return { found: false, value: undefined };
      cur = cur[seg.slice(2)];
    } else {
      if (!Array.isArray(cur)) return { found: false, value: undefined };
      const idx = itemIndex(cur, seg);
      if (idx < 0) return { found: false, value: undefined };
      cur = cur[idx];
    }
  }
  return { found: true, value: cur };
}

/** Remove a leaf (or, for a `.` path, the whole list item). Empty parents are left in place. */
export function removePath(root: Obj, path: string[]): void {
  const isItem = path[path.length - 1] === ".";
  const target = isItem ? path.slice(0, -1) : path;
  const parent = readPath(root, target.slice(0, -1));
  if (!parent.found) return;
  const seg = target[target.length - 1]!;
  if (seg.startsWith("f:") && isObj(parent.value)) delete parent.value[seg.slice(2)];
  else if (seg.startsWith("k:") && Array.isArray(parent.value)) {
    const idx = itemIndex(parent.value, seg);
    if (idx >= 0) parent.value.splice(idx, 1);
  }
}

/** A set of encoded paths as FieldsV1 (`{"f:spec":{"f:replicas":{}}}`). */
export function toFieldsV1(paths: Iterable<string>): JsonObject {
  const root: JsonObject = {};
  for (const p of paths) {
    let cur = root;
    for (const seg of JSON.parse(p) as string[]) cur = (cur[seg] ??= {}) as JsonObject;
  }
  return root;
}

export function fromFieldsV1(fields: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown, path: string[]) => {
    if (!isObj(node)) return;
    const entries = Object.entries(node);
    if (entries.length === 0 && path.length > 0) out.add(JSON.stringify(path));
    for (const [k, v] of entries) walk(v, [...path, k]);
  };
  walk(fields, []);
  return out;
}

/** `.spec.containers[name="app"].image`, the way conflicts are reported. */
export function displayPath(encoded: string): string {
  let s = "";
  for (const seg of JSON.parse(encoded) as string[]) {
    if (seg === ".") continue;
    if (seg.startsWith("f:")) s += `.${seg.slice(2)}`;
    else {
      const [k, v] = Object.entries(JSON.parse(seg.slice(2)) as Obj)[0]!;
      s += `[${k}=${JSON.stringify(v)}]`;
    }
  }
  return s;
}
