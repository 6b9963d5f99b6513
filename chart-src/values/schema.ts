/**
 * The chart's values: one source for values.yaml (defaults + descriptions), values.schema.json, the docs table and
 * the TypeScript type the chart code is written against. `auth` and `clusters[]` embed the server's own
 * auth.yaml / clusters.yaml schemas, so the chart cannot accept what the server would reject (or the reverse).
 */
import { authorizationSchema, devSchema, oidcSchema, sessionSchema } from "../../server/config/schema/auth.ts";
import type { AuthFile } from "../../server/config/schema/auth.ts";
import { clusterSchema } from "../../server/config/schema/clusters.ts";
import type { ClusterConfig } from "../../server/config/schema/clusters.ts";
import { LOG_LEVELS } from "../../server/http/log.ts";
import { bool, int, list, map, obj, oneOf, open, optStr, raw, str } from "./schema-kit.ts";
import type { JsonSchema, Node, Static } from "./schema-kit.ts";

const whenEq = (key: string, value: unknown, then: JsonSchema): JsonSchema => ({
  if: { properties: { [key]: { const: value } }, required: [key] },
  then,
});
const requireNonEmpty = (...keys: string[]): JsonSchema => ({
  required: keys,
  properties: Object.fromEntries(keys.map((k) => [k, { type: "string", minLength: 1 }])),
});

/**
 * Descriptions for keys the server's auth schema leaves undocumented (docs only: validation is unchanged, so the
 * chart and the server still accept exactly the same auth.yaml).
 */
const AUTH_DOCS: Record<string, Record<string, string>> = {
  oidc: { clientID: "OIDC client ID registered at the IdP.", scopes: "Scopes requested at sign-in (offline_access gives a refresh token)." },
  session: {
    cookieName: "Session cookie name.",
    idleTimeout: "End a session after this long without requests (Go duration, e.g. 30m).",
    absoluteTimeout: "End a session this long after sign-in, whatever the activity.",
    cookieDomain: "Cookie Domain attribute; \"\" = this host only.",
  },
  authorization: {
    mode: "tier: impersonate periscope-tier:<tier>; raw: forward IdP groups with groupPrefix; shared: the console's own identity.",
    groupsClaim: "ID token claim with the user's groups (Auth0: a namespaced claim such as https://periscope/groups).",
    allowedGroups: "Groups allowed to sign in; [] admits any authenticated user.",
    groupPrefix: "Prefix added to IdP groups in raw mode.",
    auditAdminGroups: "Groups that see every actor's audit rows (others see their own).",
  },
  dev: { subject: "Subject of the fixed dev identity (dev mode only).", email: "Email of the dev identity.", groups: "Groups of the dev identity." },
};

function documented<S extends { properties: Record<string, object> }>(schema: S, docs: Record<string, string> = {}): S {
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([k, v]) => [k, "description" in v || !docs[k] ? v : { ...v, description: docs[k] }]),
  );
  return { ...schema, properties };
}

const positive = (d: number, maximum: number, description: string) => int({ default: d, minimum: 1, maximum, description });
const stringMap = (description: string) => map(str({ default: "" }), { default: {}, description });

const secrets = obj(
  {
    mode: oneOf(["existing", "plain", "external", "native"], {
      default: "existing",
      description: "Where OIDC_CLIENT_SECRET comes from: existing Secret, plain (chart renders a Secret), external (ExternalSecret), native (auth.oidc.clientSecret is a scheme URL; no Secret).",
    }),
    existing: obj({
      name: str({ default: "periscope-oidc", description: "Name of the Secret you created." }),
      key: str({ default: "OIDC_CLIENT_SECRET", description: "Key inside that Secret." }),
    }),
    plain: obj({
      clientSecret: optStr({ description: "The client secret (required in plain mode). Never commit this file." }),
    }),
    external: obj(
      {
        storeName: optStr({ description: "SecretStore / ClusterSecretStore name (required in external mode)." }),
        storeKind: oneOf(["ClusterSecretStore", "SecretStore"], { default: "ClusterSecretStore", description: "Kind of the store." }),
        refreshInterval: str({ default: "1h", pattern: "^([0-9]+(ms|s|m|h))+$", description: "How often ESO re-syncs." }),
        remoteKey: optStr({ description: "Upstream secret name (required in external mode)." }),
        remoteProperty: str({ default: "", description: "JSON property of the upstream secret; \"\" when it is a plain string." }),
      },
    ),
  },
  {
    allOf: [
      whenEq("mode", "existing", { properties: { existing: requireNonEmpty("name", "key") } }),
      whenEq("mode", "plain", { properties: { plain: requireNonEmpty("clientSecret") } }),
      whenEq("mode", "external", { properties: { external: requireNonEmpty("storeName", "remoteKey") } }),
    ],
  },
);

