/** Objects for the live tests, built by code: a namespace "web" with a Deployment, its pods and a two-container pod. */
import type { KubeObject } from "../../server/demo/types.ts";

export function livePod(name: string, o: { app?: string; containers?: string[]; defaultContainer?: string; waiting?: boolean; namespace?: string } = {}): KubeObject {
  const containers = o.containers ?? ["main"];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: o.namespace ?? "web",
      labels: { app: o.app ?? name },
      ...(o.defaultContainer ? { annotations: { "kubectl.kubernetes.io/default-container": o.defaultContainer } } : {}),
    },
    spec: { containers: containers.map((c) => ({ name: c, image: c === "main" ? "nginx:1.27" : "busybox:1.36" })), nodeName: "node-1" },
    status: {
      phase: o.waiting ? "Pending" : "Running",
      startTime: new Date(Date.now() - 3_600_000).toISOString(),
      containerStatuses: containers.map((c) => ({
        name: c,
        image: c === "main" ? "nginx:1.27" : "busybox:1.36",
        ready: !o.waiting,
        restartCount: 0,
        state: o.waiting ? { waiting: { reason: "ContainerCreating" } } : { running: { startedAt: new Date(Date.now() - 3_600_000).toISOString() } },
      })),
    },
  };
}

export function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "web" },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image: "nginx:1.27" }] } } },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas },
  };
}

export function configMap(name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "web" }, data };
}

export function liveFixtures(): KubeObject[] {
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "web" } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } },
    deployment("web", 2),
    livePod("web-1", { app: "web" }),
    livePod("web-2", { app: "web" }),
    livePod("multi", { containers: ["sidecar", "app"], defaultContainer: "app" }),
    livePod("pending", { waiting: true }),
    livePod("elsewhere", { namespace: "other" }),
  ];
}
