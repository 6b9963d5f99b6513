/**
 * The namespace furniture: Namespaces, ServiceAccounts, ConfigMaps (incl. kube-root-ca.crt), Secrets
 * (opaque, TLS, registry credentials), quotas and limit ranges, PriorityClasses, a RuntimeClass, and an
 * HPA and PDB for the shop API.
 */
import type { KubeObject } from "../types.ts";
import type { WorldBuilder } from "./builder.ts";
import { DAY } from "./builder.ts";
import type { BuiltApp } from "./workloads.ts";

const b64 = (s: string) => btoa(s);
const FAKE_CA = "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIZGVtby1jYS0wDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\nAxMKa3ViZXJuZXRlczAeFw0yNjA4MDEwMDAwMDBaFw0zNjA3MzAwMDAwMDBaMBUx\n-----END CERTIFICATE-----\n";

export function buildNamespaces(b: WorldBuilder, names: string[]): void {
  for (const name of names) {
    const system = name.startsWith("kube-") || name === "default";
    const ageMs = system ? 120 * DAY : name.startsWith("team-") ? 10 * DAY : b.rng.int(30, 90) * DAY;
    const labels: Record<string, string> = { "kubernetes.io/metadata.name": name };
    if (!system) labels["periscope.dev/environment"] = name.startsWith("team-") ? "staging" : "production";
    b.add({ apiVersion: "v1", kind: "Namespace", metadata: b.meta(name, undefined, { ageMs, labels }), spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } } as KubeObject);
    b.add({ apiVersion: "v1", kind: "ServiceAccount", metadata: b.meta("default", name, { ageMs }) } as KubeObject);
    b.add({ apiVersion: "v1", kind: "ConfigMap", metadata: b.meta("kube-root-ca.crt", name, { ageMs, annotations: { "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." } }), data: { "ca.crt": FAKE_CA } } as KubeObject);
    if (name.startsWith("team-")) {
      b.add({ apiVersion: "v1", kind: "ResourceQuota", metadata: b.meta("compute", name, { ageMs }), spec: { hard: { "requests.cpu": "8", "requests.memory": "16Gi", pods: "80" } }, status: { hard: { "requests.cpu": "8", "requests.memory": "16Gi", pods: "80" }, used: { "requests.cpu": "3", "requests.memory": "5760Mi", pods: "60" } } } as KubeObject);
      b.add({ apiVersion: "v1", kind: "LimitRange", metadata: b.meta("defaults", name, { ageMs }), spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "50m", memory: "64Mi" } }] } } as KubeObject);
    }
  }
  b.add({ apiVersion: "v1", kind: "ResourceQuota", metadata: b.meta("data-quota", "data", { ageMs: 60 * DAY }), spec: { hard: { "requests.cpu": "16", "requests.memory": "64Gi", persistentvolumeclaims: "10" } }, status: { hard: { "requests.cpu": "16", "requests.memory": "64Gi", persistentvolumeclaims: "10" }, used: { "requests.cpu": "4600m", "requests.memory": "49152Mi", persistentvolumeclaims: "2" } } } as KubeObject);
  b.add({ apiVersion: "v1", kind: "LimitRange", metadata: b.meta("container-limits", "data", { ageMs: 60 * DAY }), spec: { limits: [{ type: "Container", max: { cpu: "4", memory: "32Gi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] } } as KubeObject);
}

export function buildAppConfig(b: WorldBuilder, app: BuiltApp): void {
  const { namespace, name, release } = app.spec;
  const ageMs = b.now - Date.parse(app.pods[0]?.metadata.creationTimestamp ?? b.at(DAY)) + 120_000;
  if (namespace === "kube-system" || release) b.add({ apiVersion: "v1", kind: "ServiceAccount", metadata: b.meta(name, namespace, { ageMs, labels: { "app.kubernetes.io/name": name } }) } as KubeObject);
  if (namespace === "kube-system" || (namespace.startsWith("team-") && name !== "web")) return;
  b.add({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: b.meta(`${name}-config`, namespace, { ageMs, labels: { "app.kubernetes.io/name": name } }),
    data: { "config.yaml": `server:\n  port: ${app.spec.containers[0]?.port ?? 8080}\nlogLevel: info\nfeatures:\n  newCheckout: ${b.rng.chance(0.5)}\n`, LOG_FORMAT: "json" },
  } as KubeObject);
  if (namespace.startsWith("team-")) return;
  b.add({
    apiVersion: "v1",
    kind: "Secret",
    metadata: b.meta(`${name}-credentials`, namespace, { ageMs, labels: { "app.kubernetes.io/name": name } }),
    type: "Opaque",
    data: { username: b64(`${name.replace(/-/g, "_")}_svc`), password: b64(`demo-${b.hex(20)}`) },
  } as KubeObject);
}

export function buildClusterConfig(b: WorldBuilder): void {
  const tls = (ns: string, name: string) =>
    b.add({
      apiVersion: "v1",
      kind: "Secret",
      metadata: b.meta(name, ns, { ageMs: 20 * DAY, annotations: { "cert-manager.io/certificate-name": name, "cert-manager.io/issuer-name": "letsencrypt" } }),
      type: "kubernetes.io/tls",
      data: { "tls.crt": b64(FAKE_CA), "tls.key": b64("-----BEGIN PRIVATE KEY-----\n(demo key, not real)\n-----END PRIVATE KEY-----\n") },
    } as KubeObject);
  tls("shop", "shop-tls");
  b.add({
    apiVersion: "v1",
    kind: "Secret",
    metadata: b.meta("ghcr-pull", "shop", { ageMs: 50 * DAY }),
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": b64(JSON.stringify({ auths: { "ghcr.io": { auth: b64("acme-bot:demo-token") } } })) },
  } as KubeObject);
  for (const [name, value, description, global] of [
    ["system-cluster-critical", 2000000000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.", false],
    ["system-node-critical", 2000001000, "Used for system critical pods that must not be moved from their current node.", false],
    ["business-critical", 100000, "Customer-facing services; may preempt batch work.", false],
    ["batch-low", -10, "Best-effort batch jobs.", false],
  ] as const) {
    b.add({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: b.meta(name, undefined, { ageMs: 120 * DAY }), value, globalDefault: global, description, preemptionPolicy: "PreemptLowerPriority" } as KubeObject);
  }
  b.add({ apiVersion: "node.k8s.io/v1", kind: "RuntimeClass", metadata: b.meta("gvisor", undefined, { ageMs: 60 * DAY }), handler: "runsc", scheduling: { nodeSelector: { "sandbox.gke.io/runtime": "gvisor" } } } as KubeObject);
  b.add({
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: b.meta("api", "shop", { ageMs: 30 * DAY }),
    spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" }, minReplicas: 3, maxReplicas: 10, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] },
    status: { currentReplicas: 3, desiredReplicas: 3, lastScaleTime: b.at(2 * DAY), currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 42, averageValue: "105m" } } }], conditions: [{ type: "AbleToScale", status: "True", reason: "ReadyForNewScale", message: "recommended size matches current size", lastTransitionTime: b.at(2 * DAY) }, { type: "ScalingActive", status: "True", reason: "ValidMetricFound", message: "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", lastTransitionTime: b.at(30 * DAY) }] },
  } as KubeObject);
  b.add({
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { ...b.meta("api", "shop", { ageMs: 30 * DAY }), generation: 1 },
    spec: { minAvailable: 2, selector: { matchLabels: { "app.kubernetes.io/name": "api" } } },
    status: { observedGeneration: 1, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3, conditions: [{ type: "DisruptionAllowed", status: "True", reason: "SufficientPods", message: "", observedGeneration: 1, lastTransitionTime: b.at(2 * DAY) }] },
  } as KubeObject);
}
