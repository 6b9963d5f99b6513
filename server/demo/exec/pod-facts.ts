/**
 * The few facts exec and logs need from a stored Pod object, narrowed from `unknown` once.
 */
export interface ContainerFacts {
  name: string;
  image: string;
  env: Array<[string, string]>;
  /** "running", "waiting", "terminated" or "unknown" (no status yet). */
  state: "running" | "waiting" | "terminated" | "unknown";
  waitingReason: string | undefined;
  restartCount: number;
  /** The previous instance ended (lastState.terminated present). */
  hasPrevious: boolean;
  startedAt: string | undefined;
  lastFinishedAt: string | undefined;
  lastExitCode: number | undefined;
  lastReason: string | undefined;
}

export interface PodFacts {
  name: string;
  namespace: string;
  uid: string;
  nodeName: string | undefined;
  phase: string;
  creationTimestamp: string | undefined;
  labels: Record<string, string>;
  containers: ContainerFacts[];
  initContainers: string[];
}

const rec = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export function podFacts(pod: unknown): PodFacts {
  const meta = rec(rec(pod).metadata);
  const spec = rec(rec(pod).spec);
  const status = rec(rec(pod).status);
  const statuses = new Map(arr(status.containerStatuses).map((s) => [str(rec(s).name) ?? "", rec(s)]));
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec(meta.labels))) if (typeof v === "string") labels[k] = v;
  return {
    name: str(meta.name) ?? "",
    namespace: str(meta.namespace) ?? "default",
    uid: str(meta.uid) ?? "",
    nodeName: str(spec.nodeName),
    phase: str(status.phase) ?? "Pending",
    creationTimestamp: str(meta.creationTimestamp),
    labels,
    initContainers: arr(spec.initContainers).map((c) => str(rec(c).name) ?? ""),
    containers: arr(spec.containers).map((c) => {
      const name = str(rec(c).name) ?? "";
      const s = statuses.get(name) ?? {};
      const state = rec(s.state);
      const last = rec(rec(s.lastState).terminated);
      const env: Array<[string, string]> = [];
      for (const e of arr(rec(c).env)) {
        const n = str(rec(e).name);
        const v = str(rec(e).value);
        if (n && v !== undefined) env.push([n, v]);
      }
      return {
        name,
        image: str(rec(c).image) ?? "",
        env,
        state: state.running ? "running" : state.waiting ? "waiting" : state.terminated ? "terminated" : "unknown",
        waitingReason: str(rec(state.waiting).reason),
        restartCount: typeof s.restartCount === "number" ? s.restartCount : 0,
        hasPrevious: Object.keys(last).length > 0,
        startedAt: str(rec(state.running).startedAt) ?? str(rec(state.terminated).startedAt),
        lastFinishedAt: str(last.finishedAt),
        lastExitCode: typeof last.exitCode === "number" ? last.exitCode : undefined,
        lastReason: str(last.reason),
      } satisfies ContainerFacts;
    }),
  };
}

/**
 * Resolves the container a request names (or the only one), with the apiserver's wording when it cannot.
 * Returns the container or the error message (always a 400 BadRequest upstream).
 */
export function pickContainer(pod: PodFacts, requested: string | null): ContainerFacts | string {
  if (!requested) {
    if (pod.containers.length === 1) return pod.containers[0]!;
    if (pod.containers.length === 0) return `a container name must be specified for pod ${pod.name}`;
    let message = `a container name must be specified for pod ${pod.name}, choose one of: [${pod.containers.map((c) => c.name).join(" ")}]`;
    if (pod.initContainers.length > 0) message += ` or one of the init containers: [${pod.initContainers.join(" ")}]`;
    return message;
  }
  const found = pod.containers.find((c) => c.name === requested);
  if (found) return found;
  if (pod.initContainers.includes(requested)) {
    return { ...emptyContainer(requested), state: "terminated" };
  }
  return `container ${requested} is not valid for pod ${pod.name}`;
}

function emptyContainer(name: string): ContainerFacts {
  return {
    name,
    image: "",
    env: [],
    state: "unknown",
    waitingReason: undefined,
    restartCount: 0,
    hasPrevious: false,
    startedAt: undefined,
    lastFinishedAt: undefined,
    lastExitCode: undefined,
    lastReason: undefined,
  };
}
