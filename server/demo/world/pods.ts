/**
 * Pods with the status a kubelet would report: Running, CrashLoopBackOff (and OOMKilled last state),
 * ImagePullBackOff, unschedulable Pending, ContainerCreating, and finished Job pods — with conditions,
 * containerStatuses, restartCount, IPs and QoS class filled in.
 */
import type { KubeObject } from "../types.ts";
import type { OwnerRef, WorldBuilder } from "./builder.ts";
import { HOUR, MINUTE } from "./builder.ts";
import type { NodeFacts } from "./nodes.ts";

export interface ContainerSpec {
  name: string;
  image: string;
  port?: number;
  cpuMilli: number;
  memoryMi: number;
  memoryLimitMi?: number;
  env?: Record<string, string>;
  command?: string[];
}

export type PodProblem = "crashloop" | "oom-crashloop" | "oom-recovered" | "imagepull" | "pending" | "creating" | "restarted" | "succeeded" | "failed";

export interface PodInput {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  owner: OwnerRef | undefined;
  node: NodeFacts | undefined;
  containers: ContainerSpec[];
  problem: PodProblem | undefined;
  ageMs: number;
  serviceAccount: string;
  restartPolicy?: "Always" | "OnFailure" | "Never";
  volumes?: Array<Record<string, unknown>>;
  annotations?: Record<string, string>;
  nodeCount: number;
}

export function buildPod(b: WorldBuilder, p: PodInput): KubeObject {
  const meta = b.meta(p.name, p.namespace, { ageMs: p.ageMs, labels: p.labels, annotations: p.annotations, owner: p.owner });
  const scheduled = p.problem !== "pending" && p.node !== undefined;
  const created = Date.parse(meta.creationTimestamp!);
  const at = (msAfterCreate: number) => new Date(Math.min(b.now - 1000, created + msAfterCreate)).toISOString().replace(/\.\d+Z$/, "Z");
  const nodeReady = p.node?.ready ?? false;
  const podIp = scheduled && p.problem !== "creating" ? b.nextPodIp() : undefined;
  const statuses = p.containers.map((c, i) => containerStatus(b, c, p, i === 0 ? p.problem : undefined, at, meta.uid!));
  const allReady = scheduled && statuses.every((s) => s.ready) && nodeReady;
  const phase =
    p.problem === "succeeded" ? "Succeeded" : p.problem === "failed" ? "Failed" : !scheduled || p.problem === "imagepull" || p.problem === "creating" ? "Pending" : "Running";
  const finished = phase === "Succeeded" || phase === "Failed";
  const cond = (type: string, status: boolean, extra: Record<string, unknown> = {}) => ({
    type,
    status: status ? "True" : "False",
    lastProbeTime: null,
    lastTransitionTime: at(status ? 8000 : 2000),
    ...extra,
  });
  const notReady = finished
    ? { reason: "PodCompleted" }
    : { reason: "ContainersNotReady", message: `containers with unready status: [${statuses.filter((s) => !s.ready).map((s) => s.name).join(" ")}]` };
  const conditions = scheduled
    ? [
        cond("PodReadyToStartContainers", p.problem !== "creating" && !finished),
        cond("Initialized", true, finished ? { reason: "PodCompleted" } : {}),
        cond("Ready", allReady, allReady ? {} : notReady),
        cond("ContainersReady", allReady && statuses.every((s) => s.ready), allReady ? {} : notReady),
        cond("PodScheduled", true),
      ]
    : [
        cond("PodScheduled", false, {
          reason: "Unschedulable",
          message: `0/${p.nodeCount} nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, ${p.nodeCount - 1} Insufficient memory. preemption: 0/${p.nodeCount} nodes are available: 1 Preemption is not helpful for scheduling, ${p.nodeCount - 1} No preemption victims found for incoming pod.`,
        }),
      ];
  const guaranteed = p.containers.every((c) => c.memoryLimitMi === c.memoryMi);
  const status: Record<string, unknown> = {
    phase,
    conditions,
    qosClass: guaranteed ? "Guaranteed" : "Burstable",
  };
  if (scheduled) {
    status.hostIP = p.node!.internalIp;
    status.hostIPs = [{ ip: p.node!.internalIp }];
    status.startTime = at(1000);
    status.containerStatuses = statuses.map(({ ready: _r, ...s }) => ({ ...s, ready: _r }));
    if (podIp) {
      status.podIP = podIp;
      status.podIPs = [{ ip: podIp }];
    }
  }
  return b.add({
    apiVersion: "v1",
    kind: "Pod",
    metadata: meta,
    spec: {
      containers: p.containers.map((c) => ({
        name: c.name,
        image: c.image,
        ...(c.command ? { command: c.command } : {}),
        ...(c.port ? { ports: [{ containerPort: c.port, name: c.port === 5432 ? "postgres" : "http", protocol: "TCP" }] } : {}),
        env: Object.entries(c.env ?? {}).map(([name, value]) => ({ name, value })),
        resources: {
          requests: { cpu: `${c.cpuMilli}m`, memory: `${c.memoryMi}Mi` },
          ...(c.memoryLimitMi ? { limits: { memory: `${c.memoryLimitMi}Mi`, ...(c.memoryLimitMi === c.memoryMi ? { cpu: `${c.cpuMilli}m` } : {}) } } : {}),
        },
        imagePullPolicy: "IfNotPresent",
        terminationMessagePath: "/dev/termination-log",
        terminationMessagePolicy: "File",
        volumeMounts: [{ name: "kube-api-access", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", readOnly: true }],
      })),
      restartPolicy: p.restartPolicy ?? "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      serviceAccountName: p.serviceAccount,
      serviceAccount: p.serviceAccount,
      ...(scheduled ? { nodeName: p.node!.name } : {}),
      securityContext: {},
      schedulerName: "default-scheduler",
      enableServiceLinks: true,
      preemptionPolicy: "PreemptLowerPriority",
      priority: 0,
      tolerations: [
        { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      ],
      volumes: [
        ...(p.volumes ?? []),
        { name: "kube-api-access", projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: "token" } }, { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } }] } },
      ],
    },
    status,
  } as KubeObject);
}

