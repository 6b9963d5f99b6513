/**
 * Field numbers (from Kubernetes' generated.proto) of the messages kubectl sends as protobuf: the review kinds
 * and what `kubectl create <kind>` builds (namespace, configmap, secret, serviceaccount, deployment, service,
 * job, cronjob, quota, pdb, priorityclass, ingress, RBAC).
 * Fields not listed are dropped on decode.
 */
/** "optInt"/"optBool" are pointer fields: their zero value is kept (Go's JSON omits zero non-pointer scalars). */
export type FieldType = "string" | "bytes" | "int" | "bool" | "optInt" | "optBool" | "map" | "mapBytes" | "mapQuantity" | "intOrString" | Schema;
/** A field named "" is inlined into its parent (Go's `json:",inline"`). */
export type Schema = { [no: number]: [name: string, type: FieldType, repeated?: boolean] };

const ObjectMeta: Schema = {
  1: ["name", "string"],
  2: ["generateName", "string"],
  3: ["namespace", "string"],
  11: ["labels", "map"],
  12: ["annotations", "map"],
  14: ["finalizers", "string", true],
};

const LabelSelector: Schema = {
  1: ["matchLabels", "map"],
  2: ["matchExpressions", { 1: ["key", "string"], 2: ["operator", "string"], 3: ["values", "string", true] }, true],
};

const Container: Schema = {
  1: ["name", "string"],
  2: ["image", "string"],
  3: ["command", "string", true],
  4: ["args", "string", true],
  5: ["workingDir", "string"],
  6: ["ports", { 1: ["name", "string"], 2: ["hostPort", "int"], 3: ["containerPort", "int"], 4: ["protocol", "string"] }, true],
  7: ["env", { 1: ["name", "string"], 2: ["value", "string"] }, true],
  8: ["resources", { 1: ["limits", "mapQuantity"], 2: ["requests", "mapQuantity"] }],
  14: ["imagePullPolicy", "string"],
};

const PodSpec: Schema = {
  2: ["containers", Container, true],
  3: ["restartPolicy", "string"],
  4: ["terminationGracePeriodSeconds", "optInt"],
  7: ["nodeSelector", "map"],
  8: ["serviceAccountName", "string"],
  20: ["initContainers", Container, true],
};

const PodTemplateSpec: Schema = { 1: ["metadata", ObjectMeta], 2: ["spec", PodSpec] };

const PolicyRule: Schema = {
  1: ["verbs", "string", true],
  2: ["apiGroups", "string", true],
  3: ["resources", "string", true],
  4: ["resourceNames", "string", true],
  5: ["nonResourceURLs", "string", true],
};

const Binding: Schema = {
  1: ["metadata", ObjectMeta],
  2: ["subjects", { 1: ["kind", "string"], 2: ["apiGroup", "string"], 3: ["name", "string"], 4: ["namespace", "string"] }, true],
  3: ["roleRef", { 1: ["apiGroup", "string"], 2: ["kind", "string"], 3: ["name", "string"] }],
};

const ResourceAttributes: Schema = {
  1: ["namespace", "string"],
  2: ["verb", "string"],
  3: ["group", "string"],
  4: ["version", "string"],
  5: ["resource", "string"],
  6: ["subresource", "string"],
  7: ["name", "string"],
};

const JobSpec: Schema = {
  1: ["parallelism", "optInt"],
  2: ["completions", "optInt"],
  3: ["activeDeadlineSeconds", "optInt"],
  4: ["selector", LabelSelector],
  6: ["template", PodTemplateSpec],
  7: ["backoffLimit", "optInt"],
  8: ["ttlSecondsAfterFinished", "optInt"],
  10: ["suspend", "optBool"],
};

const IngressBackend: Schema = {
  4: ["service", { 1: ["name", "string"], 2: ["port", { 1: ["name", "string"], 2: ["number", "int"] }] }],
};

const IngressRule: Schema = {
  1: ["host", "string"],
  2: ["", { 1: ["http", { 1: ["paths", { 1: ["path", "string"], 2: ["backend", IngressBackend], 3: ["pathType", "string"] }, true] }] }],
};

