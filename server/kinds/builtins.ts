/**
 * The 30 built-in kinds of SPEC §5, plus events and CRDs themselves. `live` marks the 22 kinds streamed by
 * default (SPEC §5 "Live lists").
 */
import type { Kind, KindSection } from "./kind.ts";

function k(plural: string, kind: string, group: string, version: string, namespaced: boolean, section: KindSection, live: boolean, shortNames: string[] = []): Kind {
  return { id: plural, plural, kind, group, version, namespaced, shortNames, section, live, builtIn: true };
}

export const BUILT_IN_KINDS: readonly Kind[] = [
  k("pods", "Pod", "", "v1", true, "workloads", true, ["po"]),
  k("deployments", "Deployment", "apps", "v1", true, "workloads", true, ["deploy"]),
  k("statefulsets", "StatefulSet", "apps", "v1", true, "workloads", true, ["sts"]),
  k("daemonsets", "DaemonSet", "apps", "v1", true, "workloads", true, ["ds"]),
  k("replicasets", "ReplicaSet", "apps", "v1", true, "workloads", true, ["rs"]),
  k("jobs", "Job", "batch", "v1", true, "workloads", true),
  k("cronjobs", "CronJob", "batch", "v1", true, "workloads", true, ["cj"]),
  k("horizontalpodautoscalers", "HorizontalPodAutoscaler", "autoscaling", "v2", true, "workloads", true, ["hpa", "hpas"]),
  k("poddisruptionbudgets", "PodDisruptionBudget", "policy", "v1", true, "workloads", true, ["pdb", "pdbs"]),
  k("services", "Service", "", "v1", true, "network", true, ["svc"]),
  k("configmaps", "ConfigMap", "", "v1", true, "config", false, ["cm"]),
  k("secrets", "Secret", "", "v1", true, "config", false),
  k("serviceaccounts", "ServiceAccount", "", "v1", true, "access", false, ["sa"]),
  k("resourcequotas", "ResourceQuota", "", "v1", true, "config", false, ["quota"]),
  k("limitranges", "LimitRange", "", "v1", true, "config", false, ["limits"]),
  k("persistentvolumeclaims", "PersistentVolumeClaim", "", "v1", true, "storage", true, ["pvc", "pvcs"]),
  k("ingresses", "Ingress", "networking.k8s.io", "v1", true, "network", true, ["ing"]),
  k("networkpolicies", "NetworkPolicy", "networking.k8s.io", "v1", true, "network", true, ["netpol"]),
  k("endpointslices", "EndpointSlice", "discovery.k8s.io", "v1", true, "network", true),
  k("roles", "Role", "rbac.authorization.k8s.io", "v1", true, "access", false),
  k("rolebindings", "RoleBinding", "rbac.authorization.k8s.io", "v1", true, "access", false),
  k("nodes", "Node", "", "v1", false, "cluster", true, ["no"]),
  k("namespaces", "Namespace", "", "v1", false, "cluster", true, ["ns"]),
  k("persistentvolumes", "PersistentVolume", "", "v1", false, "storage", true, ["pv", "pvs"]),
  k("storageclasses", "StorageClass", "storage.k8s.io", "v1", false, "storage", true, ["sc"]),
  k("clusterroles", "ClusterRole", "rbac.authorization.k8s.io", "v1", false, "access", false),
  k("clusterrolebindings", "ClusterRoleBinding", "rbac.authorization.k8s.io", "v1", false, "access", false),
  k("ingressclasses", "IngressClass", "networking.k8s.io", "v1", false, "network", true),
  k("priorityclasses", "PriorityClass", "scheduling.k8s.io", "v1", false, "cluster", true, ["pc"]),
  k("runtimeclasses", "RuntimeClass", "node.k8s.io", "v1", false, "cluster", true),
  k("events", "Event", "", "v1", true, "events", true, ["ev"]),
  k("customresourcedefinitions", "CustomResourceDefinition", "apiextensions.k8s.io", "v1", false, "custom", false, ["crd", "crds"]),
];

/**
 * API groups that belong to Kubernetes itself: discovery results in these groups are not offered as custom
 * kinds (their useful resources are built-ins above; the rest are internal).
 */
export const SYSTEM_GROUPS = new Set([
  "", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "discovery.k8s.io", "rbac.authorization.k8s.io",
  "storage.k8s.io", "scheduling.k8s.io", "node.k8s.io", "apiextensions.k8s.io", "authorization.k8s.io",
  "authentication.k8s.io", "metrics.k8s.io", "coordination.k8s.io", "certificates.k8s.io",
  "admissionregistration.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io", "apiregistration.k8s.io",
  "resource.k8s.io", "internal.apiserver.k8s.io", "storagemigration.k8s.io",
]);
