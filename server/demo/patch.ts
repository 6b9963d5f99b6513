/** JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch for the common cases. */
import { kubeError } from "./status.ts";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const MERGE_KEYS = ["name", "containerPort", "port", "type", "mountPath", "ip", "devicePath", "topologyKey"];

function mergeKeyOf(items: unknown[]): string | undefined {
  if (items.length === 0 || !items.every(isObj)) return undefined;
  return MERGE_KEYS.find((k) => (items as Obj[]).every((i) => i[k] !== undefined));
}

/** Strategic merge: like merge patch, but lists of objects with a merge key are merged item by item. */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$")) continue; // directives such as $retainKeys/$setElementOrder are not needed here
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    if (Array.isArray(v) && Array.isArray(cur)) {
      const key = mergeKeyOf([...cur, ...v.filter((x) => !(isObj(x) && x.$patch === "delete"))]);
      if (key) {
        const merged = [...cur] as Obj[];
        for (const item of v as Obj[]) {
          const idx = merged.findIndex((m) => m[key] === item[key]);
          if (item.$patch === "delete") {
            if (idx >= 0) merged.splice(idx, 1);
          } else if (idx >= 0) merged[idx] = strategicMergePatch(merged[idx], item) as Obj;
          else merged.push(strategicMergePatch(undefined, item) as Obj);
        }
        out[k] = merged;
        continue;
      }
    }
    out[k] = strategicMergePatch(cur, v);
  }
  return out;
}

interface Op {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw kubeError(422, "Invalid", `the server rejected our request due to an error in our request: invalid JSON pointer "${path}"`);
  return path.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parentOf(doc: unknown, parts: string[]): { parent: Obj | unknown[]; key: string } {
  let cur: unknown = doc;
  for (const p of parts.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined;
    if (cur === undefined) throw kubeError(422, "Invalid", `the server rejected our request due to an error in our request: path "/${parts.join("/")}" does not exist`);
  }
  if (!isObj(cur) && !Array.isArray(cur)) throw kubeError(422, "Invalid", `the server rejected our request due to an error in our request: path "/${parts.join("/")}" does not exist`);
  return { parent: cur, key: parts[parts.length - 1]! };
}

function read(doc: unknown, parts: string[]): unknown {
  let cur = doc;
  for (const p of parts) cur = Array.isArray(cur) ? cur[Number(p)] : isObj(cur) ? cur[p] : undefined;
  return cur;
}

export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw kubeError(400, "BadRequest", "json patch must be an array of operations");
  let out = structuredClone(doc);
  for (const raw of ops as Op[]) {
    const parts = pointer(raw.path);
    const remove = (p: string[]) => {
      const { parent, key } = parentOf(out, p);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (key in parent) delete parent[key];
      else throw kubeError(422, "Invalid", `the server rejected our request due to an error in our request: unable to remove nonexistent key: ${key}`);
    };
    const add = (p: string[], value: unknown) => {
      if (p.length === 0) {
        out = value;
        return;
      }
      const { parent, key } = parentOf(out, p);
      if (Array.isArray(parent)) parent.splice(key === "-" ? parent.length : Number(key), 0, structuredClone(value));
      else parent[key] = structuredClone(value);
    };
    switch (raw.op) {
      case "add":
        add(parts, raw.value);
        break;
      case "remove":
        remove(parts);
        break;
      case "replace": {
        const { parent, key } = parentOf(out, parts);
        if (Array.isArray(parent)) parent[Number(key)] = structuredClone(raw.value);
        else parent[key] = structuredClone(raw.value);
        break;
      }
      case "move": {
        const v = read(out, pointer(raw.from ?? ""));
        remove(pointer(raw.from ?? ""));
        add(parts, v);
        break;
      }
      case "copy":
        add(parts, read(out, pointer(raw.from ?? "")));
        break;
      case "test":
        if (JSON.stringify(read(out, parts)) !== JSON.stringify(raw.value)) {
          throw kubeError(422, "Invalid", `the server rejected our request due to an error in our request: testing value ${raw.path} failed`);
        }
        break;
      default:
        throw kubeError(400, "BadRequest", `unexpected json patch operation "${raw.op}"`);
    }
  }
  return out;
}
