/**
 * RBAC for the in-cluster backend, as data: the console's own identity may only impersonate; what a user can do
 * comes from the tier group the server impersonates (`periscope-tier:<tier>`, SPEC §3), bound here to built-in
 * roles plus a small extra role per tier. Pure data so the demo cluster can hold the same bindings.
 */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export const TIER_GROUP_PREFIX = "periscope-tier:";

export const IMPERSONATOR_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["users", "groups"], verbs: ["impersonate"] },
  { apiGroups: ["authentication.k8s.io"], resources: ["userextras/periscope-request-id"], verbs: ["impersonate"] },
];

const READ = ["get", "list", "watch"];
const clusterReads: PolicyRule[] = [
  { apiGroups: [""], resources: ["nodes", "namespaces", "persistentvolumes"], verbs: READ },
  { apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], verbs: READ },
  { apiGroups: ["networking.k8s.io"], resources: ["ingressclasses"], verbs: READ },
  { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: READ },
  { apiGroups: ["metrics.k8s.io"], resources: ["pods", "nodes"], verbs: ["get", "list"] },
];
const triage: PolicyRule[] = [
  { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
  { apiGroups: [""], resources: ["pods/exec"], verbs: ["get", "create"] },
  { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
  { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
];
const maintain: PolicyRule[] = [
  { apiGroups: [""], resources: ["nodes"], verbs: ["patch", "update"] },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: [...READ, "create", "update", "patch", "delete"] },
];

export interface TierRbac {
  tier: "read" | "triage" | "write" | "maintain" | "admin";
  /** Built-in ClusterRole the tier group is bound to. */
  builtin: "view" | "edit" | "cluster-admin";
  /** Extra rules in a chart-owned ClusterRole (none for admin). */
  rules: PolicyRule[];
}

export const TIER_RBAC: TierRbac[] = [
  { tier: "read", builtin: "view", rules: clusterReads },
  { tier: "triage", builtin: "view", rules: [...clusterReads, ...triage] },
  { tier: "write", builtin: "edit", rules: [...clusterReads, ...triage] },
  { tier: "maintain", builtin: "edit", rules: [...clusterReads, ...triage, ...maintain] },
  { tier: "admin", builtin: "cluster-admin", rules: [] },
];
