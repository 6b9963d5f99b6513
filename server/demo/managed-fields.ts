/**
 * managedFields bookkeeping: which manager owns which field. Updates (create/PUT/PATCH) move ownership of
 * changed fields to their manager; apply merges a configuration, reports conflicts with other owners
 * (409 with details.causes[].field) unless forced, and removes fields the applier stopped declaring.
 */
import { displayPath, fromFieldsV1, leafPaths, readPath, removePath, setPath, toFieldsV1 } from "./field-paths.ts";
import { kubeError } from "./status.ts";
import type { KubeObject, ManagedFieldsEntry } from "./types.ts";

const nowIso = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface Owner {
  entry: ManagedFieldsEntry;
  paths: Set<string>;
}

function owners(obj: KubeObject | undefined): Owner[] {
  return (obj?.metadata.managedFields ?? []).map((entry) => ({ entry, paths: fromFieldsV1(entry.fieldsV1) }));
}

function store(obj: KubeObject, list: Owner[]): void {
  const entries = list.filter((o) => o.paths.size > 0).map((o) => ({ ...o.entry, fieldsV1: toFieldsV1([...o.paths].sort()) }));
  if (entries.length > 0) obj.metadata.managedFields = entries;
  else delete obj.metadata.managedFields;
}

function entryFor(list: Owner[], manager: string, operation: "Apply" | "Update", apiVersion: string, subresource?: string): Owner {
  let o = list.find((x) => x.entry.manager === manager && x.entry.operation === operation && (x.entry.subresource ?? "") === (subresource ?? ""));
  if (!o) {
    const entry: ManagedFieldsEntry = { manager, operation, apiVersion, time: nowIso(), fieldsType: "FieldsV1", fieldsV1: {} };
    if (subresource) entry.subresource = subresource;
    o = { entry, paths: new Set() };
    list.push(o);
  }
  o.entry = { ...o.entry, apiVersion, time: nowIso() };
  return o;
}

/** After a non-apply write: the manager now owns every field it changed; others lose those fields. */
export function recordUpdate(before: KubeObject | undefined, after: KubeObject, manager: string, apiVersion: string, withStatus: boolean, subresource?: string): void {
  const list = owners(before ?? after);
  const old = before ? leafPaths(before, withStatus) : new Map<string, unknown>();
  const now = leafPaths(after, withStatus);
  const changed = new Set<string>();
  for (const [p, v] of now) if (!old.has(p) || !same(old.get(p), v)) changed.add(p);
  const removed = [...old.keys()].filter((p) => !now.has(p));
  for (const o of list) {
    for (const p of changed) o.paths.delete(p);
    for (const p of removed) o.paths.delete(p);
  }
  if (changed.size > 0) {
    const mine = entryFor(list, manager, "Update", apiVersion, subresource);
    for (const p of changed) mine.paths.add(p);
  }
  store(after, list);
}

/**
 * Server-side apply of `config` by `manager` over `current` (undefined on create). Returns the merged object
 * with updated managedFields, or throws the apiserver's 409 listing the conflicting fields.
 */
export function applyConfig(current: KubeObject | undefined, config: KubeObject, manager: string, apiVersion: string, force: boolean, withStatus: boolean): KubeObject {
  const base: KubeObject = current ? structuredClone(current) : { apiVersion: config.apiVersion, kind: config.kind, metadata: { ...config.metadata } };
  const list = owners(current);
  const wanted = leafPaths(config, withStatus);
  const conflicts: Array<{ path: string; owner: ManagedFieldsEntry }> = [];
  for (const [p, v] of wanted) {
    if (p.endsWith('"."]')) continue;
    const here = readPath(base, JSON.parse(p) as string[]);
    if (here.found && same(here.value, v)) continue;
    for (const o of list) {
      if (o.entry.manager === manager && o.entry.operation === "Apply") continue;
      if (o.paths.has(p)) conflicts.push({ path: p, owner: o.entry });
    }
  }
  if (conflicts.length > 0 && !force) throw conflictStatus(conflicts);
  for (const c of conflicts) for (const o of list) if (o.entry === c.owner) o.paths.delete(c.path);

  const mine = entryFor(list, manager, "Apply", apiVersion);
  const previously = new Set(mine.paths);
  const merged = base;
  for (const [p, v] of wanted) setPath(merged, JSON.parse(p) as string[], v);
  // Fields this manager declared before but not now are removed, unless someone else also owns them.
  const ownedByOthers = (p: string) => list.some((o) => o !== mine && o.paths.has(p));
  for (const p of previously) if (!wanted.has(p) && !ownedByOthers(p)) removePath(merged, JSON.parse(p) as string[]);
  mine.paths = new Set(wanted.keys());
  // Shared ownership: other managers keep fields whose value the apply left unchanged.
  store(merged, list);
  return merged;
}

function conflictStatus(conflicts: Array<{ path: string; owner: ManagedFieldsEntry }>) {
  const describe = (e: ManagedFieldsEntry) => (e.operation === "Update" ? `conflict with "${e.manager}" using ${e.apiVersion}` : `conflict with "${e.manager}"`);
  const causes = conflicts.map((c) => ({ reason: "FieldManagerConflict", message: describe(c.owner), field: displayPath(c.path) }));
  const n = causes.length;
  const byOwner = new Map<string, string[]>();
  for (const c of causes) byOwner.set(c.message, [...(byOwner.get(c.message) ?? []), c.field]);
  const text = [...byOwner.entries()].map(([who, fields]) => (fields.length === 1 ? `${who}: ${fields[0]}` : `${who}:\n- ${fields.join("\n- ")}`)).join("\n");
  return kubeError(409, "Conflict", `Apply failed with ${n} conflict${n === 1 ? "" : "s"}: ${text}`, { causes });
}
