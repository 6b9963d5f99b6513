/**
 * The RBAC the Periscope chart renders on a managed cluster, so the demo cluster enforces tiers exactly as a
 * real one would: tier groups bound to view / periscope-triage / edit / periscope-maintain / cluster-admin,
 * and an `impersonator` service account that may only impersonate (users, groups, user extras).
 */
import type { KubeObject } from "../types.ts";
import type { WorldBuilder } from "./builder.ts";
import { DAY } from "./builder.ts";

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const READ = ["get", "list", "watch"];
const CHART_LABELS = { "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/name": "periscope", "app.kubernetes.io/part-of": "periscope" };

/** Where the console's own identity lives in the demo cluster. */
export const IMPERSONATOR = { namespace: "periscope", name: "impersonator" } as const;

/** Tier group → ClusterRole, highest last (read < triage < write < maintain < admin). */
export const TIER_BINDINGS: ReadonlyArray<readonly [tier: string, clusterRole: string]> = [
  ["read", "view"],
  ["triage", "periscope-triage"],
  ["write", "edit"],
  ["maintain", "periscope-maintain"],
  ["admin", "cluster-admin"],
];

/** view-level reads plus debugging: exec, port-forward, evict/delete pods, scale and restart workloads. */
const TRIAGE_RULES: Rule[] = [
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
const MAINTAIN_RULES: Rule[] = [
  { apiGroups: ["*"], resources: ["*"], verbs: READ },
  { apiGroups: [""], resources: ["configmaps", "events", "persistentvolumeclaims", "pods", "pods/exec", "pods/log", "pods/portforward", "pods/eviction", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services"], verbs: ["*"] },
  { apiGroups: ["apps", "batch", "networking.k8s.io", "autoscaling", "policy"], resources: ["*"], verbs: ["*"] },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["*"] },
];

/**
 * Impersonation only. Kubernetes RBAC cannot say "any extra key" except with a wildcard resource, so user
 * extras are granted as `*` in authentication.k8s.io (which holds only impersonation targets for this verb).
 */
const IMPERSONATOR_RULES: Rule[] = [
  { apiGroups: [""], resources: ["users", "groups"], verbs: ["impersonate"] },
  { apiGroups: ["authentication.k8s.io"], resources: ["*"], verbs: ["impersonate"] },
];

export function buildTierRbac(b: WorldBuilder): void {
  const ageMs = 30 * DAY;
  const role = (name: string, rules: Rule[]) =>
    b.add({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: b.meta(name, undefined, { ageMs, labels: CHART_LABELS }), rules } as KubeObject);
  const binding = (name: string, roleName: string, subject: Record<string, string>) =>
    b.add({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: b.meta(name, undefined, { ageMs, labels: CHART_LABELS }),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
      subjects: [subject],
    } as KubeObject);
  role("periscope-triage", TRIAGE_RULES);
  role("periscope-maintain", MAINTAIN_RULES);
  role("periscope-impersonator", IMPERSONATOR_RULES);
  for (const [tier, clusterRole] of TIER_BINDINGS) {
    binding(`periscope-tier-${tier}`, clusterRole, { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: `periscope-tier:${tier}` });
  }
  b.add({ apiVersion: "v1", kind: "ServiceAccount", metadata: b.meta(IMPERSONATOR.name, IMPERSONATOR.namespace, { ageMs, labels: CHART_LABELS }) } as KubeObject);
  binding("periscope-impersonator", "periscope-impersonator", { kind: "ServiceAccount", name: IMPERSONATOR.name, namespace: IMPERSONATOR.namespace });
  // A namespaced example: the payments team's on-call may read secrets in their namespace.
  b.add({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: b.meta("secret-reader", "payments", { ageMs: 40 * DAY }),
    rules: [{ apiGroups: [""], resources: ["secrets"], verbs: READ }],
  } as KubeObject);
  b.add({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: b.meta("payments-oncall-secrets", "payments", { ageMs: 40 * DAY }),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "secret-reader" },
    subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "payments-oncall" }],
  } as KubeObject);
}
