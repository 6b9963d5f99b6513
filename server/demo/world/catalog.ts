/**
 * What runs in the demo cluster: a hand-written set of realistic apps (with their trouble spots), plus
 * generated team namespaces when a larger world is asked for (benchmarks).
 */
import type { ContainerSpec, PodProblem } from "./pods.ts";

export interface AppSpec {
  namespace: string;
  name: string;
  kind: "Deployment" | "StatefulSet" | "DaemonSet";
  replicas: number;
  containers: ContainerSpec[];
  /** Trouble for some replicas, by index. */
  problems?: Partial<Record<number, PodProblem>>;
  service?: "ClusterIP" | "LoadBalancer" | "headless";
  /** StatefulSet volume size, e.g. "20Gi". */
  storage?: string;
  /** Helm release that installed it (adds the Helm labels). */
  release?: string;
  component?: string;
}

const c = (name: string, image: string, port: number | undefined, cpuMilli: number, memoryMi: number, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  name,
  image,
  ...(port ? { port } : {}),
  cpuMilli,
  memoryMi,
  memoryLimitMi: memoryMi * 2,
  ...extra,
});

export const NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease", "shop", "payments", "data", "monitoring", "batch", "periscope"];

export function baseApps(): AppSpec[] {
  return [
    { namespace: "shop", name: "frontend", kind: "Deployment", replicas: 3, containers: [c("nginx", "nginx:1.27.3", 80, 100, 64)], service: "LoadBalancer", release: "shop" },
    {
      namespace: "shop",
      name: "api",
      kind: "Deployment",
      replicas: 3,
      containers: [
        c("api", "ghcr.io/acme/shop-api:2.14.1", 8080, 250, 256, { env: { DATABASE_HOST: "ledger-db.payments.svc", LOG_LEVEL: "info" } }),
        c("envoy", "envoyproxy/envoy:v1.31.2", 9901, 50, 64),
      ],
      service: "ClusterIP",
      release: "shop",
    },
    { namespace: "shop", name: "cart", kind: "Deployment", replicas: 2, containers: [c("cart", "ghcr.io/acme/cart:1.8.0", 8080, 100, 128, { env: { REDIS_HOST: "redis" } })], problems: { 1: "crashloop" }, service: "ClusterIP", release: "shop" },
    { namespace: "shop", name: "recommendations", kind: "Deployment", replicas: 2, containers: [c("recommender", "ghcr.io/acme/recommendations:v2.1.0-rc3", 8080, 200, 512)], problems: { 0: "imagepull", 1: "imagepull" }, service: "ClusterIP" },
    { namespace: "shop", name: "redis", kind: "StatefulSet", replicas: 1, containers: [c("redis", "redis:7.4.1", 6379, 100, 256)], service: "headless", storage: "8Gi", release: "shop" },
    { namespace: "payments", name: "payments-api", kind: "Deployment", replicas: 2, containers: [c("payments", "ghcr.io/acme/payments:3.2.0", 8443, 250, 256)], problems: { 1: "restarted" }, service: "ClusterIP" },
    { namespace: "payments", name: "fraud-detector", kind: "Deployment", replicas: 2, containers: [c("detector", "ghcr.io/acme/fraud-detector:0.9.4", 8080, 500, 384, { memoryLimitMi: 512 })], problems: { 0: "oom-crashloop", 1: "oom-recovered" }, service: "ClusterIP" },
    { namespace: "payments", name: "ledger-db", kind: "StatefulSet", replicas: 2, containers: [c("postgres", "postgres:16.4", 5432, 500, 1024, { memoryLimitMi: 1024 })], service: "headless", storage: "50Gi" },
    { namespace: "data", name: "etl-worker", kind: "Deployment", replicas: 2, containers: [c("worker", "ghcr.io/acme/etl-worker:5.0.1", undefined, 300, 512)], problems: { 1: "creating" } },
    { namespace: "data", name: "analytics-db", kind: "StatefulSet", replicas: 2, containers: [c("postgres", "postgres:16.4", 5432, 2000, 24000, { memoryLimitMi: 24000 })], problems: { 1: "pending" }, service: "headless", storage: "200Gi" },
    { namespace: "monitoring", name: "prometheus", kind: "StatefulSet", replicas: 1, containers: [c("prometheus", "quay.io/prometheus/prometheus:v3.0.1", 9090, 500, 2048)], service: "ClusterIP", storage: "100Gi", release: "monitoring" },
    { namespace: "monitoring", name: "grafana", kind: "Deployment", replicas: 1, containers: [c("grafana", "grafana/grafana:11.3.1", 3000, 100, 256)], service: "ClusterIP", release: "monitoring" },
    { namespace: "monitoring", name: "node-exporter", kind: "DaemonSet", replicas: 0, containers: [c("node-exporter", "quay.io/prometheus/node-exporter:v1.8.2", 9100, 50, 64)], release: "monitoring" },
    { namespace: "kube-system", name: "coredns", kind: "Deployment", replicas: 2, containers: [c("coredns", "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.4-eksbuild.2", 53, 100, 70, { memoryLimitMi: 170 })], service: "ClusterIP", component: "kube-dns" },
    { namespace: "kube-system", name: "metrics-server", kind: "Deployment", replicas: 1, containers: [c("metrics-server", "registry.k8s.io/metrics-server/metrics-server:v0.7.2", 10250, 100, 200)], service: "ClusterIP" },
    { namespace: "kube-system", name: "kube-proxy", kind: "DaemonSet", replicas: 0, containers: [c("kube-proxy", "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.33.0-minimal-eksbuild.2", undefined, 100, 64)] },
    { namespace: "kube-system", name: "aws-node", kind: "DaemonSet", replicas: 0, containers: [c("aws-node", "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1", 61678, 25, 64)] },
    { namespace: "periscope", name: "periscope", kind: "Deployment", replicas: 1, containers: [c("periscope", "ghcr.io/gnana997/periscope:1.4.0", 8080, 100, 128)], service: "ClusterIP" },
  ];
}

