/** RBAC objects for common access shapes: an impersonate-only identity, and binding a user/group to a ClusterRole. */
import { clusterRole, clusterRoleBinding } from "./default-roles.ts";
import type { KubeObject } from "./types.ts";

/** A ClusterRole that may only impersonate (users, groups, service accounts, userextras, uids) and its binding to a service account. */
export function impersonatorObjects(namespace: string, serviceAccount: string, roleName = "impersonator"): KubeObject[] {
  return [
    clusterRole(roleName, [
      { apiGroups: [""], resources: ["users", "groups", "serviceaccounts"], verbs: ["impersonate"] },
      // RBAC has no "userextras/*"; "*" in this group covers every extra key and uids.
      { apiGroups: ["authentication.k8s.io"], resources: ["*"], verbs: ["impersonate"] },
    ]),
    clusterRoleBinding(roleName, roleName, [{ kind: "ServiceAccount", name: serviceAccount, namespace }]),
  ];
}

export function bindClusterRole(bindingName: string, role: string, subject: { kind: "User" | "Group"; name: string }): KubeObject {
  return clusterRoleBinding(bindingName, role, [subject]);
}
