/**
 * The typed in-memory object store: one map per resource type, a global resourceVersion counter,
 * uid/generation/creationTimestamp bookkeeping, owner-reference cascade on delete, and CRD registration.
 * Every write is published to the WatchHub.
 */
import { alreadyExists, conflictError, invalid, notFoundError } from "./status.ts";
import { crdToType, establishedStatus, validateCrd } from "./crd.ts";
import { TypeRegistry } from "./registry.ts";
import type { KubeObject, ResourceType } from "./types.ts";
import { apiVersionOf, resourceKey } from "./types.ts";
import { WatchHub } from "./watch-hub.ts";
import type { WatchEventType } from "./watch-hub.ts";

export interface WriteOptions {
  dryRun?: boolean;
  /** Seeding only: keep a provided uid/creationTimestamp/generation (a demo world has history). */
  keepIdentity?: boolean;
}

export type Propagation = "Background" | "Foreground" | "Orphan";

const nowIso = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
const clone = <T>(v: T): T => structuredClone(v);
const objKey = (ns: string | undefined, name: string) => `${ns ?? ""}/${name}`;

function randomSuffix(n = 5): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let s = "";
  for (const b of crypto.getRandomValues(new Uint8Array(n))) s += alphabet[b % alphabet.length];
  return s;
}

/** The parts of an object whose change bumps metadata.generation. */
function specOf(obj: KubeObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return JSON.stringify(rest);
}

export class Store {
  readonly types = new TypeRegistry();
  readonly hub = new WatchHub();
  #rv = 1000;
  readonly #data = new Map<string, Map<string, KubeObject>>();

  get resourceVersion(): number {
    return this.#rv;
  }

  /** Compaction as etcd does it: history up to now is gone, so every earlier resourceVersion is stale. */
  compact(): void {
    this.hub.compact(++this.#rv);
  }

  #bucket(type: ResourceType): Map<string, KubeObject> {
    const key = resourceKey(type.group, type.plural);
    let b = this.#data.get(key);
    if (!b) this.#data.set(key, (b = new Map()));
    return b;
  }