export const KIND_SCHEMAS: Record<string, Schema> = {
  Eviction: { 1: ["metadata", ObjectMeta] },
  TokenRequest: { 1: ["metadata", ObjectMeta], 2: ["spec", { 1: ["audiences", "string", true], 4: ["expirationSeconds", "optInt"] }] },
  Service: {
    1: ["metadata", ObjectMeta],
    2: [
      "spec",
      {
        1: ["ports", { 1: ["name", "string"], 2: ["protocol", "string"], 3: ["port", "int"], 4: ["targetPort", "intOrString"], 5: ["nodePort", "int"] }, true],
        2: ["selector", "map"],
        3: ["clusterIP", "string"],
        4: ["type", "string"],
        5: ["externalIPs", "string", true],
        10: ["externalName", "string"],
      },
    ],
  },
  Job: { 1: ["metadata", ObjectMeta], 2: ["spec", JobSpec] },
  CronJob: {
    1: ["metadata", ObjectMeta],
    2: [
      "spec",
      {
        1: ["schedule", "string"],
        2: ["startingDeadlineSeconds", "optInt"],
        3: ["concurrencyPolicy", "string"],
        4: ["suspend", "optBool"],
        5: ["jobTemplate", { 1: ["metadata", ObjectMeta], 2: ["spec", JobSpec] }],
        6: ["successfulJobsHistoryLimit", "optInt"],
        7: ["failedJobsHistoryLimit", "optInt"],
        8: ["timeZone", "string"],
      },
    ],
  },
  ResourceQuota: { 1: ["metadata", ObjectMeta], 2: ["spec", { 1: ["hard", "mapQuantity"], 2: ["scopes", "string", true] }] },
  PodDisruptionBudget: { 1: ["metadata", ObjectMeta], 2: ["spec", { 1: ["minAvailable", "intOrString"], 2: ["selector", LabelSelector], 3: ["maxUnavailable", "intOrString"] }] },
  PriorityClass: { 1: ["metadata", ObjectMeta], 2: ["value", "int"], 3: ["globalDefault", "bool"], 4: ["description", "string"], 5: ["preemptionPolicy", "string"] },
  Ingress: {
    1: ["metadata", ObjectMeta],
    2: ["spec", { 1: ["defaultBackend", IngressBackend], 2: ["tls", { 1: ["hosts", "string", true], 2: ["secretName", "string"] }, true], 3: ["rules", IngressRule, true], 4: ["ingressClassName", "string"] }],
  },
  SelfSubjectAccessReview: {
    1: ["metadata", ObjectMeta],
    2: ["spec", { 1: ["resourceAttributes", ResourceAttributes], 2: ["nonResourceAttributes", { 1: ["path", "string"], 2: ["verb", "string"] }] }],
  },
  SelfSubjectRulesReview: { 1: ["metadata", ObjectMeta], 2: ["spec", { 1: ["namespace", "string"] }] },
  SelfSubjectReview: { 1: ["metadata", ObjectMeta] },
  Namespace: { 1: ["metadata", ObjectMeta], 2: ["spec", { 1: ["finalizers", "string", true] }] },
  ConfigMap: { 1: ["metadata", ObjectMeta], 2: ["data", "map"], 3: ["binaryData", "mapBytes"], 4: ["immutable", "optBool"] },
  Secret: { 1: ["metadata", ObjectMeta], 2: ["data", "mapBytes"], 3: ["type", "string"], 4: ["stringData", "map"], 5: ["immutable", "optBool"] },
  ServiceAccount: { 1: ["metadata", ObjectMeta], 3: ["imagePullSecrets", { 1: ["name", "string"] }, true], 4: ["automountServiceAccountToken", "optBool"] },
  Deployment: {
    1: ["metadata", ObjectMeta],
    2: [
      "spec",
      {
        1: ["replicas", "optInt"],
        2: ["selector", LabelSelector],
        3: ["template", PodTemplateSpec],
        4: ["strategy", { 1: ["type", "string"] }],
        5: ["minReadySeconds", "int"],
        6: ["revisionHistoryLimit", "optInt"],
        7: ["paused", "bool"],
        9: ["progressDeadlineSeconds", "optInt"],
      },
    ],
  },
  Role: { 1: ["metadata", ObjectMeta], 2: ["rules", PolicyRule, true] },
  ClusterRole: { 1: ["metadata", ObjectMeta], 2: ["rules", PolicyRule, true] },
  RoleBinding: Binding,
  ClusterRoleBinding: Binding,
};
