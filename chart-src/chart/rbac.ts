/**
 * Rendered when any cluster uses the in-cluster backend: the impersonator ClusterRole bound to the chart's
 * ServiceAccount, and the tier roles/bindings. Cluster-scoped names carry namespace + full name.
 */
import { concat } from "../dsl/expr.ts";
import { Release } from "../dsl/refs.ts";
import type { ChartContext } from "./context.ts";
import { clusterNameHelper, hasInClusterHelper, include, serviceAccountNameHelper } from "./helpers.ts";
import { IMPERSONATOR_RULES, TIER_GROUP_PREFIX, TIER_RBAC } from "./tier-rbac.ts";

const RBAC = "rbac.authorization.k8s.io/v1";

export function inClusterRbac(c: ChartContext): void {
  const { s } = c;
  const clusterName = (suffix: string) => s.str(concat(include(clusterNameHelper), suffix));
  const meta = (suffix: string) => ({ name: clusterName(suffix), labels: c.meta().labels });
  s.ifObjects(include(hasInClusterHelper), () => {
    s.object("rbac-impersonator", { apiVersion: RBAC, kind: "ClusterRole", metadata: meta("-impersonator"), rules: IMPERSONATOR_RULES });
    s.object("rbac-impersonator", {
      apiVersion: RBAC,
      kind: "ClusterRoleBinding",
      metadata: meta("-impersonator"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterName("-impersonator") },
      subjects: [{ kind: "ServiceAccount", name: s.str(include(serviceAccountNameHelper)), namespace: s.str(Release.Namespace) }],
    });
    for (const t of TIER_RBAC) {
      const own = "rules" in t;
      if (own) s.object("rbac-tiers", { apiVersion: RBAC, kind: "ClusterRole", metadata: meta(`-tier-${t.tier}`), rules: t.rules });
      s.object("rbac-tiers", {
        apiVersion: RBAC,
        kind: "ClusterRoleBinding",
        metadata: meta(`-tier-${t.tier}`),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: own ? clusterName(`-tier-${t.tier}`) : t.builtin },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: `${TIER_GROUP_PREFIX}${t.tier}` }],
      });
    }
  });
}
