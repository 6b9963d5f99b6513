/**
 * Which kinds get live watch streams: SPEC §5's 22 kinds, grouped by the aliases operators use in
 * PERISCOPE_WATCH_STREAMS (core, workloads, networking, storage, cluster). Any built-in kind name works as a token.
 * Custom resources: the token `crds` streams every custom kind, a `group/version/plural` token streams one.
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

/** The token that turns on streams for every custom resource kind (`group/version/plural`). */
export const CUSTOM_RESOURCES_TOKEN = "crds";

const GVP = /^[a-z0-9-]+(\.[a-z0-9-]+)+\/v\d+((alpha|beta)\d+)?\/[a-z0-9][a-z0-9.-]*$/;

export interface WatchKindSelection {
  /** Kind ids that may be streamed: built-in plurals and `group/version/plural` custom kinds named one by one. */
  kinds: Set<string>;
  /** Every custom resource kind may be streamed (the `crds` token). */
  customResources: boolean;
  /** Tokens that named neither a kind nor an alias (reported at boot, otherwise ignored). */
  unknown: string[];
}

/** "" / all → every default kind; off / none → no streams (the UI polls); else a comma list of kinds, aliases, crds. */
export function selectWatchKinds(raw: string | undefined): WatchKindSelection {
  const text = (raw ?? "").trim().toLowerCase();
  if (text === "" || text === "all") return { kinds: new Set(DEFAULT_WATCH_KINDS), customResources: false, unknown: [] };
  if (text === "off" || text === "none") return { kinds: new Set(), customResources: false, unknown: [] };
  const kinds = new Set<string>();
  const unknown: string[] = [];
  let customResources = false;
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    if (token === "all") for (const k of DEFAULT_WATCH_KINDS) kinds.add(k);
    else if (token === CUSTOM_RESOURCES_TOKEN) customResources = true;
    else if (GVP.test(token)) kinds.add(token);
    else if (WATCH_ALIASES[token]) for (const k of WATCH_ALIASES[token]!) kinds.add(k);
    else {
      const kind = builtInKind(token);
      if (kind) kinds.add(kind.id);
      else unknown.push(token);
    }
  }
  return { kinds, customResources, unknown };
}