function containerStatus(b: WorldBuilder, c: ContainerSpec, p: PodInput, problem: PodProblem | undefined, at: (ms: number) => string, uid: string) {
  const id = () => `containerd://${b.hex(64)}`;
  const imageID = `${c.image.split(":")[0]}@sha256:${b.hex(64)}`;
  const base = { name: c.name, image: c.image, imageID, containerID: id(), started: true, ready: true, restartCount: 0 };
  const recent = (ms: number) => new Date(b.now - ms).toISOString().replace(/\.\d+Z$/, "Z");
  const nodeReady = p.node?.ready ?? false;
  switch (problem) {
    case "crashloop":
    case "oom-crashloop": {
      const restarts = b.rng.int(5, 40);
      const oom = problem === "oom-crashloop";
      return {
        ...base,
        started: false,
        ready: false,
        restartCount: restarts,
        state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 5m0s restarting failed container=${c.name} pod=${p.name}_${p.namespace}(${uid})` } },
        lastState: { terminated: { exitCode: oom ? 137 : 1, reason: oom ? "OOMKilled" : "Error", startedAt: recent(3 * MINUTE + 40_000), finishedAt: recent(3 * MINUTE), containerID: id() } },
      };
    }
    case "oom-recovered":
    case "restarted": {
      const oom = problem === "oom-recovered";
      return {
        ...base,
        restartCount: b.rng.int(1, 4),
        state: { running: { startedAt: recent(b.rng.int(20, 300) * MINUTE) } },
        lastState: { terminated: { exitCode: oom ? 137 : 2, reason: oom ? "OOMKilled" : "Error", startedAt: recent(6 * HOUR), finishedAt: recent(5 * HOUR), containerID: id() } },
        ready: nodeReady,
      };
    }
    case "imagepull":
      return {
        name: c.name,
        image: c.image,
        imageID: "",
        started: false,
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${c.image}": ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "${c.image}": not found` } },
      };
    case "creating":
      return { name: c.name, image: c.image, imageID: "", started: false, ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } };
    case "succeeded":
    case "failed":
      return {
        ...base,
        started: false,
        ready: false,
        state: { terminated: { exitCode: problem === "succeeded" ? 0 : 1, reason: problem === "succeeded" ? "Completed" : "Error", startedAt: at(4000), finishedAt: at(problem === "succeeded" ? 95_000 : 30_000), containerID: base.containerID } },
      };
    default:
      return { ...base, ready: nodeReady, state: { running: { startedAt: at(6000) } } };
  }
}