  #publish(type: ResourceType, kind: WatchEventType, obj: KubeObject): void {
    this.hub.publish({ type: kind, rv: Number(obj.metadata.resourceVersion), key: resourceKey(type.group, type.plural), object: clone(obj) });
  }

  /** Look up a type for an object by its apiVersion/kind (for seeding and owner references). */
  typeOf(obj: { apiVersion: string; kind: string }): ResourceType | undefined {
    return this.types.byKind(obj.apiVersion, obj.kind);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.#bucket(type).get(objKey(type.namespaced ? namespace : undefined, name));
    if (!found) throw notFoundError(type.group, type.plural, name);
    return clone(found);
  }

  tryGet(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.#bucket(type).get(objKey(type.namespaced ? namespace : undefined, name));
    return found ? clone(found) : undefined;
  }

  /** Objects of a type, optionally in one namespace, sorted by namespace then name (as etcd keys sort). */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const obj of this.#bucket(type).values()) {
      if (!namespace || !type.namespaced || obj.metadata.namespace === namespace) out.push(obj);
    }
    out.sort((a, b) => objKey(a.metadata.namespace, a.metadata.name!).localeCompare(objKey(b.metadata.namespace, b.metadata.name!)));
    return out.map(clone);
  }

  create(type: ResourceType, input: KubeObject, options: WriteOptions = {}): KubeObject {
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(type.group, type.versions[0]!);
    obj.kind = type.kind;
    const meta = (obj.metadata ??= {});
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    if (!meta.name) throw invalid(type.kind, type.group, "", [{ field: "metadata.name", message: "Required value: name or generateName is required" }]);
    if (type.namespaced) {
      if (!meta.namespace) throw invalid(type.kind, type.group, meta.name, [{ field: "metadata.namespace", message: "Required value" }]);
      const nsType = this.types.find("", "namespaces")!;
      if (!this.#bucket(nsType).has(objKey(undefined, meta.namespace))) throw notFoundError("", "namespaces", meta.namespace);
    } else delete meta.namespace;
    if (type.kind === "CustomResourceDefinition" && type.group === "apiextensions.k8s.io") {
      const problems = validateCrd(obj);
      if (problems.length > 0) throw invalid(type.kind, type.group, meta.name, problems);
      obj.status = establishedStatus(obj);
    }
    const bucket = this.#bucket(type);
    const key = objKey(meta.namespace, meta.name);
    if (bucket.has(key)) throw alreadyExists(type.group, type.plural, meta.name);
    const keep = options.keepIdentity === true;
    meta.uid = keep && meta.uid ? meta.uid : crypto.randomUUID();
    meta.creationTimestamp = keep && meta.creationTimestamp ? meta.creationTimestamp : nowIso();
    if (tracksGeneration(obj)) meta.generation = keep && meta.generation ? meta.generation : 1;
    else delete meta.generation;
    if (type.kind === "Namespace" && !type.group) obj.status = { phase: "Active", ...(obj.status as object | undefined) };
    if (options.dryRun) {
      meta.resourceVersion = String(this.#rv);
      return obj;
    }
    meta.resourceVersion = String(++this.#rv);
    bucket.set(key, obj);
    this.#afterWrite(type, obj, "ADDED");
    return clone(obj);
  }

  /**
   * Replace an object. A non-empty metadata.resourceVersion must match the stored one (optimistic concurrency).
   * Identity fields (uid, creationTimestamp) are kept; generation moves when anything outside metadata/status changed.
   */
  update(type: ResourceType, input: KubeObject, options: WriteOptions = {}): KubeObject {
    const name = input.metadata?.name ?? "";
    const ns = type.namespaced ? input.metadata?.namespace : undefined;
    const bucket = this.#bucket(type);
    const current = bucket.get(objKey(ns, name));
    if (!current) throw notFoundError(type.group, type.plural, name);
    const wanted = input.metadata.resourceVersion;
    if (wanted && wanted !== current.metadata.resourceVersion) {
      throw conflictError(type.group, type.plural, name, "the object has been modified; please apply your changes to the latest version and try again");
    }
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(type.group, type.versions[0]!);
    obj.kind = type.kind;
    const keep = options.keepIdentity === true;
    obj.metadata.uid = keep && input.metadata.uid ? input.metadata.uid : current.metadata.uid!;
    obj.metadata.creationTimestamp = keep && input.metadata.creationTimestamp ? input.metadata.creationTimestamp : current.metadata.creationTimestamp!;
    if (type.namespaced) obj.metadata.namespace = current.metadata.namespace!;
    else delete obj.metadata.namespace;
    const gen = current.metadata.generation ?? 1;
    if (tracksGeneration(obj)) obj.metadata.generation = specOf(obj) === specOf(current) ? gen : gen + 1;
    else delete obj.metadata.generation;
    if (type.kind === "CustomResourceDefinition" && type.group === "apiextensions.k8s.io") {
      const problems = validateCrd(obj);
      if (problems.length > 0) throw invalid(type.kind, type.group, name, problems);
      obj.status = establishedStatus(obj);
    }
    if (JSON.stringify(stripRv(obj)) === JSON.stringify(stripRv(current))) {
      return clone(current); // no-op writes keep the resourceVersion, as the apiserver does
    }
    if (options.dryRun) {
      obj.metadata.resourceVersion = current.metadata.resourceVersion!;
      return obj;
    }
    if (current.metadata.deletionTimestamp) {
      obj.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
      obj.metadata.deletionGracePeriodSeconds = current.metadata.deletionGracePeriodSeconds ?? 0;
      if ((obj.metadata.finalizers ?? []).length === 0) {
        // The last finalizer is gone: the deletion completes now.
        bucket.set(objKey(ns, name), obj);
        return this.delete(type, ns, name);
      }
    }
    obj.metadata.resourceVersion = String(++this.#rv);
    bucket.set(objKey(ns, name), obj);
    this.#afterWrite(type, obj, "MODIFIED");
    return clone(obj);
  }

  /** Delete an object; dependents (ownerReferences by uid) are deleted too unless propagation is Orphan. */
  delete(type: ResourceType, namespace: string | undefined, name: string, options: WriteOptions & { propagation?: Propagation; expectedUid?: string } = {}): KubeObject {
    const ns = type.namespaced ? namespace : undefined;
    const bucket = this.#bucket(type);
    const current = bucket.get(objKey(ns, name));
    if (!current) throw notFoundError(type.group, type.plural, name);
    if (options.expectedUid && options.expectedUid !== current.metadata.uid) {
      throw conflictError(type.group, type.plural, name, `Precondition failed: UID in precondition: ${options.expectedUid}, UID in object meta: ${current.metadata.uid}`);
    }
    if (options.dryRun) return clone(current);
    if ((current.metadata.finalizers ?? []).length > 0) {
      // Finalizers hold the object: it is only marked for deletion (Terminating) until they are removed.
      if (current.metadata.deletionTimestamp) return clone(current);
      const marked = clone(current);
      marked.metadata.deletionTimestamp = nowIso();
      marked.metadata.deletionGracePeriodSeconds = 0;
      marked.metadata.resourceVersion = String(++this.#rv);
      bucket.set(objKey(ns, name), marked);
      this.#publish(type, "MODIFIED", marked);
      return clone(marked);
    }
    bucket.delete(objKey(ns, name));
    const gone = clone(current);
    gone.metadata.resourceVersion = String(++this.#rv);
    this.#publish(type, "DELETED", gone);
    this.#afterDelete(type, gone, options.propagation ?? "Background");
    return gone;
  }

  /** Put objects in place regardless of order: namespaces and CRDs first; existing objects are replaced. */
  seed(objects: KubeObject[]): void {
    const rank = (o: KubeObject) => (o.kind === "Namespace" ? 0 : o.kind === "CustomResourceDefinition" ? 1 : 2);
    for (const o of [...objects].sort((a, b) => rank(a) - rank(b))) {
      const type = this.typeOf(o);
      if (!type) throw new Error(`seed: no served type for ${o.apiVersion} ${o.kind}`);
      const existing = this.tryGet(type, o.metadata.namespace, o.metadata.name ?? "");
      if (existing) this.update(type, { ...o, metadata: { ...o.metadata, resourceVersion: "" } }, { keepIdentity: true });
      else this.create(type, o, { keepIdentity: true });
    }
  }

  #afterWrite(type: ResourceType, obj: KubeObject, kind: WatchEventType): void {
    this.#publish(type, kind, obj);
    if (type.kind === "CustomResourceDefinition" && type.group === "apiextensions.k8s.io") {
      const crdType = crdToType(obj);
      if (crdType) this.types.add(crdType);
    }
  }

  #afterDelete(type: ResourceType, gone: KubeObject, propagation: Propagation): void {
    if (type.kind === "CustomResourceDefinition" && type.group === "apiextensions.k8s.io") {
      const crdType = crdToType(gone);
      if (crdType) {
        for (const o of this.list(crdType)) this.delete(crdType, o.metadata.namespace, o.metadata.name!);
        this.types.remove(crdType.group, crdType.plural);
      }
    }
    if (type.kind === "Namespace" && !type.group) {
      for (const t of this.types.all()) {
        if (!t.namespaced || t.virtual) continue;
        for (const o of this.list(t, gone.metadata.name)) this.delete(t, o.metadata.namespace, o.metadata.name!, { propagation: "Orphan" });
      }
    }
    const uid = gone.metadata.uid;
    for (const t of this.types.all()) {
      if (t.virtual) continue;
      for (const o of this.#bucket(t).values()) {
        const refs = o.metadata.ownerReferences ?? [];
        if (!refs.some((r) => r.uid === uid)) continue;
        if (propagation === "Orphan") {
          const next = clone(o);
          next.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
          if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
          this.update(t, { ...next, metadata: { ...next.metadata, resourceVersion: "" } });
        } else if (this.tryGet(t, o.metadata.namespace, o.metadata.name!)) {
          this.delete(t, o.metadata.namespace, o.metadata.name!, { propagation });
        }
      }
    }
  }
}

/** Only objects with a desired state (a spec) carry metadata.generation; ConfigMaps, Secrets, RBAC do not. */
function tracksGeneration(obj: KubeObject): boolean {
  return obj.spec !== undefined && !(obj.kind === "Namespace" && obj.apiVersion === "v1");
}

function stripRv(obj: KubeObject): KubeObject {
  const { resourceVersion: _rv, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}
