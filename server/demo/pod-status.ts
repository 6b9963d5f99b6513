/** The READY, STATUS and RESTARTS cells of `kubectl get pods`, computed the way the apiserver's printer does. */
import type { KubeObject } from "./types.ts";

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const statuses = (o: KubeObject, field: string): Any[] => (((o.status ?? {}) as Any)[field] ?? []) as Any[];

export function podReady(o: KubeObject): string {
  const total = (((o.spec ?? {}) as Any).containers ?? []).length;
  const ready = statuses(o, "containerStatuses").filter((c) => c.ready).length;
  return `${ready}/${total}`;
}

export function podRestarts(o: KubeObject): string {
  const cs = statuses(o, "containerStatuses");
  const n = cs.reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  const last = cs.map((c) => c.lastState?.terminated?.finishedAt).filter(Boolean).sort().pop();
  if (!last || n === 0) return String(n);
  const ago = Math.max(0, Math.floor((Date.now() - Date.parse(last)) / 1000));
  const txt = ago < 120 ? `${ago}s` : ago < 7200 ? `${Math.floor(ago / 60)}m` : `${Math.floor(ago / 3600)}h`;
  return `${n} (${txt} ago)`;
}

export function podStatus(o: KubeObject): string {
  const st = (o.status ?? {}) as Any;
  let reason: string = st.reason ?? st.phase ?? "Pending";
  const inits = statuses(o, "initContainerStatuses");
  let initializing = false;
  inits.forEach((c, i) => {
    if (initializing) return;
    if (c.state?.terminated?.exitCode === 0) return;
    initializing = true;
    if (c.state?.terminated) reason = c.state.terminated.reason ? `Init:${c.state.terminated.reason}` : `Init:ExitCode:${c.state.terminated.exitCode}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== "PodInitializing") reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${inits.length}`;
  });
  if (!initializing) {
    let hasRunning = false;
    for (const c of [...statuses(o, "containerStatuses")].reverse()) {
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    if (reason === "Completed" && hasRunning) reason = "Running";
  }
  if (o.metadata.deletionTimestamp) reason = st.reason === "NodeLost" ? "Unknown" : "Terminating";
  return reason;
}
