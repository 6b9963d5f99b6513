/** Small objects for simulator tests, built by code. */
import type { KubeObject } from "../../server/demo/types.ts";

export function namespace(name: string): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name } };
}

export function pod(namespace: string, name: string, state: "Running" | "CrashLoopBackOff" | "Pending" = "Running", labels: Record<string, string> = { app: name.replace(/-\d+$/, "") }): KubeObject {
  const running = state === "Running";
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels },
    spec: { nodeName: state === "Pending" ? undefined : "node-1", containers: [{ name: "app", image: "nginx:1.25" }] },
    status: {
      phase: state === "CrashLoopBackOff" ? "Running" : state,
      podIP: "10.0.0.1",
      containerStatuses:
        state === "Pending"
          ? []
          : [
              {
                name: "app",
                ready: running,
                restartCount: running ? 0 : 4,
                image: "nginx:1.25",
                state: running ? { running: { startedAt: "2026-01-01T00:00:00Z" } } : { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container" } },
              },
            ],
    },
  };
}

export function deployment(namespace: string, name: string, replicas = 2): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx:1.25" }] } },
    },
  };
}

export function widgetCrd(): KubeObject {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural: "widgets", singular: "widget", kind: "Widget", shortNames: ["wd"] },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
          subresources: { status: {}, scale: { specReplicasPath: ".spec.size", statusReplicasPath: ".status.size" } },
          additionalPrinterColumns: [
            { name: "Size", type: "integer", jsonPath: ".spec.size" },
            { name: "Color", type: "string", jsonPath: ".spec.color" },
            { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          ],
        },
      ],
    },
  };
}

export function widget(namespace: string, name: string, size: number, color: string, ready = "True"): KubeObject {
  return {
    apiVersion: "example.com/v1",
    kind: "Widget",
    metadata: { name, namespace },
    spec: { size, color },
    status: { conditions: [{ type: "Ready", status: ready }] },
  };
}

/** A world with pods in two namespaces (one crash-looping) and a deployment. */
export function smallWorld(): KubeObject[] {
  return [
    namespace("shop"),
    pod("default", "web-1"),
    pod("default", "web-2"),
    pod("default", "web-3"),
    pod("shop", "cart-1", "CrashLoopBackOff"),
    pod("shop", "cart-2", "Pending"),
    deployment("shop", "cart"),
  ];
}
