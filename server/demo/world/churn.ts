/**
 * Keeps the demo cluster alive: on each tick, troubled pods keep restarting and their events count up, and
 * now and then a healthy Deployment pod is replaced (deleted, recreated as ContainerCreating, Running on a
 * later tick) with the events and EndpointSlice changes a real cluster shows. Driven by a timer you start
 * and stop; `tick()` runs one step synchronously (tests call it directly).
 */
import type { Store } from "../store.ts";
import type { KubeObject, ResourceType } from "../types.ts";
import { makeEvent } from "./events.ts";
import type { EventSpec } from "./events.ts";
import { Random } from "./random.ts";

export interface ChurnOptions {
  seed?: number | string;
  /** Milliseconds between ticks when started (default 3000). */
  intervalMs?: number;
  /** Replace a healthy pod every this many ticks (default 4). */
  replaceEvery?: number;
  /** Events created by the churn beyond this many are pruned, oldest first (default 400). */
  maxEvents?: number;
  now?: () => number;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === "object" && v !== null ? (v as Rec) : {});
const arr = (v: unknown): Rec[] => (Array.isArray(v) ? v.map(rec) : []);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

export class Churn {
  private readonly store: Store;
  private readonly rng: Random;
  private readonly options: Required<Omit<ChurnOptions, "seed">>;
  private readonly pods: ResourceType;
  private readonly events: ResourceType;
  private readonly slices: ResourceType;
  private timer: ReturnType<typeof setInterval> | undefined;
  private ticks = 0;
  private readonly created: string[] = [];
  /** Replacement pods still starting, with the EndpointSlice they should join. */
  private readonly starting: Array<{ namespace: string; name: string; slice: string | undefined }> = [];
  /**
   * Candidates found by one scan at construction (lists clone every object, too slow per tick for a
   * 5,000-pod world); entries that no longer match are dropped when picked.
   */
  private crashLooping: Array<[string, string]> = [];
  private pulling: Array<[string, string]> = [];
  private healthy: Array<[string, string]> = [];
  /** Repeating events by (involved uid, reason, message) → namespace/name. */
  private readonly eventIndex = new Map<string, [string, string]>();
  /** Pods that became Running this tick; they join the healthy pool after it (not replaced at once). */
  private readonly justStarted: Array<[string, string]> = [];

  constructor(store: Store, options: ChurnOptions = {}) {
    this.store = store;
    this.rng = new Random(options.seed ?? "periscope-churn");
    this.options = { intervalMs: options.intervalMs ?? 3000, replaceEvery: options.replaceEvery ?? 4, maxEvents: options.maxEvents ?? 400, now: options.now ?? Date.now };
    this.pods = store.types.find("", "pods")!;
    this.events = store.types.find("", "events")!;
    this.slices = store.types.find("discovery.k8s.io", "endpointslices")!;
    for (const p of store.list(this.pods)) {
      const ref: [string, string] = [p.metadata.namespace!, p.metadata.name!];
      if (isCrashLooping(p)) this.crashLooping.push(ref);
      else if (isPullBackOff(p)) this.pulling.push(ref);
      else if (isHealthyReplica(p)) this.healthy.push(ref);
    }
    for (const e of store.list(this.events)) this.eventIndex.set(eventKey(rec(e.involvedObject).uid, e.reason, e.message), [e.metadata.namespace!, e.metadata.name!]);
  }

