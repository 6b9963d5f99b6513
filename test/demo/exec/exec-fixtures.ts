/** Pods built by code for the exec/log tests, shaped like the apiserver stores them. */
export function runningPod(name: string, containers: Array<{ name: string; image?: string; env?: Record<string, string> }>, namespace = "shop") {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, uid: `uid-${name}`, creationTimestamp: "2026-11-25T06:00:00Z", labels: { app: name.split("-")[0] } },
    spec: {
      nodeName: "node-a",
      containers: containers.map((c) => ({
        name: c.name,
        image: c.image ?? "nginx:1.27",
        env: Object.entries(c.env ?? {}).map(([k, v]) => ({ name: k, value: v })),
      })),
    },
    status: {
      phase: "Running",
      containerStatuses: containers.map((c) => ({
        name: c.name,
        ready: true,
        restartCount: 0,
        state: { running: { startedAt: "2026-11-25T06:00:05Z" } },
      })),
    },
  };
}

export function waitingPod(name: string, reason: string) {
  const pod = runningPod(name, [{ name: "app" }]);
  pod.status.containerStatuses[0]!.state = { waiting: { reason } } as never;
  return pod;
}
