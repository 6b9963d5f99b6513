/**
 * The Deployment: Recreate (sessions are per process), config checksums, non-root with a read-only root
 * filesystem, /tmp and the audit dir writable, probes on /healthz, and the env every server setting reads.
 */
import { and, eq, ne, ternary } from "../dsl/expr.ts";
import { configChecksums } from "./config-maps.ts";
import type { ChartContext } from "./context.ts";
import { auditSizeLimitHelper, imageHelper, include, labelsHelper, secretKeyHelper, secretNameHelper, serviceAccountNameHelper } from "./helpers.ts";
import { AUDIT_DIR, AUTH_FILE, CLUSTERS_FILE, CONFIG_DIR, CONTAINER_NAME, intOrString, quantity } from "./k8s.ts";
import type { k8s } from "./k8s.ts";

/** Mutable parts of the pod that plugins extend through typed hooks before synthesis. */
export interface PodParts {
  readonly podSpec: k8s.PodSpec & { containers: k8s.Container[]; volumes: k8s.Volume[] };
  readonly container: k8s.Container & { env: k8s.EnvVar[]; volumeMounts: k8s.VolumeMount[] };
  readonly podAnnotations: Record<string, string>;
}

export function deployment(c: ChartContext): PodParts {
  const { s, V } = c;
  const auditOn = V.audit.enabled;
  const env: k8s.EnvVar[] = [
    { name: "PORT", value: s.intStr(V.service.port) },
    { name: "PERISCOPE_AUTH_FILE", value: AUTH_FILE },
    { name: "PERISCOPE_CLUSTERS_FILE", value: CLUSTERS_FILE },
    { name: "PERISCOPE_AUTH_MODE", value: s.str(ternary("oidc", "dev", V.auth.oidc.issuer)) },
    { name: "PERISCOPE_LOG_LEVEL", value: s.str(V.logLevel) },
    // Only oidc mode uses the client secret; a dev install needs no Secret.
    ...s.item(and(V.auth.oidc.issuer, ne(V.secrets.mode, "native")), () => ({
      name: "OIDC_CLIENT_SECRET",
      valueFrom: { secretKeyRef: { name: s.str(include(secretNameHelper)), key: s.str(include(secretKeyHelper)) } },
    })),
    { name: "PERISCOPE_AUDIT_ENABLED", value: s.boolStr(auditOn) },
    { name: "PERISCOPE_AUDIT_DIR", value: AUDIT_DIR },
    { name: "PERISCOPE_AUDIT_RETENTION_DAYS", value: s.intStr(V.audit.retentionDays) },
    { name: "PERISCOPE_AUDIT_MAX_SIZE_MB", value: s.intStr(V.audit.maxSizeMB) },
    { name: "PERISCOPE_EXEC_IDLE_SECONDS", value: s.intStr(V.exec.serverIdleSeconds) },
    { name: "PERISCOPE_EXEC_IDLE_WARN_SECONDS", value: s.intStr(V.exec.idleWarnSeconds) },
    { name: "PERISCOPE_EXEC_HEARTBEAT_SECONDS", value: s.intStr(V.exec.heartbeatSeconds) },
    { name: "PERISCOPE_EXEC_MAX_SESSIONS_PER_USER", value: s.intStr(V.exec.maxSessionsPerUser) },
    { name: "PERISCOPE_EXEC_MAX_SESSIONS_TOTAL", value: s.intStr(V.exec.maxSessionsTotal) },
    { name: "PERISCOPE_EXEC_PROBE_ON_BOOT", value: s.boolStr(V.exec.probeClustersOnBoot) },
    { name: "PERISCOPE_WATCH_STREAMS", value: s.str(V.watchStreams.kinds) },
    { name: "PERISCOPE_WATCH_PER_USER_LIMIT", value: s.intStr(V.watchStreams.perUserLimit) },
    ...s.splice<k8s.EnvVar>(V.env),
  ];
  const volumeMounts: k8s.VolumeMount[] = [
    { name: "config", mountPath: CONFIG_DIR, readOnly: true },
    { name: "tmp", mountPath: "/tmp" },
    ...s.item(auditOn, () => ({ name: "audit", mountPath: AUDIT_DIR })),
  ];
  const probe = (failureThreshold: number): k8s.Probe => ({
    httpGet: { path: "/healthz", port: intOrString("http") },
    periodSeconds: 10,
    timeoutSeconds: 3,
    failureThreshold,
  });
  const container = {
    name: CONTAINER_NAME,
    image: s.str(include(imageHelper)),
    imagePullPolicy: s.str(V.image.pullPolicy),
    ports: [{ name: "http", containerPort: s.int(V.service.port), protocol: "TCP" }],
    env,
    volumeMounts,
    livenessProbe: probe(3),
    readinessProbe: probe(1),
    resources: s.yaml(V.resources) as unknown as k8s.ResourceRequirements,
    securityContext: s.yaml(V.containerSecurityContext) as k8s.SecurityContext,
  } satisfies k8s.Container;
  const volumes: k8s.Volume[] = [
    {
      name: "config",
      projected: {
        sources: [{ configMap: { name: s.str(c.name("-auth")) } }, { configMap: { name: s.str(c.name("-clusters")) } }],
      },
    },
    { name: "tmp", emptyDir: {} },
    ...s.item(and(auditOn, eq(V.audit.storage.type, "pvc")), () => ({
      name: "audit",
      persistentVolumeClaim: { claimName: s.str(c.name("-audit")) },
    })),
    ...s.item(and(auditOn, eq(V.audit.storage.type, "emptyDir")), () => ({
      name: "audit",
      emptyDir: { sizeLimit: quantity(s.str(include(auditSizeLimitHelper))) },
    })),
  ];
  const podSpec = {
    serviceAccountName: s.str(include(serviceAccountNameHelper)),
    automountServiceAccountToken: true,
    // Service links would inject PERISCOPE_PORT=tcp://… and friends for a Service named "periscope".
    enableServiceLinks: false,
    imagePullSecrets: s.splice<k8s.LocalObjectReference>(V.imagePullSecrets),
    securityContext: s.yaml(V.podSecurityContext) as k8s.PodSecurityContext,
    containers: [container],
    volumes,
    nodeSelector: s.yaml(V.nodeSelector),
    tolerations: s.yaml(V.tolerations) as k8s.Toleration[],
    affinity: s.yaml(V.affinity) as k8s.Affinity,
  } satisfies k8s.PodSpec;
  const podAnnotations = { ...configChecksums(c), ...s.merge(V.podAnnotations) };
  const spec: k8s.DeploymentSpec = {
    replicas: s.int(V.replicaCount),
    strategy: { type: "Recreate" },
    selector: { matchLabels: c.selector() },
    template: {
      metadata: { labels: s.mergeYaml(include(labelsHelper)), annotations: podAnnotations },
      spec: podSpec,
    },
  };
  s.object("deployment", { apiVersion: "apps/v1", kind: "Deployment", metadata: c.meta(), spec });
  return { podSpec, container, podAnnotations };
}
