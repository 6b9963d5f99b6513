/**
 * Which kinds get live watch streams: SPEC §5's 22 kinds, grouped by the aliases operators use in
 * PERISCOPE_WATCH_STREAMS (core, workloads, networking, storage, cluster). Any built-in kind name works as a token.
 */
import { builtInKind } from "../kinds/catalog.ts";

export const WATCH_ALIASES: Readonly<Record<string, readonly string[]>> = {
  core: ["pods", "events"],
  workloads: ["deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs", "horizontalpodautoscalers", "poddisruptionbudgets"],
  networking: ["services", "ingresses", "networkpolicies", "endpointslices", "ingressclasses"],
  storage: ["persistentvolumes", "persistentvolumeclaims", "storageclasses"],
  cluster: ["nodes", "namespaces", "priorityclasses", "runtimeclasses"],
};

/** The default set: every alias expanded (22 kinds). */
export const DEFAULT_WATCH_KINDS: readonly string[] = Object.values(WATCH_ALIASES).flat();

export interface WatchKindSelection {
  /** Kind ids (built-in plurals) that may be streamed. */
  kinds: Set<string>;
  /** Tokens that named neither a kind nor an alias (reported at boot, otherwise ignored). */
  unknown: string[];
}

/** "" / all → every default kind; off / none → no streams (the UI polls); else a comma list of kinds and aliases. */
export function selectWatchKinds(raw: string | undefined): WatchKindSelection {
  const text = (raw ?? "").trim().toLowerCase();
  if (text === "" || text === "all") return { kinds: new Set(DEFAULT_WATCH_KINDS), unknown: [] };
  if (text === "off" || text === "none") return { kinds: new Set(), unknown: [] };
  const kinds = new Set<string>();
  const unknown: string[] = [];
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    if (token === "all") for (const k of DEFAULT_WATCH_KINDS) kinds.add(k);
    else if (WATCH_ALIASES[token]) for (const k of WATCH_ALIASES[token]!) kinds.add(k);
    else {
      const kind = builtInKind(token);
      if (kind) kinds.add(kind.id);
      else unknown.push(token);
    }
  }
  return { kinds, unknown };
}
