/**
 * kubectl's column sets for the built-in kinds (what the apiserver's table convertors print).
 * Priority 0 columns show by default; priority 1 only with `-o wide`.
 */
import { age } from "./age.ts";
import { podStatus, podReady, podRestarts } from "./pod-status.ts";
import type { KubeObject } from "./types.ts";

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface ColumnSet {
  columns: ColumnDefinition[];
  cells(obj: KubeObject): unknown[];
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const col = (name: string, type = "string", priority = 0, format = ""): ColumnDefinition => ({ name, type, format, description: `${name} column`, priority });
const NAME = { ...col("Name", "string", 0, "name"), description: "Name must be unique within a namespace." };
const AGE = { ...col("Age"), description: "CreationTimestamp is a timestamp representing the server time when this object was created." };
const name = (o: KubeObject) => o.metadata.name ?? "";
const created = (o: KubeObject) => age(o.metadata.creationTimestamp);
const spec = (o: KubeObject): Any => (o.spec ?? {}) as Any;
const status = (o: KubeObject): Any => (o.status ?? {}) as Any;
const none = (v: unknown) => (v === undefined || v === null || v === "" ? "<none>" : v);
const containers = (tpl: Any | undefined): Any[] => (tpl?.spec?.containers ?? []) as Any[];
const names = (cs: Any[]) => none(cs.map((c) => c.name).join(","));
const images = (cs: Any[]) => none(cs.map((c) => c.image).join(","));
const selectorText = (sel: Any | undefined) => {
  if (!sel) return "<none>";
  const parts = Object.entries((sel.matchLabels ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`);
  for (const e of (sel.matchExpressions ?? []) as Any[]) parts.push(`${e.key} ${String(e.operator).toLowerCase()} (${(e.values ?? []).join(",")})`);
  return parts.length ? parts.join(",") : "<none>";
};
const mapText = (m: Record<string, string> | undefined) => none(Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`).join(","));
const count = (o: unknown) => (o && typeof o === "object" ? Object.keys(o).length : 0);
const subjectsOf = (o: KubeObject, kind: string) =>
  none(((o.subjects ?? []) as Any[]).filter((s) => s.kind === kind).map((s) => (kind === "ServiceAccount" ? `${s.namespace ?? ""}/${s.name}` : s.name)).join(", "));
const ports = (ps: Any[] | undefined) => none((ps ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol ?? "TCP"}`).join(","));

const wl = (o: KubeObject) => [names(containers(spec(o).template)), images(containers(spec(o).template)), selectorText(spec(o).selector)];
const WL_WIDE = [col("Containers", "string", 1), col("Images", "string", 1), col("Selector", "string", 1)];

function jobStatus(o: KubeObject): string {
  const conds = (status(o).conditions ?? []) as Any[];
  const on = (t: string) => conds.some((c) => c.type === t && c.status === "True");
  if (on("Complete")) return "Complete";
  if (on("Failed")) return "Failed";
  if (o.metadata.deletionTimestamp) return "Terminating";
  if (on("Suspended")) return "Suspended";
  return "Running";
}

function nodeStatus(o: KubeObject): string {
  const ready = ((status(o).conditions ?? []) as Any[]).find((c) => c.type === "Ready");
  const s = [ready?.status === "True" ? "Ready" : ready?.status === "False" ? "NotReady" : "Unknown"];
  if (spec(o).unschedulable) s.push("SchedulingDisabled");
  return s.join(",");
}

const nodeRoles = (o: KubeObject) =>
  none(Object.keys(o.metadata.labels ?? {}).filter((k) => k.startsWith("node-role.kubernetes.io/")).map((k) => k.slice("node-role.kubernetes.io/".length)).join(","));
const nodeAddress = (o: KubeObject, type: string) => none(((status(o).addresses ?? []) as Any[]).find((a) => a.type === type)?.address);

export const COLUMN_SETS: Record<string, ColumnSet> = {
  pods: {
    columns: [NAME, col("Ready"), col("Status"), col("Restarts"), AGE, col("IP", "string", 1), col("Node", "string", 1), col("Nominated Node", "string", 1), col("Readiness Gates", "string", 1)],
    cells: (o) => [name(o), podReady(o), podStatus(o), podRestarts(o), created(o), none(status(o).podIP), none(spec(o).nodeName), none(status(o).nominatedNodeName), "<none>"],
  },
  services: {
    columns: [NAME, col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"), AGE, col("Selector", "string", 1)],
    cells: (o) => {
      const lb = ((status(o).loadBalancer?.ingress ?? []) as Any[]).map((i) => i.ip ?? i.hostname);
      const ext = lb.length ? lb.join(",") : spec(o).externalIPs?.length ? spec(o).externalIPs.join(",") : spec(o).type === "LoadBalancer" ? "<pending>" : "<none>";
      return [name(o), spec(o).type ?? "ClusterIP", spec(o).clusterIP ?? "<none>", ext, ports(spec(o).ports), created(o), mapText(spec(o).selector)];
    },
  },
  endpoints: {
    columns: [NAME, col("Endpoints"), AGE],
    cells: (o) => [name(o), none(((o.subsets ?? []) as Any[]).flatMap((s) => ((s.addresses ?? []) as Any[]).flatMap((a) => ((s.ports ?? [{}]) as Any[]).map((p) => `${a.ip}${p.port ? `:${p.port}` : ""}`))).join(",")), created(o)],
  },
  configmaps: { columns: [NAME, col("Data", "integer"), AGE], cells: (o) => [name(o), count(o.data) + count(o.binaryData), created(o)] },
  secrets: { columns: [NAME, col("Type"), col("Data", "integer"), AGE], cells: (o) => [name(o), o.type ?? "Opaque", count(o.data), created(o)] },
  serviceaccounts: { columns: [NAME, col("Secrets", "integer"), AGE], cells: (o) => [name(o), ((o.secrets ?? []) as unknown[]).length, created(o)] },
  resourcequotas: {
    columns: [NAME, AGE, col("Request"), col("Limit")],
    cells: (o) => {
      const hard = (status(o).hard ?? spec(o).hard ?? {}) as Record<string, string>;
      const used = (status(o).used ?? {}) as Record<string, string>;
      const fmt = (keys: string[]) => keys.map((k) => `${k}: ${used[k] ?? "0"}/${hard[k]}`).join(", ");
      const keys = Object.keys(hard);
      return [name(o), created(o), fmt(keys.filter((k) => !k.startsWith("limits."))), fmt(keys.filter((k) => k.startsWith("limits.")))];
    },
  },
  limitranges: { columns: [NAME, col("Created At", "date")], cells: (o) => [name(o), o.metadata.creationTimestamp ?? ""] },
  persistentvolumeclaims: {
    columns: [NAME, col("Status"), col("Volume"), col("Capacity"), col("Access Modes"), col("StorageClass"), col("VolumeAttributesClass"), AGE, col("VolumeMode", "string", 1)],
    cells: (o) => [name(o), status(o).phase ?? "Pending", spec(o).volumeName ?? "", status(o).capacity?.storage ?? "", accessModes(status(o).accessModes), spec(o).storageClassName ?? "", "<unset>", created(o), spec(o).volumeMode ?? "Filesystem"],
  },
  persistentvolumes: {
    columns: [NAME, col("Capacity"), col("Access Modes"), col("Reclaim Policy"), col("Status"), col("Claim"), col("StorageClass"), col("VolumeAttributesClass"), col("Reason"), AGE, col("VolumeMode", "string", 1)],
    cells: (o) => {
      const ref = spec(o).claimRef;
      return [name(o), spec(o).capacity?.storage ?? "", accessModes(spec(o).accessModes), spec(o).persistentVolumeReclaimPolicy ?? "Retain", status(o).phase ?? "Pending", ref ? `${ref.namespace}/${ref.name}` : "", spec(o).storageClassName ?? "", "<unset>", status(o).reason ?? "", created(o), spec(o).volumeMode ?? "Filesystem"];
    },
  },
  nodes: {
    columns: [NAME, col("Status"), col("Roles"), AGE, col("Version"), col("Internal-IP", "string", 1), col("External-IP", "string", 1), col("OS-Image", "string", 1), col("Kernel-Version", "string", 1), col("Container-Runtime", "string", 1)],
    cells: (o) => {
      const info = (status(o).nodeInfo ?? {}) as Any;
      return [name(o), nodeStatus(o), nodeRoles(o), created(o), info.kubeletVersion ?? "", nodeAddress(o, "InternalIP"), nodeAddress(o, "ExternalIP"), info.osImage ?? "", info.kernelVersion ?? "", info.containerRuntimeVersion ?? ""];
    },
  },
  namespaces: { columns: [NAME, col("Status"), AGE], cells: (o) => [name(o), status(o).phase ?? "Active", created(o)] },
  events: {
    columns: [col("Last Seen"), col("Type"), col("Reason"), col("Object"), col("Message"), col("Subobject", "string", 1), col("Source", "string", 1), col("First Seen", "string", 1), col("Count", "string", 1), col("Name", "string", 1)],
    cells: (o) => {
      const e = o as Any;
      const inv = (e.involvedObject ?? {}) as Any;
      const last = e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
      return [age(last), e.type ?? "", e.reason ?? "", `${String(inv.kind ?? "").toLowerCase()}/${inv.name ?? ""}`, e.message ?? "", inv.fieldPath ?? "", e.source?.component ?? e.reportingComponent ?? "", age(e.firstTimestamp ?? last), String(e.count ?? 1), name(o)];
    },
  },
  "deployments.apps": {
    columns: [NAME, col("Ready"), col("Up-to-date", "integer"), col("Available", "integer"), AGE, ...WL_WIDE],
    cells: (o) => [name(o), `${status(o).readyReplicas ?? 0}/${spec(o).replicas ?? 1}`, status(o).updatedReplicas ?? 0, status(o).availableReplicas ?? 0, created(o), ...wl(o)],
  },
  "statefulsets.apps": {
    columns: [NAME, col("Ready"), AGE, col("Containers", "string", 1), col("Images", "string", 1)],
    cells: (o) => [name(o), `${status(o).readyReplicas ?? 0}/${spec(o).replicas ?? 1}`, created(o), ...wl(o).slice(0, 2)],
  },
  "daemonsets.apps": {
    columns: [NAME, col("Desired", "integer"), col("Current", "integer"), col("Ready", "integer"), col("Up-to-date", "integer"), col("Available", "integer"), col("Node Selector"), AGE, ...WL_WIDE],
    cells: (o) => {
      const s = status(o);
      return [name(o), s.desiredNumberScheduled ?? 0, s.currentNumberScheduled ?? 0, s.numberReady ?? 0, s.updatedNumberScheduled ?? 0, s.numberAvailable ?? 0, mapText(spec(o).template?.spec?.nodeSelector), created(o), ...wl(o)];
    },
  },
  "replicasets.apps": {
    columns: [NAME, col("Desired", "integer"), col("Current", "integer"), col("Ready", "integer"), AGE, ...WL_WIDE],
    cells: (o) => [name(o), spec(o).replicas ?? 1, status(o).replicas ?? 0, status(o).readyReplicas ?? 0, created(o), ...wl(o)],
  },
  "jobs.batch": {
    columns: [NAME, col("Status"), col("Completions"), col("Duration"), AGE, ...WL_WIDE],
    cells: (o) => {
      const s = status(o);
      const start = s.startTime ? Date.parse(s.startTime) : undefined;
      const end = s.completionTime ? Date.parse(s.completionTime) : Date.now();
      const duration = start === undefined ? "" : age(new Date(start).toISOString(), end);
      return [name(o), jobStatus(o), `${s.succeeded ?? 0}/${spec(o).completions ?? 1}`, duration, created(o), ...wl(o)];
    },
  },
  "cronjobs.batch": {
    columns: [NAME, col("Schedule"), col("Timezone"), col("Suspend", "boolean"), col("Active", "integer"), col("Last Schedule"), AGE, ...WL_WIDE],
    cells: (o) => {
      const tpl = spec(o).jobTemplate?.spec as Any | undefined;
      return [name(o), spec(o).schedule ?? "", spec(o).timeZone ?? "<none>", Boolean(spec(o).suspend), ((status(o).active ?? []) as unknown[]).length, status(o).lastScheduleTime ? age(status(o).lastScheduleTime) : "<none>", created(o), names(containers(tpl?.template)), images(containers(tpl?.template)), selectorText(tpl?.selector)];
    },
  },
  "horizontalpodautoscalers.autoscaling": {
    columns: [NAME, col("Reference"), col("Targets"), col("MinPods", "integer"), col("MaxPods", "integer"), col("Replicas", "integer"), AGE],
    cells: (o) => {
      const ref = (spec(o).scaleTargetRef ?? {}) as Any;
      const metrics = ((spec(o).metrics ?? []) as Any[]).map((m) => `${m.resource?.name ?? m.type}: <unknown>/${m.resource?.target?.averageUtilization ?? "?"}%`);
      return [name(o), `${ref.kind}/${ref.name}`, none(metrics.join(", ")), spec(o).minReplicas ?? 1, spec(o).maxReplicas ?? 0, status(o).currentReplicas ?? 0, created(o)];
    },
  },
  "poddisruptionbudgets.policy": {
    columns: [NAME, col("Min Available"), col("Max Unavailable"), col("Allowed Disruptions", "integer"), AGE],
    cells: (o) => [name(o), spec(o).minAvailable ?? "N/A", spec(o).maxUnavailable ?? "N/A", status(o).disruptionsAllowed ?? 0, created(o)],
  },
  "ingresses.networking.k8s.io": {
    columns: [NAME, col("Class"), col("Hosts"), col("Address"), col("Ports"), AGE],
    cells: (o) => {
      const hosts = ((spec(o).rules ?? []) as Any[]).map((r) => r.host).filter(Boolean);
      const addr = ((status(o).loadBalancer?.ingress ?? []) as Any[]).map((i) => i.ip ?? i.hostname);
      return [name(o), spec(o).ingressClassName ?? "<none>", hosts.length ? hosts.join(",") : "*", addr.join(","), spec(o).tls?.length ? "80, 443" : "80", created(o)];
    },
  },
  "networkpolicies.networking.k8s.io": { columns: [NAME, col("Pod-Selector"), AGE], cells: (o) => [name(o), selectorText(spec(o).podSelector).replace("<none>", ""), created(o)] },
  "ingressclasses.networking.k8s.io": {
    columns: [NAME, col("Controller"), col("Parameters"), AGE],
    cells: (o) => [name(o), spec(o).controller ?? "", spec(o).parameters ? `${spec(o).parameters.kind}/${spec(o).parameters.name}` : "<none>", created(o)],
  },
  "endpointslices.discovery.k8s.io": {
    columns: [NAME, col("AddressType"), col("Ports"), col("Endpoints"), AGE],
    cells: (o) => {
      const p = ((o.ports ?? []) as Any[]).map((x) => x.port).join(",");
      const e = ((o.endpoints ?? []) as Any[]).flatMap((x) => x.addresses ?? []).join(",");
      return [name(o), o.addressType ?? "IPv4", none(p), none(e), created(o)];
    },
  },
  "roles.rbac.authorization.k8s.io": { columns: [NAME, col("Created At", "date")], cells: (o) => [name(o), o.metadata.creationTimestamp ?? ""] },
  "clusterroles.rbac.authorization.k8s.io": { columns: [NAME, col("Created At", "date")], cells: (o) => [name(o), o.metadata.creationTimestamp ?? ""] },
  "rolebindings.rbac.authorization.k8s.io": {
    columns: [NAME, col("Role"), AGE, col("Users", "string", 1), col("Groups", "string", 1), col("ServiceAccounts", "string", 1)],
    cells: (o) => [name(o), `${(o.roleRef as Any)?.kind}/${(o.roleRef as Any)?.name}`, created(o), subjectsOf(o, "User"), subjectsOf(o, "Group"), subjectsOf(o, "ServiceAccount")],
  },
  "clusterrolebindings.rbac.authorization.k8s.io": {
    columns: [NAME, col("Role"), AGE, col("Users", "string", 1), col("Groups", "string", 1), col("ServiceAccounts", "string", 1)],
    cells: (o) => [name(o), `${(o.roleRef as Any)?.kind}/${(o.roleRef as Any)?.name}`, created(o), subjectsOf(o, "User"), subjectsOf(o, "Group"), subjectsOf(o, "ServiceAccount")],
  },
  "storageclasses.storage.k8s.io": {
    columns: [NAME, col("Provisioner"), col("ReclaimPolicy"), col("VolumeBindingMode"), col("AllowVolumeExpansion", "boolean"), AGE],
    cells: (o) => {
      const isDefault = o.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true";
      const x = o as Any;
      return [name(o) + (isDefault ? " (default)" : ""), x.provisioner ?? "", x.reclaimPolicy ?? "Delete", x.volumeBindingMode ?? "Immediate", Boolean(x.allowVolumeExpansion), created(o)];
    },
  },
  "priorityclasses.scheduling.k8s.io": {
    columns: [NAME, col("Value", "integer"), col("Global-Default", "boolean"), AGE, col("Preemption-Policy")],
    cells: (o) => [name(o), (o as Any).value ?? 0, Boolean((o as Any).globalDefault), created(o), (o as Any).preemptionPolicy ?? "PreemptLowerPriority"],
  },
  "runtimeclasses.node.k8s.io": { columns: [NAME, col("Handler"), AGE], cells: (o) => [name(o), (o as Any).handler ?? "", created(o)] },
  "customresourcedefinitions.apiextensions.k8s.io": { columns: [NAME, col("Created At", "date")], cells: (o) => [name(o), o.metadata.creationTimestamp ?? ""] },
};

function accessModes(modes: unknown): string {
  const short: Record<string, string> = { ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" };
  return Array.isArray(modes) ? modes.map((m) => short[String(m)] ?? String(m)).join(",") : "";
}

/** Name + Age, what the apiserver prints for kinds without a convertor. */
export const DEFAULT_COLUMNS: ColumnSet = { columns: [NAME, AGE], cells: (o) => [name(o), created(o)] };
