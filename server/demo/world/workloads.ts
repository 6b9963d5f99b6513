/**
 * Deployments (with current and previous ReplicaSets), StatefulSets (with PVCs) and DaemonSets (one pod per
 * node), each with pods whose states come from the app catalog, and statuses that add up.
 */
import type { KubeObject } from "../types.ts";
import type { WorldBuilder } from "./builder.ts";
import { DAY, HOUR, MINUTE } from "./builder.ts";
import type { AppSpec } from "./catalog.ts";
import type { NodeFacts } from "./nodes.ts";
import { buildPod } from "./pods.ts";
import { claimFor } from "./storage.ts";

export interface BuiltApp {
  spec: AppSpec;
  selector: Record<string, string>;
  pods: KubeObject[];
}

function appLabels(app: AppSpec): { selector: Record<string, string>; labels: Record<string, string> } {
  const selector = { "app.kubernetes.io/name": app.name, "app.kubernetes.io/instance": app.release ?? app.name };
  const labels: Record<string, string> = { ...selector };
  if (app.component) labels["k8s-app"] = app.component;
  if (app.release) {
    labels["app.kubernetes.io/managed-by"] = "Helm";
    labels["helm.sh/chart"] = `${app.release}-1.4.2`;
  }
  return { selector, labels };
}

function template(app: AppSpec, labels: Record<string, string>) {
  return {
    metadata: { labels },
    spec: {
      containers: app.containers.map((c) => ({
        name: c.name,
        image: c.image,
        ...(c.port ? { ports: [{ containerPort: c.port, protocol: "TCP" }] } : {}),
        resources: { requests: { cpu: `${c.cpuMilli}m`, memory: `${c.memoryMi}Mi` }, ...(c.memoryLimitMi ? { limits: { memory: `${c.memoryLimitMi}Mi` } } : {}) },
      })),
      restartPolicy: "Always",
    },
  };
}

const readyCount = (pods: KubeObject[]) =>
  pods.filter((p) => ((p.status as { conditions?: Array<{ type: string; status: string }> }).conditions ?? []).some((c) => c.type === "Ready" && c.status === "True")).length;

