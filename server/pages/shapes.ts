/**
 * Narrowing of the API's JSON for the pages. The API is ours, but pages must not crash on a field another
 * release renamed: anything unexpected degrades to "unknown" and the page still renders.
 */
export interface ClusterSummary {
  name: string;
  environment: string;
  backend: string;
}

export type ClusterStatus = "healthy" | "degraded" | "unreachable" | "denied" | "unknown";

export interface FleetCard {
  name: string;
  environment: string;
  status: ClusterStatus;
  nodes: { ready: number; total: number } | undefined;
  pods: { total: number; byPhase: Array<[string, number]> } | undefined;
  signals: Array<{ reason: string; count: number }>;
  error: string | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** A list either bare or wrapped as `{ [key]: [...] }` (or `items`). */
export function listOf(data: unknown, key: string): unknown[] {
  if (Array.isArray(data)) return data;
  if (isObj(data)) {
    const inner = data[key] ?? data.items;
    if (Array.isArray(inner)) return inner;
  }
  return [];
}

export function narrowClusters(data: unknown): ClusterSummary[] {
  return listOf(data, "clusters")
    .filter(isObj)
    .filter((c) => typeof c.name === "string")
    .map((c) => ({ name: c.name as string, environment: str(c.environment, "default") || "default", backend: str(c.backend) }));
}

const STATUSES = new Set<ClusterStatus>(["healthy", "degraded", "unreachable", "denied", "unknown"]);

export function narrowFleet(data: unknown): FleetCard[] {
  return listOf(data, "clusters")
    .filter(isObj)
    .filter((c) => typeof c.name === "string")
    .map((c) => {
      const status = str(c.status, "unknown") as ClusterStatus;
      return {
        name: c.name as string,
        environment: str(c.environment, "default") || "default",
        status: STATUSES.has(status) ? status : "unknown",
        nodes: narrowNodes(c.nodes),
        pods: narrowPods(c.pods),
        signals: narrowSignals(c.hotSignals ?? c.signals),
        error: narrowError(c.error) ?? (c.status !== "healthy" ? narrowError(c.message) : undefined),
      };
    });
}

function narrowNodes(v: unknown): FleetCard["nodes"] {
  if (!isObj(v)) return undefined;
  const ready = num(v.ready);
  const total = num(v.total);
  return ready === undefined || total === undefined ? undefined : { ready, total };
}

function narrowPods(v: unknown): FleetCard["pods"] {
  if (!isObj(v)) return undefined;
  const phases = isObj(v.byPhase) ? v.byPhase : isObj(v.phases) ? v.phases : v;
  const byPhase: Array<[string, number]> = [];
  for (const [phase, count] of Object.entries(phases)) {
    const n = num(count);
    if (n !== undefined && phase !== "total") byPhase.push([phase, n]);
  }
  const total = num(v.total) ?? byPhase.reduce((sum, [, n]) => sum + n, 0);
  return { total, byPhase };
}

function narrowSignals(v: unknown): FleetCard["signals"] {
  if (Array.isArray(v)) {
    return v.flatMap((s) => {
      if (typeof s === "string") return [{ reason: s, count: 1 }];
      if (isObj(s) && typeof s.reason === "string") return [{ reason: s.reason, count: num(s.count) ?? 1 }];
      return [];
    });
  }
  if (isObj(v)) return Object.entries(v).flatMap(([reason, count]) => (num(count) ? [{ reason, count: num(count)! }] : []));
  return [];
}

function narrowError(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (isObj(v) && typeof v.message === "string") return v.message;
  return undefined;
}

export interface KindEntry {
  /** What goes in the URL: a registry plural, or group/version/plural for custom resources. */
  id: string;
  kind: string;
  label: string;
  group: string;
  namespaced: boolean;
  category: string;
}

/** The built-in kinds by menu section; used until (or when) /api/clusters/{c}/kinds is unavailable. */
export const BUILT_IN_NAV: Array<[string, Array<[string, string, boolean]>]> = [
  ["Workloads", [["pods", "Pods", true], ["deployments", "Deployments", true], ["statefulsets", "StatefulSets", true], ["daemonsets", "DaemonSets", true], ["replicasets", "ReplicaSets", true], ["jobs", "Jobs", true], ["cronjobs", "CronJobs", true], ["horizontalpodautoscalers", "HPAs", true], ["poddisruptionbudgets", "PDBs", true]]],
  ["Network", [["services", "Services", true], ["ingresses", "Ingresses", true], ["networkpolicies", "NetworkPolicies", true], ["endpointslices", "EndpointSlices", true], ["ingressclasses", "IngressClasses", false]]],
  ["Config", [["configmaps", "ConfigMaps", true], ["secrets", "Secrets", true], ["serviceaccounts", "ServiceAccounts", true], ["resourcequotas", "ResourceQuotas", true], ["limitranges", "LimitRanges", true]]],
  ["Storage", [["persistentvolumeclaims", "PVCs", true], ["persistentvolumes", "PVs", false], ["storageclasses", "StorageClasses", false]]],
  ["Access", [["roles", "Roles", true], ["rolebindings", "RoleBindings", true], ["clusterroles", "ClusterRoles", false], ["clusterrolebindings", "ClusterRoleBindings", false]]],
  ["Cluster", [["nodes", "Nodes", false], ["namespaces", "Namespaces", false], ["events", "Events", true], ["priorityclasses", "PriorityClasses", false], ["runtimeclasses", "RuntimeClasses", false], ["customresourcedefinitions", "CRDs", false]]],
];

export function builtInKinds(): KindEntry[] {
  return BUILT_IN_NAV.flatMap(([category, kinds]) =>
    kinds.map(([id, label, namespaced]) => ({ id, kind: label, label, group: "", namespaced, category })),
  );
}

const SECTION_LABELS: Record<string, string> = {
  workloads: "Workloads", network: "Network", config: "Config", access: "Access", storage: "Storage",
  cluster: "Cluster", events: "Cluster", custom: "Custom resources",
};

/** Kinds from the API (registry + discovered CRDs), in the API's order and sections; built-ins when unavailable. */
export function narrowKinds(data: unknown): KindEntry[] {
  const known = new Map(builtInKinds().map((k) => [k.id, k]));
  const out: KindEntry[] = [];
  for (const k of listOf(data, "kinds").filter(isObj)) {
    const plural = str(k.plural) || str(k.id);
    if (!plural) continue;
    const group = str(k.group);
    const version = str(k.version);
    const id = str(k.id) || (group && version && !known.has(plural) ? `${group}/${version}/${plural}` : plural);
    const builtIn = known.get(id);
    const section = str(k.section);
    const category = SECTION_LABELS[section] ?? (section ? section[0]!.toUpperCase() + section.slice(1) : builtIn?.category ?? "Custom resources");
    out.push({
      id,
      kind: str(k.kind, plural),
      label: builtIn?.label ?? (k.builtIn === true ? plural : str(k.kind, plural)),
      group,
      namespaced: typeof k.namespaced === "boolean" ? k.namespaced : builtIn?.namespaced ?? true,
      category,
    });
  }
  return out.length > 0 ? out : builtInKinds();
}

/**
 * The kinds with a live watch stream, from GET /api/features; undefined when the route is missing or says
 * nothing recognisable (the list then polls instead of opening a stream that would fail).
 */
export function liveKinds(data: unknown): Set<string> | undefined {
  if (!isObj(data)) return undefined;
  const candidates: unknown[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (!/watch|stream|live/i.test(key)) continue;
    candidates.push(value);
    if (isObj(value)) candidates.push(value.kinds, value.enabled, value.streams);
  }
  for (const c of candidates) {
    if (Array.isArray(c) && c.every((k) => typeof k === "string")) return new Set(c as string[]);
  }
  return undefined;
}

/** Whether `kindId` has a live stream: listed by id, or a custom `group/version/plural` while `customResources` is on. */
export function isLiveKind(data: unknown, kindId: string): boolean {
  if (liveKinds(data)?.has(kindId)) return true;
  const streams = isObj(data) ? data.watchStreams : undefined;
  return kindId.split("/").length === 3 && isObj(streams) && streams.customResources === true;
}
