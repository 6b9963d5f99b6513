/**
 * The demo's Helm releases, matching what the world runs: `shop` (rolled back after a failed upgrade),
 * `monitoring` (upgraded once), `cert-manager` (installed once) and `analytics` (latest upgrade failed).
 */
import type { HelmReleaseSpec } from "../helm-releases.ts";
import { DAY, HOUR } from "./builder.ts";

export function demoReleases(): HelmReleaseSpec[] {
  const svc = (name: string, port: number) => ({ apiVersion: "v1", kind: "Service", name, template: "service.yaml", spec: { type: "ClusterIP", ports: [{ port, targetPort: port, protocol: "TCP", name: "http" }] } });
  const deploy = (name: string, replicas: number) => ({ apiVersion: "apps/v1", kind: "Deployment", name, template: `${name}-deployment.yaml`, spec: { replicas } });
  return [
    {
      name: "shop",
      namespace: "shop",
      chart: "shop",
      chartDescription: "The Acme storefront: frontend, API, cart and cache.",
      notes: "The shop is available at https://shop.example.com\n",
      resources: [svc("frontend", 80), svc("api", 8080), svc("cart", 8080), deploy("frontend", 3), deploy("api", 3), deploy("cart", 2), { apiVersion: "apps/v1", kind: "StatefulSet", name: "redis", template: "redis-statefulset.yaml" }, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "storefront", template: "ingress.yaml" }],
      revisions: [
        { status: "superseded", chartVersion: "1.3.0", appVersion: "2.12.0", description: "Install complete", values: { api: { replicas: 2 }, ingress: { host: "shop.example.com" } }, ageMs: 41 * DAY },
        { status: "superseded", chartVersion: "1.4.0", appVersion: "2.14.1", description: "Upgrade complete", values: { api: { replicas: 3 }, ingress: { host: "shop.example.com" } }, ageMs: 9 * DAY },
        { status: "failed", chartVersion: "1.4.1", appVersion: "2.15.0", description: 'Upgrade "shop" failed: context deadline exceeded', values: { api: { replicas: 3, image: { tag: "2.15.0" } }, ingress: { host: "shop.example.com" } }, ageMs: 2 * DAY + 3 * HOUR },
        { status: "deployed", chartVersion: "1.4.0", appVersion: "2.14.1", description: "Rollback to 2", values: { api: { replicas: 3 }, ingress: { host: "shop.example.com" } }, ageMs: 2 * DAY },
      ],
    },
    {
      name: "monitoring",
      namespace: "monitoring",
      chart: "kube-prometheus-stack",
      chartDescription: "kube-prometheus-stack collects Kubernetes manifests, Grafana dashboards, and Prometheus rules.",
      notes: "kube-prometheus-stack has been installed. Check its status by running:\n  kubectl --namespace monitoring get pods -l \"release=monitoring\"\n",
      resources: [deploy("grafana", 1), svc("grafana", 3000), { apiVersion: "apps/v1", kind: "DaemonSet", name: "node-exporter", template: "node-exporter-daemonset.yaml" }, { apiVersion: "apps/v1", kind: "StatefulSet", name: "prometheus", template: "prometheus-statefulset.yaml" }],
      revisions: [
        { status: "superseded", chartVersion: "65.1.0", appVersion: "v0.77.1", description: "Install complete", values: { grafana: { adminPassword: "(set)" } }, ageMs: 60 * DAY },
        { status: "deployed", chartVersion: "66.2.1", appVersion: "v0.78.2", description: "Upgrade complete", values: { grafana: { adminPassword: "(set)" }, prometheus: { prometheusSpec: { retention: "15d" } } }, ageMs: 12 * DAY },
      ],
    },
    {
      name: "cert-manager",
      namespace: "kube-system",
      chart: "cert-manager",
      chartDescription: "A Helm chart for cert-manager",
      notes: "cert-manager v1.16.1 has been deployed successfully!\n",
      resources: [{ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", name: "certificates.cert-manager.io", template: "crds.yaml" }],
      revisions: [{ status: "deployed", chartVersion: "v1.16.1", appVersion: "v1.16.1", description: "Install complete", values: { crds: { enabled: true } }, ageMs: 80 * DAY }],
    },
    {
      name: "analytics",
      namespace: "data",
      chart: "postgresql",
      chartDescription: "PostgreSQL is an object-relational database.",
      notes: "",
      resources: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "analytics-db", template: "primary/statefulset.yaml" }],
      revisions: [
        { status: "superseded", chartVersion: "15.5.38", appVersion: "16.4.0", description: "Install complete", values: { primary: { resources: { requests: { memory: "8Gi" } } } }, ageMs: 30 * DAY },
        { status: "failed", chartVersion: "16.2.1", appVersion: "16.4.0", description: "Upgrade \"analytics\" failed: post-upgrade hooks failed: 1 error occurred:\n\t* timed out waiting for the condition", values: { primary: { resources: { requests: { memory: "24Gi" } } }, readReplicas: { replicaCount: 1 } }, ageMs: 50 * 60_000 },
      ],
    },
  ];
}