// Maxima match the server's readers (server/live/settings.ts); the boot tests run the server on chart env.
const exec = obj({
  serverIdleSeconds: positive(600, 7 * 86_400, "Close an idle exec session after this many seconds (PERISCOPE_EXEC_IDLE_SECONDS)."),
  idleWarnSeconds: positive(30, 86_400, "Warn this many seconds before the idle close (PERISCOPE_EXEC_IDLE_WARN_SECONDS)."),
  heartbeatSeconds: positive(20, 3_600, "Seconds between exec heartbeats (PERISCOPE_EXEC_HEARTBEAT_SECONDS)."),
  maxSessionsPerUser: positive(5, 10_000, "Concurrent exec sessions per user (PERISCOPE_EXEC_MAX_SESSIONS_PER_USER)."),
  maxSessionsTotal: positive(50, 100_000, "Concurrent exec sessions in total (PERISCOPE_EXEC_MAX_SESSIONS_TOTAL)."),
  probeClustersOnBoot: bool({ default: false, description: "Pre-warm cluster connections at start-up (PERISCOPE_EXEC_PROBE_ON_BOOT)." }),
});

const audit = obj({
  enabled: bool({ default: false, description: "Persist audit events and enable GET /api/audit (stdout lines are written either way)." }),
  // Bounds match server/audit/settings.ts (test/chart-src/server-boot.test.ts boots the server with them).
  retentionDays: int({ default: 30, minimum: 0, maximum: 36500, description: "Days of audit files kept; 0 keeps everything." }),
  maxSizeMB: int({ default: 1024, minimum: 0, maximum: 16 * 1024 * 1024, description: "Size cap of the audit store in MB; 0 means no cap." }),
  storage: obj({
    type: oneOf(["pvc", "emptyDir"], { default: "pvc", description: "pvc survives pod restarts; emptyDir is for kind/minikube." }),
    size: str({ default: "5Gi", pattern: "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$", description: "PVC size (pvc); emptyDir limit when maxSizeMB is 0." }),
    storageClass: str({ default: "", description: "StorageClass of the PVC; \"\" uses the cluster default." }),
    accessMode: oneOf(["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"], { default: "ReadWriteOnce", description: "PVC access mode." }),
  }),
});

const ingress = obj(
  {
    enabled: bool({ default: false, description: "Render a networking.k8s.io/v1 Ingress." }),
    className: str({ default: "", description: "ingressClassName (alb, nginx, ...); \"\" leaves it unset." }),
    annotations: stringMap("Passed through to the Ingress (controller-specific settings)."),
    host: optStr({ description: "Public host name (required when enabled). The IdP callback is https://<host>/api/auth/callback." }),
    path: str({ default: "/", description: "HTTP path." }),
    pathType: oneOf(["Prefix", "Exact", "ImplementationSpecific"], { default: "Prefix", description: "Ingress pathType." }),
    tls: obj(
      {
        enabled: bool({ default: false, description: "Terminate TLS at the Ingress." }),
        secretName: optStr({ description: "TLS Secret (required with TLS), e.g. a cert-manager Certificate target." }),
      },
      { allOf: [whenEq("enabled", true, requireNonEmpty("secretName"))] },
    ),
  },
  { allOf: [whenEq("enabled", true, requireNonEmpty("host"))] },
);

