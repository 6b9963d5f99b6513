/**
 * The RBAC the Periscope chart renders on a managed cluster, so the demo cluster enforces tiers exactly as a
 * real one would: tier groups bound to view / periscope-triage / edit / periscope-maintain / cluster-admin,
 * and an `impersonator` service account that may only impersonate (users, groups, the request-id user extra).
 * The rules come from server/auth/tier-rbac.ts, the same data the chart renders.
 */
import type { KubeObject } from "../types.ts";
import type { WorldBuilder } from "./builder.ts";
import { DAY } from "./builder.ts";
import { IMPERSONATOR_RULES, MAINTAIN_RULES, TRIAGE_RULES } from "../../auth/tier-rbac.ts";
import type { PolicyRule } from "../../auth/tier-rbac.ts";

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

export function buildTierRbac(b: WorldBuilder): void {
  const ageMs = 30 * DAY;
  const role = (name: string, rules: PolicyRule[]) =>
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
    rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }],
  } as KubeObject);
  b.add({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: b.meta("payments-oncall-secrets", "payments", { ageMs: 40 * DAY }),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "secret-reader" },
    subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "payments-oncall" }],
  } as KubeObject);
}