export function buildApp(b: WorldBuilder, app: AppSpec, nodes: NodeFacts[]): BuiltApp {
  const { selector, labels } = appLabels(app);
  const readyNodes = nodes.filter((n) => n.ready);
  const ageMs = b.rng.int(2, 60) * DAY + b.rng.int(0, 1440) * MINUTE;
  const annotations = app.release ? { "meta.helm.sh/release-name": app.release, "meta.helm.sh/release-namespace": app.namespace } : undefined;
  const podsOf = (names: string[], owner: KubeObject, extraLabels: (i: number) => Record<string, string>, podAge: number, fixedNode?: (i: number) => NodeFacts) =>
    names.map((name, i) =>
      buildPod(b, {
        namespace: app.namespace,
        name,
        labels: { ...labels, ...extraLabels(i) },
        owner,
        // Only DaemonSet pods stay on an unreachable node; the others were evicted and rescheduled long ago.
        node: fixedNode ? fixedNode(i) : b.rng.pick(readyNodes),
        containers: app.containers,
        problem: app.problems?.[i],
        ageMs: Math.min(ageMs, podAge + b.rng.int(0, 90) * 1000),
        serviceAccount: app.namespace === "kube-system" || app.release ? app.name : "default",
        nodeCount: nodes.length,
        volumes: app.kind === "StatefulSet" && app.storage ? [{ name: "data", persistentVolumeClaim: { claimName: `data-${name}` } }] : undefined,
      }),
    );

  if (app.kind === "Deployment") {
    const deploy = b.add({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { ...b.meta(app.name, app.namespace, { ageMs, labels, annotations: { "deployment.kubernetes.io/revision": "2", ...annotations } }), generation: 2 },
      spec: {
        replicas: app.replicas,
        selector: { matchLabels: selector },
        template: template(app, labels),
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
    } as KubeObject);
    const rollout = Math.min(ageMs - HOUR, b.rng.int(1, 7 * 24) * HOUR);
    const oldHash = b.hash(`${app.namespace}/${app.name}/1`);
    const hash = b.hash(`${app.namespace}/${app.name}/2`);
    const rs = (h: string, rev: string, replicas: number, age: number) =>
      b.add({
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          ...b.meta(`${app.name}-${h}`, app.namespace, {
            ageMs: age,
            labels: { ...labels, "pod-template-hash": h },
            annotations: { "deployment.kubernetes.io/desired-replicas": String(app.replicas), "deployment.kubernetes.io/max-replicas": String(app.replicas + Math.ceil(app.replicas / 4)), "deployment.kubernetes.io/revision": rev, ...annotations },
            owner: deploy,
          }),
          generation: 1,
        },
        spec: { replicas, selector: { matchLabels: { ...selector, "pod-template-hash": h } }, template: template(app, { ...labels, "pod-template-hash": h }) },
        status: { replicas, observedGeneration: 1 },
      } as KubeObject);
    rs(oldHash, "1", 0, ageMs);
    const current = rs(hash, "2", app.replicas, rollout);
    const names = Array.from({ length: app.replicas }, () => `${app.name}-${hash}-${b.rng.suffix(5)}`);
    const pods = podsOf(names, current, () => ({ "pod-template-hash": hash }), rollout);
    const ready = readyCount(pods);
    current.status = { replicas: app.replicas, fullyLabeledReplicas: app.replicas, readyReplicas: ready, availableReplicas: ready, observedGeneration: 1 };
    deploy.status = {
      observedGeneration: 2,
      replicas: app.replicas,
      updatedReplicas: app.replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(ready < app.replicas ? { unavailableReplicas: app.replicas - ready } : {}),
      conditions: [
        ready > 0 || app.replicas === 0
          ? { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.", lastUpdateTime: b.at(rollout - MINUTE), lastTransitionTime: b.at(rollout - MINUTE) }
          : { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability.", lastUpdateTime: b.at(rollout - MINUTE), lastTransitionTime: b.at(rollout - MINUTE) },
        ready === app.replicas
          ? { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${app.name}-${hash}" has successfully progressed.`, lastUpdateTime: b.at(rollout - 2 * MINUTE), lastTransitionTime: b.at(ageMs) }
          : { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${app.name}-${hash}" has timed out progressing.`, lastUpdateTime: b.at(rollout - 10 * MINUTE), lastTransitionTime: b.at(rollout - 10 * MINUTE) },
      ],
    };
    return { spec: app, selector, pods };
  }

  if (app.kind === "StatefulSet") {
    const rev = `${app.name}-${b.rng.suffix(10)}`;
    const sts = b.add({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { ...b.meta(app.name, app.namespace, { ageMs, labels, annotations }), generation: 1 },
      spec: {
        replicas: app.replicas,
        serviceName: app.name,
        selector: { matchLabels: selector },
        template: template(app, labels),
        podManagementPolicy: "OrderedReady",
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
        ...(app.storage ? { volumeClaimTemplates: [{ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "gp3", resources: { requests: { storage: app.storage } } }, status: { phase: "Pending" } }] } : {}),
      },
    } as KubeObject);
    const names = Array.from({ length: app.replicas }, (_, i) => `${app.name}-${i}`);
    const pods = podsOf(names, sts, (i) => ({ "controller-revision-hash": rev, "statefulset.kubernetes.io/pod-name": `${app.name}-${i}`, "apps.kubernetes.io/pod-index": String(i) }), ageMs - MINUTE);
    if (app.storage) pods.forEach((p, i) => claimFor(b, app, `data-${names[i]}`, app.storage!, labels, p));
    const ready = readyCount(pods);
    sts.status = { observedGeneration: 1, replicas: app.replicas, readyReplicas: ready, currentReplicas: app.replicas, updatedReplicas: app.replicas, availableReplicas: ready, currentRevision: rev, updateRevision: rev, collisionCount: 0 };
    return { spec: app, selector, pods };
  }

  // DaemonSet: one pod on every node.
  const rev = b.rng.suffix(10);
  const ds = b.add({
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { ...b.meta(app.name, app.namespace, { ageMs, labels, annotations: { "deprecated.daemonset.template.generation": "1", ...annotations } }), generation: 1 },
    spec: { selector: { matchLabels: selector }, template: template(app, labels), updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 },
  } as KubeObject);
  const names = nodes.map(() => `${app.name}-${b.rng.suffix(5)}`);
  const pods = podsOf(names, ds, () => ({ "controller-revision-hash": rev, "pod-template-generation": "1" }), ageMs - MINUTE, (i) => nodes[i]!);
  const ready = readyCount(pods);
  ds.status = { currentNumberScheduled: nodes.length, desiredNumberScheduled: nodes.length, numberMisscheduled: 0, numberReady: ready, numberAvailable: ready, updatedNumberScheduled: nodes.length, observedGeneration: 1, ...(ready < nodes.length ? { numberUnavailable: nodes.length - ready } : {}) };
  return { spec: app, selector, pods };
}