const labelMap = map(str({ default: "" }), { default: {} });
const networkPolicy = obj({
  enabled: bool({ default: false, description: "Render a NetworkPolicy (ingress to the http port; DNS egress plus egress.extra)." }),
  ingress: obj({
    fromNamespaces: list(labelMap, { default: [], description: "Namespace label selectors allowed in (e.g. kubernetes.io/metadata.name: ingress-nginx); empty allows any source to the http port." }),
    extra: open<unknown[]>({ type: "array", default: [], description: "Extra NetworkPolicyIngressRule objects." }),
  }),
  egress: obj({
    extra: open<unknown[]>({ type: "array", default: [], description: "Extra NetworkPolicyEgressRule objects. Allow your IdP, AWS endpoints and apiservers here." }),
  }),
});

const quantity = raw<string | number>({ type: ["string", "integer"], minimum: 0, pattern: "^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$" });

const POD_SECURITY_KEYS = ["appArmorProfile", "fsGroup", "fsGroupChangePolicy", "runAsGroup", "runAsNonRoot", "runAsUser", "seLinuxChangePolicy", "seLinuxOptions", "seccompProfile", "supplementalGroups", "supplementalGroupsPolicy", "sysctls", "windowsOptions"];
const CONTAINER_SECURITY_KEYS = ["allowPrivilegeEscalation", "appArmorProfile", "capabilities", "privileged", "procMount", "readOnlyRootFilesystem", "runAsGroup", "runAsNonRoot", "runAsUser", "seLinuxOptions", "seccompProfile", "windowsOptions"];

/** A Kubernetes struct whose top-level field names are checked (nested values are the apiserver's business). */
function closedKeys(keys: string[], o: { default: Record<string, unknown>; description: string }): Node<Record<string, unknown>> {
  return raw<Record<string, unknown>>({ type: "object", additionalProperties: false, properties: Object.fromEntries(keys.map((k) => [k, {}])), ...o });
}

/** Kubernetes EnvVar, closed (a typo such as `valuefrom` is an error here, not a silently ignored field). */
const envVar = raw<{ name: string; value?: string; valueFrom?: Record<string, unknown> }>({
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: {
    name: { type: "string", pattern: "^[-._a-zA-Z][-._a-zA-Z0-9]*$" },
    value: { type: "string" },
    valueFrom: {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      properties: { secretKeyRef: { type: "object" }, configMapKeyRef: { type: "object" }, fieldRef: { type: "object" }, resourceFieldRef: { type: "object" } },
    },
  },
});

/** Kubernetes Toleration, closed. */
const toleration = raw<Record<string, unknown>>({
  type: "object",
  additionalProperties: false,
  properties: {
    key: { type: "string" },
    operator: { type: "string", enum: ["Exists", "Equal"] },
    value: { type: "string" },
    effect: { type: "string", enum: ["", "NoSchedule", "PreferNoSchedule", "NoExecute"] },
    tolerationSeconds: { type: "integer" },
  },
});

/** native mode has no Secret behind ${OIDC_CLIENT_SECRET}: the client secret must be a scheme URL or literal. */
const nativeNeedsSecretRef: JsonSchema = {
  if: {
    required: ["secrets", "auth"],
    properties: {
      secrets: { required: ["mode"], properties: { mode: { const: "native" } } },
      auth: { required: ["oidc"], properties: { oidc: { required: ["issuer"], properties: { issuer: { minLength: 1 } } } } },
    },
  },
  then: { properties: { auth: { properties: { oidc: { properties: { clientSecret: { not: { const: "${OIDC_CLIENT_SECRET}" } } } } } } } },
};

