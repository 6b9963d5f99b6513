/**
 * Seeds a simulator with a generated world. Seeding keeps the world's uids; if a store ever assigns its own,
 * references by uid (ownerReferences, EndpointSlice targetRefs, claimRefs, event involvedObjects, Job
 * controller-uid labels) are rewritten to the stored uids in a second pass.
 */
import type { Simulator } from "../simulator.ts";
import type { KubeObject } from "../types.ts";

const keyOf = (o: KubeObject) => `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ""}|${o.metadata.name}`;

export function loadWorld(sim: Simulator, objects: KubeObject[]): void {
  sim.seed(objects);
  const remap = new Map<string, string>();
  for (const o of objects) {
    const type = sim.store.typeOf(o);
    if (!type || !o.metadata.uid) continue;
    const stored = sim.store.tryGet(type, o.metadata.namespace, o.metadata.name!);
    if (stored?.metadata.uid && stored.metadata.uid !== o.metadata.uid) remap.set(o.metadata.uid, stored.metadata.uid);
  }
  if (remap.size === 0) return;
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  const fixed: KubeObject[] = [];
  const seen = new Set<string>();
  for (const o of objects) {
    const { uid: _uid, creationTimestamp: _ts, ...meta } = o.metadata;
    const text = JSON.stringify({ ...o, metadata: meta });
    let changed = false;
    const rewritten = text.replace(uuid, (u) => {
      const to = remap.get(u);
      if (to === undefined) return u;
      changed = true;
      return to;
    });
    if (!changed || seen.has(keyOf(o))) continue;
    seen.add(keyOf(o));
    fixed.push(JSON.parse(rewritten) as KubeObject);
  }
  sim.seed(fixed);
}
