/**
 * RBAC for the in-cluster backend, as data: the console's own identity may only impersonate; what a user can do
 * comes from the tier group the server impersonates (`periscope-tier:<tier>`, SPEC §3), bound to one ClusterRole
 * per tier: read→view, triage→chart role, write→edit, maintain→chart role, admin→cluster-admin.
 * One source for both places that render it: the chart (chart-src/chart/) and the demo cluster
 * (server/demo/world/rbac.ts), so the demo enforces exactly what an installed chart does.
 */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export const TIER_GROUP_PREFIX = "periscope-tier:";

/** Impersonation only: users, groups, and the one user extra the server sends (the console request id). */
export const IMPERSONATOR_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["users", "groups"], verbs: ["impersonate"] },
  { apiGroups: ["authentication.k8s.io"], resources: ["userextras/periscope-request-id"], verbs: ["impersonate"] },
];

const READ = ["get", "list", "watch"];

/** view-level reads plus debugging: exec, port-forward, evict/delete pods, scale and restart workloads. */
export const TRIAGE_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["configmaps", "endpoints", "events", "limitranges", "namespaces", "namespaces/status", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "pods/log", "pods/status", "replicationcontrollers", "replicationcontrollers/scale", "resourcequotas", "serviceaccounts", "services", "services/status"], verbs: READ },
  { apiGroups: ["apps"], resources: ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"], verbs: READ },
  { apiGroups: ["batch"], resources: ["cronjobs", "cronjobs/status", "jobs", "jobs/status"], verbs: READ },
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "ingresses/status", "networkpolicies"], verbs: READ },
  { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers", "horizontalpodautoscalers/status"], verbs: READ },
  { apiGroups: ["policy"], resources: ["poddisruptionbudgets", "poddisruptionbudgets/status"], verbs: READ },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
  { apiGroups: ["metrics.k8s.io"], resources: ["pods", "nodes"], verbs: READ },
  { apiGroups: [""], resources: ["pods/exec", "pods/portforward", "pods/eviction"], verbs: ["create"] },
  { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
  { apiGroups: ["apps"], resources: ["deployments/scale", "statefulsets/scale", "replicasets/scale"], verbs: ["update", "patch"] },
  { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets"], verbs: ["patch"] },
];

/** Namespaced admin plus cluster-scoped reads; no ClusterRoles/ClusterRoleBindings (that line is admin's). */
export const MAINTAIN_RULES: PolicyRule[] = [
  { apiGroups: ["*"], resources: ["*"], verbs: READ },
  { apiGroups: [""], resources: ["configmaps", "events", "persistentvolumeclaims", "pods", "pods/exec", "pods/log", "pods/portforward", "pods/eviction", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services"], verbs: ["*"] },
  { apiGroups: ["apps", "batch", "networking.k8s.io", "autoscaling", "policy"], resources: ["*"], verbs: ["*"] },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["*"] },
];

export type TierName = "read" | "triage" | "write" | "maintain" | "admin";

/** A tier is bound either to a built-in ClusterRole or to a chart-owned one with these rules. */
export type TierRbac = { tier: TierName; builtin: "view" | "edit" | "cluster-admin" } | { tier: TierName; rules: PolicyRule[] };

export const TIER_RBAC: TierRbac[] = [
  { tier: "read", builtin: "view" },
  { tier: "triage", rules: TRIAGE_RULES },
  { tier: "write", builtin: "edit" },
  { tier: "maintain", rules: MAINTAIN_RULES },
  { tier: "admin", builtin: "cluster-admin" },
];