export const valuesNode = obj({
  replicaCount: int({ default: 1, minimum: 1, maximum: 1, description: "Replicas; capped at 1 while sessions live in process memory." }),
  image: obj({
    repository: str({ default: "ghcr.io/gnana997/periscope", minLength: 1, description: "Container image repository." }),
    tag: str({ default: "", description: "Image tag; \"\" uses the chart's appVersion." }),
    pullPolicy: oneOf(["IfNotPresent", "Always", "Never"], { default: "IfNotPresent", description: "Image pull policy." }),
  }),
  imagePullSecrets: list(obj({ name: str({ default: "", minLength: 1 }) }), { default: [], description: "Pull secrets, e.g. [{name: regcred}]." }),
  nameOverride: str({ default: "", description: "Replaces the chart name in resource names." }),
  fullnameOverride: str({ default: "", description: "Replaces the whole release-chart name." }),
  logLevel: oneOf(LOG_LEVELS, { default: "info", description: "Server log level (PERISCOPE_LOG_LEVEL)." }),
  serviceAccount: obj({
    create: bool({ default: true, description: "Create the ServiceAccount." }),
    name: str({ default: "", description: "ServiceAccount name; \"\" uses the full name (or `default` when not created)." }),
    annotations: stringMap("ServiceAccount annotations, e.g. eks.amazonaws.com/role-arn for IRSA."),
  }),
  podIdentity: obj({
    enabled: bool({ default: false, description: "EKS Pod Identity is in use (no object is rendered; NOTES print the association command)." }),
  }),
  auth: obj({
    // The server's schema, plus what defaults make vacuous in values: an issuer needs a non-empty client.
    oidc: raw<Required<NonNullable<AuthFile["oidc"]>>>({
      ...documented(oidcSchema, AUTH_DOCS.oidc),
      allOf: [{ if: oidcSchema.if, then: requireNonEmpty(...oidcSchema.then.required) }],
    }),
    session: raw<Required<NonNullable<AuthFile["session"]>>>(documented(sessionSchema, AUTH_DOCS.session)),
    authorization: raw<Required<NonNullable<AuthFile["authorization"]>>>(documented(authorizationSchema, AUTH_DOCS.authorization)),
    dev: raw<Required<NonNullable<AuthFile["dev"]>>>(documented(devSchema, AUTH_DOCS.dev)),
  }, { description: "auth.yaml (the dev block is dropped when an issuer is set)." }),
  clusters: list(raw<ClusterConfig>(clusterSchema), { default: [], description: "clusters.yaml entries; an in-cluster entry also renders the impersonator and tier RBAC." }),
  secrets,
  service: obj({
    type: oneOf(["ClusterIP", "NodePort", "LoadBalancer"], { default: "ClusterIP", description: "Service type." }),
    port: int({ default: 8080, minimum: 1, maximum: 65535, description: "Service and container port (PORT)." }),
  }),
  ingress,
  exec,
  audit,
  watchStreams: obj({
    kinds: str({ default: "", pattern: "^[A-Za-z0-9./,\\s-]*$", description: "\"\" or all = every built-in kind; off/none = polling only; or a comma list of kinds and aliases (core, workloads, networking, storage, cluster), crds (every custom resource) or group/version/plural (one)." }),
    perUserLimit: int({ default: 60, minimum: 0, maximum: 100_000, description: "Concurrent SSE streams per user (PERISCOPE_WATCH_PER_USER_LIMIT)." }),
  }),
  networkPolicy,
  pdb: obj({
    enabled: bool({ default: true, description: "Render a PodDisruptionBudget." }),
    maxUnavailable: int({ default: 1, minimum: 0, description: "PDB maxUnavailable." }),
  }),
  resources: obj({
    requests: map(quantity, { default: { cpu: "50m", memory: "128Mi" }, description: "Container resource requests." }),
    limits: map(quantity, { default: { memory: "512Mi" }, description: "Container resource limits." }),
  }),
  podAnnotations: map(str({ default: "" }), {
    default: {},
    propertyNames: { not: { pattern: "^checksum/" } },
    description: "Pod annotations (checksum/* is reserved for the config checksums).",
  }),
  podSecurityContext: closedKeys(POD_SECURITY_KEYS, {
    default: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } },
    description: "Pod securityContext (its top-level keys are checked; a typo is an error).",
  }),
  containerSecurityContext: closedKeys(CONTAINER_SECURITY_KEYS, {
    default: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
    description: "Container securityContext (its top-level keys are checked; a typo is an error).",
  }),
  nodeSelector: map(str({ default: "" }), { default: {}, description: "Pod nodeSelector." }),
  tolerations: list(toleration, { default: [], description: "Pod tolerations." }),
  affinity: open<Record<string, unknown>>({ default: {}, description: "Pod affinity." }),
  env: list(envVar, { default: [], description: "Extra container env entries: {name, value} or {name, valueFrom}." }),
}, { allOf: [nativeNeedsSecretRef] });

export type CoreValues = Static<typeof valuesNode>;
export type { Node };
