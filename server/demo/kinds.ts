/** The built-in resource types the simulator serves, with kubectl's short names and categories. */
import type { ResourceType } from "./types.ts";

const CRUD = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function t(group: string, version: string, kind: string, plural: string, namespaced: boolean, extra: Partial<ResourceType> = {}): ResourceType {
  return {
    group,
    versions: [version],
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames: [],
    categories: [],
    verbs: CRUD,
    subresources: [],
    ...extra,
  };
}

const ALL = ["all"];

export const BUILT_IN_TYPES: ResourceType[] = [
  t("", "v1", "Pod", "pods", true, { shortNames: ["po"], categories: ALL, subresources: ["status", "log", "exec", "attach", "portforward", "eviction", "ephemeralcontainers"] }),
  t("", "v1", "Service", "services", true, { shortNames: ["svc"], categories: ALL, subresources: ["status", "proxy"] }),
  t("", "v1", "Endpoints", "endpoints", true, { shortNames: ["ep"] }),
  t("", "v1", "ConfigMap", "configmaps", true, { shortNames: ["cm"] }),
  t("", "v1", "Secret", "secrets", true),
  t("", "v1", "ServiceAccount", "serviceaccounts", true, { shortNames: ["sa"], subresources: ["token"] }),
  t("", "v1", "ResourceQuota", "resourcequotas", true, { shortNames: ["quota"], subresources: ["status"] }),
  t("", "v1", "LimitRange", "limitranges", true, { shortNames: ["limits"] }),
  t("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, { shortNames: ["pvc"], subresources: ["status"] }),
  t("", "v1", "PersistentVolume", "persistentvolumes", false, { shortNames: ["pv"], subresources: ["status"] }),
  t("", "v1", "Node", "nodes", false, { shortNames: ["no"], subresources: ["status", "proxy"] }),
  t("", "v1", "Namespace", "namespaces", false, { shortNames: ["ns"], subresources: ["status", "finalize"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] }),
  t("", "v1", "Event", "events", true, { shortNames: ["ev"] }),
  t("apps", "v1", "Deployment", "deployments", true, { shortNames: ["deploy"], categories: ALL, subresources: ["status", "scale"] }),
  t("apps", "v1", "StatefulSet", "statefulsets", true, { shortNames: ["sts"], categories: ALL, subresources: ["status", "scale"] }),
  t("apps", "v1", "DaemonSet", "daemonsets", true, { shortNames: ["ds"], categories: ALL, subresources: ["status"] }),
  t("apps", "v1", "ReplicaSet", "replicasets", true, { shortNames: ["rs"], categories: ALL, subresources: ["status", "scale"] }),
  t("batch", "v1", "Job", "jobs", true, { categories: ALL, subresources: ["status"] }),
  t("batch", "v1", "CronJob", "cronjobs", true, { shortNames: ["cj"], categories: ALL, subresources: ["status"] }),
  t("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, { shortNames: ["hpa"], categories: ALL, subresources: ["status"] }),
  t("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, { shortNames: ["pdb"], subresources: ["status"] }),
  t("networking.k8s.io", "v1", "Ingress", "ingresses", true, { shortNames: ["ing"], subresources: ["status"] }),
  t("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, { shortNames: ["netpol"] }),
  t("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
  t("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true),
  t("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
  t("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
  t("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  t("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  t("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, { shortNames: ["sc"] }),
  t("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, { shortNames: ["pc"] }),
  t("node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", false),
  t("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, { shortNames: ["crd", "crds"], subresources: ["status"] }),
  t("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, { verbs: ["create"], virtual: true }),
  t("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false, { verbs: ["create"], virtual: true }),
  t("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", false, { verbs: ["create"], virtual: true }),
];

/** Group order as the apiserver lists it (core first); kubectl resolves short names in this order. */
export const GROUP_ORDER = ["", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "discovery.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "node.k8s.io", "apiextensions.k8s.io", "authorization.k8s.io", "authentication.k8s.io"];
