/** One resource kind as data: where it lives in the API and how the UI groups it. */
export type KindSection = "workloads" | "network" | "storage" | "config" | "access" | "cluster" | "events" | "custom";

export interface Kind {
  /** The id used in URLs: the plural for built-ins, `group/version/plural` for custom resources. */
  id: string;
  plural: string;
  kind: string;
  /** "" for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  shortNames: string[];
  section: KindSection;
  /** In the default set of live (watch) lists. */
  live: boolean;
  builtIn: boolean;
}

/** The apiserver path of a collection or an object of `kind`. */
export function kindPath(kind: Kind, namespace?: string, name?: string): string {
  const base = kind.group === "" ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  const ns = kind.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  const obj = name === undefined ? "" : `/${encodeURIComponent(name)}`;
  return `${base}${ns}/${kind.plural}${obj}`;
}

export function apiVersionOf(kind: Kind): string {
  return kind.group === "" ? kind.version : `${kind.group}/${kind.version}`;
}
