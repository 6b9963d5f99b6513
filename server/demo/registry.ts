/** Which resource types are servable right now: the built-ins plus one entry per established CRD. */
import { BUILT_IN_TYPES, GROUP_ORDER } from "./kinds.ts";
import type { ResourceType } from "./types.ts";
import { resourceKey } from "./types.ts";

export class TypeRegistry {
  readonly #types = new Map<string, ResourceType>();
  /** Extra API groups served by hooks (e.g. metrics.k8s.io): discovery only; requests go to the hook. */
  readonly external = new Map<string, { group: string; version: string; resources: ResourceType[] }>();

  constructor() {
    for (const t of BUILT_IN_TYPES) this.#types.set(resourceKey(t.group, t.plural), t);
  }

  add(type: ResourceType): void {
    this.#types.set(resourceKey(type.group, type.plural), type);
  }

  remove(group: string, plural: string): void {
    this.#types.delete(resourceKey(group, plural));
  }

  find(group: string, plural: string): ResourceType | undefined {
    return this.#types.get(resourceKey(group, plural));
  }

  /** The type serving `plural` in group/version, when that version is served. */
  resolve(group: string, version: string, plural: string): ResourceType | undefined {
    const t = this.find(group, plural);
    return t && t.versions.includes(version) ? t : undefined;
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") as [string, string] : ["", apiVersion];
    for (const t of this.#types.values()) if (t.group === group && t.kind === kind && t.versions.includes(version)) return t;
    return undefined;
  }

  all(): ResourceType[] {
    return [...this.#types.values()];
  }

  /** Groups in apiserver order (core, then built-in groups, then CRD groups alphabetically). */
  groups(): Array<{ group: string; versions: string[] }> {
    const versions = new Map<string, Set<string>>();
    for (const t of this.#types.values()) {
      const set = versions.get(t.group) ?? new Set<string>();
      for (const v of t.versions) set.add(v);
      versions.set(t.group, set);
    }
    for (const e of this.external.values()) {
      const set = versions.get(e.group) ?? new Set<string>();
      set.add(e.version);
      versions.set(e.group, set);
    }
    const rank = (g: string) => {
      const i = GROUP_ORDER.indexOf(g);
      return i === -1 ? GROUP_ORDER.length : i;
    };
    return [...versions.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([group, set]) => ({ group, versions: sortVersions([...set]) }));
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    const ext = this.external.get(`${group}/${version}`);
    if (ext) return ext.resources;
    return [...this.#types.values()].filter((t) => t.group === group && t.versions.includes(version));
  }
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first. */
export function sortVersions(versions: string[]): string[] {
  const score = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    const stage = m[2] === undefined ? 3 : m[2] === "beta" ? 2 : 1;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  return versions.sort((a, b) => {
    const [x, y] = [score(a), score(b)];
    return y[0]! - x[0]! || y[1]! - x[1]! || y[2]! - x[2]!;
  });
}