  /** A random still-valid candidate from `pool` (invalid ones are removed). */
  private pickFrom(pool: Array<[string, string]>, valid: (p: KubeObject) => boolean): KubeObject | undefined {
    while (pool.length > 0) {
      const i = this.rng.int(0, pool.length - 1);
      const [ns, name] = pool[i]!;
      const pod = this.store.tryGet(this.pods, ns, name);
      if (pod && valid(pod)) return pod;
      pool.splice(i, 1);
    }
    return undefined;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    // Never keep a process alive just for the demo's heartbeat.
    (this.timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One step of cluster life. */
  tick(): void {
    this.ticks++;
    this.finishStarting();
    this.restartCrashLooping();
    this.backOffPulling();
    if (this.rng.chance(0.3)) this.flakyProbe();
    if (this.ticks % this.options.replaceEvery === 0) this.replaceHealthyPod();
    this.healthy.push(...this.justStarted.splice(0));
    this.prune();
  }

  private now(): number {
    return this.options.now();
  }

  private emit(spec: EventSpec): void {
    // Repeats of the same reason on the same object bump count/lastTimestamp, as the event recorder does.
    const key = eventKey(spec.involved.metadata.uid, spec.reason, spec.message);
    const at = this.eventIndex.get(key);
    const existing = at ? this.store.tryGet(this.events, at[0], at[1]) : undefined;
    if (existing) {
      existing.count = Number(existing.count ?? 1) + 1;
      existing.lastTimestamp = iso(this.now());
      this.store.update(this.events, existing);
      return;
    }
    const event = makeEvent(spec, this.rng, this.now());
    const { uid: _u, creationTimestamp: _c, ...meta } = event.metadata;
    const stored = this.store.create(this.events, { ...event, metadata: meta });
    this.created.push(`${stored.metadata.namespace}/${stored.metadata.name}`);
    this.eventIndex.set(key, [stored.metadata.namespace!, stored.metadata.name!]);
  }

  private restartCrashLooping(): void {
    const pod = this.pickFrom(this.crashLooping, isCrashLooping);
    if (!pod) return;
    const statuses = arr(rec(pod.status).containerStatuses);
    const s = statuses.find((x) => rec(rec(x).state).waiting)!;
    const now = this.now();
    s.restartCount = Number(s.restartCount ?? 0) + 1;
    const last = rec(rec(s.lastState).terminated);
    s.lastState = { terminated: { ...last, startedAt: iso(now - 30_000), finishedAt: iso(now), containerID: `containerd://${this.rng.uuid().replace(/-/g, "")}` } };
    this.store.update(this.pods, pod);
    const host = String(rec(pod.spec).nodeName ?? "");
    this.emit({ involved: pod, type: "Warning", reason: "BackOff", message: `Back-off restarting failed container ${String(s.name)} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, component: "kubelet", host, fieldPath: `spec.containers{${String(s.name)}}` });
  }

  /** The kubelet keeps retrying images it cannot pull. */
  private backOffPulling(): void {
    const pod = this.pickFrom(this.pulling, isPullBackOff);
    if (!pod) return;
    const c = arr(rec(pod.spec).containers)[0]!;
    const host = String(rec(pod.spec).nodeName ?? "");
    this.emit({ involved: pod, type: "Normal", reason: "BackOff", message: `Back-off pulling image "${String(c.image)}"`, component: "kubelet", host, fieldPath: `spec.containers{${String(c.name)}}` });
  }

  /** Now and then a healthy pod's readiness probe times out once — noise every real cluster has. */
  private flakyProbe(): void {
    const pod = this.pickFrom(this.healthy, isHealthyReplica);
    if (!pod) return;
    const c = arr(rec(pod.spec).containers)[0]!;
    const port = rec(arr(c.ports)[0]).containerPort ?? 8080;
    const ip = String(rec(pod.status).podIP ?? "");
    this.emit({ involved: pod, type: "Warning", reason: "Unhealthy", message: `Readiness probe failed: Get "http://${ip}:${String(port)}/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, component: "kubelet", host: String(rec(pod.spec).nodeName ?? ""), fieldPath: `spec.containers{${String(c.name)}}` });
  }

  private replaceHealthyPod(): void {
    const old = this.pickFrom(this.healthy, isHealthyReplica);
    if (!old) return;
    const ns = old.metadata.namespace!;
    const host = String(rec(old.spec).nodeName ?? "");
    const containers = arr(rec(old.spec).containers);
    for (const c of containers) this.emit({ involved: old, type: "Normal", reason: "Killing", message: `Stopping container ${String(c.name)}`, component: "kubelet", host, fieldPath: `spec.containers{${String(c.name)}}` });
    const slice = this.store.list(this.slices, ns).find((s) => arr(s.endpoints).some((e) => rec(e.targetRef).uid === old.metadata.uid));
    if (slice) {
      slice.endpoints = arr(slice.endpoints).filter((e) => rec(e.targetRef).uid !== old.metadata.uid);
      this.store.update(this.slices, slice);
    }
    this.store.delete(this.pods, ns, old.metadata.name!);
    const owner = old.metadata.ownerReferences![0]!;
    const name = `${owner.name}-${this.rng.suffix(5)}`;
    const now = this.now();
    const condition = (type: string, status: boolean) => ({ type, status: status ? "True" : "False", lastProbeTime: null, lastTransitionTime: iso(now) });
    const fresh = this.store.create(this.pods, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: ns, labels: old.metadata.labels ?? {}, ownerReferences: [owner] },
      spec: old.spec,
      status: {
        phase: "Pending",
        conditions: [condition("PodReadyToStartContainers", false), condition("Initialized", true), condition("Ready", false), condition("ContainersReady", false), condition("PodScheduled", true)],
        hostIP: rec(old.status).hostIP,
        hostIPs: rec(old.status).hostIPs,
        startTime: iso(now),
        qosClass: rec(old.status).qosClass,
        containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, imageID: "", ready: false, started: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } })),
      },
    } as KubeObject);
    const ownerRs = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: owner.name, namespace: ns, uid: owner.uid } } as KubeObject;
    this.emit({ involved: ownerRs, type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${name}`, component: "replicaset-controller" });
    this.emit({ involved: fresh, type: "Normal", reason: "Scheduled", message: `Successfully assigned ${ns}/${name} to ${host}`, component: "default-scheduler" });
    this.starting.push({ namespace: ns, name, slice: slice?.metadata.name });
  }

  private finishStarting(): void {
    for (const { namespace, name, slice } of this.starting.splice(0)) {
      const pod = this.store.tryGet(this.pods, namespace, name);
      if (!pod) continue;
      const now = this.now();
      const ip = `10.244.${this.rng.int(100, 200)}.${this.rng.int(2, 250)}`;
      const host = String(rec(pod.spec).nodeName ?? "");
      const status = rec(pod.status);
      status.phase = "Running";
      status.podIP = ip;
      status.podIPs = [{ ip }];
      status.conditions = arr(status.conditions).map((c) => ({ ...c, status: "True", lastTransitionTime: iso(now) }));
      status.containerStatuses = arr(status.containerStatuses).map((s) => ({
        ...s,
        ready: true,
        started: true,
        imageID: `${String(s.image).split(":")[0]}@sha256:${this.rng.uuid().replace(/-/g, "")}`,
        containerID: `containerd://${this.rng.uuid().replace(/-/g, "")}`,
        state: { running: { startedAt: iso(now) } },
      }));
      const stored = this.store.update(this.pods, pod);
      this.justStarted.push([namespace, name]);
      for (const c of arr(rec(pod.spec).containers)) {
        const field = `spec.containers{${String(c.name)}}`;
        this.emit({ involved: stored, type: "Normal", reason: "Pulled", message: `Container image "${String(c.image)}" already present on machine`, component: "kubelet", host, fieldPath: field });
        this.emit({ involved: stored, type: "Normal", reason: "Created", message: `Created container: ${String(c.name)}`, component: "kubelet", host, fieldPath: field });
        this.emit({ involved: stored, type: "Normal", reason: "Started", message: `Started container ${String(c.name)}`, component: "kubelet", host, fieldPath: field });
      }
      const s = slice ? this.store.tryGet(this.slices, namespace, slice) : undefined;
      if (s) {
        s.endpoints = [...arr(s.endpoints), { addresses: [ip], conditions: { ready: true, serving: true, terminating: false }, nodeName: host, targetRef: { kind: "Pod", name, namespace, uid: stored.metadata.uid } }];
        this.store.update(this.slices, s);
      }
    }
  }

  private prune(): void {
    while (this.created.length > this.options.maxEvents) {
      const [ns, name] = this.created.shift()!.split("/") as [string, string];
      // The index may still point here; a later repeat then finds nothing and creates a fresh event.
      if (this.store.tryGet(this.events, ns, name)) this.store.delete(this.events, ns, name);
    }
  }
}

const eventKey = (uid: unknown, reason: unknown, message: unknown) => `${String(uid)}|${String(reason)}|${String(message)}`;

function isCrashLooping(p: KubeObject): boolean {
  return arr(rec(p.status).containerStatuses).some((s) => rec(rec(rec(s).state).waiting).reason === "CrashLoopBackOff");
}

function isPullBackOff(p: KubeObject): boolean {
  return arr(rec(p.status).containerStatuses).some((s) => rec(rec(rec(s).state).waiting).reason === "ImagePullBackOff");
}

function isHealthyReplica(p: KubeObject): boolean {
  return p.metadata.ownerReferences?.[0]?.kind === "ReplicaSet" && rec(p.status).phase === "Running" && arr(rec(p.status).containerStatuses).every((s) => s.ready === true && !s.lastState);
}