const TEAM_IMAGES = ["ghcr.io/acme/orders:4.1.0", "ghcr.io/acme/inventory:2.0.3", "ghcr.io/acme/search:1.12.0", "nginx:1.27.3", "ghcr.io/acme/notifier:0.8.1", "ghcr.io/acme/billing-worker:3.3.3"];
const TEAM_APPS = ["orders", "inventory", "search", "web", "notifier", "billing-worker"];

/** Extra team namespaces until the world has about `targetPods` pods (each team app has 10 replicas). */
export function teamApps(existingPods: number, targetPods: number): { namespaces: string[]; apps: AppSpec[] } {
  const namespaces: string[] = [];
  const apps: AppSpec[] = [];
  let pods = existingPods;
  for (let team = 1; pods < targetPods; team++) {
    const ns = `team-${String(team).padStart(3, "0")}`;
    namespaces.push(ns);
    for (let i = 0; i < TEAM_APPS.length && pods < targetPods; i++) {
      const replicas = Math.min(10, targetPods - pods);
      const problems: Partial<Record<number, PodProblem>> = {};
      if ((team + i) % 7 === 0) problems[replicas - 1] = "crashloop";
      if ((team + i) % 11 === 0) problems[0] = "imagepull";
      if ((team + i) % 13 === 0) problems[0] = "oom-recovered";
      apps.push({
        namespace: ns,
        name: TEAM_APPS[i]!,
        kind: "Deployment",
        replicas,
        containers: [c(TEAM_APPS[i]!, TEAM_IMAGES[i]!, 8080, 50, 96)],
        problems,
        service: "ClusterIP",
      });
      pods += replicas;
    }
  }
  return { namespaces, apps };
}
